//! 8863Q: within an episode an assessment should not start while another is
//! ongoing: on or after its start and on or before its completion (an open one
//! runs to the reference date). Identical assessments are left to other rules.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8863Q",
        message: "An Assessment is shown as starting when there is another Assessment ongoing.",
        severity: Severity::Query,
        tables: &["Assessments"],
        fields: &["AssessmentActualStartDate", "AssessmentAuthorisationDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ep in &c.cin_details {
        flag_overlapping(
            c,
            s,
            c.assessments_of(ep),
            |a| (a.actual_start_date.get(), a.authorisation_date.get()),
            true,
            same_assessment,
            &["AssessmentActualStartDate", "AssessmentAuthorisationDate"],
        );
    }
}

/// An exact copy (same start and end) is not an overlap.
fn same_assessment(a: &Assessment, b: &Assessment) -> bool {
    a.actual_start_date.get() == b.actual_start_date.get() && a.authorisation_date.get() == b.authorisation_date.get()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_overlapping_assessments() {
        let first = assessment("2025-06-03", Some("2025-06-20"), &["1A"]);
        let two = |second: String| one(&format!("{first}{second}"));
        assert_eq!(hits(&RULE, &two(assessment("2025-06-20", None, &[]))), [("Assessments", 0), ("Assessments", 1)]);
        assert!(hits(&RULE, &two(assessment("2025-06-21", None, &[]))).is_empty());
        assert!(hits(&RULE, &two(first.clone())).is_empty(), "an exact copy");
    }
}
