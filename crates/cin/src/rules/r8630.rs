//! 8630: an episode cannot close before its referral.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8630",
        message: "CIN Closure Date is before CIN Referral Date for the same CIN episode",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["CINreferralDate", "CINclosureDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cin_details, &["CINreferralDate", "CINclosureDate"], |e| {
        before(&e.cin_closure_date, &e.cin_referral_date)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_closure_before_referral() {
        assert_eq!(hits(&RULE, &one("<CINclosureDate>2025-06-01</CINclosureDate>")), [("CINdetails", 0)]);
        assert!(hits(&RULE, &one("<CINclosureDate>2025-06-02</CINclosureDate>")).is_empty());
    }
}
