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
    for ch in c.children.iter().filter(|ch| ch.person_death_date.get().is_some()) {
        for ep in c.episodes_of(ch).iter().filter(|e| before(&ch.person_death_date, &e.cin_referral_date)) {
            flag(c, s, ep, &["CINreferralDate"]);
            flag(c, s, ch, &["PersonDeathDate"]);
        }
    }
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
