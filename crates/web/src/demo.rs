//! The demo's accounts: one user per role of the default access policy,
//! linked to generated staff where the role's scope follows allocation, and
//! one restricted child on the demo social worker's caseload, so every part
//! of the access policy can be tried.

use crate::AppError;
use crate::auth::password;
use carefile_domain::access::{Policy, Role, UserEvent};
use carefile_domain::org::{Organisation, Service, Staff, StaffRole};
use carefile_domain::{ChildId, ChildRecord, WorkerId};
use chrono::NaiveDate;
use std::collections::BTreeMap;

pub struct DemoUser {
    pub username: String,
    pub role: Role,
    /// The role's label in the policy.
    pub label: String,
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
/// `as_of` (lowest ID on a tie), a team manager of that worker's team, the
/// reviewing officer assigned to the most children, and for the other roles
/// that work from allocations the first suitable member of staff in post.
pub fn demo_accounts(org: &Organisation, children: &[ChildRecord], as_of: NaiveDate) -> Result<DemoAccounts, AppError> {
    let mut caseloads: BTreeMap<&WorkerId, Vec<&ChildId>> = BTreeMap::new();
    let mut reviews: BTreeMap<&WorkerId, usize> = BTreeMap::new();
    for c in children {
        if let Some(w) = c.allocation_on(as_of).and_then(|a| a.worker.as_ref()) {
            caseloads.entry(w).or_default().push(&c.id);
        }
        for r in c.reviewers_on(as_of) {
            *reviews.entry(&r.worker).or_default() += 1;
        }
    }
    let in_post = |role: StaffRole| org.staff.values().filter(move |s| s.role == role && s.in_post(as_of));
    let busiest = |counts: &BTreeMap<&WorkerId, usize>, role: StaffRole| {
        in_post(role).filter_map(|s| counts.get(&s.id).map(|n| (*n, s))).max_by(|(n, a), (m, b)| n.cmp(m).then(b.id.cmp(&a.id))).map(|(_, s)| s)
    };
    let sizes: BTreeMap<&WorkerId, usize> = caseloads.iter().map(|(w, c)| (*w, c.len())).collect();
    let worker = busiest(&sizes, StaffRole::SocialWorker);
    let team = worker.and_then(|s| s.team_on(as_of));
    let service_of = |s: &Staff| s.team_on(as_of).and_then(|t| org.teams.get(t)).map(|t| t.service);
    let in_service = |role: StaffRole, service: Service| in_post(role).find(|s| service_of(s) == Some(service));
    let pick = |code: &str| -> Option<&Staff> {
        match code {
            "social-worker" => worker,
            "team-manager" => in_post(StaffRole::TeamManager).find(|s| team.is_some() && s.team_on(as_of) == team),
            "service-manager" => worker.and_then(service_of).and_then(|sv| in_service(StaffRole::ServiceManager, sv)),
            "front-door-worker" => in_service(StaffRole::SocialWorker, Service::FirstResponse),
            "personal-adviser" => in_post(StaffRole::PersonalAdviser).next(),
            "early-help-worker" => in_post(StaffRole::EarlyHelpWorker).next(),
            "early-help-manager" => in_service(StaffRole::TeamManager, Service::EarlyHelp),
            "supervising-social-worker" | "family-finder" => in_service(StaffRole::SocialWorker, Service::ChildrenInCare),
            "reviewing-officer" | "conference-chair" => busiest(&reviews, StaffRole::ReviewingOfficer),
            _ => None,
        }
    };

    let policy = Policy::default();
    let mut users = Vec::new();
    for (role, def) in &policy.roles {
        users.push(DemoUser {
            username: format!("demo-{}", role.code()),
            role: role.clone(),
            label: def.label.clone(),
            worker: pick(role.code()).map(|s| s.id.clone()),
            password: password::generate()?,
        });
    }
    let restricted = worker.and_then(|w| caseloads.get(&w.id)).and_then(|c| c.first()).map(|c| (*c).clone());
    let mut events = Vec::new();
    for u in &users {
        events.push(UserEvent::UserAdded {
            username: u.username.clone(),
            role: u.role.clone(),
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
