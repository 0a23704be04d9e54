//! 1560Q: a former UPN must have a UPN's shape: a letter, eleven digits, then a
//! digit or (temporary UPN) a letter.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "1560Q",
        message: "Please check and either amend or provide a reason: Former UPN wrongly formatted",
        severity: Severity::Query,
        tables: &["ChildIdentifiers"],
        fields: &["FormerUPN"],
        needs: &[],
    },
    check,
};

pub(crate) fn well_formed_upn(u: &str) -> bool {
    let b = u.as_bytes();
    b.len() == 13
        && b[0].is_ascii_alphabetic()
        && b[1..12].iter().all(u8::is_ascii_digit)
        && (b[12].is_ascii_digit() || b[12].is_ascii_alphabetic())
}

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.children, &["FormerUPN"], |ch| ch.former_upn.value().is_some_and(|u| !well_formed_upn(u)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_badly_formed_former_upn() {
        let run = |u: &str| hits(&RULE, &census(&child("C1", &el("FormerUPN", u), "")));
        assert!(run("L855123456789").is_empty());
        assert!(run("L85512345678A").is_empty(), "temporary UPNs are well formed");
        assert_eq!(run("1855123456789"), [("ChildIdentifiers", 0)]);
        assert_eq!(run("L85512345678"), [("ChildIdentifiers", 0)]);
        assert_eq!(run("L8551234X6789"), [("ChildIdentifiers", 0)]);
    }
}
