//! 8675Q: a section 47 enquiry that needs an initial conference and has none by
//! the reference date should not have started more than 15 working days
//! before it (the statutory timescale for the conference).

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8675Q",
        message: "Please check and either amend data or provide a reason: S47 Enquiry started more than 15 working days before the end of the census year. However, there is no date of Initial Child Protection Conference.",
        severity: Severity::Query,
        tables: &["Section47"],
        fields: &["DateOfInitialCPC", "S47ActualStartDate", "ICPCnotRequired"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    let cutoff = calendar().add_working_days(c.period.end, -15);
    flag_each(c, s, &c.section47, &["DateOfInitialCPC", "S47ActualStartDate", "ICPCnotRequired"], |r| {
        lacks(&r.date_of_initial_cpc)
            && r.icpc_not_required.get() == Some(false)
            && r.s47_actual_start_date.get().is_some_and(|d| d < cutoff)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    fn started(year: i32, d: &str, not_required: &str) -> Census {
        census_ending(year, &child("C1", "", &cin(&s47(d, None, not_required)).replace("2025-06-02", "2025-01-02")))
    }

    #[test]
    fn fires_on_enquiries_older_than_15_working_days() {
        // 15 working days before Tuesday 31 March 2026 is Tuesday 10 March.
        assert!(hits(&RULE, &started(2026, "2026-03-10", "false")).is_empty());
        assert_eq!(hits(&RULE, &started(2026, "2026-03-09", "false")), [("Section47", 0)]);
        assert_eq!(hits(&RULE, &started(2026, "2026-03-09", "0")), [("Section47", 0)]);
        assert!(hits(&RULE, &started(2026, "2026-03-09", "true")).is_empty());
    }

    #[test]
    fn easter_moves_the_cutoff() {
        // 31 March 2027: Good Friday 26 and Easter Monday 29 March push the cutoff to Monday 8 March.
        let late = |d: &str| {
            census_ending(2027, &child("C1", "", &cin(&s47(d, None, "false")).replace("2025-06-02", "2026-06-02")))
        };
        assert!(hits(&RULE, &late("2027-03-08")).is_empty());
        assert_eq!(hits(&RULE, &late("2027-03-05")), [("Section47", 0)]);
    }
}
