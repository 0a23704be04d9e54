//! 1520: every UPN must be unique across the return; all holders are flagged.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "1520",
        message: "More than one record with the same UPN.",
        severity: Severity::Error,
        tables: &["ChildIdentifiers"],
        fields: &["UPN"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    let mut by_upn: std::collections::HashMap<&str, Vec<&ChildIdentifiers>> = std::collections::HashMap::new();
    for ch in &c.children {
        if let Cell::Valid(u) | Cell::Invalid(u) = &ch.upn {
            by_upn.entry(u).or_default().push(ch);
        }
    }
    for holders in by_upn.values().filter(|h| h.len() > 1) {
        for ch in holders {
            flag(c, s, *ch, &["UPN"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_every_holder_of_a_shared_upn() {
        let u = el("UPN", "L855123456789");
        let c = census(&[child("A", &u, ""), child("B", "", ""), child("C", &u, "")].concat());
        assert_eq!(hits(&RULE, &c), [("ChildIdentifiers", 0), ("ChildIdentifiers", 2)]);
        let c = census(&[child("A", &u, ""), child("B", "", "")].concat());
        assert!(hits(&RULE, &c).is_empty());
    }
}
