//! 8736: an assessment not completed by the end of the year must have started
//! within the census year (an older open assessment belongs to no return).

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8736",
        message: "For an Assessment that has not been completed, the start date must fall within the census year",
        severity: Severity::Error,
        tables: &["Assessments"],
        fields: &["AssessmentAuthorisationDate", "AssessmentActualStartDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.assessments, &["AssessmentAuthorisationDate", "AssessmentActualStartDate"], |a| {
        lacks(&a.authorisation_date) && a.actual_start_date.get().is_none_or(|d| !c.period.contains(d))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_open_assessments_started_outside_the_year() {
        assert!(hits(&RULE, &one(&assessment("2025-04-01", None, &[]))).is_empty());
        assert_eq!(hits(&RULE, &one(&assessment("2025-03-31", None, &[]))), [("Assessments", 0)]);
        assert!(hits(&RULE, &one(&assessment("2025-03-31", Some("2025-04-02"), &[]))).is_empty());
    }
}
