//! 1530: UPN characters 2–4 must be a DfE LA number (a current authority or one
//! abolished since April 1998, from the shared list in `carefile_returns::la`) or one of the
//! DfE's pseudo-LA codes (001–005, 660–681, 701–708). Judged on UPNs of 13 characters.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "1530",
        message: "UPN invalid (characters 2-4 not a recognised LA code)",
        severity: Severity::Error,
        tables: &["ChildIdentifiers"],
        fields: &["UPN"],
        needs: &[],
    },
    check,
};

fn is_pseudo_la(n: u16) -> bool {
    matches!(n, 1..=5 | 660..=681 | 701..=708)
}

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.children, &["UPN"], |ch| {
        let Some(upn) = ch.upn.value().filter(|u| u.chars().count() == 13) else { return false };
        let la = upn.get(1..4).filter(|d| d.bytes().all(|b| b.is_ascii_digit())).and_then(|d| d.parse::<u16>().ok());
        !la.is_some_and(|n| is_pseudo_la(n) || crate::la::by_number(n).is_some())
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
    fn fires_on_an_unknown_la_number() {
        assert!(hits(&RULE, &with_upn("L855123456789")).is_empty());
        assert!(hits(&RULE, &with_upn("L909123456789")).is_empty(), "abolished Cumbria");
        assert!(hits(&RULE, &with_upn("L001123456789")).is_empty(), "pseudo LA");
        assert_eq!(hits(&RULE, &with_upn("L999123456789")), [("ChildIdentifiers", 0)]);
        assert_eq!(hits(&RULE, &with_upn("L8X5123456789")), [("ChildIdentifiers", 0)]);
        assert_eq!(hits(&RULE, &with_upn("L000123456789")), [("ChildIdentifiers", 0)]);
    }
}
