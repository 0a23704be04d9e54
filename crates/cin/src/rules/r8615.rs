//! 8615: a section 47 enquiry with an initial conference must have a start
//! date, on or before the conference.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8615",
        message: "Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference",
        severity: Severity::Error,
        tables: &["Section47"],
        fields: &["S47ActualStartDate", "DateOfInitialCPC"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.section47, &["S47ActualStartDate", "DateOfInitialCPC"], |r| {
        before(&r.date_of_initial_cpc, &r.s47_actual_start_date)
            || (has(&r.date_of_initial_cpc) && lacks(&r.s47_actual_start_date))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_missing_or_late_start() {
        assert!(hits(&RULE, &one(&s47("2025-06-05", Some("2025-06-05"), "false"))).is_empty());
        assert_eq!(hits(&RULE, &one(&s47("2025-06-06", Some("2025-06-05"), "false"))), [("Section47", 0)]);
        assert_eq!(hits(&RULE, &one(&s47("", Some("2025-06-05"), "false"))), [("Section47", 0)]);
        assert!(hits(&RULE, &one(&s47("", None, "false"))).is_empty());
        assert_eq!(
            hits(&RULE, &one(&s47("2025-02-30", Some("2025-06-05"), "false"))),
            [("Section47", 0)],
            "an unreadable start"
        );
    }
}
