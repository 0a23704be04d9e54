//! Accounts of staff who have left are disabled automatically (#14 item 5):
//! an account linked to a member of staff whose leaving date is the policy's
//! `disable_after_leaving_days` or more before today is disabled by carefile
//! itself, audited with the date, and its sessions end on their next request
//! (every request checks the account). Housekeeping runs it on every server;
//! two doing so at once at worst record the disabling twice.

use crate::AppState;
use carefile_domain::access::{Accounts, AuditAction, AuditEntry, UserEvent};
use carefile_domain::org::Organisation;
use carefile_domain::Recorded;
use carefile_store::StoreError;
use chrono::{Days, NaiveDate};

/// Who disables them, in the log and the audit.
const BY: &str = "carefile (staff who have left)";

/// The enabled accounts whose member of staff left `after_days` or more before `today`, with the leaving date.
pub(crate) fn leavers(accounts: &Accounts, org: &Organisation, after_days: u32, today: NaiveDate) -> Vec<(String, NaiveDate)> {
    accounts
        .users
        .values()
        .filter(|u| !u.disabled)
        .filter_map(|u| {
            let left = org.staff.get(u.worker.as_ref()?)?.left?;
            let due = left.checked_add_days(Days::new(u64::from(after_days)))?;
            (due <= today).then(|| (u.username.clone(), left))
        })
        .collect()
}

impl AppState {
    /// Disables the accounts of staff who have left (see the module); returns whose.
    pub fn disable_leavers(&self) -> Result<Vec<String>, StoreError> {
        let after = self.policy().settings.disable_after_leaving_days;
        let (today, now) = (self.today(), self.now());
        let found = leavers(&self.accounts(), &self.org(), after, today);
        if found.is_empty() {
            return Ok(Vec::new());
        }
        let recorded = Recorded::new(now, BY, None);
        let events: Vec<_> =
            found.iter().map(|(u, _)| (recorded.clone(), UserEvent::UserDisabled { username: u.clone() })).collect();
        let audits: Vec<_> = found
            .iter()
            .map(|(u, left)| AuditEntry {
                at: now,
                user: BY.into(),
                action: AuditAction::ManageUsers,
                child: None,
                children: Vec::new(),
                detail: format!("user_disabled {u}: left on {left}"),
            })
            .collect();
        self.housekeeping_store(|s| {
            s.append_users(&events)?;
            s.append_audits(&audits)?;
            Ok(())
        })?;
        self.catch_up()?;
        Ok(found.into_iter().map(|(u, _)| u).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use carefile_domain::WorkerId;
    use carefile_domain::access::{Role, User};
    use carefile_domain::org::{StaffRole, Staff};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn only_enabled_accounts_of_staff_gone_long_enough_are_found() {
        let mut org = Organisation::default();
        let mut accounts = Accounts::default();
        for (id, left, user, disabled) in [
            ("W1", Some("2026-03-01"), "gone", false),
            ("W2", Some("2026-03-30"), "just-gone", false),
            ("W3", None, "here", false),
            ("W4", Some("2026-01-01"), "already", true),
        ] {
            let w = WorkerId::new(id).unwrap();
            org.staff.insert(w.clone(), Staff {
                id: w.clone(),
                name: id.into(),
                role: StaffRole::SocialWorker,
                fte: 1.0,
                agency: false,
                joined: d("2020-01-01"),
                left: left.map(d),
                teams: vec![],
                earlier: vec![],
            });
            accounts.users.insert(user.into(), User {
                username: user.into(),
                role: Role::new("social-worker").unwrap(),
                worker: Some(w),
                password_hash: String::new(),
                disabled,
                second_factor: None,
                identity: None,
            });
        }
        accounts.users.insert("no-staff".into(), User {
            username: "no-staff".into(),
            role: Role::new("analyst").unwrap(),
            worker: None,
            password_hash: String::new(),
            disabled: false,
            second_factor: None,
            identity: None,
        });
        let today = d("2026-03-31");
        assert_eq!(leavers(&accounts, &org, 0, today), vec![("gone".into(), d("2026-03-01")), ("just-gone".into(), d("2026-03-30"))]);
        assert_eq!(leavers(&accounts, &org, 1, today), vec![("gone".into(), d("2026-03-01")), ("just-gone".into(), d("2026-03-30"))]);
        assert_eq!(leavers(&accounts, &org, 2, today), vec![("gone".into(), d("2026-03-01"))]);
        assert!(leavers(&accounts, &org, 60, today).is_empty());
    }
}
