//! The recording forms as pages on a child's record, one per kind of entry, drawn from its
//! declaration ([`crate::forms`]): a new entry, a correction (the same form filled in with the
//! entry, its numbers kept, the reason in its own field) and a withdrawal as entered in error (with
//! the entries that depend on it, or put right as another kind in the same step). Each is allowed
//! only to a role holding the kind's permission key, under separation of duties; checked on the
//! server (each error beside its field); written with the version the form was loaded at (a stale
//! form is refused: "record changed, reload"); and audited, refusals included.

use super::child::parse_id;
use super::{Layout, csrf_input};
use crate::access::{audit, open_child};
use crate::auth::SignedIn;
use crate::forms::{self, Context, Correcting, Field, FormErrors, FormKind};
use crate::index::ChildSummary;
use crate::ui;
use crate::ui::components::{Control, button, button_group, checkbox, inset, textarea, warning};
use crate::{AppError, AppState};
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use carefile_domain::access::AuditAction;
use carefile_domain::form::Declared;
use carefile_domain::journey::chronology::{chronology, describe};
use carefile_domain::{ChildEvent, ChildId, ChildRecord, Recorded, TeamId, WorkerId};
use carefile_store::{StoreError, StoredEvent};
use maud::{Markup, html};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/record", get(menu))
        .route("/children/{id}/record/{form}", get(blank).post(submit))
        .route("/children/{id}/correct/{seq}", get(correction).post(correct))
        .route("/children/{id}/withdraw/{seq}", get(withdrawal).post(withdraw))
}

pub(crate) const STALE: &str =
    "The record changed since you opened this form: reload it, check what changed, and enter your entry again.";

/// A form that replaces a wrongly kinded entry: `?replaces=SEQ`.
#[derive(Deserialize)]
struct Replacing {
    replaces: Option<u64>,
}

/// A child's record opened for a form: the summary (audited), the record and its log.
pub(crate) struct Opened {
    pub id: ChildId,
    pub summary: ChildSummary,
    pub record: ChildRecord,
    pub version: u64,
    pub log: Vec<StoredEvent>,
}

impl Opened {
    pub fn plain_log(&self) -> Vec<(u64, ChildEvent)> {
        self.log.iter().map(|e| (e.seq, e.event.clone())).collect()
    }
    pub fn full_log(&self) -> Vec<(u64, Recorded, ChildEvent)> {
        self.log.iter().map(|e| (e.seq, e.recorded.clone(), e.event.clone())).collect()
    }
    /// Entry `seq` as it stands (the latest correction of it), if it is an ordinary entry not withdrawn.
    pub fn entry(&self, seq: u64) -> Result<ChildEvent, AppError> {
        let missing = || AppError::NotFound(format!("{} has no entry {seq} that can be changed", self.id));
        let original = self.log.iter().find(|e| e.seq == seq).ok_or_else(missing)?;
        if matches!(original.event, ChildEvent::Corrected { .. } | ChildEvent::Retracted { .. }) {
            return Err(missing());
        }
        let mut current = original.event.clone();
        for e in &self.log {
            match &e.event {
                ChildEvent::Corrected { seq: t, replacement } if *t == seq => current = (**replacement).clone(),
                ChildEvent::Retracted { seq: t, also } if *t == seq || also.contains(&seq) => {
                    return Err(AppError::NotFound(format!("entry {seq} was withdrawn")));
                }
                _ => {}
            }
        }
        Ok(current)
    }
}

pub(crate) async fn open(
    state: &AppState,
    user: &SignedIn,
    raw: &str,
    route: &str,
    change: bool,
) -> Result<Opened, AppError> {
    let id = parse_id(raw)?;
    let summary = open_child(state, user, &id, route, change).await?;
    let child = id.clone();
    let (current, log) = state.read_store(move |s| Ok((s.child(&child)?, s.child_log(&child)?))).await?;
    let (record, version) = current.ok_or_else(|| AppError::NotFound("the record is gone".into()))?;
    Ok(Opened { id, summary, record, version, log })
}

/// Refuses `user` on `id` for `why`, with a `denied` audit entry naming the route.
pub(crate) async fn refuse(state: &AppState, user: &SignedIn, id: &ChildId, route: &str, why: String) -> AppError {
    match audit(state, &user.username, AuditAction::Denied, Some(id), format!("{route}: {why}")).await {
        Ok(()) => AppError::Forbidden(why),
        Err(e) => e,
    }
}

