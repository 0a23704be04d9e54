//! 184: a decision to place a child for adoption cannot be made before the child was born:
//! DATE_PLACED against the DOB on the same PlacedAdoption row (as the DfE tool compares it; INT12
//! reports a DOB that differs from the Header's). Judged when a Header table is supplied.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "184",
        message: "Date of decision that a child should be placed for adoption is before the child was born.",
        severity: Severity::Error,
        tables: &["Header", "PlacedAdoption"],
        fields: &["DATE_PLACED", "DOB"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(_), Some(pa)) = (&d.this.header, &d.this.placed_adoption) else { return };
    flag_rows(Some(pa), s, &["DATE_PLACED"], |p| p.date_placed.get().zip(p.dob.get()).is_some_and(|(placed, dob)| placed < dob));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Header, PlacedAdoption};

    #[test]
    fn fires_before_birth_only() {
        let h = csv::<Header>("CHILD,DOB\n1,01/05/2025\n2,01/05/2025");
        let pa = csv::<PlacedAdoption>("CHILD,DOB,DATE_PLACED\n1,01/05/2025,30/04/2025\n1,01/05/2025,01/05/2025\n2,01/05/2025,\n3,,01/01/2000");
        assert_eq!(flagged("184", &[h, pa.clone()]), [("PlacedAdoption", 0)]);
        assert!(flagged("184", &[pa]).is_empty(), "no Header, no check");
    }
}
