//! 8670Q: an assessment still open at the end of the census year should not
//! have started more than 45 working days before the reference date (the
//! statutory timescale for a single assessment).

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8670Q",
        message: "Please check and either amend data or provide a reason: Assessment started more than 45 working days before the end of the census year. However, there is no Assessment end date.",
        severity: Severity::Query,
        tables: &["Assessments"],
        fields: &["AssessmentActualStartDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    let cutoff = calendar().add_working_days(c.period.end, -45);
    flag_each(c, s, &c.assessments, &["AssessmentActualStartDate"], |a| {
        lacks(&a.authorisation_date) && a.actual_start_date.get().is_some_and(|d| d < cutoff)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_open_assessments_older_than_45_working_days() {
        // 45 working days before Tuesday 31 March 2026 is Tuesday 27 January 2026.
        let started =
            |d: &str| census(&child("C1", "", &cin(&assessment(d, None, &[])).replace("2025-06-02", "2025-01-01")));
        assert!(hits(&RULE, &started("2026-01-27")).is_empty());
        assert_eq!(hits(&RULE, &started("2026-01-26")), [("Assessments", 0)]);
        assert!(hits(&RULE, &one(&assessment("2025-06-05", Some("2025-06-06"), &[]))).is_empty());
    }

    #[test]
    fn easter_moves_the_cutoff() {
        // 31 March 2027 with Good Friday 26 and Easter Monday 29 March: 45 working days back is Monday 25 January.
        let started = |d: &str| {
            census_ending(2027, &child("C1", "", &cin(&assessment(d, None, &[])).replace("2025-06-02", "2026-06-02")))
        };
        assert!(hits(&RULE, &started("2027-01-25")).is_empty());
        assert_eq!(hits(&RULE, &started("2027-01-22")), [("Assessments", 0)]);
    }
}
