//! 1104: an initial child protection conference held under a section 47
//! enquiry cannot be before the episode's referral.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "1104",
        message: "The date of the initial child protection conference cannot be before the referral date",
        severity: Severity::Error,
        tables: &["Section47"],
        fields: &["CINreferralDate", "DateOfInitialCPC"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for r in &c.section47 {
        let ep = c.episode_of(&r.key);
        if before(&r.date_of_initial_cpc, &ep.cin_referral_date) {
            flag(c, s, r, &["DateOfInitialCPC"]);
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
        let c = one(&s47("2025-05-01", Some("2025-06-01"), "false"));
        assert_eq!(hits(&RULE, &c), [("CINdetails", 0), ("Section47", 0)]);
        assert!(hits(&RULE, &one(&s47("2025-06-02", Some("2025-06-02"), "false"))).is_empty());
        assert!(hits(&RULE, &one(&s47("2025-06-02", None, "false"))).is_empty());
    }
}
