//! 8825Q: closure reasons RC8 and RC9 say "closed after assessment", so the
//! episode should have an assessment.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8825Q",
        message: "Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no assessment present for the episode.",
        severity: Severity::Query,
        tables: &["CINdetails"],
        fields: &["ReasonForClosure"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    use carefile_domain::codes::ReasonForClosure::{RC8, RC9};
    flag_each(c, s, &c.cin_details, &["ReasonForClosure"], |e| {
        matches!(e.reason_for_closure.get(), Some(RC8 | RC9)) && e.assessments.is_empty()
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_without_assessment() {
        let closed = "<CINclosureDate>2025-07-01</CINclosureDate><ReasonForClosure>RC9</ReasonForClosure>";
        assert_eq!(hits(&RULE, &one(closed)), [("CINdetails", 0)]);
        assert!(
            hits(&RULE, &one(&format!("{closed}{}", assessment("2025-06-03", Some("2025-06-20"), &["21"])))).is_empty()
        );
    }
}
