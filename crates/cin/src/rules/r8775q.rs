//! 8775Q: children's services end at 25: a child aged over 25 at the reference
//! date should not have an episode open, or closing after its 25th birthday.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8775Q",
        message: "Please check and either amend data or provide a reason: Child is over 25 years old",
        severity: Severity::Query,
        tables: &["ChildIdentifiers"],
        fields: &["PersonBirthDate", "CINclosureDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    let rd = c.period.end;
    for ch in &c.children {
        let Some(born) = ch.person_birth_date.get() else { continue };
        let Some(turned_25) = born.checked_add_months(chrono::Months::new(300)) else { continue };
        if turned_25 >= rd {
            continue;
        }
        for ep in c.episodes_of(ch).iter().filter(|e| e.cin_closure_date.get().is_none_or(|d| d > turned_25)) {
            flag(c, s, ch, &["PersonBirthDate"]);
            flag(c, s, ep, &["CINclosureDate"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_an_open_case_of_someone_over_25() {
        let kid = |born: &str, ep: &str| census(&child("C1", &el("PersonBirthDate", born), &cin(ep)));
        assert_eq!(hits(&RULE, &kid("2001-03-30", "")), [("CINdetails", 0), ("ChildIdentifiers", 0)]);
        assert!(hits(&RULE, &kid("2001-03-31", "")).is_empty(), "25 on the reference date");
        assert!(hits(&RULE, &kid("2001-03-30", "<CINclosureDate>2026-03-30</CINclosureDate>")).is_empty());
    }
}
