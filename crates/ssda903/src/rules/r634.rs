//! 634: previous permanence details are collected only for children who started to be looked
//! after on or after 1 April 2016 (when the item was introduced), so a PrevPerm row with any
//! item completed fires when all of the child's episodes began before then. The reference
//! compares with the start of the collection year instead of 1 April 2016, flagging every
//! child in care since before the year (DISAGREEMENTS.toml). Children with no episodes are not
//! judged; the PrevPerm row and the child's episodes are flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "634",
        message: "There are entries for previous permanence options, but child has not started to be looked after from 1 April 2016 onwards.",
        severity: Severity::Error,
        tables: &["Episodes", "PrevPerm"],
        fields: &["LA_PERM", "PREV_PERM", "DATE_PERM", "DECOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(prev)) = (&d.this.episodes, &d.this.prev_perm) else { return };
    let introduced = NaiveDate::from_ymd_opt(2016, 4, 1).unwrap_or_default();
    for p in prev.iter().filter(|p| p.prev_perm.is_present() || p.la_perm.is_present() || p.date_perm.is_present()) {
        let episodes = eps.of(&p.child);
        let Some(last_start) = episodes.iter().filter_map(|e| e.decom.get()).max() else { continue };
        if last_start < introduced {
            s.flag(&p.child, PrevPerm::TABLE, p.row, &["LA_PERM", "PREV_PERM", "DATE_PERM"]);
            for e in episodes {
                s.flag(&p.child, Episode::TABLE, e.row, &["DECOM"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, PrevPerm};

    #[test]
    fn details_for_children_in_care_before_2016_fire() {
        let e = csv::<Episode>("CHILD,DECOM\n1,31/03/2016\n1,01/01/2010\n2,01/04/2016\n3,31/03/2016\n4,01/01/2020");
        let p = csv::<PrevPerm>("CHILD,PREV_PERM,LA_PERM\n1,Z1,\n2,P1,855\n3,,\n4,P1,");
        assert_eq!(flagged("634", &[e, p]), [("Episodes", 0), ("Episodes", 1), ("PrevPerm", 0)]);
    }
}
