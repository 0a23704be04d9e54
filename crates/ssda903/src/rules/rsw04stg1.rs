//! SW04STG1: the date a social worker episode began, when given, is a real dd/mm/YYYY date.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "SW04STG1",
        message: "Date social worker episode began is not a valid date..",
        severity: Severity::Error,
        tables: &["SWEpisodes"],
        fields: &["SW_DECOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.sw_episodes.as_ref(), s, &["SW_DECOM"], |r| r.sw_decom.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::SwEpisode;

    #[test]
    fn fires_on_unreadable_dates_only() {
        let t = [csv::<SwEpisode>("CHILD,SW_DECOM\n1,29/02/2024\n2,29/02/2025\n3,")];
        assert_eq!(flagged("SW04STG1", &t), [("SWEpisodes", 1)]);
    }
}
