//! 503G: this year's first episode must repeat the placement distance (PL_DISTANCE, derived from
//! HOME_POST and PL_POST) of the episode left open at the end of last year (see 503A). Distances
//! are rounded to 0.1 mile, so a difference of 0.2 or more counts (compared with a small tolerance:
//! 0.3 − 0.1 is just under 0.2 in floating point), as does a distance this year where last year
//! had none. Needs both years' Episodes and postcode data.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "503G",
        message: "The distance in first episode does not match open episode at end of last year.",
        severity: Severity::Error,
        tables: &["Episodes", "Episodes_last"],
        fields: &["PL_DISTANCE"],
        needs: &[Reference::Postcodes, Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r503a::flag_changed(d, s, RULE.meta.fields, |now, then| distance_changed(d, now, then));
}

/// Whether this year's episode `now` is at another distance than last year's `then`: 0.2 mile
/// or more apart, or a distance now where there was none.
pub(super) fn distance_changed(d: &Input, now: &Episode, then: &Episode) -> bool {
    let distance = |geo: &[crate::Geo], e: &Episode| geo_of(geo, e).and_then(|g| g.pl_distance);
    match (distance(&d.geo, now), distance(&d.geo_last, then)) {
        (Some(a), Some(b)) => (a - b).abs() >= 0.2 - 1e-9,
        (Some(_), None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_when_the_first_episode_is_at_another_distance() {
        let last = [csv::<Episode>("CHILD,DECOM,DEC,HOME_POST,PL_POST\n1,01/02/2024,,LE1 1AA,LE2 2BB\n2,01/02/2024,,LE1 1AA,LE2 2BB\n3,01/02/2024,,LE1 1AA,ZZ1 1ZZ\n4,01/02/2024,,LE1 1AA,LE2 2BB")];
        let this = [csv::<Episode>("CHILD,DECOM,HOME_POST,PL_POST\n1,01/02/2024,LE1 1AA,LE2 2BB\n2,01/02/2024,LE1 1AA,LE1 1AA\n3,01/02/2024,LE1 1AA,LE2 2BB\n4,01/02/2024,LE1 1AA,")];
        assert_eq!(flagged_with("503G", &this, &last, opts_with_postcodes()), [("Episodes", 1), ("Episodes", 2)]);
    }
}
