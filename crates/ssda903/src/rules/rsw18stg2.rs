//! SW18STG2: a social worker episode cannot end before it started.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "SW18STG2",
        message: "The end date of the social worker episode is before the start date",
        severity: Severity::Error,
        tables: &["SWEpisodes"],
        fields: &["SW_DEC", "SW_DECOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.sw_episodes.as_ref(), s, &["SW_DEC", "SW_DECOM"], |r| r.sw_decom.get().zip(r.sw_dec.get()).is_some_and(|(c, x)| x < c));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::SwEpisode;

    #[test]
    fn fires_when_the_end_is_before_the_start() {
        let t = [csv::<SwEpisode>("CHILD,SW_DECOM,SW_DEC\n1,02/05/2025,01/05/2025\n2,01/05/2025,01/05/2025\n3,01/05/2025,")];
        assert_eq!(flagged("SW18STG2", &t), [("SWEpisodes", 0)]);
    }
}
