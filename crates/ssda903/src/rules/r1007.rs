//! 1007: young people aged 17 or 18 at the end of the year who were looked after on their most
//! recent birthday (their 17th or 18th, on or before 31 March) are still in care, so they need
//! no care leaver information: an OC3 row with any of IN_TOUCH, ACTIV, ACCOM fires. Looked after
//! on the birthday means an episode began on or before it and ended after it, or is still open.
//! The reference leaves out open episodes (its comparison with a blank DEC is false), though
//! the DfE check is about exactly those, and crashes on dates that are not strict dd/mm/YYYY
//! (DISAGREEMENTS.toml); episodes with an unreadable DEC are not counted here.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "1007",
        message: "Care leaver information is not required for 17- or 18-year olds who are still looked after [on their 17th or 18th birthday.]",
        severity: Severity::Error,
        tables: &["Episodes", "OC3"],
        fields: &["IN_TOUCH", "ACTIV", "ACCOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(oc3)) = (&d.this.episodes, &d.this.oc3) else { return };
    let end = d.year().end();
    flag_rows(Some(oc3), s, RULE.meta.fields, |o| {
        let Some(birthday) = o.dob.get().and_then(|dob| seventeenth_or_eighteenth_birthday(dob, end)) else { return false };
        has_leaver_data(o)
            && eps.of(&o.child).iter().any(|e| {
                e.decom.get().is_some_and(|c| c <= birthday)
                    && match &e.dec {
                        Cell::Blank => true,
                        Cell::Valid(dec) => *dec > birthday,
                        Cell::Invalid(_) => false,
                    }
            })
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Oc3};

    #[test]
    fn care_leaver_data_for_a_17_year_old_in_care_fires() {
        // 17th birthdays on 31/03/2026 (child 1), 01/04/2026 (child 2: only 16 at the year end).
        let e = csv::<Episode>(
            "CHILD,DECOM,DEC\n1,01/01/2026,\n2,01/01/2026,\n3,01/01/2025,10/05/2025\n4,01/01/2025,09/05/2025\n5,01/01/2025,",
        );
        let o = csv::<Oc3>("CHILD,DOB,IN_TOUCH\n1,31/03/2009,YES\n2,01/04/2009,YES\n3,09/05/2007,YES\n4,09/05/2007,YES\n5,01/01/2008,");
        // Child 3 was in care on their 18th birthday (left the next day); child 4 left on it.
        assert_eq!(flagged("1007", &[e, o]), [("OC3", 0), ("OC3", 2)]);
    }
}
