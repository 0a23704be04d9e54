//! SW07STG2: a social worker episode ends within the social worker reporting period: from 1 April of
//! the year before the collection year to 31 March of the collection year.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "SW07STG2",
        message: "Social worker episode end date should be on or after the start of the social worker reporting period, and should be on or before the collection end date.",
        severity: Severity::Error,
        tables: &["SWEpisodes"],
        fields: &["SW_DEC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.sw_episodes.as_ref(), s, &["SW_DEC"], |r| r.sw_dec.get().is_some_and(|x| x < add_years(d.year().start(), -1) || x > d.year().end()));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::SwEpisode;

    #[test]
    fn fires_outside_the_reporting_period() {
        let t = [csv::<SwEpisode>("CHILD,SW_DEC\n1,01/04/2024\n2,31/03/2024\n3,31/03/2026\n4,01/04/2026\n5,")];
        assert_eq!(flagged("SW07STG2", &t), [("SWEpisodes", 1), ("SWEpisodes", 3)]);
    }
}
