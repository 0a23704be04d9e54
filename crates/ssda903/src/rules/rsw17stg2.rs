//! SW17STG2: a child's latest social worker episode (latest start) is still open at 31 March: one with
//! an end date is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "SW17STG2",
        message: "There is no social worker episode open at 31 March",
        severity: Severity::Error,
        tables: &["SWEpisodes"],
        fields: &["SW_DEC", "SW_DECOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(sw) = &d.this.sw_episodes else { return };
    for (child, rows) in sw.groups() {
        let latest = rows.into_iter().rev().max_by_key(|e| (e.sw_decom.get().is_some(), e.sw_decom.get()));
        if let Some(e) = latest.filter(|e| e.sw_dec.is_present()) {
            s.flag(child, SwEpisode::TABLE, e.row, &["SW_DEC", "SW_DECOM"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::SwEpisode;

    #[test]
    fn fires_as_described() {
        let t = [csv::<SwEpisode>("CHILD,SW_DECOM,SW_DEC\n1,01/04/2025,01/05/2025\n1,01/05/2025,\n2,01/04/2025,01/05/2025\n2,01/03/2025,01/04/2025")];
        assert_eq!(flagged("SW17STG2", &t), [("SWEpisodes", 2)]);
    }
}
