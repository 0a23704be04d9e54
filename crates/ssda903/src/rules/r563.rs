//! 563: a decision that the child should no longer be placed for adoption (reason and date of
//! that reversal both given) needs the original decision's date: DATE_PLACED must not be blank.
//! Only a blank DATE_PLACED fires (an unreadable one is rule 115's).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "563",
        message: "The child should no longer be placed for adoption but the date of the decision that the child should be placed for adoption is blank",
        severity: Severity::Error,
        tables: &["PlacedAdoption"],
        fields: &["DATE_PLACED", "REASON_PLACED_CEASED", "DATE_PLACED_CEASED"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.placed_adoption.as_ref(), s, RULE.meta.fields, |p| {
        p.reason_placed_ceased.is_present() && p.date_placed_ceased.is_present() && p.date_placed.is_blank()
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::PlacedAdoption;

    #[test]
    fn reversal_without_original_date_fires() {
        let t = [csv::<PlacedAdoption>(
            "CHILD,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n1,,01/05/2025,RD1\n2,01/04/2025,01/05/2025,RD1\n3,,01/05/2025,\n4,,,RD1\n5,xx,01/05/2025,RD2",
        )];
        assert_eq!(flagged("563", &t), [("PlacedAdoption", 0)]);
    }
}
