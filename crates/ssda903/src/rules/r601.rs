//! 601: a child adopted during the year (an episode ending in the year with REC E11 or E12) who
//! has an AD1 row must have every adoption item completed: DATE_INT, DATE_MATCH, FOSTER_CARE,
//! NB_ADOPTR, SEX_ADOPTR and LS_ADOPTR. A blank item flags both the AD1 row and the episode.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "601",
        message: "The additional fields relating to adoption have not been completed although the episode data shows that the child was adopted during the year.",
        severity: Severity::Error,
        tables: &["AD1", "Episodes"],
        fields: &["REC", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
        needs: &[],
    },
    check,
};

const AD1_FIELDS: &[&str] = &["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"];

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(ad1)) = (&d.this.episodes, &d.this.ad1) else { return };
    for e in eps.iter().filter(|e| adopted_in_year(d, e)) {
        let incomplete: Vec<_> = ad1.of(&e.child).into_iter().filter(|a| ad1_items_present(a).contains(&false)).collect();
        for a in &incomplete {
            s.flag(&e.child, Ad1::TABLE, a.row, AD1_FIELDS);
        }
        if !incomplete.is_empty() {
            s.flag(&e.child, Episode::TABLE, e.row, &["REC"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Ad1, Episode};

    #[test]
    fn adopted_child_with_blank_ad1_items_fires() {
        let eps = csv::<Episode>("CHILD,DEC,REC\n1,01/04/2025,E11\n2,10/05/2025,E12\n3,31/03/2025,E11\n4,10/05/2025,E4A");
        let full = "01/01/2025,01/02/2025,0,1,F1,L3";
        let ad1 = csv::<Ad1>(&format!(
            "CHILD,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n1,01/01/2025,01/02/2025,0,1,F1,\n2,{full}\n3,,,,,,\n4,,,,,,"
        ));
        assert_eq!(flagged("601", &[eps, ad1]), [("AD1", 0), ("Episodes", 0)]);
    }
}
