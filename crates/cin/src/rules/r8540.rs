//! 8540: a born child with a referral going on to further action must have its
//! disability recorded (NONE if none), with valid codes. Flags the child when
//! none is recorded, else each unknown code.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8540",
        message: "Child’s disability is missing or invalid (see Disability table)",
        severity: Severity::Error,
        tables: &["ChildCharacteristics"],
        fields: &["Disability", "PersonBirthDate", "ReferralNFA"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ch in &c.children {
        if ch.person_birth_date.get().is_none() || !c.episodes_of(ch).iter().any(further_action) {
            continue;
        }
        let rows = c.disabilities_of(ch);
        if rows.is_empty() {
            flag(c, s, ch, &["PersonBirthDate"]);
        }
        for r in rows.iter().filter(|r| r.disability.get().is_none()) {
            flag(c, s, r, &["Disability"]);
            flag(c, s, ch, &["PersonBirthDate"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_missing_or_unknown_disability() {
        assert!(hits(&RULE, &one("")).is_empty());
        let with = |d: &str| census(&child("C1", "", &cin("")).replace("<Disability>NONE</Disability>", d));
        assert_eq!(hits(&RULE, &with("<Disability>XX</Disability>")), [("ChildIdentifiers", 0), ("Disabilities", 0)]);
        assert_eq!(hits(&RULE, &with("")), [("ChildIdentifiers", 0)]);
        let nfa = census(
            &child("C1", "", &cin("<ReferralNFA>true</ReferralNFA>")).replace("<Disability>NONE</Disability>", ""),
        );
        assert!(hits(&RULE, &nfa).is_empty());
    }
}
