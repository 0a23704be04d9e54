//! The recording forms as pages on a child's record, one per kind of entry, drawn from its
//! declaration ([`crate::forms`]): a new entry, a correction (the same form filled in with the
//! entry, its numbers kept, the reason in its own field) and a withdrawal as entered in error (with
//! the entries that depend on it, or put right as another kind in the same step). Each is allowed
//! only to a role holding the kind's permission key, under separation of duties; checked on the
//! server (each error beside its field); written with the version the form was loaded at (a stale
//! form is refused: "record changed, reload"); and audited, refusals included.

use super::child::parse_id;
use super::entries::Beside;
use super::{Layout, csrf_input};
use crate::access::{READ, audit, open_child};
use crate::auth::SignedIn;
use crate::forms::{self, Context, Correcting, Field, FormErrors, FormKind};
use crate::index::ChildSummary;
use crate::ui;
use crate::ui::components::{Control, button, button_group, checkbox, inset, textarea, warning};
use crate::workplace::Refusal;
use crate::{AppError, AppState};
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use carefile_domain::access::AuditAction;
use carefile_domain::form::Declared;
use carefile_domain::journey::Order;
use carefile_domain::journey::chronology::{chronology_named, describe_named};
use carefile_domain::{ChildEvent, ChildId, ChildRecord, ItemNo, Recorded, TeamId, WorkerId};
use carefile_store::{StoreError, StoredEvent};
use maud::{Markup, html};
use serde::Deserialize;
use std::collections::HashMap;

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
    /// Staff's names by ID, for the sentences that name them.
    pub names: HashMap<String, String>,
}

impl Opened {
    /// An entry in one sentence, staff by their names.
    pub fn describe(&self, e: &ChildEvent) -> String {
        describe_named(e, &|w| self.names.get(w).cloned())
    }

