//! 102: the date of birth must be a real dd/mm/YYYY date; a blank one fires too.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "102",
        message: "Date of birth is not a valid date.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["DOB"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.header.as_ref(), s, &["DOB"], |h| h.dob.value().is_none());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn fires_on_impossible_and_blank_dates() {
        let t = [csv::<Header>("CHILD,DOB\n1,29/02/2024\n2,29/02/2023\n3,\n4,2020-01-01")];
        assert_eq!(flagged("102", &t), [("Header", 1), ("Header", 2), ("Header", 3)]);
    }
}
