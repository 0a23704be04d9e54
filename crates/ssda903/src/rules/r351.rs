//! 351: a child cannot be over 25 at the start of the collection year.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "351",
        message: "Child was over 25 at the start of the current collection year.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["DOB"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.header.as_ref(), s, &["DOB"], |r| r.dob.get().is_some_and(|b| d.year().start() > add_years(b, 25)));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn fires_after_the_25th_birthday() {
        let t = [csv::<Header>("CHILD,DOB\n1,01/04/2000\n2,31/03/2000\n3,")];
        assert_eq!(flagged("351", &t), [("Header", 1)]);
    }
}
