//! 8510: LA child IDs must be unique within the return; every holder is flagged.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8510",
        message: "More than one child record with the same LA Child ID",
        severity: Severity::Error,
        tables: &["ChildIdentifiers"],
        fields: &["LAchildID"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    let mut by_id: std::collections::HashMap<&str, Vec<&ChildIdentifiers>> = std::collections::HashMap::new();
    for ch in c.children.iter().filter(|ch| ch.la_child_id.is_present()) {
        by_id.entry(c.child_id(ch.row)).or_default().push(ch);
    }
    for holders in by_id.values().filter(|h| h.len() > 1) {
        holders.iter().for_each(|ch| flag(c, s, *ch, &["LAchildID"]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_every_holder_of_a_shared_id() {
        let c = census(&[child("A", "", ""), child("B", "", ""), child("A", "", "")].concat());
        assert_eq!(hits(&RULE, &c), [("ChildIdentifiers", 0), ("ChildIdentifiers", 2)]);
        assert!(hits(&RULE, &census(&[child("A", "", ""), child("B", "", "")].concat())).is_empty());
    }
}
