//! 8832: a referral with no further action cannot have child protection plans.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8832",
        message: "Child Protection details provided for a referral with no further action.",
        severity: Severity::Error,
        tables: &["ChildProtectionPlans"],
        fields: &["CINdetailsID", "ReferralNFA"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ep in c.cin_details.iter().filter(|e| nfa(e) && !e.cpps.is_empty()) {
        flag(c, s, ep, &["ReferralNFA"]);
        c.cpps_of(ep).iter().for_each(|p| flag(c, s, p, &["CINdetailsID"]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_plans_for_a_no_further_action_referral() {
        assert_eq!(
            hits(&RULE, &one(&format!("<ReferralNFA>1</ReferralNFA>{}", cpp("")))),
            [("CINdetails", 0), ("ChildProtectionPlans", 0)]
        );
        assert!(hits(&RULE, &one(&cpp(""))).is_empty());
    }
}
