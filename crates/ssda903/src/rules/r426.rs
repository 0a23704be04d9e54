//! 426: short breaks are either a single placement (LS V3) or multiple placements (V4) for the
//! whole year, not both. For a child with episodes under both, every V3 and V4 episode is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "426",
        message: "A child receiving respite care cannot be recorded under a legal status of V3 and V4 in the same year.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["LS"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    for (child, rows) in eps.groups() {
        let has = |ls| rows.iter().any(|e| e.ls.get() == Some(ls));
        if has(LegalStatus::V3) && has(LegalStatus::V4) {
            for e in rows.iter().filter(|e| matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4))) {
                s.flag(child, Episode::TABLE, e.row, &["LS"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_both_kinds_of_short_break() {
        let t = [csv::<Episode>("CHILD,LS\n1,V3\n1,V4\n1,C2\n2,V3\n2,V3\n3,V4")];
        assert_eq!(flagged("426", &t), [("Episodes", 0), ("Episodes", 1)]);
    }
}
