//! 8614: factors identified at assessment belong to completed (authorised) assessments only.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8614",
        message: "Parental or child factors at assessment should only be present for a completed assessment.",
        severity: Severity::Error,
        tables: &["Assessments"],
        fields: &["AssessmentAuthorisationDate", "AssessmentFactors"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.assessments, &["AssessmentAuthorisationDate", "AssessmentFactors"], |a| {
        lacks(&a.authorisation_date) && a.factors.iter().any(Cell::is_present)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_factors_of_an_open_assessment() {
        assert_eq!(hits(&RULE, &one(&assessment("2025-06-05", None, &["1A"]))), [("Assessments", 0)]);
        assert!(hits(&RULE, &one(&assessment("2025-06-05", Some("2025-06-06"), &["1A"]))).is_empty());
        assert!(hits(&RULE, &one(&assessment("2025-06-05", None, &[]))).is_empty());
    }
}
