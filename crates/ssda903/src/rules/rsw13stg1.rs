//! SW13STG1: the reason for a change of social worker, when given, is a DfE code; for episodes starting
//! on or after 1 April 2023 it must be given.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "SW13STG1",
        message: "The reason for social worker change is not valid.",
        severity: Severity::Error,
        tables: &["SWEpisodes"],
        fields: &["SW_REASON"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.sw_episodes.as_ref(), s, &["SW_REASON"], |r| r.sw_reason.is_invalid() || (r.sw_reason.is_blank() && r.sw_decom.get() >= NaiveDate::from_ymd_opt(2023, 4, 1)));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::SwEpisode;

    #[test]
    fn fires_on_bad_codes_and_missing_reasons() {
        let t = [csv::<SwEpisode>("CHILD,SW_DECOM,SW_REASON\n1,01/04/2023,MANAGE\n2,01/04/2023,\n3,31/03/2023,\n4,01/05/2025,XXXX\n5,,")];
        assert_eq!(flagged("SW13STG1", &t), [("SWEpisodes", 1), ("SWEpisodes", 3)]);
    }
}
