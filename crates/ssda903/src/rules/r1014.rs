//! 1014: UASC details are collected for looked-after children, not care leavers: a child with
//! care leaver data (OC3 with any of IN_TOUCH, ACTIV, ACCOM) and a UASC row, who was not looked
//! after at any time in the year (no episode overlapping it), fires on both rows. The reference
//! judges only children with at least one episode row; a care leaver with none at all is the
//! plainest case, so carefile includes them (DISAGREEMENTS.toml).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "1014",
        message: "UASC information is not required for care leavers",
        severity: Severity::Error,
        tables: &["Episodes", "OC3", "UASC"],
        fields: &["ACTIV", "ACCOM", "IN_TOUCH", "DUC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(uasc), Some(oc3)) = (&d.this.episodes, &d.this.uasc, &d.this.oc3) else { return };
    let year = d.year();
    for (child, uasc_rows) in uasc.groups() {
        let in_year = |e: &&Episode| e.decom.get().is_some_and(|c| c <= year.end()) && e.dec.get().is_none_or(|x| x >= year.start());
        if eps.of(child).iter().any(in_year) {
            continue;
        }
        let leaver_rows: Vec<_> = oc3.of(child).into_iter().filter(|o| has_leaver_data(o)).collect();
        if leaver_rows.is_empty() {
            continue;
        }
        for o in leaver_rows {
            s.flag(child, Oc3::TABLE, o.row, &["ACTIV", "ACCOM", "IN_TOUCH"]);
        }
        for u in uasc_rows {
            s.flag(child, Uasc::TABLE, u.row, &["DUC"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Oc3, Uasc};

    #[test]
    fn uasc_details_for_care_leavers_fire() {
        let e = csv::<Episode>("CHILD,DECOM,DEC\n1,01/01/2024,31/03/2025\n2,01/01/2024,01/04/2025\n3,01/04/2026,");
        let u = csv::<Uasc>("CHILD\n1\n2\n3\n4\n5");
        let o = csv::<Oc3>("CHILD,IN_TOUCH\n1,YES\n2,YES\n3,YES\n4,YES\n5,");
        // 1 left the day before the year began; 2 was in care on 1 April; 3 starts next year;
        // 4 has no episodes.
        assert_eq!(flagged("1014", &[e, u, o]), [("OC3", 0), ("OC3", 2), ("OC3", 3), ("UASC", 0), ("UASC", 2), ("UASC", 3)]);
    }
}
