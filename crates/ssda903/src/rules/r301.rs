//! 301: a child cannot be born after the collection year ended.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "301",
        message: "Date of birth falls after the year ended.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["DOB"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let end = d.year().end();
    flag_rows(d.this.header.as_ref(), s, &["DOB"], |r| r.dob.get().is_some_and(|b| b > end));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn fires_after_31_march() {
        let t = [csv::<Header>("CHILD,DOB\n1,31/03/2026\n2,01/04/2026\n3,")];
        assert_eq!(flagged("301", &t), [("Header", 1)]);
    }
}
