//! 543: a child aged 10 or over on 31 March who has been looked after continuously for 12 months
//! must have conviction information (CONVICTED) completed. A tenth birthday on 31 March counts as
//! 10, as the message says and as 542 treats it; the reference validator requires the birthday
//! to be before 31 March (see DISAGREEMENTS.toml). Needs Episodes; unreadable DOBs are ignored.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "543",
        message: "Child is aged 10 or over at 31 March and has been looked after continuously for 12 months yet conviction information has not been completed.",
        severity: Severity::Error,
        tables: &["Episodes", "OC2"],
        fields: &["DOB", "CONVICTED"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r545::flag_continuously_looked_after(d, s, &["DOB", "CONVICTED"], |o, age| age >= 10 && o.convicted.is_blank());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Oc2};

    #[test]
    fn fires_from_the_tenth_birthday_on_31_march() {
        let eps = csv::<Episode>("CHILD,DECOM,RNE,LS\n1,01/01/2024,S,C2\n2,01/01/2024,S,C2\n3,01/01/2024,S,C2\n4,01/06/2025,S,C2\n5,01/01/2024,S,C2");
        let oc2 = csv::<Oc2>("CHILD,DOB,CONVICTED\n1,31/03/2016,\n2,01/04/2016,\n3,30/03/2016,0\n4,01/01/2010,\n5,30/03/2016,");
        assert_eq!(flagged("543", &[eps, oc2]), [("OC2", 0), ("OC2", 4)]);
    }
}
