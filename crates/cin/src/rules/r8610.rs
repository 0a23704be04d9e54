//! 8610: a referral going on to further action needs a primary need code.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8610",
        message: "Primary Need code is missing for a referral which led to further action.",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["ReferralNFA", "PrimaryNeedCode"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cin_details, &["ReferralNFA", "PrimaryNeedCode"], |e| {
        further_action(e) && e.primary_need_code.is_blank()
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_further_action_without_need() {
        assert!(hits(&RULE, &one("")).is_empty());
        assert_eq!(hits(&RULE, &one("<PrimaryNeedCode/>")), [("CINdetails", 0)]);
        assert!(hits(&RULE, &one("<PrimaryNeedCode/><ReferralNFA>1</ReferralNFA>")).is_empty());
    }
}
