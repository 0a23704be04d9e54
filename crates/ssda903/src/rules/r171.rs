//! 171: the date of birth of a mother's child (MC_DOB), when given, must be a real dd/mm/YYYY date.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "171",
        message: "Date of birth of mother's child is not a valid date.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["MC_DOB"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.header.as_ref(), s, &["MC_DOB"], |r| r.mc_dob.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn fires_on_unreadable_dates_only() {
        let t = [csv::<Header>("CHILD,MC_DOB\n1,29/02/2024\n2,29/02/2025\n3,")];
        assert_eq!(flagged("171", &t), [("Header", 1)]);
    }
}
