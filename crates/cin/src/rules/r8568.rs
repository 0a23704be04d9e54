//! 8568: ReferralNFA must be present and true, false, 1 or 0.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8568",
        message: "RNFA flag is missing or invalid",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["ReferralNFA"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cin_details, &["ReferralNFA"], |e| e.referral_nfa.get().is_none());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_missing_or_other_values() {
        for ok in ["true", "false", "1", "0", "TRUE"] {
            assert!(hits(&RULE, &one(&el("ReferralNFA", ok))).is_empty(), "{ok}");
        }
        assert_eq!(hits(&RULE, &one("<ReferralNFA>yes</ReferralNFA>")), [("CINdetails", 0)]);
        assert_eq!(hits(&RULE, &one("<ReferralNFA/>")), [("CINdetails", 0)]);
    }
}
