//! 545: a child under 5 on 31 March (not yet five that day) who has been looked after continuously
//! for 12 months must have health promotion information (HEALTH_CHECK) completed. Needs the
//! Episodes table; unreadable DOBs are ignored.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "545",
        message: "Child is aged under 5 at 31 March and has been looked after continuously for 12 months yet health promotion information has not been completed.",
        severity: Severity::Error,
        tables: &["OC2"],
        fields: &["DOB", "HEALTH_CHECK"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_continuously_looked_after(d, s, &["DOB", "HEALTH_CHECK"], |o, age| age < 5 && o.health_check.is_blank());
}

/// Flags the OC2 rows of children looked after continuously for 12 months for which `bad` holds,
/// given the child's age on 31 March (OC2's outcomes depend on it). Needs the Episodes table;
/// rows with an unreadable DOB are left to 102.
pub(super) fn flag_continuously_looked_after(d: &Input, s: &mut Sink, fields: &'static [&'static str], bad: impl Fn(&Oc2, i32) -> bool) {
    if d.this.episodes.is_none() {
        return;
    }
    let (cla, end) = (continuously_looked_after(d), d.year().end());
    flag_rows(d.this.oc2.as_ref(), s, fields, |o| cla.contains(&*o.child) && o.dob.get().is_some_and(|dob| bad(o, age(dob, end))));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Oc2};

    #[test]
    fn fires_until_the_fifth_birthday() {
        let eps = csv::<Episode>("CHILD,DECOM,RNE,LS\n1,01/01/2024,S,C2\n2,01/01/2024,S,C2\n3,01/01/2024,S,C2\n4,01/06/2025,S,C2");
        let oc2 = csv::<Oc2>("CHILD,DOB,HEALTH_CHECK\n1,31/03/2021,\n2,01/04/2021,\n3,01/04/2021,1\n4,01/04/2021,");
        assert_eq!(flagged("545", &[eps, oc2]), [("OC2", 1)]);
    }
}
