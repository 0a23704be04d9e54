//! 218: a placement that Ofsted registers has a URN: an episode that ends on or after 1 April (or is
//! open) without a URN is flagged, unless its placement type takes none (P1, P3, R1, R2, R5, T0–T4,
//! Z11–Z14), it is a short break (LS V3/V4, which 214 says carries no URN; the reference flags
//! those too, returns.md §5) or it is outside England (PL_LA SCO, WAL or NIR).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "218",
        message: "Ofsted Unique reference number (URN) is required.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["URN"],
        needs: &[Reference::Postcodes],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    let start = d.year().start();
    use PlacementType::*;
    for (e, geo) in eps.iter().zip(&d.geo) {
        let exempt =
            matches!(e.place.get(), Some(P1 | P3 | R1 | R2 | R5 | T0 | T1 | T2 | T3 | T4 | Z11 | Z12 | Z13 | Z14));
        let abroad = geo.pl_la.as_deref().is_some_and(|la| matches!(la, "SCO" | "WAL" | "NIR"));
        let short_break = matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4));
        let ends_in_year = e.dec.is_blank() || e.dec.get().is_some_and(|x| x >= start);
        if ends_in_year && e.urn.is_blank() && !exempt && !abroad && !short_break {
            s.flag(&e.child, Episode::TABLE, e.row, &["URN"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let t = [csv::<Episode>(
            "CHILD,PLACE,URN,DEC,PL_POST,LS\n1,K2,,,LE2 2BB,C2\n2,K2,SC1,,,C2\n3,P1,,,,C2\n4,K2,,31/03/2025,,C2\n5,K2,,,CF10 1AA,C2\n6,U1,,01/04/2025,,C2\n7,K2,,,,V3",
        )];
        assert_eq!(flagged_with("218", &t, &[], opts_with_postcodes()), [("Episodes", 0), ("Episodes", 5)]);
    }
}