/// What `user` may do to entries of `kind`: record (`None`), or correct or withdraw (the key).
/// A step a manager authorises is also open to the worker who proposes it: until the work tray's
/// requests for authorisation (#13) take it from here, it is recorded, under separation of duties.
pub(crate) fn permitted(user: &SignedIn, kind: FormKind, change: Option<&str>) -> Result<(), String> {
    if change.is_none() && forms::may_propose(user.role, kind) {
        return Ok(());
    }
    forms::may_record(user.role, kind)?;
    match change {
        Some(key) if !forms::holds(user.role, key) => {
            Err(format!("a {} may not {}", user.role.label().to_lowercase(), key.trim_start_matches("child.")))
        }
        _ => Ok(()),
    }
}

/// Separation of duties (decision 001), for a new entry or a correction alike: no one records
/// the step that authorises one they recorded (`carefile_work::duties`, as the authorisation queue).
pub(crate) fn duties(user: &SignedIn, event: &ChildEvent, log: &[(u64, Recorded, ChildEvent)]) -> Result<(), String> {
    let e = match event {
        ChildEvent::Corrected { replacement, .. } => replacement.as_ref(),
        e => e,
    };
    carefile_work::duties::may_authorise(&user.username, e, log, None)
}

/// Writes `events` (each with its reason) at `version`; `Err` holds a refusal to show.
pub(crate) async fn write(
    state: &AppState,
    user: &SignedIn,
    id: &ChildId,
    version: u64,
    events: Vec<(ChildEvent, Option<String>)>,
) -> Result<Result<u64, String>, AppError> {
    let now = state.now();
    let events: Vec<(Recorded, ChildEvent)> =
        events.into_iter().map(|(e, why)| (Recorded::new(now, user.username.clone(), why), e)).collect();
    let child = id.clone();
    let written = state
        .with_store(move |s| match s.append_child(&child, Some(version), &events) {
            Err(StoreError::Conflict { .. }) => Ok(Err(STALE.to_string())),
            Err(StoreError::Invariant(e)) => Ok(Err(e.message)),
            Err(StoreError::Refused(m)) => Ok(Err(m)),
            other => other.map(Ok),
        })
        .await?;
    if written.is_ok() {
        state.child_changed(id.clone()).await?;
    }
    Ok(written)
}

/// Staff in post today with a team: whom a child can be allocated to.
pub(crate) fn allocatable(state: &AppState) -> Vec<(WorkerId, TeamId, String)> {
    let today = state.today();
    state
        .org()
        .staff
        .values()
        .filter(|s| s.in_post(today))
        .filter_map(|s| Some((s.id.clone(), s.team_on(today)?.clone(), s.name.clone())))
        .collect()
}

fn kind_of(slug: &str) -> Result<FormKind, AppError> {
    forms::kind_of(slug).ok_or_else(|| AppError::NotFound(format!("no form called '{slug}'")))
}

async fn menu(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Query(q): Query<Replacing>,
) -> Result<Markup, AppError> {
    let o = open(&state, &user, &raw, "GET /children/{id}/record", false).await?;
    let id = &o.id;
    let record = match q.replaces {
        Some(seq) => without(&o, seq)?,
        None => o.record.clone(),
    };
    let suffix = q.replaces.map(|s| format!("?replaces={s}")).unwrap_or_default();
    let mine: Vec<FormKind> =
        ChildEvent::declarations().iter().copied().filter(|k| k.kind != "registered" && permitted(&user, k, None).is_ok()).collect();
    let mut groups: Vec<&str> = mine.iter().map(|k| k.group).collect();
    groups.dedup();
    let child_href = format!("/children/{id}");
    let body = html! {
        @if let Some(seq) = q.replaces {
            (inset(html! { "Entry " (seq) " will be withdrawn as entered in error and the entry you choose recorded in its place." }))
        }
        p.govuk-body { "Choose what happened. Forms that need something the record does not hold yet say what." }
        @for g in &groups {
            h2.govuk-heading-m { (g) }
            ul.govuk-list {
                @for k in mine.iter().filter(|k| k.group == *g) {
                    li {
                        @match k.available(&record) {
                            Ok(()) => { a.govuk-link href={ "/children/" (id) "/record/" (k.slug) (suffix) } { (k.title) } }
                            Err(why) => { (k.title) " " span.govuk-hint { "(" (why) ")" } }
                        }
                    }
                }
            }
        }
    };
    Ok(Layout::new("Record something").caption(&o.summary.name).back(&child_href, "Back to the record").user(Some(&user)).render(body))
}

