//! INT32: a child has at most one row in Header; every row of a repeated child is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "INT32",
        message: "Internal Check: Child should only exist once in Header.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    repeated_children(d.this.header.as_ref(), s);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn fires_for_repeated_children() {
        let t = [csv::<Header>("CHILD\n1\n2\n1")];
        assert_eq!(flagged("INT32", &t), [("Header", 0), ("Header", 2)]);
    }
}
