//! 8820: a child's episodes cannot overlap: no episode may start on or after
//! another's referral and before its closure. An open episode going on to
//! further action runs to the reference date. Both episodes are flagged.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8820",
        message: "The dates on the CIN episodes for this child overlap",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["CINreferralDate", "CINclosureDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ch in &c.children {
        let eps = c.episodes_of(ch);
        for a in eps {
            let Some(start) = a.cin_referral_date.get() else { continue };
            for b in eps.iter().filter(|b| b.row != a.row) {
                let Some(b_start) = b.cin_referral_date.get() else { continue };
                let within = match b.cin_closure_date.get() {
                    Some(end) => start < end,
                    None => further_action(b) && start < c.period.end,
                };
                if start >= b_start && within {
                    flag(c, s, a, &["CINreferralDate", "CINclosureDate"]);
                    flag(c, s, b, &["CINreferralDate", "CINclosureDate"]);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_overlapping_episodes() {
        let first = cin("<CINclosureDate>2025-07-01</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure>");
        let second = |d: &str| cin(&el("CINreferralDate", d));
        let two = |d: &str| census(&child("C1", "", &[first.clone(), second(d)].concat()));
        assert_eq!(hits(&RULE, &two("2025-06-30")), [("CINdetails", 0), ("CINdetails", 1)]);
        assert!(hits(&RULE, &two("2025-07-01")).is_empty(), "a new referral on the closure day");
        let open_first = census(&child("C1", "", &[cin(""), second("2025-07-01")].concat()));
        assert_eq!(hits(&RULE, &open_first).len(), 2);
    }
}
