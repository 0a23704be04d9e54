//! How pages write dates, counts, people and teams: as the GOV.UK style guide
//! does ("31 March 2026", "24,964 children"), and staff and teams by name,
//! never by ID.

use carefile_domain::access::Accounts;
use carefile_domain::org::Organisation;
use carefile_domain::{TeamId, WorkerId};
use chrono::NaiveDate;

/// "31 March 2026".
pub fn date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// "31 Mar 2026", for table cells.
pub fn short_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// "24,964".
pub fn number(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 child", "24,964 children".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", number(n), if n == 1 { one } else { many })
}

/// A member of staff's name; their ID only if the organisation does not know them.
pub fn worker<'a>(org: &'a Organisation, id: &'a WorkerId) -> &'a str {
    org.staff.get(id).map_or(id.as_str(), |s| s.name.as_str())
}

/// A team's name; its ID only if the organisation does not know it.
pub fn team<'a>(org: &'a Organisation, id: &'a TeamId) -> &'a str {
    org.teams.get(id).map_or(id.as_str(), |t| t.name.as_str())
}

/// Who recorded something, as a person reads it: the member of staff's name
/// where the recorder is one (by staff ID, or a user account linked to one),
/// else the account's username.
pub fn recorder(org: &Organisation, accounts: &Accounts, by: &str) -> String {
    let staff = WorkerId::new(by).ok().and_then(|w| org.staff.get(&w)).or_else(|| {
        let linked = accounts.users.get(by)?.worker.as_ref()?;
        org.staff.get(linked)
    });
    staff.map_or_else(|| by.to_string(), |s| s.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dates_and_counts_read_as_the_style_guide_writes_them() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(date(d), "1 March 2026");
        assert_eq!(short_date(d), "1 Mar 2026");
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1000), "1,000");
        assert_eq!(number(24964), "24,964");
        assert_eq!(number(1_234_567), "1,234,567");
        assert_eq!(count(1, "child", "children"), "1 child");
        assert_eq!(count(2, "child", "children"), "2 children");
    }

    proptest! {
        #[test]
        fn numbers_keep_their_digits_in_groups_of_three(n in any::<usize>()) {
            let s = number(n);
            prop_assert_eq!(s.replace(',', ""), n.to_string());
            let groups: Vec<&str> = s.split(',').collect();
            prop_assert!(groups[0].len() <= 3 && !groups[0].is_empty());
            prop_assert!(groups[1..].iter().all(|g| g.len() == 3));
        }
    }
}
