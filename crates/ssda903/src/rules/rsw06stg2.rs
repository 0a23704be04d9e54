//! SW06STG2: a social worker episode cannot start after the end of the collection year.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "SW06STG2",
        message: "Social worker episode data should be within the social worker data reporting year.",
        severity: Severity::Error,
        tables: &["SWEpisodes"],
        fields: &["SW_DECOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.sw_episodes.as_ref(), s, &["SW_DECOM"], |r| r.sw_decom.get().is_some_and(|c| c > d.year().end()));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::SwEpisode;

    #[test]
    fn fires_after_31_march() {
        let t = [csv::<SwEpisode>("CHILD,SW_DECOM\n1,31/03/2026\n2,01/04/2026\n3,")];
        assert_eq!(flagged("SW06STG2", &t), [("SWEpisodes", 1)]);
    }
}
