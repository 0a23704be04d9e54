//! 8545Q: a date of death should fall within the census year.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8545Q",
        message: "Please check and either amend data or provide a reason: Child's date of death should be within the census year",
        severity: Severity::Query,
        tables: &["ChildIdentifiers"],
        fields: &["PersonDeathDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.children, &["PersonDeathDate"], |ch| outside_period(c, &ch.person_death_date));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_outside_the_year() {
        let died = |d: &str| census(&child("C1", &el("PersonDeathDate", d), ""));
        assert!(hits(&RULE, &died("2025-04-01")).is_empty());
        assert_eq!(hits(&RULE, &died("2025-03-31")), [("ChildIdentifiers", 0)]);
        assert_eq!(hits(&RULE, &died("2026-04-01")), [("ChildIdentifiers", 0)]);
    }
}
