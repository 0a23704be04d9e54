//! SW05STG1: the date a social worker episode ended, when given, is a real dd/mm/YYYY date.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "SW05STG1",
        message: "Date social worker episode began is not a valid date.",
        severity: Severity::Error,
        tables: &["SWEpisodes"],
        fields: &["SW_DEC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.sw_episodes.as_ref(), s, &["SW_DEC"], |r| r.sw_dec.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::SwEpisode;

    #[test]
    fn fires_on_unreadable_dates_only() {
        let t = [csv::<SwEpisode>("CHILD,SW_DEC\n1,29/02/2024\n2,29/02/2025\n3,")];
        assert_eq!(flagged("SW05STG1", &t), [("SWEpisodes", 1)]);
    }
}
