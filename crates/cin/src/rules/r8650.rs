//! 8650: a primary need code, when given, must be one of N0–N9.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8650",
        message: "Primary Need Code invalid (see Primary Need table in CIN census code set)",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["PrimaryNeedCode"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cin_details, &["PrimaryNeedCode"], |e| e.primary_need_code.is_invalid());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_an_unknown_code() {
        assert_eq!(hits(&RULE, &one("<PrimaryNeedCode>N10</PrimaryNeedCode>")), [("CINdetails", 0)]);
        assert!(hits(&RULE, &one("<PrimaryNeedCode>N9</PrimaryNeedCode>")).is_empty());
    }
}
