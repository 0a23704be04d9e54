//! 1105: a child protection plan cannot start before the episode's referral.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "1105",
        message: "The child protection plan start date cannot be before the referral date",
        severity: Severity::Error,
        tables: &["ChildProtectionPlans"],
        fields: &["CPPstartDate", "CINreferralDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for p in &c.cpps {
        let ep = c.episode_of(&p.key);
        if before(&p.start_date, &ep.cin_referral_date) {
            flag(c, s, p, &["CPPstartDate"]);
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
        let c = one(&cpp("<CPPstartDate>2025-06-01</CPPstartDate>"));
        assert_eq!(hits(&RULE, &c), [("CINdetails", 0), ("ChildProtectionPlans", 0)]);
        assert!(hits(&RULE, &one(&cpp("<CPPstartDate>2025-06-02</CPPstartDate>"))).is_empty());
    }
}
