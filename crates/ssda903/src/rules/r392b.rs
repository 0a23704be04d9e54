//! 392b: a looked-after child other than a UASC, not on a short break (LS V3/V4), has both a home and a
//! placement postcode. Children recorded as UASC this year or last are exempt.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "392b",
        message: "Child is looked after but no postcodes are recorded. [NOTE: This check may result in false positives for children formerly UASC, particularly if current & prior year UASC data not loaded]",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["HOME_POST", "PL_POST"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (uasc, _) = uasc_children(d);
    flag_rows(d.this.episodes.as_ref(), s, &["HOME_POST", "PL_POST"], |e| {
        !uasc.contains(&*e.child)
            && !matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4))
            && (e.home_post.is_blank() || e.pl_post.is_blank())
    });
}


#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header, Uasc};

    #[test]
    fn fires_for_missing_postcodes() {
        let t = [
            csv::<Header>("CHILD\n1\n2\n3\n4"),
            csv::<Uasc>("CHILD\n3"),
            csv::<Episode>("CHILD,LS,HOME_POST,PL_POST\n1,C2,LE1 1AA,LE2 2BB\n2,C2,LE1 1AA,\n3,C2,,\n4,V3,,\n5,C2,,"),
        ];
        assert_eq!(flagged("392b", &t), [("Episodes", 1), ("Episodes", 4)]);
    }
}
