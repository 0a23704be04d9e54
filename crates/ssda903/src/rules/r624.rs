//! 624: the date of birth of a mother's first child, once reported, should not change: when
//! last year's Header has an MC_DOB for the child, this year's must be the same date (a blank
//! one this year fires too). Dates are compared as dates, unreadable ones as written.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "624",
        message: "Date of birth of the first child contradicts the date of birth of the first child previously recorded.",
        severity: Severity::Error,
        tables: &["Header", "Header_last"],
        fields: &["MC_DOB"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(header), Some(last)) = (&d.this.header, &d.last.header) else { return };
    flag_rows(Some(header), s, RULE.meta.fields, |h| last.of(&h.child).iter().any(|l| l.mc_dob.is_present() && l.mc_dob != h.mc_dob));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn changed_first_child_dob_fires() {
        let this = [csv::<Header>("CHILD,MC_DOB\n1,01/01/2025\n2,1/1/2025\n3,\n4,02/01/2025\n5,02/01/2025")];
        let last = [csv::<Header>("CHILD,MC_DOB\n1,01/01/2025\n2,01/01/2025\n3,01/01/2025\n4,01/01/2025\n5,")];
        assert_eq!(flagged_with("624", &this, &last, opts()), [("Header", 2), ("Header", 3)]);
    }
}
