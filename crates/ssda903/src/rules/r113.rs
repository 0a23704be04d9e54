//! 113: the date of matching child and adopter(s), when given, must be a real dd/mm/YYYY date (a blank is allowed here).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "113",
        message: "Date matching child and adopter(s) is not a valid date.",
        severity: Severity::Error,
        tables: &["AD1"],
        fields: &["DATE_MATCH"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.ad1.as_ref(), s, &["DATE_MATCH"], |r| r.date_match.is_invalid());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Ad1;

    #[test]
    fn fires_on_unreadable_dates_only() {
        let t = [csv::<Ad1>("CHILD,DATE_MATCH\n1,29/02/2024\n2,29/02/2025\n3,\n4,01/13/2024\n5,1/4/2024")];
        assert_eq!(flagged("113", &t), [("AD1", 1), ("AD1", 3)]);
    }
}
