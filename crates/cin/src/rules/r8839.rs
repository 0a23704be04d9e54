//! 8839: within an episode at most one section 47 enquiry may be open: without
//! an initial conference and not marked as needing none.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8839",
        message: "Within one CINDetails group there are 2 or more open S47 Assessments",
        severity: Severity::Error,
        tables: &["Section47"],
        fields: &["DateOfInitialCPC"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ep in &c.cin_details {
        let open: Vec<_> = c
            .section47_of(ep)
            .iter()
            .filter(|r| lacks(&r.date_of_initial_cpc) && r.icpc_not_required.get() != Some(true))
            .collect();
        flag_if_several(c, s, &open, &["DateOfInitialCPC"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_two_open_enquiries() {
        let two = format!(
            "{}{}{}",
            s47("2025-06-03", None, "false"),
            s47("2025-06-04", None, "true"),
            s47("2025-06-05", None, "false")
        );
        assert_eq!(hits(&RULE, &one(&two)), [("Section47", 0), ("Section47", 2)]);
        assert!(
            hits(
                &RULE,
                &one(&format!(
                    "{}{}",
                    s47("2025-06-03", None, "false"),
                    s47("2025-06-04", Some("2025-06-10"), "false")
                ))
            )
            .is_empty()
        );
    }
}
