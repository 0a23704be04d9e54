//! 8565: nothing in a closed episode may happen after its closure: initial
//! conferences, assessment starts and completions, section 47 starts, CIN plan
//! starts and ends, and child protection plan ends must be on or before the
//! CIN closure date. Flags the episode and each offending module.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8565",
        message: "Activity shown after a case has been closed",
        severity: Severity::Error,
        tables: &["ChildProtectionPlans"],
        fields: &[
            "CINclosureDate",
            "DateOfInitialCPC",
            "AssessmentActualStartDate",
            "AssessmentAuthorisationDate",
            "S47ActualStartDate",
            "CPPendDate",
            "CINPlanStartDate",
            "CINPlanEndDate",
        ],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ep in c.cin_details.iter().filter(|e| e.cin_closure_date.get().is_some()) {
        let closed = &ep.cin_closure_date;
        let mut any = before(closed, &ep.date_of_initial_cpc);
        for a in c
            .assessments_of(ep)
            .iter()
            .filter(|a| before(closed, &a.actual_start_date) || before(closed, &a.authorisation_date))
        {
            flag(c, s, a, &["AssessmentActualStartDate", "AssessmentAuthorisationDate"]);
            any = true;
        }
        for r in c
            .section47_of(ep)
            .iter()
            .filter(|r| before(closed, &r.s47_actual_start_date) || before(closed, &r.date_of_initial_cpc))
        {
            flag(c, s, r, &["S47ActualStartDate", "DateOfInitialCPC"]);
            any = true;
        }
        for p in c.cpps_of(ep).iter().filter(|p| before(closed, &p.end_date)) {
            flag(c, s, p, &["CPPendDate"]);
            any = true;
        }
        for p in c.plans_of(ep).iter().filter(|p| before(closed, &p.start_date) || before(closed, &p.end_date)) {
            flag(c, s, p, &["CINPlanStartDate", "CINPlanEndDate"]);
            any = true;
        }
        if any {
            flag(c, s, ep, &["CINclosureDate", "DateOfInitialCPC"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    const CLOSED: &str = "<CINclosureDate>2025-07-01</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure>";

    #[test]
    fn fires_on_activity_after_closure() {
        let with = |m: String| one(&format!("{CLOSED}{m}"));
        assert!(hits(&RULE, &with(plan("2025-06-05", Some("2025-07-01")))).is_empty());
        assert_eq!(
            hits(&RULE, &with(plan("2025-06-05", Some("2025-07-02")))),
            [("CINdetails", 0), ("CINplanDates", 0)]
        );
        assert_eq!(
            hits(&RULE, &with(assessment("2025-06-05", Some("2025-07-02"), &[]))),
            [("Assessments", 0), ("CINdetails", 0)]
        );
        assert_eq!(
            hits(&RULE, &with(s47("2025-06-05", Some("2025-07-02"), "false"))),
            [("CINdetails", 0), ("Section47", 0)]
        );
        assert_eq!(
            hits(&RULE, &with(cpp("<CPPendDate>2025-07-02</CPPendDate>"))),
            [("CINdetails", 0), ("ChildProtectionPlans", 0)]
        );
        assert_eq!(hits(&RULE, &with("<DateOfInitialCPC>2025-07-02</DateOfInitialCPC>".into())), [("CINdetails", 0)]);
        assert!(hits(&RULE, &one(&plan("2025-06-05", Some("2025-07-02")))).is_empty(), "open episodes are not judged");
    }
}