/// The record as it would stand with entry `seq` withdrawn (a form replacing it is read against it).
fn without(o: &Opened, seq: u64) -> Result<ChildRecord, AppError> {
    o.entry(seq)?;
    let log = o.plain_log();
    let dependants = forms::dependants(&o.id, &log, &[seq]).map_err(AppError::BadRequest)?;
    if !dependants.is_empty() {
        return Err(AppError::BadRequest(format!(
            "entries depend on entry {seq} ({}): withdraw them with it first, from its withdrawal page",
            words(&dependants)
        )));
    }
    let events = forms::withdrawal(&o.id, &log, seq, vec![], None).map_err(AppError::BadRequest)?;
    let mut trial = log;
    trial.extend(events.into_iter().map(|e| (u64::MAX, e)));
    ChildRecord::replay(&o.id, &trial).map_err(|e| AppError::BadRequest(e.message))
}

fn words(seqs: &[u64]) -> String {
    seqs.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
}

/// A form as drawn for one child.
struct Page<'a> {
    user: &'a SignedIn,
    o: &'a Opened,
    kind: FormKind,
    /// Where the form posts.
    action: String,
    /// What the page says above the form (correcting, replacing).
    note: Option<Markup>,
    /// Hidden fields besides the CSRF token and the version.
    hidden: Vec<(&'static str, String)>,
    /// What the form's draft is kept under (`crate::drafts`): where it is opened.
    draft_key: String,
    /// The author's draft, restored, with what others saved since it began.
    draft: Option<Markup>,
}

/// The author's draft of the form at `key`, if any: its banner and the values typed.
async fn restore(state: &AppState, user: &SignedIn, o: &Opened, key: &str) -> Result<(Option<Markup>, Vec<(String, String)>), AppError> {
    let Some(d) = crate::drafts::restore(state, user, key).await? else { return Ok((None, vec![])) };
    let later: Vec<_> = o
        .log
        .iter()
        .filter(|e| d.base.is_some_and(|b| e.version > b))
        .map(|e| (e.seq, e.recorded.clone(), e.event.clone()))
        .collect();
    let theirs = (!later.is_empty()).then(|| {
        html! {
            p.govuk-body { "Saved on the record since:" }
            ul.govuk-list.govuk-list--bullet { @for e in chronology(&later) { li { (e.text) " (" (e.recorded_by) ")" } } }
        }
    });
    Ok((Some(crate::drafts::banner(user, &d, theirs)), d.fields))
}

fn page(p: &Page, fields: &[Field], errors: &FormErrors, raw: &[(String, String)]) -> Markup {
    let child_href = format!("/children/{}", p.o.id);
    let body = html! {
        @if let Some(n) = &p.note { (inset(n.clone())) }
        @if let Some(d) = &p.draft { (d) }
        form method="post" action=(p.action) novalidate {
            (csrf_input(&p.user.csrf))
            (crate::drafts::autosave(&crate::drafts::Of {
                key: &p.draft_key,
                title: &format!("{} for {}", p.kind.title, p.o.summary.name),
                child: Some(p.o.id.as_str()),
                base: Some(p.o.version),
            }))
            input type="hidden" name="version" value=(p.o.version);
            @for (name, value) in &p.hidden { input type="hidden" name=(name) value=(value); }
            (ui::forms::fields(fields, errors, raw))
            (button_group(html! { (button("Save")) a.govuk-link href=(child_href) { "Cancel" } }))
        }
    };
    let caption = format!("{} ({})", p.o.summary.name, p.o.id);
    Layout::new(p.kind.title)
        .caption(&caption)
        .back(&child_href, "Back to the record")
        .errors(!errors.is_empty())
        .user(Some(p.user))
        .render(body)
}

fn redraw(p: &Page, fields: &[Field], errors: &FormErrors, raw: &[(String, String)]) -> Result<Response, AppError> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page(p, fields, errors, raw)).into_response())
}

