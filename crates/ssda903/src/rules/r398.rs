//! 398: a short break (LS V3 or V4) records no home or placement postcode (so no distance).

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
    flag_rows(d.this.episodes.as_ref(), s, &["LS", "HOME_POST", "PL_POST"], |r| matches!(r.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4)) && (r.home_post.is_present() || r.pl_post.is_present()));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_short_breaks_with_postcodes() {
        let t = [csv::<Episode>("CHILD,LS,HOME_POST,PL_POST\n1,V3,LE1,\n2,V4,,LE2\n3,V3,,\n4,C2,LE1,LE2")];
        assert_eq!(flagged("398", &t), [("Episodes", 0), ("Episodes", 1)]);
    }
}
