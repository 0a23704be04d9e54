//! 8898: an assessment cannot list the same factor twice.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8898",
        message: "The assessment has more than one parental or child factors with the same code",
        severity: Severity::Error,
        tables: &["Assessments"],
        fields: &["AssessmentFactors"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.assessments, &["AssessmentFactors"], |a| {
        let mut seen = std::collections::HashSet::new();
        a.factors.iter().filter(|f| f.is_present()).any(|f| !seen.insert(f.to_string()))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_repeated_factor() {
        assert_eq!(
            hits(&RULE, &one(&assessment("2025-06-03", Some("2025-06-04"), &["1A", "2B", "1A"]))),
            [("Assessments", 0)]
        );
        assert!(hits(&RULE, &one(&assessment("2025-06-03", Some("2025-06-04"), &["1A", "2B"]))).is_empty());
    }
}
