//! 8815: a child can have only one open episode (no closure date) that went on
//! to further action; each such open episode of a child with several is flagged.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8815",
        message: "More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["ReferralNFA", "CINclosureDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ch in &c.children {
        let open: Vec<_> =
            c.episodes_of(ch).iter().filter(|e| lacks(&e.cin_closure_date) && further_action(e)).collect();
        flag_if_several(c, s, &open, &["ReferralNFA", "CINclosureDate"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_two_open_episodes() {
        let two = census(&child("C1", "", &[cin(""), cin("<CINreferralDate>2025-08-01</CINreferralDate>")].concat()));
        assert_eq!(hits(&RULE, &two), [("CINdetails", 0), ("CINdetails", 1)]);
        let nfa = census(&child("C1", "", &[cin(""), cin("<ReferralNFA>1</ReferralNFA>")].concat()));
        assert!(hits(&RULE, &nfa).is_empty());
    }
}
