//! 203: a child's date of birth cannot change from last year's return (unreadable dates count as
//! missing on both sides).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "203",
        message: "Date of birth disagrees with the date of birth already recorded for this child.",
        severity: Severity::Error,
        tables: &["Header", "Header_last"],
        fields: &["DOB"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(h), Some(last)) = (&d.this.header, &d.last.header) else { return };
    flag_rows(Some(h), s, &["DOB"], |r| last.of(&r.child).iter().any(|l| l.dob.get() != r.dob.get()));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn fires_when_dob_differs_from_last_year() {
        let this = [csv::<Header>("CHILD,DOB\n1,01/01/2015\n2,02/01/2015\n3,xx\n4,01/01/2015")];
        let last = [csv::<Header>("CHILD,DOB\n1,1/1/2015\n2,01/01/2015\n3,\n4,")];
        assert_eq!(flagged_with("203", &this, &last, opts()), [("Header", 1), ("Header", 3)]);
    }
}
