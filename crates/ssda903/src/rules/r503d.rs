//! 503D: this year's first episode must repeat the placement type (PLACE) of the episode left
//! open at the end of last year (see 503A). In 2025-26 only, an open Z1 placement may continue
//! as one of Z11–Z14, the codes that replaced Z1 that year. Needs both years' Episodes.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "503D",
        message: "The placement type in the first episode does not match open episode at end of last year",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PLACE"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    use PlacementType::{Z1, Z11, Z12, Z13, Z14};
    let recoded = |now: Option<PlacementType>, then: Option<PlacementType>| {
        d.year().start().year() == 2025 && then == Some(Z1) && matches!(now, Some(Z11 | Z12 | Z13 | Z14))
    };
    super::r503a::flag_changed(d, s, &["PLACE"], |now, then| now.place != then.place && !recoded(now.place.get(), then.place.get()));
}

#[cfg(test)]
mod tests {
    use crate::rules::r503a::tests::carried;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_the_first_episode_changes_placement() {
        let (this, last) = carried("PLACE", "U1", ["U1", "U4", "U4"]);
        assert_eq!(flagged_with("503D", &this, &last, opts()), [("Episodes", 2)]);
    }

    #[test]
    fn z1_may_become_z11_to_z14_in_2025_26() {
        let (this, last) = carried("PLACE", "Z1", ["Z12", "U4", "U4"]);
        assert_eq!(flagged_with("503D", &this, &last, opts()), [("Episodes", 2)]);
    }
}
