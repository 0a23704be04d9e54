//! 103: ethnicity must be one of the DfE's 20 codes; a blank one fires too.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "103",
        message: "The ethnicity code is either not valid or has not been entered.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["ETHNIC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.header.as_ref(), s, &["ETHNIC"], |h| h.ethnic.value().is_none());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn fires_on_unknown_and_blank_codes() {
        let t = [csv::<Header>("CHILD,ETHNIC\n1,WBRI\n2,XXXX\n3,\n4,nobt")];
        assert_eq!(flagged("103", &t), [("Header", 1), ("Header", 2)]);
    }
}
