//! 179: a placement other than a short break (LS V3/V4) has a placement location (PL_LOCATION, in or
//! out of the authority's area, derived from PL_POST).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "179",
        message: "Placement location code is not a valid code.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PL_LOCATION"],
        needs: &[Reference::Postcodes],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    for (e, geo) in eps.iter().zip(&d.geo) {
        if !matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4)) && geo.pl_location.is_none() {
            s.flag(&e.child, Episode::TABLE, e.row, &["PL_LOCATION"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let t = [csv::<Episode>("CHILD,LS,PL_POST\n1,C2,LE2 2BB\n2,C2,ZZ9 9ZZ\n3,C2,\n4,V3,")];
        assert_eq!(flagged_with("179", &t, &[], opts_with_postcodes()), [("Episodes", 1), ("Episodes", 2)]);
    }
}
