//! 1012: a child with no episodes this year (an OC3 care leaver, typically) should have no
//! other looked-after data: each of their rows in PlacedAdoption, Missing, Reviews, AD1,
//! PrevPerm and OC2 fires.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "1012",
        message: "No other data should be returned for OC3 children who had no episodes in the current year",
        severity: Severity::Error,
        tables: &["Episodes", "PlacedAdoption", "Missing", "Reviews", "AD1", "PrevPerm", "OC2"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    let t = &d.this;
    let fields = RULE.meta.fields;
    flag_rows(t.placed_adoption.as_ref(), s, fields, |r| !eps.has(&r.child));
    flag_rows(t.missing.as_ref(), s, fields, |r| !eps.has(&r.child));
    flag_rows(t.reviews.as_ref(), s, fields, |r| !eps.has(&r.child));
    flag_rows(t.ad1.as_ref(), s, fields, |r| !eps.has(&r.child));
    flag_rows(t.prev_perm.as_ref(), s, fields, |r| !eps.has(&r.child));
    flag_rows(t.oc2.as_ref(), s, fields, |r| !eps.has(&r.child));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Ad1, Episode, Missing, Oc2, Oc3, PlacedAdoption, PrevPerm, Review};

    #[test]
    fn other_data_for_children_without_episodes_fires() {
        let t = [
            csv::<Episode>("CHILD\n1"),
            csv::<PlacedAdoption>("CHILD\n1\n2"),
            csv::<Missing>("CHILD\n2"),
            csv::<Review>("CHILD\n1\n2"),
            csv::<Ad1>("CHILD\n2"),
            csv::<PrevPerm>("CHILD\n1"),
            csv::<Oc2>("CHILD\n2"),
            csv::<Oc3>("CHILD\n2"),
        ];
        assert_eq!(flagged("1012", &t), [("AD1", 0), ("Missing", 0), ("OC2", 0), ("PlacedAdoption", 1), ("Reviews", 1)]);
    }
}
