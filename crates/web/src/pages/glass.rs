//! Break-glass reviews (#14 item 4): every opening of a restricted record
//! without a grant waits on the opener's team's queue for one of its managers
//! to review, with an outcome and a note, within the policy's working days;
//! unreviewed after that (or at once, for an opener with no team) it is on
//! information governance's tray (the roles holding `audit.read.log` and
//! `audit.review`). The opening and the review are `users` events
//! (`glass_broken`, `glass_reviewed`), so every server's trays agree; the
//! review is audited as `break_glass_reviewed`.

use super::{Layout, csrf_input};
use crate::auth::SignedIn;
use crate::ui::components::{Control, SummaryRow, button, error_summary, radios, summary_list, textarea};
use crate::{AppError, AppState};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use carefile_domain::access::{Accounts, AuditAction, Glass, Policy, UserEvent, check_reason};
use carefile_domain::org::Organisation;
use carefile_domain::timescales::Moment;
use carefile_domain::{Calendar, ChildId, TeamId};
use carefile_store::AuditFilter;
use carefile_work::{Kind, Owner, Subject, Target, TrayItem};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use maud::{Markup, html};
use serde::Deserialize;

/// The key a reviewer acts with.
pub const KEY: &str = "audit.review";
/// The shortest review note.
const MIN_NOTE: u32 = 20;

/// The roles that stand for information governance: they read the whole log and review.
fn governance(policy: &Policy) -> Vec<Owner> {
    let roles = policy.roles.values().filter(|r| r.holds("audit.read.log") && r.holds(KEY));
    roles.map(|r| Owner::Role(r.code.code().to_string())).collect()
}

/// The opener's team on the day they broke glass.
fn team_of(accounts: &Accounts, org: &Organisation, g: &Glass) -> Option<TeamId> {
    let worker = accounts.users.get(&g.username)?.worker.as_ref()?;
    org.staff.get(worker)?.team_on(g.at.date_naive()).cloned()
}

/// The openings not yet reviewed, as tray items for whoever should review them on `today`.
pub fn tray_items(accounts: &Accounts, org: &Organisation, policy: &Policy, cal: &Calendar, today: NaiveDate) -> Vec<TrayItem> {
    let days = i64::from(policy.settings.break_glass.review_working_days);
    let governance = governance(policy);
    let mut out = Vec::new();
    for g in accounts.glass.values().filter(|g| g.review.is_none()) {
        let due = cal.add_working_days(g.at.date_naive(), days);
        let item = |owner: Owner, kind: Kind, title: String| TrayItem {
            owner,
            subject: Subject::Child(g.child.clone()),
            kind,
            title,
            due: Some(Moment::day(due)),
            target: Target::BreakGlass { child: g.child.clone(), user: g.username.clone(), at: g.at.timestamp_micros() },
        };
        let title = format!("Review {}'s break-glass opening ({})", g.username, g.category);
        match team_of(accounts, org, g) {
            Some(team) => {
                out.push(item(Owner::Team(team), Kind::BreakGlass, title));
                if today > due {
                    for o in &governance {
                        out.push(item(o.clone(), Kind::Escalation, format!("Not reviewed in time: {}'s break-glass opening", g.username)));
                    }
                }
            }
            None => out.extend(governance.iter().map(|o| item(o.clone(), Kind::BreakGlass, title.clone()))),
        }
    }
    out
}

/// The opening named by the path, if `user` may review it: they hold the key,
/// did not open it themselves, and manage the opener's team or stand for
/// information governance. Anything else is not found.
fn reviewable(state: &AppState, user: &SignedIn, child: &str, opener: &str, at: i64) -> Result<Glass, AppError> {
    let missing = || AppError::NotFound("no such break-glass opening to review".into());
    let child = ChildId::new(child).map_err(|_| missing())?;
    let at = DateTime::<Utc>::from_timestamp_micros(at).ok_or_else(missing)?;
    let accounts = state.accounts();
    let g = accounts.glass.get(&(at, opener.to_string(), child)).cloned().ok_or_else(missing)?;
    let manages = user.may(super::TEAM_KEY) && user.team.is_some() && user.team == team_of(&accounts, &state.org(), &g);
    if !user.may(KEY) || user.username == g.username || !(manages || user.may("audit.read.log")) {
        return Err(missing());
    }
    Ok(g)
}

