//! 8600: a referral date must be present (and a date) and not after the end of the census year.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8600",
        message: "Child referral date missing or after data collection period",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["CINreferralDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    flag_each(c, s, &c.cin_details, &["CINreferralDate"], |e| {
        e.cin_referral_date.get().is_none_or(|d| d > c.period.end)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_missing_or_late_referral() {
        assert!(hits(&RULE, &one("<CINreferralDate>2026-03-31</CINreferralDate>")).is_empty());
        assert_eq!(hits(&RULE, &one("<CINreferralDate>2026-04-01</CINreferralDate>")), [("CINdetails", 0)]);
        assert_eq!(hits(&RULE, &one("<CINreferralDate/>")), [("CINdetails", 0)]);
        assert_eq!(hits(&RULE, &one("<CINreferralDate>31/03/2026</CINreferralDate>")), [("CINdetails", 0)]);
    }
}
