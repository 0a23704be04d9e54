//! 8740: a section 47 enquiry needing a conference that has not been held by
//! the end of the year must have started within the census year.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8740",
        message: "For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year",
        severity: Severity::Error,
        tables: &["Section47"],
        fields: &["S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.section47, &["S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired"], |r| {
        lacks(&r.date_of_initial_cpc)
            && r.icpc_not_required.get() == Some(false)
            && outside_period(c, &r.s47_actual_start_date)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_open_enquiries_started_outside_the_year() {
        assert!(hits(&RULE, &one(&s47("2025-04-01", None, "false"))).is_empty());
        assert_eq!(hits(&RULE, &one(&s47("2025-03-31", None, "false"))), [("Section47", 0)]);
        assert_eq!(hits(&RULE, &one(&s47("2025-03-31", None, "0"))), [("Section47", 0)]);
        assert!(hits(&RULE, &one(&s47("2025-03-31", None, "true"))).is_empty());
        assert!(hits(&RULE, &one(&s47("2025-03-31", Some("2025-04-02"), "false"))).is_empty());
    }
}
