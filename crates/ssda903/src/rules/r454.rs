//! 454: a placement more than 350 miles from home (PL_DISTANCE, derived from HOME_POST and PL_POST)
//! is implausible within the UK's reach of English placements, so it is queried; 999.9, the
//! DfE's marker for an unknown distance, is allowed. Needs postcode data.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "454",
        message: "Placement distance from home is over 350 miles. [NOTE: This check will result in false positives for children formerly UASC not identified as such in loaded data]",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PL_DISTANCE"],
        needs: &[Reference::Postcodes],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["PL_DISTANCE"], |e| {
        geo_of(&d.geo, e).and_then(|g| g.pl_distance).is_some_and(|miles| miles > 350.0 && miles != 999.9)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_over_350_miles() {
        let t = [csv::<Episode>("CHILD,HOME_POST,PL_POST\n1,LE1 1AA,ZE1 0AA\n2,LE1 1AA,LE2 2BB\n3,,ZE1 0AA")];
        assert_eq!(flagged_with("454", &t, &[], opts_with_postcodes()), [("Episodes", 0)]);
    }
}
