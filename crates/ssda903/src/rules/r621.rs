//! 621: a mother's child (MC_DOB) must be born after her: MC_DOB on or before DOB fires.
//! Rows with either date unreadable are not judged (the reference flags a readable MC_DOB
//! beside an unreadable DOB; that is rule 102's finding, see DISAGREEMENTS.toml).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "621",
        message: "Mother’s field has been completed but date of birth shows that the mother is younger than her child.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["DOB", "MC_DOB"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.header.as_ref(), s, RULE.meta.fields, |h| matches!((h.dob.get(), h.mc_dob.get()), (Some(dob), Some(mc)) if mc <= dob));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn child_born_before_mother_fires() {
        let t = [csv::<Header>("CHILD,DOB,MC_DOB\n1,01/01/2008,01/01/2008\n2,01/01/2008,02/01/2008\n3,01/01/2008,31/12/2007\n4,01/01/2008,")];
        assert_eq!(flagged("621", &t), [("Header", 0), ("Header", 2)]);
    }
}
