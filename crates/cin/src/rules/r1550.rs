//! 1550: UPN character 13 must be a digit or a check-alphabet letter (no I, O, S).
//! Judged on UPNs of 13 characters.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "1550",
        message: "UPN invalid (character 13 not a recognised value)",
        severity: Severity::Error,
        tables: &["ChildIdentifiers"],
        fields: &["UPN"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.children, &["UPN"], |ch| {
        ch.upn.value().is_some_and(|u| {
            let chars: Vec<char> = u.chars().collect();
            chars.len() == 13
                && !(chars[12].is_ascii_digit() || (chars[12].is_ascii_uppercase() && !"IOS".contains(chars[12])))
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_bad_last_character() {
        let run = |u: &str| hits(&RULE, &census(&child("C1", &el("UPN", u), "")));
        assert!(run("L855123456789").is_empty());
        assert!(run("L85512345678A").is_empty());
        assert_eq!(run("L85512345678I"), [("ChildIdentifiers", 0)]);
        assert_eq!(run("L85512345678a"), [("ChildIdentifiers", 0)]);
        assert!(run("L85512345678").is_empty(), "other lengths are not judged");
    }
}
