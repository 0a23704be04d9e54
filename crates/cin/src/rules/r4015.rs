//! 4015: a CIN plan cannot start before the episode's referral.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "4015",
        message: "The CIN Plan start date cannot be before the referral date",
        severity: Severity::Error,
        tables: &["CINplanDates"],
        fields: &["CINPlanStartDate", "CINreferralDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for p in &c.cin_plans {
        let ep = c.episode_of(&p.key);
        if before(&p.start_date, &ep.cin_referral_date) {
            flag(c, s, p, &["CINPlanStartDate"]);
            flag(c, s, ep, &["CINreferralDate"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_before_the_referral() {
        assert_eq!(hits(&RULE, &one(&plan("2025-06-01", None))), [("CINdetails", 0), ("CINplanDates", 0)]);
        assert!(hits(&RULE, &one(&plan("2025-06-02", None))).is_empty());
    }
}
