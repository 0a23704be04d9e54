//! 398: distances are not reported for short breaks, so an episode under LS V3 or V4 must have
//! no postcodes (HOME_POST or PL_POST, from which the distance is derived).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "398",
        message: "Distance field completed but child looked after under legal status V3 or V4.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["LS", "HOME_POST", "PL_POST"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["LS", "HOME_POST", "PL_POST"], |e| {
        matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4)) && (e.home_post.is_present() || e.pl_post.is_present())
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_postcodes_for_short_breaks() {
        let t = [csv::<Episode>("CHILD,LS,HOME_POST,PL_POST\n1,V3,LE1 1AA,\n2,V4,,LE2 2BB\n3,V3,,\n4,C2,LE1 1AA,LE2 2BB")];
        assert_eq!(flagged("398", &t), [("Episodes", 0), ("Episodes", 1)]);
    }
}
