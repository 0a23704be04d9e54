//! 8569Q: a referral made before the working day preceding the census year
//! cannot be a "no further action" referral in this census: such referrals
//! belong to an earlier year's return.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8569Q",
        message: "A case with referral date before one working day prior to the collection start date must not be flagged as a no further action case",
        severity: Severity::Query,
        tables: &["CINdetails"],
        fields: &["ReferralNFA"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    let cutoff = calendar().add_working_days(c.period.start, -1);
    flag_each(c, s, &c.cin_details, &["ReferralNFA"], |e| {
        nfa(e) && e.cin_referral_date.get().is_some_and(|d| d < cutoff)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_before_the_working_day_before_the_year() {
        let referred = |d: &str| one(&format!("<ReferralNFA>true</ReferralNFA>{}", el("CINreferralDate", d)));
        // 1 April 2025 is a Tuesday: the working day before is Monday 31 March.
        assert!(hits(&RULE, &referred("2025-03-31")).is_empty());
        assert_eq!(hits(&RULE, &referred("2025-03-30")), [("CINdetails", 0)]);
        assert!(hits(&RULE, &one("<CINreferralDate>2024-01-01</CINreferralDate>")).is_empty(), "further action");
    }

    #[test]
    fn a_bank_holiday_moves_the_cutoff() {
        // Census 2024-25 starts on Easter Monday 1 April 2024; the working day
        // before it is Thursday 28 March (Good Friday 29 March is a holiday).
        let referred = |d: &str| {
            census_ending(
                2025,
                &child("C1", "", &cin(&format!("<ReferralNFA>1</ReferralNFA>{}", el("CINreferralDate", d)))),
            )
        };
        assert!(hits(&RULE, &referred("2024-03-28")).is_empty());
        assert_eq!(hits(&RULE, &referred("2024-03-27")), [("CINdetails", 0)]);
    }
}
