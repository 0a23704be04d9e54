//! 8869: factor code 21 ("no factors identified") cannot be combined with other factors.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8869",
        message: "The assessment factors code “21” cannot be used in conjunction with any other assessment factors.",
        severity: Severity::Error,
        tables: &["Assessments"],
        fields: &["AssessmentFactors"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    use carefile_domain::codes::AssessmentFactor::F21;
    flag_each(c, s, &c.assessments, &["AssessmentFactors"], |a| {
        a.factors.iter().any(|f| f.get() == Some(F21))
            && a.factors.iter().any(|f| f.is_present() && f.get() != Some(F21))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_21_with_others() {
        assert_eq!(
            hits(&RULE, &one(&assessment("2025-06-03", Some("2025-06-04"), &["21", "1A"]))),
            [("Assessments", 0)]
        );
        assert!(hits(&RULE, &one(&assessment("2025-06-03", Some("2025-06-04"), &["21"]))).is_empty());
    }
}
