//! 546: health promotion information (HEALTH_CHECK) is collected only for children under 5, so a
//! child looked after continuously for 12 months who is 5 or over on 31 March (a fifth birthday on
//! 31 March counts) must have it blank. Needs the Episodes table; unreadable DOBs are ignored.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "546",
        message: "Children aged 5 or over at 31 March should not have health promotion information completed.",
        severity: Severity::Error,
        tables: &["Episodes", "OC2"],
        fields: &["DOB", "HEALTH_CHECK"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r545::flag_continuously_looked_after(d, s, &["DOB", "HEALTH_CHECK"], |o, age| age >= 5 && o.health_check.is_present());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Oc2};

    #[test]
    fn fires_from_the_fifth_birthday_on_31_march() {
        let eps = csv::<Episode>("CHILD,DECOM,RNE,LS\n1,01/01/2024,S,C2\n2,01/01/2024,S,C2\n3,01/01/2024,S,C2\n4,01/06/2025,S,C2");
        let oc2 = csv::<Oc2>("CHILD,DOB,HEALTH_CHECK\n1,31/03/2021,1\n2,01/04/2021,1\n3,31/03/2021,\n4,31/03/2020,1");
        assert_eq!(flagged("546", &[eps, oc2]), [("OC2", 0)]);
    }
}
