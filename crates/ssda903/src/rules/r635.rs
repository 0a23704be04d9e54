//! 635: a date of order or authority (DATE_PERM, LA_PERM) only makes sense beside a previous
//! permanence code naming an order. The reference fires when PREV_PERM is blank; the DfE
//! message says Z1 (no previous order), so carefile fires for both (DISAGREEMENTS.toml).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "635",
        message: "There are entries for date of order and local authority code where previous permanence option was arranged but previous permanence code is Z1",
        severity: Severity::Error,
        tables: &["PrevPerm"],
        fields: &["LA_PERM", "DATE_PERM", "PREV_PERM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.prev_perm.as_ref(), s, RULE.meta.fields, |p| {
        (p.la_perm.is_present() || p.date_perm.is_present()) && (p.prev_perm.is_blank() || p.prev_perm.get() == Some(PreviousPermanence::Z1))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::PrevPerm;

    #[test]
    fn details_without_an_order_fire() {
        let t = [csv::<PrevPerm>("CHILD,PREV_PERM,LA_PERM,DATE_PERM\n1,,855,\n2,Z1,,01/01/2015\n3,P1,855,01/01/2015\n4,Z1,,\n5,,,")];
        assert_eq!(flagged("635", &t), [("PrevPerm", 0), ("PrevPerm", 1)]);
    }
}
