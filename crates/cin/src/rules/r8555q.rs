//! 8555Q: a child cannot be referred after its recorded death.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8555Q",
        message: "Child cannot be referred after its recorded date of death",
        severity: Severity::Query,
        tables: &["CINdetails"],
        fields: &["PersonDeathDate", "CINreferralDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_after_death(c, s, Census::episodes_of, |e| &e.cin_referral_date, &["CINreferralDate"]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_referral_after_death() {
        let died = |d: &str| census(&child("C1", &el("PersonDeathDate", d), &cin("")));
        assert_eq!(hits(&RULE, &died("2025-06-01")), [("CINdetails", 0), ("ChildIdentifiers", 0)]);
        assert!(hits(&RULE, &died("2025-06-02")).is_empty());
    }
}
