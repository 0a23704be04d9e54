//! 8866: a referral (from April 2013) needs a valid source of referral.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8866",
        message: "Source of Referral is missing or an invalid code",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["CINreferralDate", "ReferralSource"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    let since = NaiveDate::from_ymd_opt(2013, 4, 1).expect("a date");
    flag_each(c, s, &c.cin_details, &["CINreferralDate", "ReferralSource"], |e| {
        e.cin_referral_date.get().is_some_and(|d| d >= since) && e.referral_source.get().is_none()
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_missing_or_unknown_source() {
        assert!(hits(&RULE, &one("")).is_empty());
        assert_eq!(hits(&RULE, &one("<ReferralSource>1E</ReferralSource>")), [("CINdetails", 0)]);
        assert_eq!(hits(&RULE, &one("<ReferralSource/>")), [("CINdetails", 0)]);
        assert!(hits(&RULE, &one("<ReferralSource/><CINreferralDate>2013-03-31</CINreferralDate>")).is_empty());
    }
}
