//! 1016: a young person aged 17 at the end of the year who left care on or after their 17th
//! birthday (or aged 18 and left on or after their 18th) is not yet in the care leaver cohort
//! for this return, so an OC3 row with any of IN_TOUCH, ACTIV, ACCOM fires. Ages are whole
//! years at 31 March; the reference measures them in average-length years (and crashes on a
//! DOB that is not strict dd/mm/YYYY), so it can differ within a day of a birthday.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "1016",
        message: "Care leaver information is not required for 17- or 18-year olds who cease to be looked after, after their birthday.",
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
        has_leaver_data(o) && eps.of(&o.child).iter().any(|e| e.dec.get().is_some_and(|dec| dec >= birthday))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Oc3};

    #[test]
    fn leaving_after_the_birthday_fires() {
        let e = csv::<Episode>("CHILD,DEC\n1,10/05/2025\n2,09/05/2025\n3,10/05/2025\n4,10/05/2025");
        // 18th birthday on 10/05/2025 for 1 and 2; 3 is 19 at the year end; 4 has no OC3 data.
        let o = csv::<Oc3>("CHILD,DOB,ACTIV\n1,10/05/2007,F1\n2,10/05/2007,F1\n3,10/05/2006,F1\n4,10/05/2007,");
        assert_eq!(flagged("1016", &[e, o]), [("OC3", 0)]);
    }
}
