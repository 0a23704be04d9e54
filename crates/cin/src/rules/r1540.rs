//! 1540: UPN characters 5–12 must all be digits (a UPN too short to have them fails).

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "1540",
        message: "UPN invalid (characters 5-12 not all numeric)",
        severity: Severity::Error,
        tables: &["ChildIdentifiers"],
        fields: &["UPN"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.children, &["UPN"], |ch| {
        ch.upn.value().is_some_and(|u| !u.get(4..12).is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit())))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_when_5_to_12_are_not_digits() {
        let run = |u: &str| hits(&RULE, &census(&child("C1", &el("UPN", u), "")));
        assert!(run("L855123456789").is_empty());
        assert!(run("L85512345678A").is_empty(), "character 13 is not judged here");
        assert_eq!(run("L8551234X6789"), [("ChildIdentifiers", 0)]);
        assert_eq!(run("L855"), [("ChildIdentifiers", 0)]);
    }
}
