//! 8770Q: a child of school age with a referral going on to further action
//! should have a UPN, or a reason for not having one other than UN1 (which is
//! for children under school age). School age: born on or before 31 August
//! six years before the 31 August after the reference date.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8770Q",
        message: "Please check and either amend data or provide a reason: UPN is missing or reason UPN is missing or is UN1 for a child who is of school age.",
        severity: Severity::Query,
        tables: &["ChildIdentifiers"],
        fields: &["UPNunknown"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    use carefile_domain::codes::UpnUnknown;
    let rd = c.period.end;
    let cutoff = rd
        .checked_add_months(chrono::Months::new(4))
        .map(|d| d + chrono::Duration::days(31))
        .and_then(|d| d.checked_sub_months(chrono::Months::new(72)))
        .unwrap_or(rd);
    flag_each(c, s, &c.children, &["UPN", "UPNunknown"], |ch| {
        ch.person_birth_date.get().is_some_and(|b| b <= cutoff)
            && c.episodes_of(ch).iter().any(further_action)
            && ch.upn.is_blank()
            && matches!(ch.upn_unknown.get(), None | Some(UpnUnknown::UN1))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_school_age_children_without_upn_or_reason() {
        let kid =
            |born: &str, ids: &str| census(&child("C1", &format!("{}{ids}", el("PersonBirthDate", born)), &cin("")));
        // Reference date 31 March 2026: school age means born on or before 31 August 2020.
        assert_eq!(hits(&RULE, &kid("2020-08-31", "<UPNunknown/>")), [("ChildIdentifiers", 0)]);
        assert_eq!(hits(&RULE, &kid("2020-08-31", "<UPNunknown>UN1</UPNunknown>")), [("ChildIdentifiers", 0)]);
        assert!(hits(&RULE, &kid("2020-09-01", "<UPNunknown/>")).is_empty());
        assert!(hits(&RULE, &kid("2020-08-31", "<UPNunknown>UN2</UPNunknown>")).is_empty());
        assert!(hits(&RULE, &kid("2020-08-31", "<UPN>L855123456789</UPN><UPNunknown/>")).is_empty());
    }
}
