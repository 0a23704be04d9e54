//! My caseload: the children a user works with and what is due or overdue
//! for each, from the index (the timescale engine's due list on the
//! reference date).

use super::layout;
use crate::access::decide;
use crate::auth::SignedIn;
use crate::index::{ChildSummary, Index};
use crate::{AppError, AppState};
use axum::extract::State;
use carefile_domain::access::{Access, Role};
use carefile_domain::timescales::Status;
use maud::{Markup, html};

/// The children on `user`'s caseload: their own for a social worker, their
/// team's for a manager, CP and looked-after children for a reviewing
/// officer; none for roles that do not see children. Only children open to
/// the service or with something still due: a closed case keeps its last
/// allocation but is no longer worked.
pub fn caseload<'a>(index: &'a Index, user: &SignedIn) -> Vec<&'a ChildSummary> {
    let mut children: Vec<&ChildSummary> = match user.role {
        Role::SocialWorker => user.worker.as_ref().map(|w| index.of_worker(w).collect()).unwrap_or_default(),
        Role::TeamManager => user.team.as_ref().map(|t| index.of_team(t).collect()).unwrap_or_default(),
        Role::ReviewingOfficer => {
            index.children().filter(|c| c.status.cp_plan || c.status.looked_after).collect()
        }
        Role::Analyst | Role::Admin | Role::Councillor => Vec::new(),
    };
    children.retain(|c| c.is_open() || !index.due(&c.id).is_empty());
    children
}

pub async fn page(State(state): State<AppState>, user: SignedIn) -> Result<Markup, AppError> {
    if !user.role.sees_children() {
        return Err(AppError::Forbidden("your role does not work with individual children".into()));
    }
    let index = state.index().await?;
    let children = caseload(&index, &user);
    let overdue: usize =
        children.iter().map(|c| index.due(&c.id).iter().filter(|r| r.status == Status::Overdue).count()).sum();
    let due: usize = children.iter().map(|c| index.due(&c.id).len()).sum();
    let body = html! {
        p { (children.len()) " children; " (due) " items due, " span.overdue { (overdue) " overdue" } " on " (index.as_of()) "." }
        table {
            thead { tr { th { "Child" } th { "Status" } th { "What is due" } th { "Due" } } }
            tbody {
                @for c in &children {
                    @let shown = decide(&state, &user, c) == Access::Allow;
                    @let rows = index.due(&c.id);
                    tr {
                        td rowspan=(rows.len().max(1)) {
                            a href={ "/children/" (c.id) } { (c.id) }
                            @if shown { " " (c.name) } @else { " (restricted record)" }
                        }
                        td rowspan=(rows.len().max(1)) { (c.status_words().join(", ")) }
                        @if let Some(first) = rows.first() {
                            (due_cells(first))
                        } @else { td { "nothing due" } td {} }
                    }
                    @for r in rows.iter().skip(1) { tr { (due_cells(r)) } }
                }
            }
        }
    };
    Ok(layout("My caseload", Some(&user), body))
}

fn due_cells(r: &carefile_domain::timescales::DueRow) -> Markup {
    html! {
        td { (r.item.label()) }
        @if r.status == Status::Overdue { td.overdue { (r.due) " (overdue)" } } @else { td { (r.due) } }
    }
}