fn loaded_at(sent: &[(String, String)]) -> Option<u64> {
    sent.iter().find(|(n, _)| n == "version").and_then(|(_, v)| v.parse().ok())
}

/// Opens a child's form for a new entry (replacing entry `replaces` where given), checked.
async fn form_for(
    state: &AppState,
    user: &SignedIn,
    raw: &str,
    slug: &str,
    replaces: Option<u64>,
    route: &str,
    change: bool,
) -> Result<(Opened, FormKind, Option<ChildRecord>), AppError> {
    let kind = kind_of(slug)?;
    let o = open(state, user, raw, route, change).await?;
    if let Err(why) = permitted(user, kind, None) {
        return Err(refuse(state, user, &o.id, route, why).await);
    }
    let replaced = match replaces {
        Some(seq) => {
            let old = o.entry(seq)?;
            let old_kind = forms::kind_of_event(&old).ok_or_else(|| AppError::NotFound(format!("entry {seq} cannot be replaced")))?;
            if let Err(why) = permitted(user, old_kind, Some("child.withdraw")) {
                return Err(refuse(state, user, &o.id, route, why).await);
            }
            Some(without(&o, seq)?)
        }
        None => None,
    };
    Ok((o, kind, replaced))
}

fn new_page<'a>(user: &'a SignedIn, o: &'a Opened, kind: FormKind, replaces: Option<u64>) -> Page<'a> {
    let note = replaces.map(|seq| {
        let text = o.entry(seq).map(|e| describe(&e)).unwrap_or_default();
        html! { "Replacing entry " (seq) ": " (text) ". It will be withdrawn as entered in error and this recorded in its place, in one step." }
    });
    let action = format!("/children/{}/record/{}", o.id, kind.slug);
    let draft_key = match replaces {
        Some(seq) => format!("{action}?replaces={seq}"),
        None => action.clone(),
    };
    Page {
        user,
        o,
        kind,
        action,
        note,
        hidden: replaces.map(|s| vec![("replaces", s.to_string())]).unwrap_or_default(),
        draft_key,
        draft: None,
    }
}

async fn blank(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, slug)): Path<(String, String)>,
    Query(q): Query<Replacing>,
) -> Result<Markup, AppError> {
    let (o, kind, replaced) = form_for(&state, &user, &raw, &slug, q.replaces, "GET /children/{id}/record/{form}", false).await?;
    let workers = allocatable(&state);
    let record = replaced.as_ref().unwrap_or(&o.record);
    let ctx = Context { today: state.today(), record, user: user.worker.as_ref(), workers: &workers, correcting: None };
    let mut fields = forms::fields(kind, &ctx);
    if q.replaces.is_some() {
        fields.push(forms::reason_field(forms::WITHDRAWAL_REASON, "Why the entry it replaces was wrong", &[]));
    }
    let mut p = new_page(&user, &o, kind, q.replaces);
    let (draft, typed) = restore(&state, &user, &o, &p.draft_key).await?;
    p.draft = draft;
    Ok(page(&p, &fields, &FormErrors::default(), &typed))
}

