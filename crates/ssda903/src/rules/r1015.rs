//! 1015: an episode with the authority's own provision (PLACE_PROVIDER PR1) should be placed
//! within the authority (derived PL_LA = the submitting authority). Fostering and adoption
//! placements (U1–U6, A3–A6), supported accommodation (K3) and short breaks (LS V3/V4) are
//! exempt, and PLACE and LS must be given. Needs postcode data and the submitting authority.
//! Placements whose postcode cannot be located are not judged (the reference flags them, as
//! its PL_LA is then blank; DISAGREEMENTS.toml).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "1015",
        message: "Placement provider is own provision but child not placed in own LA.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PL_LA"],
        needs: &[Reference::Postcodes, Reference::Authority],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(la) = &d.opts.la else { return };
    flag_rows(d.this.episodes.as_ref(), s, RULE.meta.fields, |e| {
        let (Some(place), Some(ls)) = (e.place.get(), e.ls.get()) else { return false };
        let exempt = place.is_foster() || place.is_adoption() || place == PlacementType::K3 || matches!(ls, LegalStatus::V3 | LegalStatus::V4);
        let pl_la = geo_of(&d.geo, e).and_then(|g| g.pl_la.as_deref());
        !exempt && e.place_provider.get() == Some(PlacementProvider::PR1) && pl_la.is_some_and(|p| p != la.gss_code)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn own_provision_outside_the_authority_fires() {
        let t = [csv::<Episode>(
            "CHILD,PLACE,LS,PLACE_PROVIDER,PL_POST\n1,K2,C2,PR1,LE2 2BB\n2,K2,C2,PR1,LE1 1AA\n3,U4,C2,PR1,LE2 2BB\n4,K2,V3,PR1,LE2 2BB\n5,K2,C2,PR4,LE2 2BB\n6,K2,C2,PR1,XX9 9XX\n7,K2,,PR1,CF10 1AA",
        )];
        assert_eq!(flagged_with("1015", &t, &[], opts_with_postcodes()), [("Episodes", 0)]);
    }
}