    /// The log as a replay reads it: each entry bound to the journey's order rules as when recorded.
    pub fn plain_log(&self) -> Vec<(u64, ChildEvent, Order)> {
        self.log.iter().map(|e| (e.seq, e.event.clone(), Order::at(e.recorded.at))).collect()
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
) -> Result<Opened, AppError> {
    let id = parse_id(raw)?;
    let summary = open_child(state, user, &id, route, READ).await?;
    let child = id.clone();
    let (current, log) = state.read_store(move |s| Ok((s.child(&child)?, s.child_log(&child)?))).await?;
    let (record, version) = current.ok_or_else(|| AppError::NotFound("the record is gone".into()))?;
    let names = state.org().staff.iter().map(|(w, s)| (w.to_string(), s.name.clone())).collect();
    Ok(Opened { id, summary, record, version, log, names })
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
    if change.is_none() && forms::may_propose(user, kind) {
        return Ok(());
    }
    forms::may_record(user, kind)?;
    match change {
        Some(key) if !forms::holds(user, key) => {
            Err(format!("a {} may not {}", user.role_label().to_lowercase(), key.trim_start_matches("child.")))
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

/// Reviewing officers and chairs stay outside the line management of the child's worker
/// (`carefile_domain::reviewing`; the record itself refuses a reviewer as the worker).
fn independent(state: &AppState, record: &ChildRecord, event: &ChildEvent) -> Result<(), String> {
    carefile_domain::reviewing::independent(&state.org(), record, event)
}

/// Why a write was not made.
pub(crate) enum Refused {
    /// The record changed since the form (or the API's `If-Match`) was loaded.
    Stale,
    /// What was sent is wrong or refused: beside its fields, or about the whole.
    Form(FormErrors),
}

impl Refused {
    pub(crate) fn errors(self) -> FormErrors {
        match self {
            Refused::Stale => FormErrors::form(STALE),
            Refused::Form(e) => e,
        }
    }
}

/// What a write came to.
pub(crate) enum Done {
    /// Written: the child's new version, and the entry made (the last of the write) with its number.
    Written { version: u64, seq: u64, event: ChildEvent },
    /// Sent for a manager's authorisation: the request's number.
    Proposed(ItemNo),
}

/// A write of the forms (or the API): done, refused, or a failure of the server.
pub(crate) type Outcome = Result<Result<Done, Refused>, AppError>;

fn refused(errors: FormErrors) -> Outcome {
    Ok(Err(Refused::Form(errors)))
}

/// What the panel sittings record with entries of the child's record that were, and are, as
/// `changed` says (`(before, after)`): an agency decision on a match is made, corrected and
/// withdrawn with the sitting's own entry (decision 007); or why it cannot be.
async fn carried(state: &AppState, id: &ChildId, changed: &[(Option<&ChildEvent>, Option<&ChildEvent>)]) -> Result<Result<Vec<Beside>, FormErrors>, AppError> {
    let household = changed.iter().rev().find_map(|(_, now)| match now {
        Some(ChildEvent::MatchedWithAdopters { household, .. }) => household.as_ref(),
        _ => None,
    });
    let pairs = changed.iter().map(|(was, now)| (was.and_then(ChildEvent::decides), now.and_then(ChildEvent::decides))).collect();
    let on = super::entries::On::Child(id, household);
    Ok(super::entries::carried(state, on, carefile_domain::panels::agenda::CHILD, pairs).await?.map_err(FormErrors::form))
}

/// Writes `events` (each with its reason) at `version`, and the sittings' entries `beside` them in
/// the same transaction; the last of `events` is the entry made.
async fn write(state: &AppState, user: &SignedIn, id: &ChildId, version: u64, events: Vec<(ChildEvent, Option<String>)>, beside: Vec<Beside>) -> Outcome {
    let Some(event) = events.last().map(|(e, _)| e.clone()) else { return refused(FormErrors::form("nothing to write")) };
    let now = state.now();
    let events: Vec<(Recorded, ChildEvent)> =
        events.into_iter().map(|(e, why)| (Recorded::new(now, user.username.clone(), why), e)).collect();
    let child = id.clone();
    let written = state
        .with_store(move |s| match append(s, &child, version, &events, &beside) {
            Err(StoreError::Conflict { .. } | StoreError::SubjectConflict { .. }) => Ok(Err(Refused::Stale)),
            Err(StoreError::Stream(e)) => Ok(Err(Refused::Form(FormErrors::form(e.message)))),
            Err(StoreError::Invariant(e)) => Ok(Err(Refused::Form(FormErrors::form(e.message)))),
            Err(StoreError::Refused(m)) => Ok(Err(Refused::Form(FormErrors::form(m)))),
            Ok(version) => Ok(Ok((version, s.child_log(&child)?.last().map_or(0, |e| e.seq)))),
            Err(e) => Err(e),
        })
        .await?;
    match written {
        Ok((version, seq)) => {
            state.child_changed(id.clone()).await?;
            Ok(Ok(Done::Written { version, seq, event }))
        }
        Err(r) => Ok(Err(r)),
    }
}

/// Appends to the child's log, with the sittings' entries in the same transaction where there are any.
fn append(s: &mut dyn carefile_store::EventStore, child: &ChildId, version: u64, events: &[(Recorded, ChildEvent)], beside: &[Beside]) -> Result<u64, StoreError> {
    if beside.is_empty() {
        return s.append_child(child, Some(version), events);
    }
    let mut made = 0;
    s.transaction(&mut |tx| {
        made = tx.append_child(child, Some(version), events)?;
        super::entries::append_beside(tx, beside, &events[0].0)
    })?;
    Ok(made)
}

/// A refusal under separation of duties: audited as denied, and shown on the form.
async fn denied(state: &AppState, user: &SignedIn, id: &ChildId, route: &str, why: String) -> Outcome {
    audit(state, &user.username, AuditAction::Denied, Some(id), format!("{route}: {why}")).await?;
    refused(FormErrors::form(why))
}

fn context<'a>(state: &AppState, user: &'a SignedIn, record: &'a ChildRecord, workers: &'a [(WorkerId, TeamId, String)], correcting: Option<Correcting<'a>>) -> Context<'a> {
    Context { today: state.today(), record, user: user.worker.as_ref(), workers, correcting }
}

/// Records a new entry of `kind` from `sent`, the form having been loaded at version `loaded`.
/// With `replaced` (entry `seq` and the record without it) that entry is withdrawn in the same
/// write. A step the user may only propose is sent for a manager's authorisation instead.
pub(crate) async fn enter(
    state: &AppState,
    user: &SignedIn,
    o: &Opened,
    kind: FormKind,
    replaced: Option<(u64, &ChildRecord)>,
    sent: &[(String, String)],
    loaded: Option<u64>,
    route: &str,
) -> Outcome {
    if loaded != Some(o.version) {
        return Ok(Err(Refused::Stale));
    }
    let workers = allocatable(state);
    let ctx = context(state, user, replaced.map_or(&o.record, |(_, r)| r), &workers, None);
    let withdrawn = replaced.map(|_| forms::reason(forms::WITHDRAWAL_REASON, sent));
    let amended = forms::asks_why(kind).then(|| forms::reason(forms::AMENDMENT_REASON, sent));
    let mut unexplained: Vec<_> = [&withdrawn, &amended].into_iter().flatten().filter_map(|r| r.clone().err()).collect();
    let event = match ui::forms::submit(kind, &ctx, sent) {
        Ok(a) if unexplained.is_empty() => a.event,
        Ok(_) => return refused(FormErrors { fields: unexplained, form: vec![] }),
        Err(mut r) => {
            r.errors.fields.append(&mut unexplained);
            return refused(r.errors);
        }
    };
    let why = amended.and_then(Result::ok);
    if super::authorisations::needs_proposal(user, &event) {
        if replaced.is_some() {
            return refused(FormErrors::form(
                "A step sent for authorisation cannot replace an entry: withdraw the entry first, then send the step",
            ));
        }
        let note = sent.iter().find(|(n, _)| n == "note_to_manager").map(|(_, v)| v.clone()).unwrap_or_default();
        return Ok(match super::authorisations::propose(state, user, &o.id, event, note).await? {
            Ok(no) => Ok(Done::Proposed(no)),
            Err(Refusal::Stale) => Err(Refused::Stale),
            Err(Refusal::Refused(m)) => Err(Refused::Form(FormErrors::form(m))),
        });
    }
    if let Err(why) = duties(user, &event, &o.full_log()).and_then(|()| independent(state, &o.record, &event)) {
        return denied(state, user, &o.id, route, why).await;
    }
    let was = replaced.and_then(|(seq, _)| o.entry(seq).ok());
    let beside = match carried(state, &o.id, &[(was.as_ref(), Some(&event))]).await? {
        Ok(b) => b,
        Err(errors) => return refused(errors),
    };
    let events = match replaced {
        Some((seq, _)) => {
            let reason = forms::reason(forms::WITHDRAWAL_REASON, sent).ok();
            vec![(ChildEvent::Retracted { seq, also: vec![] }, reason), (event, why)]
        }
        None => vec![(event, why)],
    };
    write(state, user, &o.id, o.version, events, beside).await
}

/// Corrects entry `seq` (`entry` as it stands; `before`, the record as it stood before it) from
/// `sent`, the form having been loaded at version `loaded`.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn amend(
    state: &AppState,
    user: &SignedIn,
    o: &Opened,
    kind: FormKind,
    (seq, entry, before): (u64, &ChildEvent, &ChildRecord),
    sent: &[(String, String)],
    loaded: Option<u64>,
    route: &str,
) -> Outcome {
    if loaded != Some(o.version) {
        return Ok(Err(Refused::Stale));
    }
    let (log, workers) = (o.plain_log(), allocatable(state));
    let c = Correcting { child: &o.id, seq, entry, log: &log };
    let accepted = match ui::forms::submit(kind, &context(state, user, before, &workers, Some(c)), sent) {
        Ok(a) => a,
        Err(r) => return refused(r.errors),
    };
    if let Err(why) = duties(user, &accepted.event, &o.full_log()).and_then(|()| independent(state, before, &accepted.event)) {
        return denied(state, user, &o.id, route, why).await;
    }
    let now = match &accepted.event {
        ChildEvent::Corrected { replacement, .. } => Some(replacement.as_ref()),
        other => Some(other),
    };
    let beside = match carried(state, &o.id, &[(Some(entry), now)]).await? {
        Ok(b) => b,
        Err(errors) => return refused(errors),
    };
    write(state, user, &o.id, o.version, vec![(accepted.event, accepted.reason)], beside).await
}

/// Withdraws entry `seq` as entered in error with the reason `sent`, and `dependants` with it
/// where `sent` ticks them (they cannot stand without it).
pub(crate) async fn retract(
    state: &AppState,
    user: &SignedIn,
    o: &Opened,
    seq: u64,
    dependants: &[u64],
    sent: &[(String, String)],
    loaded: Option<u64>,
) -> Outcome {
    if loaded != Some(o.version) {
        return Ok(Err(Refused::Stale));
    }
    let reason = match forms::withdrawal_reason(sent, dependants) {
        Ok(r) => r,
        Err(errors) => return refused(errors),
    };
    let events = match forms::withdrawal(&o.id, &o.plain_log(), seq, dependants.to_vec(), None) {
        Ok(events) => events,
        Err(m) => return refused(FormErrors::form(m)),
    };
    // A withdrawn match takes the sitting's record of its decision along: the case waits again.
    let withdrawn: Vec<ChildEvent> = std::iter::once(seq).chain(dependants.iter().copied()).filter_map(|s| o.entry(s).ok()).collect();
    let changed: Vec<_> = withdrawn.iter().map(|e| (Some(e), None)).collect();
    let beside = match carried(state, &o.id, &changed).await? {
        Ok(b) => b,
        Err(errors) => return refused(errors),
    };
    write(state, user, &o.id, o.version, events.into_iter().map(|e| (e, Some(reason.clone()))).collect(), beside).await
}

pub(crate) use forms::WITH_DEPENDANTS;

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

pub(crate) fn kind_of(slug: &str) -> Result<FormKind, AppError> {
    forms::kind_of(slug).ok_or_else(|| AppError::NotFound(format!("no form called '{slug}'")))
}

async fn menu(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Query(q): Query<Replacing>,
) -> Result<Markup, AppError> {
    let o = open(&state, &user, &raw, "GET /children/{id}/record").await?;
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
    let trial: Vec<(u64, ChildEvent)> = events.into_iter().map(|e| (u64::MAX, e)).collect();
    ChildRecord::replay_changed(&o.id, &log, &trial).map(|(record, _)| record).map_err(|e| AppError::BadRequest(e.message))
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
            ul.govuk-list.govuk-list--bullet { @for e in chronology_named(&later, &|w| o.names.get(w).cloned()) { li { (e.text) " (" (e.recorded_by) ")" } } }
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
pub(crate) async fn form_for(
    state: &AppState,
    user: &SignedIn,
    raw: &str,
    slug: &str,
    replaces: Option<u64>,
    route: &str,
) -> Result<(Opened, FormKind, Option<ChildRecord>), AppError> {
    let kind = kind_of(slug)?;
    let o = open(state, user, raw, route).await?;
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
        let text = o.entry(seq).map(|e| o.describe(&e)).unwrap_or_default();
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
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Markup, AppError> {
    let (o, kind, replaced) = form_for(&state, &user, &raw, &slug, q.replaces, "GET /children/{id}/record/{form}").await?;
    let workers = allocatable(&state);
    let ctx = context(&state, &user, replaced.as_ref().unwrap_or(&o.record), &workers, None);
    let mut p = new_page(&user, &o, kind, q.replaces);
    let (draft, mut typed) = restore(&state, &user, &o, &p.draft_key).await?;
    p.draft = draft;
    // No draft: filled in from the address where the link knows what the entry is about (the
    // agency decision on a panel's match names its sitting, case and household).
    if typed.is_empty() {
        typed = query.into_iter().filter(|(n, _)| n != "replaces").collect();
    }
    let mut fields = if typed.is_empty() { forms::fields(kind, &ctx) } else { forms::filled(kind, &ctx, &typed) };
    if forms::asks_why(kind) {
        fields.push(forms::amendment_field(&typed));
    }
    if q.replaces.is_some() {
        fields.push(forms::reason_field(forms::WITHDRAWAL_REASON, "Why the entry it replaces was wrong", &typed));
    }
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
    let (o, kind, replaced) = form_for(&state, &user, &raw, &slug, replaces, route).await?;
    let p = new_page(&user, &o, kind, replaces);
    match enter(&state, &user, &o, kind, replaces.zip(replaced.as_ref()), &sent, loaded_at(&sent), route).await? {
        Ok(done) => {
            crate::drafts::done(&state, &user, &p.draft_key).await?;
            Ok(Redirect::to(&after_saving(&o.id, &done)).into_response())
        }
        Err(r) => {
            let workers = allocatable(&state);
            let ctx = context(&state, &user, replaced.as_ref().unwrap_or(&o.record), &workers, None);
            let mut fields = forms::filled(kind, &ctx, &sent);
            if forms::asks_why(kind) {
                fields.push(forms::amendment_field(&sent));
            }
            if replaces.is_some() {
                fields.push(forms::reason_field(forms::WITHDRAWAL_REASON, "Why the entry it replaces was wrong", &sent));
            }
            redraw(&p, &fields, &r.errors(), &sent)
        }
    }
}

/// Where a saved entry leads: the child's page, the request sent for authorisation, or (a birth
/// of twins or more) registering the others.
fn after_saving(id: &ChildId, done: &Done) -> String {
    match done {
        Done::Written { event: ChildEvent::Born { babies, .. }, .. } if *babies > 1 => "/children/new".to_string(),
        Done::Written { .. } => format!("/children/{id}"),
        Done::Proposed(no) => format!("/children/{id}/authorisations/{no}"),
    }
}

// ---- corrections ----

/// Opens entry `seq` to correct it, checked: its kind's permission and `child.correct`.
pub(crate) async fn correcting(
    state: &AppState,
    user: &SignedIn,
    raw: &str,
    seq: u64,
    route: &str,
) -> Result<(Opened, FormKind, ChildEvent, ChildRecord), AppError> {
    let o = open(state, user, raw, route).await?;
    let entry = o.entry(seq)?;
    if matches!(entry, ChildEvent::Registered { .. }) {
        let details = format!("/children/{}/record/details", o.id);
        return Err(AppError::NotFound(format!("entry {seq} opened the record: put its details right in the child's details ({details}), saying why")));
    }
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
        "Correcting entry " (seq) ": " (o.describe(entry)) ". Change what was wrong and say why; the entry's numbers stay as they are. "
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
    let (o, kind, entry, before) = correcting(&state, &user, &raw, seq, "GET /children/{id}/correct/{seq}").await?;
    let (log, workers) = (o.plain_log(), allocatable(&state));
    let c = Correcting { child: &o.id, seq, entry: &entry, log: &log };
    let ctx = context(&state, &user, &before, &workers, Some(c));
    let mut p = correction_page(&user, &o, kind, seq, &entry);
    let (draft, typed) = restore(&state, &user, &o, &p.draft_key).await?;
    p.draft = draft;
    let fields = if typed.is_empty() { forms::fields(kind, &ctx) } else { forms::filled(kind, &ctx, &typed) };
    Ok(page(&p, &fields, &FormErrors::default(), &typed))
}

async fn correct(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, seq)): Path<(String, u64)>,
    Form(sent): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let route = "POST /children/{id}/correct/{seq}";
    let (o, kind, entry, before) = correcting(&state, &user, &raw, seq, route).await?;
    let p = correction_page(&user, &o, kind, seq, &entry);
    match amend(&state, &user, &o, kind, (seq, &entry, &before), &sent, loaded_at(&sent), route).await? {
        Ok(_) => {
            crate::drafts::done(&state, &user, &p.draft_key).await?;
            Ok(Redirect::to(&format!("/children/{}", o.id)).into_response())
        }
        Err(r) => {
            let (log, workers) = (o.plain_log(), allocatable(&state));
            let c = Correcting { child: &o.id, seq, entry: &entry, log: &log };
            let fields = forms::filled(kind, &context(&state, &user, &before, &workers, Some(c)), &sent);
            redraw(&p, &fields, &r.errors(), &sent)
        }
    }
}

// ---- withdrawals ----

/// Opens entry `seq` to withdraw it: its kind's permission and `child.withdraw`, for it and for
/// each entry that depends on it; with the dependants.
pub(crate) async fn withdrawing(
    state: &AppState,
    user: &SignedIn,
    raw: &str,
    seq: u64,
    route: &str,
) -> Result<(Opened, ChildEvent, Vec<(u64, String)>), AppError> {
    let o = open(state, user, raw, route).await?;
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
            shown.push((s, o.describe(&e)));
        }
    }
    Ok((o, entry, shown))
}

fn withdrawal_page(user: &SignedIn, o: &Opened, seq: u64, entry: &ChildEvent, dependants: &[(u64, String)], errors: &FormErrors, sent: &[(String, String)]) -> Markup {
    let child_href = format!("/children/{}", o.id);
    let ticked = sent.iter().any(|(n, v)| n == WITH_DEPENDANTS && v == "on");
    let reason: Vec<&str> = errors.for_field(forms::WITHDRAWAL_REASON).collect();
    let reason_value = sent.iter().find(|(n, _)| n == forms::WITHDRAWAL_REASON).map_or("", |(_, v)| v.as_str());
    let problems: Vec<(Option<&str>, &str)> = errors
        .form
        .iter()
        .map(|m| (None, m.as_str()))
        .chain(errors.fields.iter().map(|(f, m)| (Some(if *f == WITH_DEPENDANTS { "f-with_dependants" } else { "f-withdrawal_reason" }), m.as_str())))
        .collect();
    let body = html! {
        (ui::components::error_summary(&problems))
        p.govuk-body { "Entry " (seq) ": " strong { (o.describe(entry)) } }
        p.govuk-body { "Withdrawn as entered in error, it stays in the log and on the chronology, marked withdrawn, and leaves the due list, the returns and the indicators." }
        form method="post" action={ "/children/" (o.id) "/withdraw/" (seq) } novalidate {
            (csrf_input(&user.csrf))
            input type="hidden" name="version" value=(o.version);
            @if !dependants.is_empty() {
                (warning("These entries depend on it and cannot stand without it:"))
                ul.govuk-list.govuk-list--bullet { @for (s, text) in dependants { li { "Entry " (s) ": " (text) } } }
                (checkbox(&Control::new("f-with_dependants", WITH_DEPENDANTS, "Withdraw them with it, in the same step")
                    .errors(errors.for_field(WITH_DEPENDANTS).collect()), ticked))
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
    let (o, entry, dependants) = withdrawing(&state, &user, &raw, seq, "GET /children/{id}/withdraw/{seq}").await?;
    Ok(withdrawal_page(&user, &o, seq, &entry, &dependants, &FormErrors::default(), &[]))
}

async fn withdraw(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, seq)): Path<(String, u64)>,
    Form(sent): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (o, entry, dependants) = withdrawing(&state, &user, &raw, seq, "POST /children/{id}/withdraw/{seq}").await?;
    let also: Vec<u64> = dependants.iter().map(|(s, _)| *s).collect();
    match retract(&state, &user, &o, seq, &also, &sent, loaded_at(&sent)).await? {
        Ok(_) => Ok(Redirect::to(&format!("/children/{}", o.id)).into_response()),
        Err(r) => {
            let page = withdrawal_page(&user, &o, seq, &entry, &dependants, &r.errors(), &sent);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
