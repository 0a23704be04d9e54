//! Find a child by ID or name, among the children the user may see, best
//! match first and paged. A restricted record without a grant is found by its
//! exact ID only, and shown without its name. Each search is audited with the
//! children it showed (never the search text, which may be a name).

use super::Layout;
use super::caseload::child_link;
use crate::access::{Gate, READ, audit_list};
use crate::auth::SignedIn;
use crate::index::{ChildSummary, Index};
use crate::ui::components::{Column, Control, Table, button, input};
use crate::ui::paging::{Links, Paging, Sort};
use crate::ui::text;
use crate::{AppError, AppState};
use axum::extract::{Query, State};
use maud::{Markup, html};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Search {
    #[serde(default)]
    pub q: String,
}

/// Most results a search shows.
pub const LIMIT: usize = 50;

/// Longest search text taken.
pub const MAX_QUERY: usize = 100;

/// The search text, refused when longer than [`MAX_QUERY`].
pub fn query(q: &str) -> Result<&str, AppError> {
    let q = q.trim();
    if q.chars().count() > MAX_QUERY {
        return Err(AppError::BadRequest(format!("search for at most {MAX_QUERY} characters")));
    }
    Ok(q)
}

/// Every match of `q` the user may see, with whether the name may be shown,
/// best first: the exact ID, then IDs starting with it, then names starting
/// with it, then names containing it; alike matches by name.
pub fn matches<'a>(gate: &Gate, index: &'a Index, q: &str) -> Vec<(&'a ChildSummary, bool)> {
    let q = q.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    // The cheap text match first; the policy only for the matches.
    let mut found: Vec<(u8, &ChildSummary, bool)> = index
        .children()
        .filter_map(|c| {
            let by_id = c.id.as_str().eq_ignore_ascii_case(&q);
            let id = c.id.as_str().as_bytes();
            let id_prefix = id.len() >= q.len() && id[..q.len()].eq_ignore_ascii_case(q.as_bytes());
            let rank = if by_id {
                0
            } else if id_prefix {
                1
            } else if c.name_lower.starts_with(&q) || c.name_lower.contains(&format!(" {q}")) {
                2
            } else if c.name_lower.contains(&q) {
                3
            } else {
                return None;
            };
            // A restricted record is found by its exact ID only.
            match gate.listed(c)? {
                true => Some((rank, c, true)),
                false => by_id.then_some((rank, c, false)),
            }
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name_lower.cmp(&b.1.name_lower)).then_with(|| a.1.id.cmp(&b.1.id)));
    found.into_iter().map(|(_, c, named)| (c, named)).collect()
}

/// The first [`LIMIT`] matches (what the API answers).
pub fn find<'a>(gate: &Gate, index: &'a Index, q: &str) -> Vec<(&'a ChildSummary, bool)> {
    let mut found = matches(gate, index, q);
    found.truncate(LIMIT);
    found
}

/// Results per page.
const PER_PAGE: usize = 25;

#[derive(Deserialize)]
pub struct SearchPage {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: String,
}

pub async fn page(State(state): State<AppState>, user: SignedIn, Query(s): Query<SearchPage>) -> Result<Markup, AppError> {
    user.require(READ)?;
    let q = query(&s.q)?;
    let searched = !q.is_empty();
    let (body, shown) = {
        let index = state.index().await?;
        let gate = Gate::new(&state, &user);
        let found = matches(&gate, &index, q);
        let best = Sort { key: "match", descending: false };
        let paging = Paging::new(&s.page, found.len(), PER_PAGE);
        let links = Links { path: "/children", keep: vec![("q", q.to_string())], sort: best, default: best };
        let org = gate.org();
        let columns = [Column::new("Child"), Column::new("Status"), Column::new("Team")];
        let listed = paging.slice(&found);
        let body = html! {
            form method="get" action="/children" role="search" {
                (input(&Control::new("q", "q", "Child's name or ID").hint("For example, Jessica Kaur or C0013413"), "search", q, Some("off")))
                (button("Search"))
            }
            @if searched {
                (Table::new("Children found", &columns).id("results").paged(&paging, &links, ("child found", "children found"))
                    .render(listed.iter().map(|(c, named)| vec![
                        child_link(c, *named),
                        html! { @if *named { (c.status_words().join(", ")) } },
                        html! { @if *named { @if let Some(t) = c.team() { (text::team(org, t)) } } },
                    ])))
            }
        };
        (body, listed.iter().map(|(c, _)| c.id.clone()).collect::<Vec<_>>())
    };
    if searched {
        audit_list(&state, &user.username, "GET /children", shown).await?;
    }
    Ok(Layout::new("Find a child").user(Some(&user)).section("/children").render(body))
}
