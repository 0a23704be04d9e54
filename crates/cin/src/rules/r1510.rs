//! 1510: a UPN's first character is a check letter over characters 2–13 (DfE
//! UPN guide 1.2): character k times weight k, summed, mod 23, mapped to A–Z
//! without I, O and S. A temporary UPN's letter at 13 counts as its place in
//! that same alphabet (A = 0 … Z = 22). Judged on 13-character UPNs whose
//! characters 2–12 are digits; other shapes are for 1540 and 1550.

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

const LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

/// The check letter for characters 2–13 (eleven digits, then a digit or a
/// check-alphabet letter), or `None` when they are not of that shape.
pub(crate) fn check_letter(upn: &str) -> Option<char> {
    let tail = upn.get(1..)?.as_bytes();
    if tail.len() != 12 || !tail[..11].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let last = match tail[11] {
        d @ b'0'..=b'9' => u32::from(d - b'0'),
        l => LETTERS.iter().position(|&x| x == l)? as u32,
    };
    let sum: u32 = tail[..11].iter().zip(2u32..).map(|(b, w)| u32::from(b - b'0') * w).sum::<u32>() + last * 13;
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
        // 2*2 + 7*4 + 1*9 + 6*10 + 4*12 + 9*13 = 266; 266 mod 23 = 13 → P.
        assert_eq!(check_letter("B207000016049"), Some('P'));
        // Temporary UPN: A at 13 counts 0, so 8*2+5*3+5*4+1*5+2*6+3*7+4*8+5*9+6*10+7*11+8*12 = 399 → 399 mod 23 = 8 → J.
        assert_eq!(check_letter("?85512345678A"), Some('J'));
        assert_eq!(check_letter("?85512345678I"), None, "I is not in the check alphabet");
        assert_eq!(check_letter("?8551234567"), None);
    }

    #[test]
    fn fires_on_a_wrong_check_letter() {
        assert!(hits(&RULE, &with_upn("L855123456789")).is_empty());
        assert_eq!(hits(&RULE, &with_upn("A855123456789")), [("ChildIdentifiers", 0)]);
        assert!(hits(&RULE, &with_upn("J85512345678A")).is_empty());
        assert_eq!(hits(&RULE, &with_upn("A85512345678A")), [("ChildIdentifiers", 0)], "temporary UPNs are judged too");
        assert!(hits(&RULE, &census(&child("C1", "", ""))).is_empty());
    }
}
