//! 2884: an initial conference is recorded once: a section 47 enquiry's
//! DateOfInitialCPC must not repeat the same date at its episode's CIN details level.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "2884",
        message: "An initial child protection conference is recorded at both the S47 and CIN Details level and it should only be recorded in one",
        severity: Severity::Error,
        tables: &["Section47"],
        fields: &["DateOfInitialCPC"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for r in &c.section47 {
        let ep = c.episode_of(&r.key);
        if same_day(&r.date_of_initial_cpc, &ep.date_of_initial_cpc) {
            flag(c, s, r, &["DateOfInitialCPC"]);
            flag(c, s, ep, &["DateOfInitialCPC"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_when_both_levels_hold_the_conference() {
        let both = format!(
            "<DateOfInitialCPC>2025-06-10</DateOfInitialCPC>{}",
            s47("2025-06-02", Some("2025-06-10"), "false")
        );
        assert_eq!(hits(&RULE, &one(&both)), [("CINdetails", 0), ("Section47", 0)]);
        let other = format!(
            "<DateOfInitialCPC>2025-06-11</DateOfInitialCPC>{}",
            s47("2025-06-02", Some("2025-06-10"), "false")
        );
        assert!(hits(&RULE, &one(&other)).is_empty());
        assert!(hits(&RULE, &one(&s47("2025-06-02", Some("2025-06-10"), "false"))).is_empty());
    }
}
