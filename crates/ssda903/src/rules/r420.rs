//! 420: children on short breaks (LS V3 or V4) are not reported with a placement authority, so a
//! V3/V4 episode whose PL_POST resolves to a local authority (PL_LA) is flagged. Needs postcode data.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "420",
        message: "LA of placement completed but child is looked after under legal status V3 or V4.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PL_LA"],
        needs: &[Reference::Postcodes],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["PL_LA"], |e| {
        matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4)) && geo_of(&d.geo, e).is_some_and(|g| g.pl_la.is_some())
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_on_a_short_break_with_a_placement_authority() {
        let t = [csv::<Episode>("CHILD,LS,PL_POST\n1,V3,LE1 1AA\n2,V4,CF10 1AA\n3,V3,\n4,C2,LE1 1AA\n5,V4,XX9 9XX")];
        assert_eq!(flagged_with("420", &t, &[], opts_with_postcodes()), [("Episodes", 0), ("Episodes", 1)]);
    }
}
