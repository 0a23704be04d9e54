//! 4180: sex must be recorded as M, F or U (from 2024-25).

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "4180",
        message: "Sex must be provided and equal M, F, or U",
        severity: Severity::Error,
        tables: &["ChildIdentifiers"],
        fields: &["Sex"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.children, &["Sex"], |ch| ch.sex.get().is_none());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_missing_or_unknown_codes() {
        assert!(hits(&RULE, &census(&child("C1", "<Sex>U</Sex>", ""))).is_empty());
        assert_eq!(hits(&RULE, &census(&child("C1", "<Sex>1</Sex>", ""))), [("ChildIdentifiers", 0)]);
        assert_eq!(hits(&RULE, &census(&child("C1", "<Sex/>", ""))), [("ChildIdentifiers", 0)]);
    }
}
