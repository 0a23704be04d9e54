//! 333: the date the child should be placed for adoption (DATE_INT) is given whenever the date of
//! matching is, and is on or before it.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "333",
        message: "Date should be placed for adoption must be on or prior to the date of matching child with adopter(s).",
        severity: Severity::Error,
        tables: &["AD1"],
        fields: &["DATE_INT"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.ad1.as_ref(), s, &["DATE_INT"], |r| {
        r.date_match.get().is_some_and(|m| r.date_int.get().is_none_or(|i| i > m))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Ad1;

    #[test]
    fn fires_when_decision_is_missing_or_after_matching() {
        let t = [csv::<Ad1>("CHILD,DATE_INT,DATE_MATCH\n1,01/05/2025,01/05/2025\n2,02/05/2025,01/05/2025\n3,,01/05/2025\n4,01/05/2025,")];
        assert_eq!(flagged("333", &t), [("AD1", 1), ("AD1", 2)]);
    }
}
