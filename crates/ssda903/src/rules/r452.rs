//! 452: when last year's final episode was left open (DEC blank) and this year's first episode
//! carries the same reason for new episode (RNE, both given), the placement's local authority
//! (PL_LA, derived from PL_POST) cannot have changed; an unknown authority on one side only counts
//! as a change. Needs both years' Episodes and postcode data.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "452",
        message: "Contradiction between local authority of placement code in the last episode of the previous year and in the first episode of the current year.",
        severity: Severity::Error,
        tables: &["Episodes", "Episodes_last"],
        fields: &["PL_LA"],
        needs: &[Reference::Postcodes, Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r503a::flag_changed(d, s, &["PL_LA"], |now, then| {
        let pl_la = |geo: &[crate::Geo], e: &Episode| geo_of(geo, e).and_then(|g| g.pl_la.clone());
        then.dec.is_blank() && now.rne.is_present() && now.rne == then.rne && pl_la(&d.geo, now) != pl_la(&d.geo_last, then)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_when_the_placement_authority_changes_under_the_same_rne() {
        let last = [csv::<Episode>("CHILD,DECOM,DEC,RNE,PL_POST\n1,01/02/2024,,S,LE1 1AA\n2,01/02/2024,,S,LE1 1AA\n3,01/02/2024,,S,LE1 1AA\n4,01/02/2024,01/03/2025,S,LE1 1AA")];
        let this = [csv::<Episode>("CHILD,DECOM,RNE,PL_POST\n1,01/02/2024,S,ZZ1 1ZZ\n2,01/02/2024,S,LE2 2BB\n3,01/02/2024,P,LE2 2BB\n4,01/04/2025,S,LE2 2BB")];
        assert_eq!(flagged_with("452", &this, &last, opts_with_postcodes()), [("Episodes", 1)]);
    }
}