async fn submit(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, slug)): Path<(String, String)>,
    Form(sent): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let replaces = sent.iter().find(|(n, _)| n == "replaces").and_then(|(_, v)| v.parse::<u64>().ok());
    let route = "POST /children/{id}/record/{form}";
    let (o, kind, replaced) = form_for(&state, &user, &raw, &slug, replaces, route, true).await?;
    let workers = allocatable(&state);
    let record = replaced.as_ref().unwrap_or(&o.record);
    let ctx = Context { today: state.today(), record, user: user.worker.as_ref(), workers: &workers, correcting: None };
    let p = new_page(&user, &o, kind, replaces);
    let with_reason = |mut fields: Vec<Field>| {
        if replaces.is_some() {
            fields.push(forms::reason_field(forms::WITHDRAWAL_REASON, "Why the entry it replaces was wrong", &sent));
        }
        fields
    };
    if loaded_at(&sent) != Some(o.version) {
        return redraw(&p, &with_reason(forms::fields(kind, &ctx)), &FormErrors::form(STALE), &sent);
    }
    let why = replaces.map(|_| forms::reason(forms::WITHDRAWAL_REASON, &sent));
    let accepted = match (ui::forms::submit(kind, &ctx, &sent), why) {
        (Ok(a), None | Some(Ok(_))) => a,
        (Ok(_), Some(Err(e))) => {
            return redraw(&p, &with_reason(forms::fields(kind, &ctx)), &FormErrors { fields: vec![e], form: vec![] }, &sent);
        }
        (Err(mut r), why) => {
            r.errors.fields.extend(why.and_then(Result::err));
            return redraw(&p, &with_reason(r.fields), &r.errors, &sent);
        }
    };
    // A step a manager authorises, from someone who may not: sent for authorisation (the tray's).
    if super::authorisations::needs_proposal(&user, &accepted.event) {
        if replaces.is_some() {
            let why = "A step sent for authorisation cannot replace an entry: withdraw the entry first, then send the step";
            return redraw(&p, &with_reason(forms::fields(kind, &ctx)), &FormErrors::form(why), &sent);
        }
        let note = sent.iter().find(|(n, _)| n == "note_to_manager").map(|(_, v)| v.clone()).unwrap_or_default();
        return match super::authorisations::propose(&state, &user, &o.id, accepted.event, note).await? {
            Ok(no) => {
                crate::drafts::done(&state, &user, &p.draft_key).await?;
                Ok(Redirect::to(&format!("/children/{}/authorisations/{no}", o.id)).into_response())
            }
            Err(why) => redraw(&p, &forms::fields(kind, &ctx), &FormErrors::form(why.to_string()), &sent),
        };
    }
    if let Err(why) = duties(&user, &accepted.event, &o.full_log()) {
        let _ = refuse(&state, &user, &o.id, route, why.clone()).await;
        return redraw(&p, &with_reason(forms::fields(kind, &ctx)), &FormErrors::form(why), &sent);
    }
    let events = match replaces {
        Some(seq) => {
            let reason = forms::reason(forms::WITHDRAWAL_REASON, &sent).ok();
            vec![(ChildEvent::Retracted { seq, also: vec![] }, reason), (accepted.event.clone(), None)]
        }
        None => vec![(accepted.event.clone(), None)],
    };
    if let Err(message) = write(&state, &user, &o.id, o.version, events).await? {
        return redraw(&p, &with_reason(forms::fields(kind, &ctx)), &FormErrors::form(message), &sent);
    }
    crate::drafts::done(&state, &user, &p.draft_key).await?;
    Ok(Redirect::to(&after_saving(&o.id, &accepted.event)).into_response())
}

/// Where a saved entry leads: the child's page, or (a birth of twins or more) registering the others.
fn after_saving(id: &ChildId, e: &ChildEvent) -> String {
    match e {
        ChildEvent::Born { babies, .. } if *babies > 1 => "/children/new".to_string(),
        _ => format!("/children/{id}"),
    }
}

// ---- corrections ----

/// Opens entry `seq` to correct it, checked: its kind's permission and `child.correct`.
async fn correcting(
    state: &AppState,
    user: &SignedIn,
    raw: &str,
    seq: u64,
    route: &str,
    change: bool,
) -> Result<(Opened, FormKind, ChildEvent, ChildRecord), AppError> {
    let o = open(state, user, raw, route, change).await?;
    let entry = o.entry(seq)?;
    let kind = forms::kind_of_event(&entry)
        .ok_or_else(|| AppError::NotFound(format!("entry {seq} is not recorded with a form")))?;
    if let Err(why) = permitted(user, kind, Some("child.correct")) {
        return Err(refuse(state, user, &o.id, route, why).await);
    }
    let before = ChildRecord::replay_before(&o.id, &o.plain_log(), seq).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((o, kind, entry, before))
}

fn correction_page<'a>(user: &'a SignedIn, o: &'a Opened, kind: FormKind, seq: u64, entry: &ChildEvent) -> Page<'a> {
    let note = html! {
        "Correcting entry " (seq) ": " (describe(entry)) ". Change what was wrong and say why; the entry's numbers stay as they are. "
        "To record a different kind of entry, " a.govuk-link href={ "/children/" (o.id) "/withdraw/" (seq) } { "withdraw this one" } " instead."
    };
    let action = format!("/children/{}/correct/{seq}", o.id);
    Page { user, o, kind, action: action.clone(), note: Some(note), hidden: vec![], draft_key: action, draft: None }
}

