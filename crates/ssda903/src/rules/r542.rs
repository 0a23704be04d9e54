//! 542: conviction information is collected only from age 10, so a child under 10 on 31 March
//! (the tenth birthday not yet reached that day) must have CONVICTED blank. Unreadable DOBs are
//! ignored (102 reports them).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "542",
        message: "A child aged under 10 at 31 March should not have conviction information completed.",
        severity: Severity::Error,
        tables: &["OC2"],
        fields: &["CONVICTED"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let end = d.year().end();
    flag_rows(d.this.oc2.as_ref(), s, &["CONVICTED"], |o| o.dob.get().is_some_and(|dob| age(dob, end) < 10) && o.convicted.is_present());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_before_the_tenth_birthday() {
        let t = [csv::<Oc2>("CHILD,DOB,CONVICTED\n1,01/04/2016,0\n2,31/03/2016,1\n3,01/04/2016,\n4,,1")];
        assert_eq!(flagged("542", &t), [("OC2", 0)]);
    }
}
