//! 4000: a referral with no further action cannot have CIN plans.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "4000",
        message: "CIN Plan details provided for a referral with no further action",
        severity: Severity::Error,
        tables: &["CINplanDates"],
        fields: &["ReferralNFA"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ep in c.cin_details.iter().filter(|e| nfa(e) && !e.cin_plans.is_empty()) {
        flag(c, s, ep, &["ReferralNFA"]);
        c.plans_of(ep).iter().for_each(|r| flag(c, s, r, &["CINPlanStartDate"]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_plans_for_a_no_further_action_referral() {
        let p = plan("2025-06-05", None);
        assert_eq!(
            hits(&RULE, &one(&format!("<ReferralNFA>1</ReferralNFA>{p}"))),
            [("CINdetails", 0), ("CINplanDates", 0)]
        );
        assert_eq!(hits(&RULE, &one(&format!("<ReferralNFA>true</ReferralNFA>{p}"))).len(), 2);
        assert!(hits(&RULE, &one(&p)).is_empty());
    }
}
