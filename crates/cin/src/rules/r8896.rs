//! 8896: within an episode at most one assessment may be open (not authorised).

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8896",
        message: "Within one CINDetails group there are 2 or more open Assessments groups",
        severity: Severity::Error,
        tables: &["Assessments"],
        fields: &["AssessmentAuthorisationDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ep in &c.cin_details {
        let open: Vec<_> = c.assessments_of(ep).iter().filter(|a| lacks(&a.authorisation_date)).collect();
        flag_if_several(c, s, &open, &["AssessmentAuthorisationDate"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_two_open_assessments() {
        let two = format!(
            "{}{}{}",
            assessment("2025-06-03", None, &[]),
            assessment("2025-06-04", Some("2025-06-05"), &[]),
            assessment("2025-06-06", None, &[])
        );
        assert_eq!(hits(&RULE, &one(&two)), [("Assessments", 0), ("Assessments", 2)]);
        assert!(hits(&RULE, &one(&assessment("2025-06-03", None, &[]))).is_empty());
    }
}
