//! 8696: an assessment's completion (authorisation) date must fall within the census year.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8696",
        message: "Assessment end date must fall within the census year",
        severity: Severity::Error,
        tables: &["Assessments"],
        fields: &["AssessmentAuthorisationDate", "ReferenceDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.assessments, &["AssessmentAuthorisationDate"], |a| outside_period(c, &a.authorisation_date));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_outside_the_year() {
        assert!(hits(&RULE, &one(&assessment("2025-03-05", Some("2025-04-01"), &[]))).is_empty());
        assert_eq!(hits(&RULE, &one(&assessment("2025-03-05", Some("2025-03-31"), &[]))), [("Assessments", 0)]);
        assert_eq!(hits(&RULE, &one(&assessment("2025-03-05", Some("2026-04-01"), &[]))), [("Assessments", 0)]);
    }
}