async fn correction(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, seq)): Path<(String, u64)>,
) -> Result<Markup, AppError> {
    let (o, kind, entry, before) = correcting(&state, &user, &raw, seq, "GET /children/{id}/correct/{seq}", false).await?;
    let log = o.plain_log();
    let workers = allocatable(&state);
    let c = Correcting { child: &o.id, seq, entry: &entry, log: &log };
    let ctx = Context { today: state.today(), record: &before, user: user.worker.as_ref(), workers: &workers, correcting: Some(c) };
    let fields = forms::fields(kind, &ctx);
    let mut p = correction_page(&user, &o, kind, seq, &entry);
    let (draft, typed) = restore(&state, &user, &o, &p.draft_key).await?;
    p.draft = draft;
    Ok(page(&p, &fields, &FormErrors::default(), &typed))
}

async fn correct(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, seq)): Path<(String, u64)>,
    Form(sent): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let route = "POST /children/{id}/correct/{seq}";
    let (o, kind, entry, before) = correcting(&state, &user, &raw, seq, route, true).await?;
    let log = o.plain_log();
    let workers = allocatable(&state);
    let c = Correcting { child: &o.id, seq, entry: &entry, log: &log };
    let ctx = Context { today: state.today(), record: &before, user: user.worker.as_ref(), workers: &workers, correcting: Some(c) };
    let p = correction_page(&user, &o, kind, seq, &entry);
    if loaded_at(&sent) != Some(o.version) {
        return redraw(&p, &forms::fields(kind, &ctx), &FormErrors::form(STALE), &sent);
    }
    let accepted = match ui::forms::submit(kind, &ctx, &sent) {
        Ok(a) => a,
        Err(r) => return redraw(&p, &r.fields, &r.errors, &sent),
    };
    if let Err(why) = duties(&user, &accepted.event, &o.full_log()) {
        let _ = refuse(&state, &user, &o.id, route, why.clone()).await;
        return redraw(&p, &forms::fields(kind, &ctx), &FormErrors::form(why), &sent);
    }
    if let Err(message) = write(&state, &user, &o.id, o.version, vec![(accepted.event, accepted.reason)]).await? {
        return redraw(&p, &forms::fields(kind, &ctx), &FormErrors::form(message), &sent);
    }
    crate::drafts::done(&state, &user, &p.draft_key).await?;
    Ok(Redirect::to(&format!("/children/{}", o.id)).into_response())
}

// ---- withdrawals ----

/// Opens entry `seq` to withdraw it: its kind's permission and `child.withdraw`, for it and for
/// each entry that depends on it; with the dependants.
async fn withdrawing(
    state: &AppState,
    user: &SignedIn,
    raw: &str,
    seq: u64,
    route: &str,
    change: bool,
) -> Result<(Opened, ChildEvent, Vec<(u64, String)>), AppError> {
    let o = open(state, user, raw, route, change).await?;
    let entry = o.entry(seq)?;
    let dependants = forms::dependants(&o.id, &o.plain_log(), &[seq]).map_err(AppError::BadRequest)?;
    let mut shown = Vec::new();
    for s in std::iter::once(seq).chain(dependants.iter().copied()) {
        let e = o.entry(s)?;
        let kind = forms::kind_of_event(&e).ok_or_else(|| AppError::NotFound(format!("entry {s} cannot be withdrawn")))?;
        if let Err(why) = permitted(user, kind, Some("child.withdraw")) {
            let why = if s == seq { why } else { format!("entry {s} depends on it, and {why}") };
            return Err(refuse(state, user, &o.id, route, why).await);
        }
        if s != seq {
            shown.push((s, describe(&e)));
        }
    }
    Ok((o, entry, shown))
}

