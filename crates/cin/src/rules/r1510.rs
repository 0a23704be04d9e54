//! 1510: a UPN's first character is a check letter over characters 2–13 (DfE
//! UPN guide 1.2: character k times weight k, sum mod 23, mapped to
//! A–Z without I, O and S). Judged when the UPN is 13 characters with 2–13
//! all digits; other shapes are for 1540 and 1550.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "1510",
        message: "UPN invalid (wrong check letter at character 1)",
        severity: Severity::Error,
        tables: &["ChildIdentifiers"],
        fields: &["UPN"],
        needs: &[],
    },
    check,
};

/// The check letter for 12 digits (characters 2–13), or `None` when they are not all digits.
pub(crate) fn check_letter(upn: &str) -> Option<char> {
    const LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";
    let tail = upn.get(1..)?;
    if tail.len() != 12 || !tail.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = tail.bytes().zip(2u32..).map(|(b, w)| u32::from(b - b'0') * w).sum();
    Some(char::from(LETTERS[(sum % 23) as usize]))
}

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.children, &["UPN"], |ch| {
        ch.upn.value().is_some_and(|u| check_letter(u).is_some_and(|l| !u.starts_with(l)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    fn with_upn(upn: &str) -> Census {
        census(&child("C1", &el("UPN", upn), ""))
    }

    #[test]
    fn check_letter_follows_the_upn_guide() {
        // 8*2+5*3+5*4+1*5+2*6+3*7+4*8+5*9+6*10+7*11+8*12+9*13 = 516; 516 mod 23 = 10 → L.
        assert_eq!(check_letter("?855123456789"), Some('L'));
        assert_eq!(check_letter("?85512345678A"), None);
    }

    #[test]
    fn fires_on_a_wrong_check_letter() {
        assert!(hits(&RULE, &with_upn("L855123456789")).is_empty());
        assert_eq!(hits(&RULE, &with_upn("A855123456789")), [("ChildIdentifiers", 0)]);
        assert!(hits(&RULE, &with_upn("A85512345678A")).is_empty(), "temporary UPNs are not judged here");
        assert!(hits(&RULE, &census(&child("C1", "", ""))).is_empty());
    }
}
