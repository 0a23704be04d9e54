//! 8640: a reason for closure, when given, must be one of RC1–RC9.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8640",
        message: "CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["ReasonForClosure"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cin_details, &["ReasonForClosure"], |e| e.reason_for_closure.is_invalid());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_an_unknown_reason() {
        assert_eq!(hits(&RULE, &one("<ReasonForClosure>RC10</ReasonForClosure>")), [("CINdetails", 0)]);
        assert!(hits(&RULE, &one("<ReasonForClosure>RC9</ReasonForClosure>")).is_empty());
        assert!(hits(&RULE, &one("")).is_empty());
    }
}
