//! 8867: a closed episode's assessments must all be completed (authorised).

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8867",
        message: "CIN episode is shown as closed, however Assessment is not shown as completed",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["CINclosureDate", "AssessmentAuthorisationDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ep in c.cin_details.iter().filter(|e| has(&e.cin_closure_date)) {
        for a in c.assessments_of(ep).iter().filter(|a| lacks(&a.authorisation_date)) {
            flag(c, s, ep, &["CINclosureDate"]);
            flag(c, s, a, &["AssessmentAuthorisationDate"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_an_open_assessment_in_a_closed_episode() {
        let closed = "<CINclosureDate>2025-07-01</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure>";
        assert_eq!(
            hits(&RULE, &one(&format!("{closed}{}", assessment("2025-06-03", None, &[])))),
            [("Assessments", 0), ("CINdetails", 0)]
        );
        assert!(
            hits(&RULE, &one(&format!("{closed}{}", assessment("2025-06-03", Some("2025-06-04"), &[])))).is_empty()
        );
        assert!(hits(&RULE, &one(&assessment("2025-06-03", None, &[]))).is_empty());
    }
}
