//! 503H: this year's first episode must repeat the placement's local authority (PL_LA, derived from PL_POST) of the episode left open at the
//! end of last year (see 503A); an unknown value on one side only counts as a change. Needs
//! both years' Episodes and postcode data.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "503H",
        message: "The placement LA in first episode does not match open episode at end of last year.",
        severity: Severity::Error,
        tables: &["Episodes", "Episodes_last"],
        fields: &["PL_LA"],
        needs: &[Reference::Postcodes, Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r503a::flag_changed(d, s, RULE.meta.fields, |now, then| geo_of(&d.geo, now).map(|g| &g.pl_la) != geo_of(&d.geo_last, then).map(|g| &g.pl_la));
}

#[cfg(test)]
mod tests {
    use crate::rules::r503a::tests::carried;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_the_first_episode_moves_pl_la() {
        let (this, last) = carried("PL_POST", "LE1 1AA", ["le11aa", "LE2 2BB", "LE2 2BB"]);
        assert_eq!(flagged_with("503H", &this, &last, opts_with_postcodes()), [("Episodes", 2)]);
    }
}
