//! 8950Q: factor 19A (sexual abuse) was split into 19B (by an adult) and 19C
//! (by another child) from 2024-25; 19A should no longer be used.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8950Q",
        message: "Please check and either amend data or provide a reason: the assessment factors code '19A' should not be used ('19B' or '19C' should be used instead)",
        severity: Severity::Query,
        tables: &["Assessments"],
        fields: &["AssessmentFactors"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_factor(c, s, carefile_domain::codes::AssessmentFactor::F19A);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_19a() {
        assert_eq!(hits(&RULE, &one(&assessment("2025-06-03", Some("2025-06-04"), &["19A"]))), [("Assessments", 0)]);
        assert!(hits(&RULE, &one(&assessment("2025-06-03", Some("2025-06-04"), &["19C"]))).is_empty());
    }
}
