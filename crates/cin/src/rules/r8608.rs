//! 8608: an assessment cannot be authorised before it starts.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8608",
        message: "Assessment Start Date cannot be later than its End Date",
        severity: Severity::Error,
        tables: &["Assessments"],
        fields: &["AssessmentActualStartDate", "AssessmentAuthorisationDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.assessments, &["AssessmentActualStartDate", "AssessmentAuthorisationDate"], |a| {
        before(&a.authorisation_date, &a.actual_start_date)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_end_before_start() {
        assert_eq!(hits(&RULE, &one(&assessment("2025-06-05", Some("2025-06-04"), &[]))), [("Assessments", 0)]);
        assert!(hits(&RULE, &one(&assessment("2025-06-05", Some("2025-06-05"), &[]))).is_empty());
    }
}
