//! 8875: an initial child protection conference cannot be held on a weekend
//! (DateOfInitialCPC at section 47 or CIN details level).

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8875",
        message: "The Date of Initial Child Protection Conference cannot be a weekend",
        severity: Severity::Error,
        tables: &["Section47"],
        fields: &["DateOfInitialCPC"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    use super::r8870q::is_weekend;
    flag_each(c, s, &c.section47, &["DateOfInitialCPC"], |r| r.date_of_initial_cpc.get().is_some_and(is_weekend));
    flag_each(c, s, &c.cin_details, &["DateOfInitialCPC"], |e| e.date_of_initial_cpc.get().is_some_and(is_weekend));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_weekend_conference() {
        assert_eq!(hits(&RULE, &one(&s47("2025-06-03", Some("2025-06-21"), "false"))), [("Section47", 0)]);
        assert!(hits(&RULE, &one(&s47("2025-06-03", Some("2025-06-20"), "false"))).is_empty());
        assert_eq!(hits(&RULE, &one("<DateOfInitialCPC>2025-06-22</DateOfInitialCPC>")), [("CINdetails", 0)]);
    }
}