/// What the opener did with the record while the opening lasted, from the audit log.
async fn during(state: &AppState, g: &Glass) -> Result<Vec<(String, usize)>, AppError> {
    let hours = state.policy().settings.break_glass.hours;
    let filter = AuditFilter {
        user: Some(g.username.clone()),
        child: Some(g.child.clone()),
        from: Some(g.at),
        to: Some(g.at + Duration::hours(i64::from(hours))),
        ..Default::default()
    };
    let entries = state.read_store(move |s| s.audit_log(&filter)).await?;
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for e in entries.iter().filter(|e| e.entry.action != AuditAction::BreakGlass) {
        *counts.entry(e.entry.action.name().replace('_', " ")).or_default() += 1;
    }
    Ok(counts.into_iter().collect())
}

fn page(user: &SignedIn, g: &Glass, did: &[(String, usize)], errors: &[(&str, &str)], sent: &ReviewForm) -> Markup {
    let outcomes = [("yes".to_string(), "Justified".to_string()), ("no".to_string(), "Not justified".to_string())];
    let of = |field: &str| errors.iter().filter(|(f, _)| *f == field).map(|(_, m)| *m).collect::<Vec<_>>();
    let body = html! {
        (error_summary(&errors.iter().map(|(f, m)| (Some(*f), *m)).collect::<Vec<_>>()))
        (summary_list(&[
            SummaryRow::new("Who", html! { (g.username) }),
            SummaryRow::new("When", html! { (g.at.format("%Y-%m-%d %H:%M")) " UTC" }),
            SummaryRow::new("Record", html! { (g.child) }),
            SummaryRow::new("Category", html! { (g.category) }),
            SummaryRow::new("Their reason", html! { (g.reason) }),
            SummaryRow::new("While it was open", html! {
                @if did.is_empty() { "Nothing more was recorded." }
                @for (what, n) in did { (what) ": " (n) br; }
            }),
        ]))
        form method="post" novalidate {
            (csrf_input(&user.csrf))
            (radios(&Control::new("justified", "justified", "Was breaking glass justified?").errors(of("justified")), &outcomes, &sent.justified, true))
            (textarea(&Control::new("note", "note", "Your review").hint("What you checked and what follows (at least 20 characters)").errors(of("note")), &sent.note, 4))
            (button("Record the review"))
        }
    };
    Layout::new("Review a break-glass opening").user(Some(user)).errors(!errors.is_empty()).render(body)
}

pub async fn show(
    State(state): State<AppState>,
    user: SignedIn,
    Path((child, opener, at)): Path<(String, String, i64)>,
) -> Result<Markup, AppError> {
    let g = reviewable(&state, &user, &child, &opener, at)?;
    let did = during(&state, &g).await?;
    Ok(page(&user, &g, &did, &[], &ReviewForm::default()))
}

#[derive(Deserialize, Default)]
pub struct ReviewForm {
    #[serde(default)]
    justified: String,
    #[serde(default)]
    note: String,
}

pub async fn review(
    State(state): State<AppState>,
    user: SignedIn,
    Path((child, opener, at)): Path<(String, String, i64)>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, AppError> {
    let g = reviewable(&state, &user, &child, &opener, at)?;
    if g.review.is_some() {
        return Err(AppError::BadRequest("this opening has been reviewed already".into()));
    }
    let justified = match f.justified.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let note = check_reason(&f.note, MIN_NOTE);
    let mut errors = Vec::new();
    if justified.is_none() {
        errors.push(("justified", "say whether breaking glass was justified"));
    }
    if let Err(e) = &note {
        errors.push(("note", e.as_str()));
    }
    let (Some(justified), Ok(note)) = (justified, &note) else {
        let did = during(&state, &g).await?;
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page(&user, &g, &did, &errors, &f)).into_response());
    };
    let event = UserEvent::GlassReviewed {
        username: g.username.clone(),
        child: g.child.clone(),
        at: g.at,
        by: user.username.clone(),
        justified,
        note: note.to_string(),
    };
    state.accounts().clone().apply(&event).map_err(|e| AppError::BadRequest(e.to_string()))?;
    state.append_users(&user.username, vec![event]).await?;
    let outcome = if justified { "justified" } else { "not justified" };
    let detail = format!("{}'s break glass of {}: {outcome}: {note}", g.username, g.at.format("%Y-%m-%d %H:%M"));
    crate::access::audit(&state, &user.username, AuditAction::BreakGlassReviewed, Some(&g.child), detail).await?;
    Ok(Redirect::to("/tray").into_response())
}
