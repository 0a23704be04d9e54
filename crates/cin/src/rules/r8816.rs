//! 8816: an open episode going on to further action must be the child's latest
//! episode (by referral date). Flags the open episode and the later one.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8816",
        message: "An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["CINreferralDate", "ReferralNFA"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ch in &c.children {
        let eps = c.episodes_of(ch);
        let Some(latest) = eps.iter().filter_map(|e| e.cin_referral_date.get()).max() else { continue };
        for e in eps.iter().filter(|e| lacks(&e.cin_closure_date) && further_action(e)) {
            if e.cin_referral_date.get().is_some_and(|d| d < latest) {
                flag(c, s, e, &["CINreferralDate", "ReferralNFA"]);
                eps.iter()
                    .filter(|l| l.cin_referral_date.get() == Some(latest))
                    .for_each(|l| flag(c, s, l, &["CINreferralDate"]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_an_open_episode_that_is_not_the_latest() {
        let closed_later =
            cin("<CINreferralDate>2025-08-01</CINreferralDate><CINclosureDate>2025-08-02</CINclosureDate>");
        assert_eq!(
            hits(&RULE, &census(&child("C1", "", &[cin(""), closed_later.clone()].concat()))),
            [("CINdetails", 0), ("CINdetails", 1)]
        );
        let open_later =
            cin("<CINreferralDate>2025-05-01</CINreferralDate><CINclosureDate>2025-05-02</CINclosureDate>");
        assert!(hits(&RULE, &census(&child("C1", "", &[cin(""), open_later].concat()))).is_empty());
    }
}
