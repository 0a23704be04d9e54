//! SW19STG2: a child has at most one social worker episode starting on a given date: the second and
//! later episodes on the same (readable) start date are flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "SW19STG2",
        message: "There are 2 social worker episodes for the child starting on the same date.",
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
        let mut seen = HashSet::new();
        for e in rows {
            if let Some(start) = e.sw_decom.get() {
                if !seen.insert(start) {
                    s.flag(child, SwEpisode::TABLE, e.row, &["SW_DEC", "SW_DECOM"]);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::SwEpisode;

    #[test]
    fn fires_as_described() {
        let t = [csv::<SwEpisode>("CHILD,SW_DECOM\n1,01/04/2025\n1,1/4/2025\n1,01/05/2025\n2,01/04/2025\n1,\n1,")];
        assert_eq!(flagged("SW19STG2", &t), [("SWEpisodes", 1)]);
    }
}
