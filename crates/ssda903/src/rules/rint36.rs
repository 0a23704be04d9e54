//! INT36: a child has at most one row in UASC; every row of a repeated child is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "INT36",
        message: "Internal Check: Child should only exist once in UASC.",
        severity: Severity::Error,
        tables: &["UASC"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    repeated_children(d.this.uasc.as_ref(), s);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Uasc;

    #[test]
    fn fires_for_repeated_children() {
        let t = [csv::<Uasc>("CHILD\n1\n2\n1")];
        assert_eq!(flagged("INT36", &t), [("UASC", 0), ("UASC", 2)]);
    }
}
