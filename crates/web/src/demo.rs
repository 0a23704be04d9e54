//! The demo's accounts: one user per role, linked to generated staff where
//! the role has a caseload, and one restricted child on the demo social
//! worker's caseload, so every part of the access policy can be tried.

use crate::AppError;
use crate::auth::password;
use carefile_domain::access::{Role, UserEvent};
use carefile_domain::org::{Organisation, StaffRole};
use carefile_domain::{ChildId, ChildRecord, WorkerId};
use chrono::NaiveDate;
use std::collections::BTreeMap;

pub struct DemoUser {
    pub username: String,
    pub role: Role,
    pub worker: Option<WorkerId>,
    pub password: String,
}

pub struct DemoAccounts {
    pub users: Vec<DemoUser>,
    /// The restricted child, if the social worker has any child.
    pub restricted: Option<ChildId>,
    /// What to store: the users, then the restriction.
    pub events: Vec<UserEvent>,
}

/// Chooses the staff: the social worker with the most children allocated on
/// `as_of` (lowest ID on a tie), a team manager of that worker's team, and a
/// reviewing officer, each in post on `as_of`.
pub fn demo_accounts(org: &Organisation, children: &[ChildRecord], as_of: NaiveDate) -> Result<DemoAccounts, AppError> {
    let mut caseloads: BTreeMap<&WorkerId, Vec<&ChildId>> = BTreeMap::new();
    for c in children {
        if let Some(w) = c.allocation_on(as_of).and_then(|a| a.worker.as_ref()) {
            caseloads.entry(w).or_default().push(&c.id);
        }
    }
    let in_post = |role: StaffRole| org.staff.values().filter(move |s| s.role == role && s.in_post(as_of));
    let worker = in_post(StaffRole::SocialWorker)
        .filter_map(|s| caseloads.get(&s.id).map(|c| (c.len(), s)))
        .max_by(|(n, a), (m, b)| n.cmp(m).then(b.id.cmp(&a.id)))
        .map(|(_, s)| s);
    let team = worker.and_then(|s| s.team_on(as_of));
    let manager = in_post(StaffRole::TeamManager).find(|s| team.is_some() && s.team_on(as_of) == team);
    let reviewer = in_post(StaffRole::ReviewingOfficer).next();

    let mut users = Vec::new();
    for role in Role::ALL {
        let linked = match role {
            Role::SocialWorker => worker,
            Role::TeamManager => manager,
            Role::ReviewingOfficer => reviewer,
            Role::Analyst | Role::Admin | Role::Councillor => None,
        };
        users.push(DemoUser {
            username: format!("demo-{}", role.code()),
            role,
            worker: linked.map(|s| s.id.clone()),
            password: password::generate()?,
        });
    }
    let restricted = worker.and_then(|w| caseloads.get(&w.id)).and_then(|c| c.first()).map(|c| (*c).clone());
    let mut events = Vec::new();
    for u in &users {
        events.push(UserEvent::UserAdded {
            username: u.username.clone(),
            role: u.role,
            worker: u.worker.clone(),
            password_hash: password::hash(&u.password)?,
        });
    }
    if let Some(child) = &restricted {
        events.push(UserEvent::RecordRestricted {
            child: child.clone(),
            reason: "demo: a relative of a member of staff".into(),
        });
    }
    Ok(DemoAccounts { users, restricted, events })
}
