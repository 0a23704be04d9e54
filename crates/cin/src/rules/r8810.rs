//! 8810: a reason for closure needs a closure date.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8810",
        message: "A CIN case cannot have a Reason for Closure without a CIN Closure Date",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["ReasonForClosure", "CINclosureDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cin_details, &["ReasonForClosure", "CINclosureDate"], |e| {
        e.reason_for_closure.is_present() && lacks(&e.cin_closure_date)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_reason_without_closure() {
        assert_eq!(hits(&RULE, &one("<ReasonForClosure>RC7</ReasonForClosure>")), [("CINdetails", 0)]);
        assert!(hits(&RULE, &one("")).is_empty());
        let unreadable = "<ReasonForClosure>RC7</ReasonForClosure><CINclosureDate>2025-02-30</CINclosureDate>";
        assert_eq!(hits(&RULE, &one(unreadable)), [("CINdetails", 0)]);
    }
}
