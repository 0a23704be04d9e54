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
        let all = c.assessments_of(ep);
        for a in all {
            let Some(start) = a.actual_start_date.get() else { continue };
            for b in all.iter().filter(|b| b.row != a.row) {
                let Some(b_start) = b.actual_start_date.get() else { continue };
                let duplicate = start == b_start && a.authorisation_date.get() == b.authorisation_date.get();
                if !duplicate && starts_within(c, start, b_start, b.authorisation_date.get(), true) {
                    flag(c, s, a, &["AssessmentActualStartDate", "AssessmentAuthorisationDate"]);
                    flag(c, s, b, &["AssessmentActualStartDate", "AssessmentAuthorisationDate"]);
                }
            }
        }
    }
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
