//! 231: an unaccompanied asylum-seeking child (Header UASC = 1) is expected to be an older young person:
//! one under 11 at 31 March is queried. (The DfE tool crashes on this rule.)

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "231",
        message: "We expect that unaccompanied asylum seeking children are generally older young people. Please check the date of birth is correct. If the date of birth is correct then please provide details in a bypass request.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["DOB", "UASC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let end = d.year().end();
    flag_rows(d.this.header.as_ref(), s, &["DOB", "UASC"], |r| {
        r.uasc.get() == Some(true) && r.dob.get().is_some_and(|b| b > add_years(end, -11))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Header, Uasc};

    #[test]
    fn fires_for_young_uasc() {
        let t = [csv::<Header>("CHILD,DOB\n1,31/03/2015\n2,01/04/2015\n3,01/04/2015"), csv::<Uasc>("CHILD\n1\n2")];
        assert_eq!(flagged("231", &t), [("Header", 1)]);
    }
}
