//! 191: a child looked after continuously for 12 months needs the OC2 items on immunisations,
//! teeth check, health assessment and substance misuse. OC2 rows missing any are flagged; a child
//! with no OC2 row at all has their earliest episode flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "191",
        message: "Child has been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been left blank.",
        severity: Severity::Error,
        tables: &["Episodes", "OC2"],
        fields: &["IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(oc2)) = (&d.this.episodes, &d.this.oc2) else { return };
    let cla = continuously_looked_after(d);
    flag_rows(Some(oc2), s, &["IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"], |o| {
        cla.contains(&*o.child)
            && [&o.immunisations, &o.teeth_check, &o.health_assessment, &o.substance_misuse].iter().any(|c| c.is_blank())
    });
    for (child, rows) in eps.groups() {
        if cla.contains(child) && !oc2.has(child) {
            if let Some(first) = earliest(rows) {
                s.flag(child, Episode::TABLE, first.row, &["CHILD"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Oc2};

    #[test]
    fn fires_for_missing_items_and_missing_oc2_rows() {
        let eps = csv::<Episode>("CHILD,DECOM,RNE,LS\n1,01/01/2024,S,C2\n3,01/02/2024,L,C2\n3,01/01/2024,S,C2\n2,01/06/2025,S,C2");
        let oc2 = csv::<Oc2>(
            "CHILD,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE\n1,1,1,1,\n2,,,,\n1,1,1,1,0",
        );
        assert_eq!(flagged("191", &[eps, oc2]), [("Episodes", 2), ("OC2", 0)]);
    }
}
