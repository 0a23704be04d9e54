//! 2990: an episode closed as RC8 (closed after assessment, no further action)
//! or RC9 (closed after assessment, referred to early help) cannot carry later
//! activity: no initial conference, section 47 enquiry, CIN plan or child
//! protection plan. Flags the episode and each such module.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "2990",
        message: "Activity is recorded against a case marked as ‘Case closed after assessment, no further action’ or 'case closed after assessment, referred to early help'.",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["ReasonForClosure"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    use carefile_domain::codes::ReasonForClosure::{RC8, RC9};
    for ep in c.cin_details.iter().filter(|e| matches!(e.reason_for_closure.get(), Some(RC8 | RC9))) {
        let (plans, s47s, cpps) = (c.plans_of(ep), c.section47_of(ep), c.cpps_of(ep));
        if lacks(&ep.date_of_initial_cpc) && plans.is_empty() && s47s.is_empty() && cpps.is_empty() {
            continue;
        }
        flag(c, s, ep, &["ReasonForClosure"]);
        plans.iter().for_each(|r| flag(c, s, r, &["CINPlanStartDate"]));
        s47s.iter().for_each(|r| flag(c, s, r, &["S47ActualStartDate"]));
        cpps.iter().for_each(|r| flag(c, s, r, &["CPPstartDate"]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    const CLOSED: &str = "<CINclosureDate>2025-07-01</CINclosureDate><ReasonForClosure>RC8</ReasonForClosure>";

    #[test]
    fn fires_on_activity_after_closure_after_assessment() {
        assert!(hits(&RULE, &one(CLOSED)).is_empty());
        let with_plan = format!("{CLOSED}{}", plan("2025-06-05", None));
        assert_eq!(hits(&RULE, &one(&with_plan)), [("CINdetails", 0), ("CINplanDates", 0)]);
        let with_icpc = format!("{CLOSED}<DateOfInitialCPC>2025-06-05</DateOfInitialCPC>");
        assert_eq!(hits(&RULE, &one(&with_icpc)), [("CINdetails", 0)]);
        let rc7 = format!("{}{}", CLOSED.replace("RC8", "RC7"), plan("2025-06-05", None));
        assert!(hits(&RULE, &one(&rc7)).is_empty());
    }
}
