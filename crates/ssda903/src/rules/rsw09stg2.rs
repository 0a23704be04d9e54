//! SW09STG2: a social worker episode that ends lasts at least 3 days (the DfE tool's 2025-26 test,
//! stricter than the message's 24 hours).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "SW09STG2",
        message: "Social worker episode appears to have lasted for less than 24 hours.",
        severity: Severity::Error,
        tables: &["SWEpisodes"],
        fields: &["SW_DECOM", "SW_DEC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.sw_episodes.as_ref(), s, &["SW_DECOM", "SW_DEC"], |r| r.sw_decom.get().zip(r.sw_dec.get()).is_some_and(|(c, x)| (x - c).num_days() < 3));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::SwEpisode;

    #[test]
    fn fires_under_3_days() {
        let t = [csv::<SwEpisode>("CHILD,SW_DECOM,SW_DEC\n1,01/05/2025,03/05/2025\n2,01/05/2025,04/05/2025\n3,01/05/2025,\n4,05/05/2025,01/05/2025")];
        assert_eq!(flagged("SW09STG2", &t), [("SWEpisodes", 0), ("SWEpisodes", 3)]);
    }
}
