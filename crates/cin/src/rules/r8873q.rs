//! 8873Q: when an episode's only assessment is completed with factor 21 ("no
//! factors identified"), the episode's reason for closure should be RC8 or RC9.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8873Q",
        message: "Please check and either amend data or provide a reason: When there is only one assessment on the episode and the factors code “21 No factors identified” has been used for the completed assessment, the reason for closure ‘RC8’ or 'RC9' should be used.",
        severity: Severity::Query,
        tables: &["Assessments"],
        fields: &["ReasonForClosure", "AssessmentFactors"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    use carefile_domain::codes::AssessmentFactor::F21;
    use carefile_domain::codes::ReasonForClosure::{RC8, RC9};
    for ep in &c.cin_details {
        let [a] = c.assessments_of(ep) else { continue };
        let no_factors = has(&a.authorisation_date) && a.factors.iter().any(|f| f.get() == Some(F21));
        if no_factors && !matches!(ep.reason_for_closure.get(), Some(RC8 | RC9)) {
            flag(c, s, a, &["AssessmentFactors"]);
            flag(c, s, ep, &["ReasonForClosure"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_when_the_reason_is_not_rc8_or_rc9() {
        let ep = |reason: &str, extra: String| {
            one(&format!(
                "<CINclosureDate>2025-07-01</CINclosureDate>{}{}{extra}",
                el("ReasonForClosure", reason),
                assessment("2025-06-03", Some("2025-06-04"), &["21"])
            ))
        };
        assert_eq!(hits(&RULE, &ep("RC7", String::new())), [("Assessments", 0), ("CINdetails", 0)]);
        assert!(hits(&RULE, &ep("RC8", String::new())).is_empty());
        assert!(
            hits(&RULE, &ep("RC7", assessment("2025-06-10", Some("2025-06-11"), &["1A"]))).is_empty(),
            "two assessments"
        );
    }
}
