//! 8945Q: factor 18A (physical abuse) was split into 18B (by an adult) and 18C
//! (by another child) from 2024-25; 18A should no longer be used.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8945Q",
        message: "Please check and either amend data or provide a reason: the assessment factors code '18A' should not be used ('18B' or '18C' should be used instead)",
        severity: Severity::Query,
        tables: &["Assessments"],
        fields: &["AssessmentFactors"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_factor(c, s, carefile_domain::codes::AssessmentFactor::F18A);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_18a() {
        assert_eq!(
            hits(&RULE, &one(&assessment("2025-06-03", Some("2025-06-04"), &["1A", "18A"]))),
            [("Assessments", 0)]
        );
        assert!(hits(&RULE, &one(&assessment("2025-06-03", Some("2025-06-04"), &["18B"]))).is_empty());
    }
}
