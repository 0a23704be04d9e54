//! SW10STG2: a new social worker episode (other than first contact, FCONTA) starts within 7 days either
//! side of the end of the child's previous one (in start order). The DfE tool's test matches SW10aSTG2.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "SW10STG2",
        message: "A new social worker episode has started before the end date of the previous social worker episode.",
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
        let t = [csv::<SwEpisode>("CHILD,SW_DECOM,SW_DEC,SW_REASON\n1,01/04/2025,01/05/2025,\n1,08/05/2025,,MANAGE\n2,01/04/2025,01/05/2025,\n2,09/05/2025,,MANAGE\n3,01/04/2025,01/05/2025,\n3,09/05/2025,,FCONTA\n4,01/04/2025,,\n4,01/05/2025,,LEFTRL")];
        assert_eq!(flagged("SW10STG2", &t), [("SWEpisodes", 3), ("SWEpisodes", 7)]);
    }
}
