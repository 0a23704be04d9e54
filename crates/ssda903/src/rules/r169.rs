//! 169: a placement other than a short break (LS V3/V4) has a local authority of placement (PL_LA,
//! derived from PL_POST).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "169",
        message: "Local Authority (LA) of placement is not valid or is missing. Please check a valid postcode has been entered.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PL_LA"],
        needs: &[Reference::Postcodes],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    for (e, geo) in eps.iter().zip(&d.geo) {
        if !matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4)) && geo.pl_la.is_none() {
            s.flag(&e.child, Episode::TABLE, e.row, &["PL_LA"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let t = [csv::<Episode>("CHILD,LS,PL_POST\n1,C2,LE2 2BB\n2,C2,ZZ9 9ZZ\n3,C2,\n4,V3,\n5,C2,CF10 1AA")];
        assert_eq!(flagged_with("169", &t, &[], opts_with_postcodes()), [("Episodes", 1), ("Episodes", 2)]);
    }
}
