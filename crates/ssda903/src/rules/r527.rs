//! 527: the authority's own provision (PR1) cannot provide placement with parents (P1), NHS care (R2) or a young offender institution (R5). Each episode pairing
//! PLACE_PROVIDER PR1 with one of those placement types is flagged; blank or unreadable codes are
//! left to the codes' own rules.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "527",
        message: "A placement provider code of PR1 cannot be associated with placements P1, R2 or R5.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE", "PLACE_PROVIDER"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    use PlacementType::*;
    provider_cannot_provide(d, s, PlacementProvider::PR1, &[P1, R2, R5]);
}

/// Flags episodes whose PLACE_PROVIDER is `provider` and whose PLACE is one of `places`.
pub(super) fn provider_cannot_provide(d: &Input, s: &mut Sink, provider: PlacementProvider, places: &[PlacementType]) {
    flag_rows(d.this.episodes.as_ref(), s, &["PLACE", "PLACE_PROVIDER"], |e| {
        e.place_provider.get() == Some(provider) && e.place.get().is_some_and(|p| places.contains(&p))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_pr1_with_excluded_placements() {
        let t = [csv::<Episode>("CHILD,PLACE,PLACE_PROVIDER\n1,P1,PR1\n2,R2,PR1\n3,R5,PR1\n4,R1,PR1\n5,P1,PR0\n6,,PR1")];
        assert_eq!(flagged("527", &t), [("Episodes", 0), ("Episodes", 1), ("Episodes", 2)]);
    }
}
