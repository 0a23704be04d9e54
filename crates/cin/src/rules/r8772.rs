//! 8772: UPN unknown reason UN7 means "referral with no further action", so it
//! cannot be used for a child with an episode going on to further action.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8772",
        message: "UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going on to further action",
        severity: Severity::Error,
        tables: &["ChildIdentifiers"],
        fields: &["UPNunknown", "ReferralNFA"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    use carefile_domain::codes::UpnUnknown;
    for ch in c.children.iter().filter(|ch| ch.upn_unknown.get() == Some(UpnUnknown::UN7)) {
        let mut further = c.episodes_of(ch).iter().filter(|e| further_action(e)).peekable();
        if further.peek().is_some() {
            flag(c, s, ch, &["UPNunknown"]);
            further.for_each(|e| flag(c, s, e, &["ReferralNFA"]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_un7_with_further_action() {
        let with = |nfa: &str| census(&child("C1", "<UPNunknown>UN7</UPNunknown>", &cin(&el("ReferralNFA", nfa))));
        assert_eq!(hits(&RULE, &with("false")), [("CINdetails", 0), ("ChildIdentifiers", 0)]);
        assert!(hits(&RULE, &with("true")).is_empty());
    }
}
