//! 8790: a child recorded as having no disability (NONE) cannot also have
//! disabilities recorded; all the child's disability rows are flagged.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8790",
        message: "Disability information includes both None and other values",
        severity: Severity::Error,
        tables: &["Disabilities"],
        fields: &["Disability"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    use carefile_domain::codes::Disability;
    for ch in &c.children {
        let rows = c.disabilities_of(ch);
        let none = rows.iter().any(|r| r.disability.get() == Some(Disability::None));
        if none && rows.iter().any(|r| r.disability.is_present() && r.disability.get() != Some(Disability::None)) {
            rows.iter().for_each(|r| flag(c, s, r, &["Disability"]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_none_with_others() {
        let with = |d: &str| census(&child("C1", "", "").replace("<Disability>NONE</Disability>", d));
        assert_eq!(
            hits(&RULE, &with("<Disability>NONE</Disability><Disability>MOB</Disability>")),
            [("Disabilities", 0), ("Disabilities", 1)]
        );
        assert!(hits(&RULE, &with("<Disability>HAND</Disability><Disability>MOB</Disability>")).is_empty());
        assert!(hits(&RULE, &with("<Disability>NONE</Disability>")).is_empty());
    }
}