fn withdrawal_page(user: &SignedIn, o: &Opened, seq: u64, entry: &ChildEvent, dependants: &[(u64, String)], errors: &FormErrors, sent: &[(String, String)]) -> Markup {
    let child_href = format!("/children/{}", o.id);
    let ticked = sent.iter().any(|(n, v)| n == "with_dependants" && v == "on");
    let reason: Vec<&str> = errors.for_field(forms::WITHDRAWAL_REASON).collect();
    let reason_value = sent.iter().find(|(n, _)| n == forms::WITHDRAWAL_REASON).map_or("", |(_, v)| v.as_str());
    let problems: Vec<(Option<&str>, &str)> = errors
        .form
        .iter()
        .map(|m| (None, m.as_str()))
        .chain(errors.fields.iter().map(|(f, m)| (Some(if *f == "with_dependants" { "f-with_dependants" } else { "f-withdrawal_reason" }), m.as_str())))
        .collect();
    let body = html! {
        (ui::components::error_summary(&problems))
        p.govuk-body { "Entry " (seq) ": " strong { (describe(entry)) } }
        p.govuk-body { "Withdrawn as entered in error, it stays in the log and on the chronology, marked withdrawn, and leaves the due list, the returns and the indicators." }
        form method="post" action={ "/children/" (o.id) "/withdraw/" (seq) } novalidate {
            (csrf_input(&user.csrf))
            input type="hidden" name="version" value=(o.version);
            @if !dependants.is_empty() {
                (warning("These entries depend on it and cannot stand without it:"))
                ul.govuk-list.govuk-list--bullet { @for (s, text) in dependants { li { "Entry " (s) ": " (text) } } }
                (checkbox(&Control::new("f-with_dependants", "with_dependants", "Withdraw them with it, in the same step")
                    .errors(errors.for_field("with_dependants").collect()), ticked))
            }
            (textarea(&Control::new("f-withdrawal_reason", forms::WITHDRAWAL_REASON, "Why it was entered in error").errors(reason).required(true), reason_value, 3))
            (button_group(html! { (ui::components::warning_button("Withdraw")) a.govuk-link href=(child_href) { "Cancel" } }))
        }
        h2.govuk-heading-m { "Recorded as the wrong kind?" }
        p.govuk-body {
            a.govuk-link href={ "/children/" (o.id) "/record?replaces=" (seq) } { "Withdraw it and record the right kind of entry" }
            " in one step."
        }
    };
    let caption = format!("{} ({})", o.summary.name, o.id);
    Layout::new("Withdraw an entry").caption(&caption).back(&child_href, "Back to the record").errors(!errors.is_empty()).user(Some(user)).render(body)
}

async fn withdrawal(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, seq)): Path<(String, u64)>,
) -> Result<Markup, AppError> {
    let (o, entry, dependants) = withdrawing(&state, &user, &raw, seq, "GET /children/{id}/withdraw/{seq}", false).await?;
    Ok(withdrawal_page(&user, &o, seq, &entry, &dependants, &FormErrors::default(), &[]))
}

async fn withdraw(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, seq)): Path<(String, u64)>,
    Form(sent): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (o, entry, dependants) = withdrawing(&state, &user, &raw, seq, "POST /children/{id}/withdraw/{seq}", true).await?;
    let refused = |errors: FormErrors| {
        Ok((StatusCode::UNPROCESSABLE_ENTITY, withdrawal_page(&user, &o, seq, &entry, &dependants, &errors, &sent)).into_response())
    };
    if loaded_at(&sent) != Some(o.version) {
        return refused(FormErrors::form(STALE));
    }
    let mut errors = FormErrors::default();
    let reason = forms::reason(forms::WITHDRAWAL_REASON, &sent).map_err(|e| errors.fields.push(e)).ok();
    let ticked = sent.iter().any(|(n, v)| n == "with_dependants" && v == "on");
    if !dependants.is_empty() && !ticked {
        let list: Vec<u64> = dependants.iter().map(|(s, _)| *s).collect();
        errors.fields.push(("with_dependants", format!("Entries {} depend on it: tick to withdraw them with it", words(&list))));
    }
    let Some(reason) = reason.filter(|_| errors.is_empty()) else { return refused(errors) };
    let also = dependants.iter().map(|(s, _)| *s).collect();
    let events = match forms::withdrawal(&o.id, &o.plain_log(), seq, also, None) {
        Ok(events) => events,
        Err(m) => return refused(FormErrors::form(m)),
    };
    let events = events.into_iter().map(|e| (e, Some(reason.clone()))).collect();
    if let Err(message) = write(&state, &user, &o.id, o.version, events).await? {
        return refused(FormErrors::form(message));
    }
    Ok(Redirect::to(&format!("/children/{}", o.id)).into_response())
}
