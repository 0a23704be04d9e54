//! 392a: a looked-after child other than a UASC, not on a short break (LS V3/V4), has a placement
//! distance: an episode whose distance cannot be derived from HOME_POST and PL_POST is flagged. Children
//! recorded as UASC this year or last are exempt; without any UASC information the rule is not judged
//! (as in the DfE tool).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "392a",
        message: "Child is looked after but no distance is recorded. [NOTE: This check may result in false positives for children formerly UASC]",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PL_DISTANCE"],
        needs: &[Reference::Postcodes],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (uasc, known) = uasc_children(d);
    let Some(eps) = d.this.episodes.as_ref().filter(|_| known) else { return };
    for (e, geo) in eps.iter().zip(&d.geo) {
        if !uasc.contains(&*e.child) && !matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4)) && geo.pl_distance.is_none() {
            s.flag(&e.child, Episode::TABLE, e.row, &["PL_DISTANCE"]);
        }
    }
}


#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header, Uasc};

    #[test]
    fn fires_without_a_distance_except_for_uasc_and_short_breaks() {
        let t = [
            csv::<Header>("CHILD\n1\n2\n3\n4"),
            csv::<Uasc>("CHILD\n3"),
            csv::<Episode>("CHILD,LS,HOME_POST,PL_POST\n1,C2,LE1 1AA,LE2 2BB\n2,C2,LE1 1AA,ZZ9 9ZZ\n3,C2,,\n4,V3,,"),
        ];
        assert_eq!(flagged_with("392a", &t, &[], opts_with_postcodes()), [("Episodes", 1)]);
        assert!(flagged_with("392a", &t[2..], &[], opts_with_postcodes()).is_empty(), "no UASC information");
    }
}
