//! 1103: an assessment cannot start before the referral of its CIN episode.
//! Flags the assessment and the episode.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "1103",
        message: "The assessment start date cannot be before the referral date",
        severity: Severity::Error,
        tables: &["Assessments"],
        fields: &["AssessmentActualStartDate", "CINreferralDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for a in &c.assessments {
        let ep = c.episode_of(&a.key);
        if before(&a.actual_start_date, &ep.cin_referral_date) {
            flag(c, s, a, &["AssessmentActualStartDate"]);
            flag(c, s, ep, &["CINreferralDate"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_only_before_the_referral() {
        let c = one(&assessment("2025-06-01", None, &[]));
        assert_eq!(hits(&RULE, &c), [("Assessments", 0), ("CINdetails", 0)]);
        assert!(hits(&RULE, &one(&assessment("2025-06-02", None, &[]))).is_empty());
        assert!(hits(&RULE, &one(&assessment("bad", None, &[]))).is_empty());
    }
}
