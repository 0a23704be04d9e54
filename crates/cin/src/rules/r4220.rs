//! 4220: ethnicity must be recorded with one of the DfE's 20 codes. A child
//! without a ChildCharacteristics module is flagged on its identifiers.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "4220",
        message: "Ethnicity is missing or invalid (see Ethnicity table)",
        severity: Severity::Error,
        tables: &["ChildCharacteristics"],
        fields: &["Ethnicity"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.characteristics, &["Ethnicity"], |r| r.ethnicity.get().is_none());
    flag_each(c, s, &c.children, &["Ethnicity"], |ch| ch.characteristics.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_missing_or_unknown_ethnicity() {
        assert!(hits(&RULE, &census(&child("C1", "", ""))).is_empty());
        let with = |e: &str| census(&child("C1", "", "").replace("<Ethnicity>WBRI</Ethnicity>", e));
        assert_eq!(hits(&RULE, &with("<Ethnicity>WXYZ</Ethnicity>")), [("ChildCharacteristics", 0)]);
        assert_eq!(hits(&RULE, &with("")), [("ChildCharacteristics", 0)]);
        let none = "<Child><ChildIdentifiers><LAchildID>C1</LAchildID></ChildIdentifiers></Child>";
        assert_eq!(hits(&RULE, &census(none)), [("ChildIdentifiers", 0)]);
    }
}
