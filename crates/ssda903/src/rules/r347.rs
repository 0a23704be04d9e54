//! 347: a care leaver under 18 (at the start of the collection year) cannot be accommodated in a Foyer
//! (ACCOM T1 or T2). (The reference validator compares ACCOM with "T", which no code equals, so it never
//! fires; carefile follows the DfE's meaning.)

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "347",
        message: "Care leavers aged under 18 years, can not be accommodated in a Foyer.",
        severity: Severity::Error,
        tables: &["OC3"],
        fields: &["ACCOM", "DOB"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let start = d.year().start();
    flag_rows(d.this.oc3.as_ref(), s, &["ACCOM"], |r| {
        matches!(r.accom.get(), Some(Accommodation::T1 | Accommodation::T2)) && r.dob.get().is_some_and(|b| add_years(b, 18) > start)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc3;

    #[test]
    fn fires_for_under_18s_in_foyers() {
        let t = [csv::<Oc3>("CHILD,DOB,ACCOM\n1,02/04/2007,T1\n2,01/04/2007,T2\n3,02/04/2007,B1")];
        assert_eq!(flagged("347", &t), [("OC3", 0)]);
    }
}
