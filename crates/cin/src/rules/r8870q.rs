//! 8870Q: the target date for an initial conference should not fall on a weekend.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8870Q",
        message: "Please check and either amend or provide a reason: The Target Date for Initial Child Protection Conference should not be a weekend",
        severity: Severity::Query,
        tables: &["Section47"],
        fields: &["InitialCPCtarget"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.section47, &["InitialCPCtarget"], |r| r.initial_cpc_target.get().is_some_and(is_weekend));
}

pub(crate) fn is_weekend(d: NaiveDate) -> bool {
    use chrono::{Datelike, Weekday};
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_weekend_target() {
        let target = |d: &str| {
            one(&el(
                "Section47",
                &format!(
                    "<S47ActualStartDate>2025-06-03</S47ActualStartDate>{}<ICPCnotRequired>false</ICPCnotRequired>",
                    el("InitialCPCtarget", d)
                ),
            ))
        };
        assert_eq!(hits(&RULE, &target("2025-06-21")), [("Section47", 0)], "Saturday");
        assert_eq!(hits(&RULE, &target("2025-06-22")), [("Section47", 0)], "Sunday");
        assert!(hits(&RULE, &target("2025-06-23")).is_empty());
        assert!(hits(&RULE, &target("2025-08-25")).is_empty(), "a bank holiday is not a weekend");
    }
}
