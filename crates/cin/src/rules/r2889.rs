//! 2889: a section 47 enquiry cannot start before the episode's referral.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "2889",
        message: "The S47 start date cannot be before the referral date.",
        severity: Severity::Error,
        tables: &["Section47"],
        fields: &["S47ActualStartDate", "CINreferralDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for r in &c.section47 {
        let ep = c.episode_of(&r.key);
        if before(&r.s47_actual_start_date, &ep.cin_referral_date) {
            flag(c, s, r, &["S47ActualStartDate"]);
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
        assert_eq!(hits(&RULE, &one(&s47("2025-06-01", None, "false"))), [("CINdetails", 0), ("Section47", 0)]);
        assert!(hits(&RULE, &one(&s47("2025-06-02", None, "false"))).is_empty());
    }
}
