//! 1010: a young person whose latest episode in last year's return was still open should still
//! be in this year's episodes; with none this year, their care leaver data (OC3) fires, as the
//! missing episodes are the likelier error. Needs last year's episodes.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "1010",
        message: "This child has no episodes loaded for current year even though there was an open episode of care at the end of the previous year, and care leaver data has been entered.",
        severity: Severity::Error,
        tables: &["Episodes", "Episodes_last", "OC3"],
        fields: &["IN_TOUCH", "ACTIV", "ACCOM"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(last), Some(oc3)) = (&d.this.episodes, &d.last.episodes, &d.this.oc3) else { return };
    flag_rows(Some(oc3), s, RULE.meta.fields, |o| !eps.has(&o.child) && latest(last.of(&o.child)).is_some_and(|e| e.dec.is_blank()));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Oc3};

    #[test]
    fn open_last_year_and_absent_this_year_fires() {
        let this = [csv::<Episode>("CHILD,DECOM\n2,01/04/2025"), csv::<Oc3>("CHILD,IN_TOUCH\n1,YES\n2,YES\n3,YES\n4,YES")];
        let last = [csv::<Episode>("CHILD,DECOM,DEC\n1,01/01/2024,01/02/2024\n1,01/02/2024,\n2,01/02/2024,\n3,01/02/2024,01/03/2025\n4,01/02/2024,\n4,01/03/2024,01/03/2025")];
        assert_eq!(flagged_with("1010", &this, &last, opts()), [("OC3", 0)]);
    }
}
