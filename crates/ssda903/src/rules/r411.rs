//! 411: a placement recorded as inside the submitting authority's area (PL_LOCATION IN) must have
//! that authority as its placement LA (PL_LA). Both are derived from PL_POST, and carefile, like
//! the reference validator, derives IN only when PL_LA is the submitting authority, so the rule
//! can fire only if that derivation changes; it is kept so the catalogue is complete. Needs
//! postcode data and the submitting authority.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "411",
        message: "Placement location code disagrees with LA of placement.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PL_LOCATION"],
        needs: &[Reference::Postcodes, Reference::Authority],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let la = d.opts.la.as_ref().map(|la| la.gss_code.as_str());
    flag_rows(d.this.episodes.as_ref(), s, &["PL_LOCATION"], |e| {
        geo_of(&d.geo, e).is_some_and(|g| g.pl_location == Some(Location::In) && g.pl_la.as_deref() != la)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn derived_locations_agree_with_their_authority() {
        let t = [csv::<Episode>("CHILD,PL_POST\n1,LE1 1AA\n2,LE2 2BB\n3,CF10 1AA\n4,")];
        assert!(flagged_with("411", &t, &[], opts_with_postcodes()).is_empty());
    }
}
