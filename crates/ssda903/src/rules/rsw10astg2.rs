//! SW10aSTG2: a new social worker episode (other than first contact, FCONTA) starts within 7 days either
//! side of the end of the child's previous one (in start order); an unreadable date fires.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "SW10aSTG2",
        message: "A new social worker episode has started and it is not within +/- 7 days of a previous episode.",
        severity: Severity::Error,
        tables: &["SWEpisodes"],
        fields: &["SW_DECOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_handovers(d, s, handover_outside_a_week);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::SwEpisode;

    #[test]
    fn fires_as_described() {
        let t = [csv::<SwEpisode>("CHILD,SW_DECOM,SW_DEC,SW_REASON\n1,01/04/2025,01/05/2025,\n1,24/04/2025,,\n2,01/04/2025,01/05/2025,\n2,23/04/2025,,MANAGE")];
        assert_eq!(flagged("SW10aSTG2", &t), [("SWEpisodes", 3)]);
    }
}
