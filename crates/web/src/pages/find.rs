//! Find a child by ID or name, among the children the user may see. A
//! restricted record without a grant is found by its exact ID only, and shown
//! without its name.

use super::layout;
use crate::access::decide;
use crate::auth::SignedIn;
use crate::index::{ChildSummary, Index};
use crate::{AppError, AppState};
use axum::extract::{Query, State};
use carefile_domain::access::{Access, AuditAction};
use maud::{Markup, html};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Search {
    #[serde(default)]
    pub q: String,
}

/// Most results a search shows.
pub const LIMIT: usize = 50;

/// Matches of `q` the user may see, with whether the name may be shown.
pub fn find<'a>(state: &AppState, index: &'a Index, user: &SignedIn, q: &str) -> Vec<(&'a ChildSummary, bool)> {
    let q = q.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    // The cheap text match first; the policy only for the matches.
    index
        .children()
        .filter_map(|c| {
            let by_id = c.id.as_str().eq_ignore_ascii_case(&q);
            let id = c.id.as_str().as_bytes();
            let id_prefix = id.len() >= q.len() && id[..q.len()].eq_ignore_ascii_case(q.as_bytes());
            let matched = by_id || id_prefix || c.name_lower.contains(&q);
            if !matched {
                return None;
            }
            match decide(state, user, c) {
                Access::Allow => Some((c, true)),
                Access::BreakGlass if by_id => Some((c, false)),
                _ => None,
            }
        })
        .take(LIMIT)
        .collect()
}

pub async fn page(State(state): State<AppState>, user: SignedIn, Query(s): Query<Search>) -> Result<Markup, AppError> {
    if !user.role.sees_children() {
        return Err(AppError::Forbidden("your role does not work with individual children".into()));
    }
    let (body, count) = {
    let index = state.index().await?;
    let found = find(&state, &index, &user, &s.q);
    let body = html! {
        form method="get" action="/children" {
            label for="q" { "Child's ID or name" }
            input #q name="q" value=(s.q) autofocus;
            " " button type="submit" { "Find" }
        }
        @if !s.q.trim().is_empty() {
            p { (found.len()) " found" @if found.len() == LIMIT { " (the first " (LIMIT) ")" } "." }
            ul {
                @for (c, named) in &found {
                    li {
                        a href={ "/children/" (c.id) } { (c.id) }
                        @if *named { " " (c.name) " " @if let Some(d) = c.dob { "(born " (d) ")" } } @else { " (restricted record)" }
                    }
                }
            }
        }
    };
    (body, found.len())
    };
    if !s.q.trim().is_empty() {
        // The search text may be a name: the audit keeps only the count.
        let detail = format!("GET /children: {count} found");
        crate::access::audit(&state, &user.username, AuditAction::ViewAggregate, None, detail).await?;
    }
    Ok(layout("Find a child", Some(&user), body))
}
