//! 8805: a closed episode needs a reason for closure.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8805",
        message: "A CIN case cannot have a CIN closure date without a Reason for Closure",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["CINclosureDate", "ReasonForClosure"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cin_details, &["CINclosureDate", "ReasonForClosure"], |e| {
        has(&e.cin_closure_date) && e.reason_for_closure.is_blank()
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_closure_without_reason() {
        assert_eq!(hits(&RULE, &one("<CINclosureDate>2025-07-01</CINclosureDate>")), [("CINdetails", 0)]);
        assert!(
            hits(&RULE, &one("<CINclosureDate>2025-07-01</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure>"))
                .is_empty()
        );
        assert!(
            hits(&RULE, &one("<CINclosureDate>2025-02-30</CINclosureDate>")).is_empty(),
            "an unreadable date is not a closure"
        );
    }
}
