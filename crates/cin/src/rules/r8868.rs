//! 8868: in a closed episode every section 47 enquiry must be finished: either
//! an initial conference date or ICPCnotRequired true, and not both.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8868",
        message: "CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["ICPCnotRequired", "CINclosureDate", "DateOfInitialCPC"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ep in c.cin_details.iter().filter(|e| has(&e.cin_closure_date)) {
        for r in c.section47_of(ep) {
            let not_required = r.icpc_not_required.get() == Some(true);
            if has(&r.date_of_initial_cpc) == not_required {
                flag(c, s, ep, &["CINclosureDate"]);
                flag(c, s, r, &["ICPCnotRequired", "DateOfInitialCPC"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_an_unfinished_enquiry_in_a_closed_episode() {
        let closed = |m: String| {
            one(&format!("<CINclosureDate>2025-07-01</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure>{m}"))
        };
        assert_eq!(hits(&RULE, &closed(s47("2025-06-03", None, "false"))), [("CINdetails", 0), ("Section47", 0)]);
        assert!(hits(&RULE, &closed(s47("2025-06-03", None, "1"))).is_empty());
        assert!(hits(&RULE, &closed(s47("2025-06-03", Some("2025-06-10"), "false"))).is_empty());
        assert_eq!(hits(&RULE, &closed(s47("2025-06-03", Some("2025-06-10"), "true"))).len(), 2);
    }
}
