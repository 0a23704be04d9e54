//! 2991Q: a section 47 enquiry is normally preceded by an assessment in the
//! same episode; an episode with an enquiry and no assessment is queried.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "2991Q",
        message: "Please check and either amend data or provide a reason: A Section 47 module is recorded and there is no assessment on the episode",
        severity: Severity::Query,
        tables: &["CINdetails"],
        fields: &["CINdetailsID"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ep in c.cin_details.iter().filter(|e| !e.section47.is_empty() && e.assessments.is_empty()) {
        flag(c, s, ep, &["CINdetailsID"]);
        c.section47_of(ep).iter().for_each(|r| flag(c, s, r, &["S47ActualStartDate"]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_an_enquiry_without_assessment() {
        let enquiry = s47("2025-06-03", None, "false");
        assert_eq!(hits(&RULE, &one(&enquiry)), [("CINdetails", 0), ("Section47", 0)]);
        let assessed = format!("{enquiry}{}", assessment("2025-06-02", None, &[]));
        assert!(hits(&RULE, &one(&assessed)).is_empty());
    }
}
