//! A plan's work on trays: its sign-off on the team's queue, a returned draft
//! on its author's tray, and each open action on the tray of the member of
//! staff who is to do it, due when the plan says.

use crate::tray::{Kind, Owner, Subject, Target, TrayItem};
use carefile_domain::plans::{ActionOwner, ActionStatus, Plan, Stage};
use carefile_domain::timescales::Moment;

/// Everything on trays from one plan.
pub fn tray_items(plan: &Plan) -> Vec<TrayItem> {
    let subject = Subject::Child(plan.child.clone());
    let target = |action| Target::Plan { child: plan.child.clone(), plan: plan.id.clone(), action };
    let kind = plan.kind.label();
    let mut out = Vec::new();
    match &plan.stage {
        Stage::Submitted { team, by, .. } => out.push(TrayItem {
            owner: team.clone().map_or(Owner::Unallocated, Owner::Team),
            subject: subject.clone(),
            kind: Kind::Authorisation,
            title: format!("Sign off the {} (written by {by})", kind.to_lowercase()),
            due: None,
            target: target(None),
        }),
        Stage::Returned { by, reason } => out.push(TrayItem {
            owner: Owner::User(plan.current().written_by.clone()),
            subject: subject.clone(),
            kind: Kind::Returned,
            title: format!("{kind} returned by {by}: {}", reason.lines().next().unwrap_or("")),
            due: None,
            target: target(None),
        }),
        Stage::Ended { .. } => return out,
        Stage::Draft | Stage::InForce => {}
    }
    for (action, status) in plan.open_actions() {
        let ActionOwner::Worker(w) = &action.who else { continue };
        let not_done = matches!(status, Some(ActionStatus::NotDone { .. }));
        out.push(TrayItem {
            owner: Owner::Worker(w.clone()),
            subject: subject.clone(),
            kind: Kind::PlanAction,
            title: format!(
                "{}{} ({})",
                action.what,
                if not_done { " – not done yet" } else { "" },
                kind.to_lowercase()
            ),
            due: action.by.map(Moment::day),
            target: target(Some(action.no)),
        });
    }
    out
}
