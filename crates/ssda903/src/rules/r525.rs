//! 525: a child whose decision to be placed for adoption was reversed (DATE_PLACED_CEASED given)
//! cannot have been adopted this year, so the child's AD1 row must carry none of the adoption
//! items (DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR). Each such
//! PlacedAdoption row and AD1 row is flagged; any present value counts, readable or not.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "525",
        message: "A child for whom the decision to be placed for adoption has been reversed cannot be adopted during the year.",
        severity: Severity::Error,
        tables: &["AD1", "PlacedAdoption"],
        fields: &["DATE_PLACED_CEASED", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(placed), Some(ad1)) = (&d.this.placed_adoption, &d.this.ad1) else { return };
    for p in placed.iter().filter(|p| p.date_placed_ceased.is_present()) {
        for a in ad1.of(&p.child).into_iter().filter(|a| adoption_recorded(a)) {
            s.flag(&p.child, PlacedAdoption::TABLE, p.row, &["DATE_PLACED_CEASED"]);
            s.flag(&p.child, Ad1::TABLE, a.row, &["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"]);
        }
    }
}

fn adoption_recorded(a: &Ad1) -> bool {
    [a.date_int.is_present(), a.date_match.is_present(), a.foster_care.is_present(), a.nb_adoptr.is_present(), a.sex_adoptr.is_present(), a.ls_adoptr.is_present()]
        .contains(&true)
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Ad1, PlacedAdoption};

    #[test]
    fn fires_when_a_reversed_child_has_adoption_data() {
        let pa = csv::<PlacedAdoption>("CHILD,DATE_PLACED_CEASED\n1,01/05/2025\n2,01/05/2025\n3,\n4,xx");
        let ad1 = csv::<Ad1>("CHILD,DATE_INT,NB_ADOPTR\n1,01/01/2025,\n2,,\n3,01/01/2025,\n4,,2");
        assert_eq!(flagged("525", &[pa, ad1]), [("AD1", 0), ("AD1", 3), ("PlacedAdoption", 0), ("PlacedAdoption", 3)]);
    }
}
