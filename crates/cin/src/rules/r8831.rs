//! 8831: a referral with no further action cannot have assessments, section 47
//! enquiries or initial conferences. Flags the episode and each such module.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8831",
        message: "Activity is recorded against a case marked as a referral with no further action",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["AssessmentActualStartDate", "AssessmentAuthorisationDate", "S47ActualStartDate", "DateOfInitialCPC"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ep in c.cin_details.iter().filter(|e| nfa(e)) {
        let mut any = has(&ep.date_of_initial_cpc);
        for a in c.assessments_of(ep).iter().filter(|a| has(&a.actual_start_date) || has(&a.authorisation_date)) {
            flag(c, s, a, &["AssessmentActualStartDate", "AssessmentAuthorisationDate"]);
            any = true;
        }
        for r in c.section47_of(ep).iter().filter(|r| has(&r.s47_actual_start_date) || has(&r.date_of_initial_cpc)) {
            flag(c, s, r, &["S47ActualStartDate", "DateOfInitialCPC"]);
            any = true;
        }
        if any {
            flag(c, s, ep, &["ReferralNFA"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_activity_for_a_no_further_action_referral() {
        let nfa = |m: String| one(&format!("<ReferralNFA>true</ReferralNFA>{m}"));
        assert!(hits(&RULE, &nfa(String::new())).is_empty());
        assert_eq!(hits(&RULE, &nfa(assessment("2025-06-02", None, &[]))), [("Assessments", 0), ("CINdetails", 0)]);
        assert_eq!(hits(&RULE, &nfa(s47("2025-06-02", None, "false"))), [("CINdetails", 0), ("Section47", 0)]);
        assert_eq!(hits(&RULE, &nfa("<DateOfInitialCPC>2025-06-05</DateOfInitialCPC>".into())), [("CINdetails", 0)]);
        assert!(hits(&RULE, &one(&assessment("2025-06-02", None, &[]))).is_empty());
    }
}
