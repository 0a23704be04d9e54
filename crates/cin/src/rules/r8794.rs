//! 8794: a child cannot have the same disability code twice; every copy is flagged.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8794",
        message: "Child has two or more disabilities with the same code",
        severity: Severity::Error,
        tables: &["Disabilities"],
        fields: &["Disability"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ch in &c.children {
        let rows = c.disabilities_of(ch);
        for r in rows.iter().filter(|r| r.disability.is_present()) {
            if rows.iter().filter(|o| o.disability.to_string() == r.disability.to_string()).count() > 1 {
                flag(c, s, r, &["Disability"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_repeated_code() {
        let with = |d: &str| census(&child("C1", "", "").replace("<Disability>NONE</Disability>", d));
        let twice = "<Disability>MOB</Disability><Disability>HAND</Disability><Disability>MOB</Disability>";
        assert_eq!(hits(&RULE, &with(twice)), [("Disabilities", 0), ("Disabilities", 2)]);
        assert!(hits(&RULE, &with("<Disability>HAND</Disability><Disability>MOB</Disability>")).is_empty());
    }
}
