//! 8606: a referral cannot be more than 40 weeks (280 days) before the child's
//! date of birth or expected date of birth.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8606",
        message: "Child referral date is more than 40 weeks before DOB or expected DOB",
        severity: Severity::Error,
        tables: &["CINdetails"],
        fields: &["CINreferralDate", "PersonBirthDate", "ExpectedPersonBirthDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    let too_early = |referral: NaiveDate, birth: &Cell<NaiveDate>| {
        birth.get().is_some_and(|b| referral < b - chrono::Duration::days(280))
    };
    for ch in &c.children {
        for ep in c.episodes_of(ch) {
            let Some(r) = ep.cin_referral_date.get() else { continue };
            if too_early(r, &ch.person_birth_date) || too_early(r, &ch.expected_person_birth_date) {
                flag(c, s, ep, &["CINreferralDate"]);
                flag(c, s, ch, &["PersonBirthDate", "ExpectedPersonBirthDate"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_more_than_280_days_before_birth() {
        let due = |d: &str| {
            census(&child("C1", &format!("<PersonBirthDate/>{}", el("ExpectedPersonBirthDate", d)), &cin("")))
        };
        // Referral 2 June 2025; 280 days later is 9 March 2026.
        assert!(hits(&RULE, &due("2026-03-09")).is_empty());
        assert_eq!(hits(&RULE, &due("2026-03-10")), [("CINdetails", 0), ("ChildIdentifiers", 0)]);
    }
}
