//! 602: adoption details (an AD1 row with any item completed) are only expected for a child
//! whose episodes show an adoption during the year (an episode ending in the year with REC E11
//! or E12). Such a row for any other child, including one with no episodes, fires.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "602",
        message: "The episode data submitted for this child does not show that he/she was adopted during the year.",
        severity: Severity::Error,
        tables: &["AD1", "Episodes"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(ad1)) = (&d.this.episodes, &d.this.ad1) else { return };
    flag_rows(Some(ad1), s, RULE.meta.fields, |a| {
        ad1_items_present(a).contains(&true) && !eps.of(&a.child).iter().any(|e| adopted_in_year(d, e))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Ad1, Episode};

    #[test]
    fn adoption_details_without_an_adoption_fire() {
        let eps = csv::<Episode>("CHILD,DEC,REC\n1,31/03/2026,E12\n2,31/03/2025,E11\n3,10/05/2025,E4A\n5,01/04/2026,E11");
        let ad1 = csv::<Ad1>("CHILD,DATE_INT,NB_ADOPTR\n1,01/01/2025,\n2,01/01/2025,\n3,,1\n4,01/01/2025,\n5,,\n5,,2");
        assert_eq!(flagged("602", &[eps, ad1]), [("AD1", 1), ("AD1", 2), ("AD1", 3), ("AD1", 5)]);
    }
}
