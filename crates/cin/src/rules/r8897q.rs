//! 8897Q: an assessment completed in the census year should record the factors
//! identified (at least one valid factor code, 21 if none).

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8897Q",
        message: "Parental or child factors at assessment information is missing from a completed assessment",
        severity: Severity::Query,
        tables: &["Assessments"],
        fields: &["AssessmentAuthorisationDate", "AssessmentFactors"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.assessments, &["AssessmentAuthorisationDate", "AssessmentFactors"], |a| {
        a.authorisation_date.get().is_some_and(|d| d >= c.period.start) && !a.factors.iter().any(|f| f.get().is_some())
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_completed_assessment_without_factors() {
        assert_eq!(hits(&RULE, &one(&assessment("2025-06-03", Some("2025-06-04"), &[]))), [("Assessments", 0)]);
        assert_eq!(hits(&RULE, &one(&assessment("2025-06-03", Some("2025-06-04"), &["99"]))), [("Assessments", 0)]);
        assert!(hits(&RULE, &one(&assessment("2025-06-03", Some("2025-06-04"), &["21"]))).is_empty());
        assert!(
            hits(&RULE, &one(&assessment("2025-03-03", Some("2025-03-31"), &[]))).is_empty(),
            "completed before the year"
        );
    }
}
