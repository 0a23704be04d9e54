//! 8890: within an episode a section 47 enquiry should not start while another
//! is ongoing: on or after its start and on or before its conference (an
//! enquiry needing a conference and without one runs to the reference date).

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8890",
        message: "A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["S47ActualStartDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ep in &c.cin_details {
        let all = c.section47_of(ep);
        for a in all {
            let Some(start) = a.s47_actual_start_date.get() else { continue };
            for b in all.iter().filter(|b| b.row != a.row) {
                let Some(b_start) = b.s47_actual_start_date.get() else { continue };
                if start == b_start && a.date_of_initial_cpc.get() == b.date_of_initial_cpc.get() {
                    continue;
                }
                let ongoing = match b.date_of_initial_cpc.get() {
                    Some(icpc) => start <= icpc,
                    None => b.icpc_not_required.get() != Some(true) && start <= c.period.end,
                };
                if start >= b_start && ongoing {
                    flag(c, s, a, &["S47ActualStartDate"]);
                    flag(c, s, b, &["S47ActualStartDate"]);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_overlapping_enquiries() {
        let first = s47("2025-06-03", Some("2025-06-10"), "false");
        let two = |second: String| one(&format!("{first}{second}"));
        assert_eq!(hits(&RULE, &two(s47("2025-06-10", None, "false"))), [("Section47", 0), ("Section47", 1)]);
        assert!(hits(&RULE, &two(s47("2025-06-11", None, "false"))).is_empty());
        let not_needed = format!("{}{}", s47("2025-06-03", None, "true"), s47("2025-06-11", None, "false"));
        assert!(hits(&RULE, &one(&not_needed)).is_empty());
    }
}
