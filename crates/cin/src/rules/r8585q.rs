//! 8585Q: an episode closed because the child died (RC2) needs the child's date of death.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8585Q",
        message: "Please check and either amend or provide a reason: CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death",
        severity: Severity::Query,
        tables: &["CINdetails"],
        fields: &["ReasonForClosure", "PersonDeathDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    use carefile_domain::codes::ReasonForClosure::RC2;
    for ch in c.children.iter().filter(|ch| ch.person_death_date.get().is_none()) {
        for ep in c.episodes_of(ch).iter().filter(|e| e.reason_for_closure.get() == Some(RC2)) {
            flag(c, s, ep, &["ReasonForClosure"]);
            flag(c, s, ch, &["PersonDeathDate"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_died_without_date_of_death() {
        let died = "<CINclosureDate>2025-07-01</CINclosureDate><ReasonForClosure>RC2</ReasonForClosure>";
        assert_eq!(hits(&RULE, &one(died)), [("CINdetails", 0), ("ChildIdentifiers", 0)]);
        assert!(hits(&RULE, &census(&child("C1", &el("PersonDeathDate", "2025-07-01"), &cin(died)))).is_empty());
    }
}
