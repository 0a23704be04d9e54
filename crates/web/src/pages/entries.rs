//! The record pages of the streams beside the child's ([`Served`]): a menu of the kinds the
//! user may record with the subject's chronology, a page form per declared kind, a correction
//! (the same form filled in, its numbers kept, why in its own field) and a withdrawal as entered
//! in error (with the entries that depend on it), all drawn from the kind's declaration
//! (`crate::forms::streams`); the API's writes (`api/entries.rs`) share these functions. Each
//! kind is recorded, corrected and withdrawn only by a role holding its permission key; each
//! write names the version it was prepared against (a stale one is refused); identifiers are
//! looked up and one not on record refused beside its field; views and refusals are audited.

use super::csrf_input;
use crate::access::audit;
use crate::auth::SignedIn;
use crate::forms::streams::{self, Context, Kind, Served};
use crate::forms::{self, Field, FormErrors};
use crate::ui::components::{Control, button, button_group, checkbox, error_summary, textarea, warning, warning_button};
use crate::ui::{self, Layout};
use crate::{AppError, AppState};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use carefile_domain::access::AuditAction;
use carefile_domain::form::{Cx, Declared, Staff, Subject};
use carefile_domain::people::{Household, PersonId, Person, HouseholdId};
use carefile_domain::adopters::AdopterRecord;
use carefile_domain::complaints::Complaint;
use carefile_domain::fostering::CarerRecord;
use carefile_domain::panels::{AdmDecision, CaseRef, PanelEvent, Sitting, SittingId};
use carefile_domain::stream::changes::{Change, Entry};
use carefile_domain::stream::{Projection, StreamEvent, SubjectId};
use carefile_domain::{ChildId, Recorded};
use carefile_store::{EventStore, Expected, StoreError, Subjects};
use maud::{Markup, html};

/// The pages of every served stream.
pub fn routes() -> Router<AppState> {
    Router::new().merge(pages::<CarerRecord>()).merge(pages::<AdopterRecord>()).merge(pages::<Sitting>()).merge(pages::<Complaint>())
}

/// The pages of stream `P`: its menu and each kind's form.
pub fn pages<P>() -> Router<AppState>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let base = P::ROUTE;
    Router::new()
        .route(&format!("{base}/record"), get(menu::<P>))
        .route(&format!("{base}/record/{{form}}"), get(blank::<P>).post(submit::<P>))
        .route(&format!("{base}/correct/{{entry}}"), get(correction::<P>).post(correct::<P>))
        .route(&format!("{base}/withdraw/{{entry}}"), get(withdrawal::<P>).post(withdraw::<P>))
}

/// A subject of `P` opened for a form: its identifier, the subject as it stands (none before
/// its first entry, or for `new` where the store numbers subjects), its version and its log.
pub(crate) struct Opened<P: Projection> {
    pub id: P::Id,
    /// How the address names it (`new` for a sitting not yet scheduled).
    pub raw: String,
    pub record: Option<P>,
    pub version: u64,
    pub log: streams::Log<P::Event>,
}

/// The placeholder a subject's identifier has before the store hands it out.
const NEW: &str = "new";

/// Where subject `raw`'s pages are.
pub(crate) fn base<P>(raw: &str) -> String
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    P::ROUTE.replace("{id}", raw)
}

async fn denied(state: &AppState, user: &SignedIn, route: &str, why: String) -> AppError {
    match audit(state, &user.username, AuditAction::Denied, None, format!("{route}: {why}")).await {
        Ok(()) => AppError::Forbidden(why),
        Err(e) => e,
    }
}

/// Opens subject `raw` of `P` for `user`, audited: the stream's read key, and the subject a
/// first entry is about on record.
pub(crate) async fn open<P>(state: &AppState, user: &SignedIn, raw: &str, route: &str) -> Result<Opened<P>, AppError>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    if !user.may(P::READ) {
        let why = format!("a {} does not work with the {} ({} is needed)", user.role_label().to_lowercase(), P::NOUN, P::READ);
        return Err(denied(state, user, route, why).await);
    }
    let numbered = raw == NEW && P::numbered(1).is_some();
    let id = match P::numbered(0) {
        // Stands for the identifier the store hands out when the first entry is written.
        Some(placeholder) if numbered => placeholder,
        _ => P::Id::parse(raw).map_err(|e| AppError::NotFound(e.to_string()))?,
    };
    let (lookup, about) = (id.clone(), P::ABOUT);
    let (current, log, known) = state
        .read_store(move |s| {
            let current = if numbered { None } else { s.subject::<P>(&lookup)? };
            let log = if current.is_some() { s.subject_entries::<P>(&lookup)? } else { vec![] };
            let known = match about {
                Some(what) if !numbered => exists(s, what, lookup.as_str())?,
                _ => numbered || current.is_some(),
            };
            Ok((current, log, known))
        })
        .await?;
    if !known {
        return Err(AppError::NotFound(format!("no {} {raw} is on record", about.map_or(P::NOUN, Subject::noun))));
    }
    audit(state, &user.username, AuditAction::ViewChild, None, format!("{route} {}", id.as_str())).await?;
    let (record, version) = match current {
        Some((r, v)) => (Some(r), v),
        None => (None, 0),
    };
    let log = log.into_iter().map(|e| (e.seq, e.version, e.recorded, e.event)).collect();
    Ok(Opened { id, raw: raw.to_string(), record, version, log })
}

/// Whether subject `id` of kind `what` is on record.
fn exists(s: &dyn EventStore, what: Subject, id: &str) -> Result<bool, StoreError> {
    Ok(match what {
        Subject::Child => match ChildId::new(id) {
            Ok(c) => s.child(&c)?.is_some(),
            Err(_) => false,
        },
        Subject::Person => match PersonId::new(id) {
            Ok(p) => s.subject::<Person>(&p)?.is_some(),
            Err(_) => false,
        },
        Subject::Household => match HouseholdId::new(id) {
            Ok(h) => s.subject::<Household>(&h)?.is_some(),
            Err(_) => false,
        },
        Subject::Sitting => match SittingId::new(id) {
            Ok(x) => s.subject::<Sitting>(&x)?.is_some(),
            Err(_) => false,
        },
    })
}

/// Whether `user` may record, correct or withdraw entries of `kind`, or why not in words for
/// the page: the kind's own permission key, for each of the three.
pub(crate) fn permitted<P>(user: &SignedIn, kind: Kind<P>) -> Result<(), String>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    if user.may(kind.permission) {
        Ok(())
    } else {
        Err(format!("{} is not recorded by a {} ({} is needed)", kind.title, user.role_label().to_lowercase(), kind.permission))
    }
}

fn kind_of<P>(slug: &str) -> Result<Kind<P>, AppError>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    <P::Event as Declared>::by_slug(slug).ok_or_else(|| AppError::NotFound(format!("no form called '{slug}'")))
}

/// Opens subject `raw` for a form of `slug`, checked: the kind's permission key.
pub(crate) async fn form_for<P>(state: &AppState, user: &SignedIn, raw: &str, slug: &str, route: &str) -> Result<(Opened<P>, Kind<P>), AppError>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let kind = kind_of::<P>(slug)?;
    let o = open::<P>(state, user, raw, route).await?;
    if let Err(why) = permitted::<P>(user, kind) {
        return Err(denied(state, user, route, why).await);
    }
    Ok((o, kind))
}

fn context<'a, P: Projection>(state: &AppState, user: &'a SignedIn, id: &'a P::Id, record: Option<&'a P>, version: u64, staff: &'a [Staff]) -> Context<'a, P> {
    Context { today: state.today(), now: state.now(), id, record, version, user: &user.username, worker: user.worker.as_ref(), staff }
}

/// The fields of `kind`'s form with `sent` filled in (a correction's numbers fixed, and its reason).
fn fields<P>(kind: Kind<P>, ctx: &Context<P>, sent: &[(String, String)], correcting: bool) -> Vec<Field>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let Some(record) = streams::drawn_from(ctx) else { return vec![] };
    let cx = Cx { today: ctx.today, record: record.as_ref(), user: ctx.worker, staff: ctx.staff };
    let mut out: Vec<Field> = kind.draw(&cx, sent, correcting).into_iter().map(Field::from).collect();
    if correcting {
        out.push(forms::reason_field(forms::CORRECTION_REASON, "Why this corrects the entry", sent));
    }
    out
}

/// `sent` with its date boxes joined, or the dates that could not be.
fn joined<P>(kind: Kind<P>, ctx: &Context<P>, sent: &[(String, String)]) -> (Vec<(String, String)>, Vec<(&'static str, String)>)
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    ui::forms::join_dates(sent, &fields(kind, ctx, &[], false))
}

/// `result`, with the dates that could not be joined put beside their fields instead.
fn with_dates<T>(result: Result<T, FormErrors>, problems: Vec<(&'static str, String)>) -> Result<T, FormErrors> {
    match result {
        Ok(t) if problems.is_empty() => Ok(t),
        Ok(_) => Err(FormErrors { fields: problems, form: vec![] }),
        Err(mut errors) => {
            errors.fields.retain(|(n, _)| !problems.iter().any(|(p, _)| p == n));
            errors.fields.extend(problems);
            Err(errors)
        }
    }
}

/// Why a write was not made.
pub(crate) enum Refused {
    /// The subject changed since the form (or the API's `If-Match`) was loaded.
    Stale,
    Form(FormErrors),
}

/// A write made: the subject, its new version (the number of the last entry written).
pub(crate) struct Written<Id> {
    pub id: Id,
    pub version: u64,
    pub kind: &'static str,
}

pub(crate) type Outcome<Id> = Result<Result<Written<Id>, Refused>, AppError>;

/// The identifiers `sent` gives that are not on record, beside their fields.
async fn unknown_ids<P>(state: &AppState, kind: Kind<P>, sent: &[(String, String)]) -> Result<FormErrors, AppError>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let ids = streams::identifiers(kind, sent);
    let asked = ids.clone();
    let known = state
        .read_store(move |s| {
            let mut known = Vec::new();
            for (_, what, id) in &asked {
                if exists(s, *what, id)? {
                    known.push((*what, id.clone()));
                }
            }
            Ok(known)
        })
        .await?;
    Ok(streams::unknown_ids(&ids, |what, id| known.iter().any(|(w, i)| *w == what && i == id)))
}

/// Records an entry of `kind` from `sent`, the form having been loaded at version `loaded`.
pub(crate) async fn enter<P>(state: &AppState, user: &SignedIn, o: &Opened<P>, kind: Kind<P>, sent: &[(String, String)], loaded: Option<u64>) -> Outcome<P::Id>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    if loaded != Some(o.version) {
        return Ok(Err(Refused::Stale));
    }
    let staff = super::record::allocatable(state);
    let ctx = context(state, user, &o.id, o.record.as_ref(), o.version, &staff);
    let unknown = unknown_ids::<P>(state, kind, sent).await?;
    if !unknown.is_empty() {
        return Ok(Err(Refused::Form(unknown)));
    }
    let (sent, problems) = joined(kind, &ctx, sent);
    let event = match with_dates(streams::submit(kind, &ctx, &sent), problems) {
        Ok(e) => e,
        Err(errors) => return Ok(Err(Refused::Form(errors))),
    };
    if let Some(why) = P::refused_alone(o.record.as_ref(), &event) {
        return Ok(Err(Refused::Form(FormErrors::form(why))));
    }
    let beside = match carried(state, On::Household(o.id.as_str()), P::STREAM, vec![(None, P::decides(&event))]).await? {
        Ok(b) => b,
        Err(why) => return Ok(Err(Refused::Form(FormErrors::form(why)))),
    };
    write::<P>(state, user, o, Entry::Event(event), None, beside).await
}

/// Whose record an agency decision is made on.
#[derive(Clone, Copy)]
pub(crate) enum On<'a> {
    Household(&'a str),
    /// A child, and the household the entry names (a match names the adopters').
    Child(&'a ChildId, Option<&'a HouseholdId>),
}

/// Entries of one sitting written with an entry of the record its decision is kept on, in the
/// same transaction (decision 007): the sitting, the version it was read at, and the entries.
pub(crate) struct Beside {
    sitting: SittingId,
    version: u64,
    payloads: Vec<String>,
}

/// Appends `beside` in transaction `tx`: a sitting changed since it was read refuses the whole.
pub(crate) fn append_beside(tx: &mut dyn carefile_store::Tx, beside: &[Beside], recorded: &Recorded) -> Result<(), StoreError> {
    for b in beside {
        let entries: Vec<(Recorded, String)> = b.payloads.iter().map(|p| (recorded.clone(), p.clone())).collect();
        tx.append_raw(Sitting::STREAM, b.sitting.as_str(), Expected::Version(b.version), &entries)?;
    }
    Ok(())
}

/// What the sittings must record for entries of `on`'s record (`stream`) whose agency decision
/// was and is as `changed` says (a new entry: none before; a withdrawn one: none after): the decision's `AdmDecided` when it is made, corrected with it, or
/// withdrawn with it (the case waits for its decision again). Or why it cannot be: the case is
/// another record's, another kind of business, not heard, or decided already.
pub(crate) async fn carried(state: &AppState, on: On<'_>, stream: &'static str, changed: Vec<(Option<AdmDecision>, Option<AdmDecision>)>) -> Result<Result<Vec<Beside>, String>, AppError> {
    // Each case's decision: withdrawn (`None`) or as it now stands (a new or corrected entry).
    let mut steps: Vec<(CaseRef, Option<PanelEvent>)> = Vec::new();
    for (was, now) in changed {
        match (was, now) {
            (Some(w), Some(n)) if w.case == n.case => {
                if w != n {
                    steps.push((n.case.clone(), Some(n.entry())));
                }
            }
            (w, n) => {
                steps.extend(w.map(|w| (w.case, None)));
                steps.extend(n.map(|n| (n.case.clone(), Some(n.entry()))));
            }
        }
    }
    let mut out: Vec<Beside> = Vec::new();
    for (case, made) in steps {
        let id = case.sitting.clone();
        let found = state
            .read_store(move |s| {
                let Some((sitting, version)) = s.subject::<Sitting>(&id)? else { return Ok(None) };
                let log: streams::Log<PanelEvent> = s.subject_entries::<Sitting>(&id)?.into_iter().map(|e| (e.seq, e.version, e.recorded, e.event)).collect();
                Ok(Some((sitting, version, log)))
            })
            .await?;
        let Some((sitting, version, log)) = found else { return Ok(Err(format!("no panel sitting {} is on record", case.sitting))) };
        let Some(c) = sitting.case(case.case) else { return Ok(Err(format!("{} has no case {}", case.sitting, case.case))) };
        // The sitting's entry that records the decision now, if any.
        let decided_in = log.iter().map(|(_, v, _, _)| *v).find(|v| {
            matches!(streams::current(&log, *v), Some(PanelEvent::AdmDecided { case: n, .. }) if n == case.case)
        });
        let recorded = Recorded::new(state.now(), "check", None);
        let change: Entry<PanelEvent> = match (made, decided_in) {
            // A decision the sitting never recorded (moved from elsewhere) leaves it as it is.
            (None, None) => continue,
            (None, Some(entry)) => match streams::withdrawal::<Sitting>(&case.sitting, &log, (entry, vec![]), &recorded) {
                Ok(change) => Entry::Change(change),
                Err(m) => return Ok(Err(format!("{case}: {m}"))),
            },
            (Some(event), Some(entry)) => {
                let change = Change::EntryCorrected { entry, replacement: event };
                if let Err((_, m)) = streams::trial::<Sitting>(&case.sitting, &log, change.clone(), &recorded) {
                    return Ok(Err(format!("{case}: {m}")));
                }
                Entry::Change(change)
            }
            (Some(event), None) => {
                let about = match on {
                    On::Household(h) => c.household.as_ref().map(|x| x.as_str()) == Some(h),
                    On::Child(child, _) => c.child.as_ref() == Some(child),
                };
                if !about {
                    let whose = match on {
                        On::Household(h) => format!("household {h}"),
                        On::Child(child, _) => format!("child {child}"),
                    };
                    return Ok(Err(format!("{case} is not about {whose}")));
                }
                if let (On::Child(_, named), Some(h)) = (on, &c.household) {
                    if named != Some(h) {
                        return Ok(Err(format!("{case} is about household {h}: name it as the adopters' household")));
                    }
                }
                let PanelEvent::AdmDecided { decision, .. } = &event else { unreachable!("a decision's entry") };
                if c.business.recorded_on(*decision).map(|(s, _)| s) != Some(stream) {
                    return Ok(Err(format!("{case} is {}: this decision is not made on it", c.business.label().to_lowercase())));
                }
                let at = carefile_domain::stream::Stamp { seq: u64::MAX, version: version + 1, recorded: &recorded };
                if let Err(e) = Sitting::next(&case.sitting, Some(&sitting), at, &event) {
                    return Ok(Err(format!("{case}: {}", e.message)));
                }
                Entry::Event(event)
            }
        };
        let payload = serde_json::to_string(&change).map_err(|e| AppError::Internal(e.to_string()))?;
        match out.iter_mut().find(|b| b.sitting == case.sitting) {
            Some(b) => b.payloads.push(payload),
            None => out.push(Beside { sitting: case.sitting.clone(), version, payloads: vec![payload] }),
        }
    }
    Ok(Ok(out))
}

/// Corrects entry `entry` from `sent`, the form having been loaded at version `loaded`.
pub(crate) async fn amend<P>(state: &AppState, user: &SignedIn, o: &Opened<P>, kind: Kind<P>, (entry, was): (u64, &P::Event), sent: &[(String, String)], loaded: Option<u64>) -> Outcome<P::Id>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    if loaded != Some(o.version) {
        return Ok(Err(Refused::Stale));
    }
    let before = streams::before::<P>(&o.id, &o.log, entry).map_err(AppError::Internal)?;
    let staff = super::record::allocatable(state);
    let ctx = context(state, user, &o.id, before.as_ref(), entry - 1, &staff);
    let unknown = unknown_ids::<P>(state, kind, sent).await?;
    if !unknown.is_empty() {
        return Ok(Err(Refused::Form(unknown)));
    }
    let (sent, problems) = joined(kind, &ctx, sent);
    let (change, why) = match with_dates(streams::correct(kind, &ctx, &o.log, (entry, was), &sent), problems) {
        Ok(c) => c,
        Err(errors) => return Ok(Err(Refused::Form(errors))),
    };
    let Change::EntryCorrected { replacement, .. } = &change else { unreachable!("a correction") };
    if let Some(why) = P::refused_alone(before.as_ref(), replacement).or_else(|| P::refused_alone(before.as_ref(), was)) {
        return Ok(Err(Refused::Form(FormErrors::form(why))));
    }
    let beside = match carried(state, On::Household(o.id.as_str()), P::STREAM, vec![(P::decides(was), P::decides(replacement))]).await? {
        Ok(b) => b,
        Err(why) => return Ok(Err(Refused::Form(FormErrors::form(why)))),
    };
    write::<P>(state, user, o, Entry::Change(change), Some(why), beside).await
}

/// Withdraws entry `entry` with `dependants` (ticked to go with it), the reason in `sent`.
pub(crate) async fn retract<P>(state: &AppState, user: &SignedIn, o: &Opened<P>, entry: u64, dependants: &[u64], sent: &[(String, String)], loaded: Option<u64>) -> Outcome<P::Id>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    if loaded != Some(o.version) {
        return Ok(Err(Refused::Stale));
    }
    let reason = match forms::withdrawal_reason(sent, dependants) {
        Ok(r) => r,
        Err(errors) => return Ok(Err(Refused::Form(errors))),
    };
    let recorded = Recorded::new(state.now(), user.username.clone(), Some(reason.clone()));
    let change = match streams::withdrawal::<P>(&o.id, &o.log, (entry, dependants.to_vec()), &recorded) {
        Ok(change) => change,
        Err(m) => return Ok(Err(Refused::Form(FormErrors::form(m)))),
    };
    // A withdrawn agency decision takes the sitting's record of it along: the case waits again.
    let withdrawn: Vec<P::Event> = std::iter::once(entry).chain(dependants.iter().copied()).filter_map(|e| streams::current(&o.log, e)).collect();
    if let Some(why) = withdrawn.iter().find_map(|e| P::refused_alone(o.record.as_ref(), e)) {
        return Ok(Err(Refused::Form(FormErrors::form(why))));
    }
    let changed = withdrawn.iter().map(|e| (P::decides(e), None)).collect();
    let beside = match carried(state, On::Household(o.id.as_str()), P::STREAM, changed).await? {
        Ok(b) => b,
        Err(why) => return Ok(Err(Refused::Form(FormErrors::form(why)))),
    };
    write::<P>(state, user, o, Entry::Change(change), Some(reason), beside).await
}

pub(crate) use forms::WITH_DEPENDANTS;

/// Writes `entry` to the subject at the version it was opened at (a new subject: under the
/// identifier the store hands out, or its own), and the sittings' entries `beside` it in the
/// same transaction.
async fn write<P>(state: &AppState, user: &SignedIn, o: &Opened<P>, entry: Entry<P::Event>, why: Option<String>, beside: Vec<Beside>) -> Outcome<P::Id>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let kind = entry.kind();
    let payload = serde_json::to_string(&entry).map_err(|e| AppError::Internal(e.to_string()))?;
    let events = vec![(Recorded::new(state.now(), user.username.clone(), why), payload)];
    let numbered = o.raw == NEW && o.record.is_none();
    let (id, expected) = (o.id.clone(), if o.record.is_some() { Expected::Version(o.version) } else { Expected::New });
    let written = state
        .with_store(move |s| {
            let mut made = None;
            let result = s.transaction(&mut |tx| {
                let id = if numbered {
                    let n = tx.new_number(P::STREAM, &|n| P::numbered(n).map(|i| i.as_str().to_string()).unwrap_or_default())?;
                    P::numbered(n).ok_or_else(|| StoreError::Unsupported(format!("the {} stream does not number its subjects", P::STREAM)))?
                } else {
                    id.clone()
                };
                let version = tx.append_raw(P::STREAM, id.as_str(), expected, &events)?;
                append_beside(tx, &beside, &events[0].0)?;
                made = Some(Written { id, version, kind });
                Ok(())
            });
            match result {
                Ok(()) => made.map(Ok).ok_or_else(|| StoreError::Corrupt("a write stored nothing".into())),
                Err(StoreError::SubjectConflict { .. }) => Ok(Err(Refused::Stale)),
                Err(StoreError::Stream(e)) => Ok(Err(Refused::Form(FormErrors::form(e.message)))),
                Err(StoreError::Refused(m)) => Ok(Err(Refused::Form(FormErrors::form(m)))),
                Err(e) => Err(e),
            }
        })
        .await?;
    if written.is_ok() {
        state.sync().await?;
    }
    Ok(written)
}

pub(crate) const STALE: &str = super::record::STALE;

fn loaded_at(sent: &[(String, String)]) -> Option<u64> {
    sent.iter().find(|(n, _)| n == "version").and_then(|(_, v)| v.parse().ok())
}

fn caption<P>(o: &Opened<P>) -> String
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    if o.record.is_none() && o.raw == NEW { format!("A new {}", P::NOUN) } else { format!("{} {}", capitalised(P::NOUN), o.id.as_str()) }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The subject's chronology, newest first: each entry's sentence (from its declaration; a
/// correction with the fields it changed, from → to, and why), who recorded it and when, a
/// withdrawn entry marked so, and the links to correct or withdraw what `user` may.
pub fn history<P>(user: &SignedIn, raw: &str, log: &streams::Log<P::Event>) -> Markup
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let here = base::<P>(raw);
    html! {
        @if log.is_empty() {
            p.govuk-body { "Nothing recorded yet." }
        } @else {
            table.govuk-table {
                caption.govuk-table__caption.govuk-table__caption--m { "Chronology" }
                thead.govuk-table__head { tr.govuk-table__row {
                    th.govuk-table__header scope="col" { "Entry" }
                    th.govuk-table__header scope="col" { "Date" }
                    th.govuk-table__header scope="col" { "What happened" }
                    th.govuk-table__header scope="col" { "Recorded by" }
                    th.govuk-table__header scope="col" { span.govuk-visually-hidden { "Changes" } }
                } }
                tbody.govuk-table__body {
                    @for (at, (_, version, recorded, e)) in log.iter().enumerate().rev() {
                        @let (withdrawn, corrected) = streams::changed(log, *version);
                        @let kind = match e { Entry::Event(e) => e.declaration(), Entry::Change(_) => None };
                        tr.govuk-table__row id={ "entry-" (version) } {
                            td.govuk-table__cell { (version) }
                            td.govuk-table__cell { (match e { Entry::Event(e) => dated(recorded, e), Entry::Change(_) => recorded.at.date_naive().to_string() }) }
                            td.govuk-table__cell {
                                @if withdrawn { strong.govuk-tag.govuk-tag--grey { "Withdrawn" } " " }
                                @if corrected && !withdrawn { strong.govuk-tag.govuk-tag--yellow { "Corrected" } " " }
                                (streams::sentence::<P>(log, at))
                                @if let Some(why) = &recorded.reason { br; span.govuk-hint { "Why: " (why) } }
                            }
                            td.govuk-table__cell { (recorded.by) " on " (recorded.at.format("%Y-%m-%d %H:%M")) }
                            td.govuk-table__cell {
                                @if kind.is_some_and(|k| !withdrawn && user.may(k.permission)) {
                                    a.govuk-link href={ (here) "/correct/" (version) } { "Correct" span.govuk-visually-hidden { " entry " (version) } }
                                    @if *version > 1 {
                                        " " a.govuk-link href={ (here) "/withdraw/" (version) } { "Withdraw" span.govuk-visually-hidden { " entry " (version) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The date an entry took effect, or the day it was recorded.
fn dated<E: StreamEvent>(recorded: &Recorded, e: &E) -> String {
    e.effective_date().unwrap_or_else(|| recorded.at.date_naive()).to_string()
}

async fn menu<P>(State(state): State<AppState>, user: SignedIn, Path(raw): Path<String>) -> Result<Markup, AppError>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let o = open::<P>(&state, &user, &raw, &format!("GET {}/record", P::ROUTE)).await?;
    let mine = streams::kinds::<P>(|k| user.may(k));
    let record = streams::drawn_from(&context(&state, &user, &o.id, o.record.as_ref(), o.version, &[])).map(|r| r.into_owned());
    let mut groups: Vec<&str> = mine.iter().map(|k| k.group).collect();
    groups.dedup();
    let here = base::<P>(&o.raw);
    let body = html! {
        p.govuk-body { "Choose what happened. Forms that need something the record does not hold yet say what." }
        @for g in &groups {
            h2.govuk-heading-m { (g) }
            ul.govuk-list {
                @for k in mine.iter().filter(|k| k.group == *g) {
                    li {
                        @match record.as_ref().map(|r| k.available(r)) {
                            Some(Ok(())) => { a.govuk-link href={ (here) "/record/" (k.slug) } { (k.title) } }
                            Some(Err(why)) => { (k.title) " " span.govuk-hint { "(" (why) ")" } }
                            None => { (k.title) }
                        }
                    }
                }
            }
        }
        @if mine.is_empty() { p.govuk-body { "Your role records nothing here." } }
        (history::<P>(&user, &o.raw, &o.log))
    };
    let back = if o.record.is_some() || P::ABOUT.is_some() { P::page(o.id.as_str()) } else { "/".into() };
    Ok(Layout::new("Record something").caption(&caption(&o)).back(&back, "Back").user(Some(&user)).render(body))
}

/// A form of `kind` on subject `o`, posting to `action`.
fn page<P>(user: &SignedIn, o: &Opened<P>, kind: Kind<P>, action: &str, note: Option<Markup>, fields: &[Field], errors: &FormErrors, raw: &[(String, String)]) -> Markup
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let here = base::<P>(&o.raw);
    let body = html! {
        @if let Some(n) = note { (crate::ui::components::inset(n)) }
        form method="post" action=(action) novalidate {
            (csrf_input(&user.csrf))
            input type="hidden" name="version" value=(o.version);
            (ui::forms::fields(fields, errors, raw))
            (button_group(html! { (button("Save")) a.govuk-link href={ (here) "/record" } { "Cancel" } }))
        }
    };
    Layout::new(kind.title).caption(&caption(o)).back(&format!("{here}/record"), "Back").errors(!errors.is_empty()).user(Some(user)).render(body)
}

fn errors_of(r: Refused) -> FormErrors {
    match r {
        Refused::Stale => FormErrors::form(STALE),
        Refused::Form(e) => e,
    }
}

/// A blank form, or one filled in from the address's query (a link from the page that knows
/// what the entry is about: the agency decision on a panel's case names its sitting and case).
async fn blank<P>(State(state): State<AppState>, user: SignedIn, Path((raw, slug)): Path<(String, String)>, Query(filled): Query<Vec<(String, String)>>) -> Result<Markup, AppError>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let (o, kind) = form_for::<P>(&state, &user, &raw, &slug, &format!("GET {}/record/{{form}}", P::ROUTE)).await?;
    let staff = super::record::allocatable(&state);
    let fields = fields(kind, &context(&state, &user, &o.id, o.record.as_ref(), o.version, &staff), &filled, false);
    let action = format!("{}/record/{}", base::<P>(&o.raw), kind.slug);
    Ok(page(&user, &o, kind, &action, None, &fields, &FormErrors::default(), &filled))
}

async fn submit<P>(State(state): State<AppState>, user: SignedIn, Path((raw, slug)): Path<(String, String)>, Form(sent): Form<Vec<(String, String)>>) -> Result<Response, AppError>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let (o, kind) = form_for::<P>(&state, &user, &raw, &slug, &format!("POST {}/record/{{form}}", P::ROUTE)).await?;
    match enter(&state, &user, &o, kind, &sent, loaded_at(&sent)).await? {
        Ok(w) => Ok(Redirect::to(&format!("{}/record#entry-{}", base::<P>(w.id.as_str()), w.version)).into_response()),
        Err(r) => {
            let staff = super::record::allocatable(&state);
            let fields = fields(kind, &context(&state, &user, &o.id, o.record.as_ref(), o.version, &staff), &sent, false);
            let action = format!("{}/record/{}", base::<P>(&o.raw), kind.slug);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page(&user, &o, kind, &action, None, &fields, &errors_of(r), &sent)).into_response())
        }
    }
}

// ---- corrections ----

/// Opens entry `entry` of subject `raw` to correct it, checked: its kind's permission key.
pub(crate) async fn correcting<P>(state: &AppState, user: &SignedIn, raw: &str, entry: u64, route: &str) -> Result<(Opened<P>, Kind<P>, P::Event), AppError>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let o = open::<P>(state, user, raw, route).await?;
    let was = streams::current(&o.log, entry).ok_or_else(|| AppError::NotFound(format!("{} has no entry {entry} that can be changed", o.id.as_str())))?;
    let kind = was.declaration().ok_or_else(|| AppError::NotFound(format!("entry {entry} is not recorded with a form")))?;
    if let Err(why) = permitted::<P>(user, kind) {
        return Err(denied(state, user, route, why).await);
    }
    Ok((o, kind, was))
}

fn correction_note(entry: u64, sentence: &str) -> Markup {
    html! { "Correcting entry " (entry) ": " (sentence) ". Change what was wrong and say why; the entry's numbers stay as they are. To record a different kind of entry, withdraw this one instead." }
}

async fn correction<P>(State(state): State<AppState>, user: SignedIn, Path((raw, entry)): Path<(String, u64)>) -> Result<Markup, AppError>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let (o, kind, was) = correcting::<P>(&state, &user, &raw, entry, &format!("GET {}/correct/{{entry}}", P::ROUTE)).await?;
    let before = streams::before::<P>(&o.id, &o.log, entry).map_err(AppError::Internal)?;
    let staff = super::record::allocatable(&state);
    let values: Vec<(String, String)> = kind.values(&was).into_iter().flat_map(|(n, vs)| vs.into_iter().map(move |v| (n.to_string(), v))).collect();
    let fields = fields(kind, &context(&state, &user, &o.id, before.as_ref(), entry - 1, &staff), &values, true);
    let action = format!("{}/correct/{entry}", base::<P>(&o.raw));
    Ok(page(&user, &o, kind, &action, Some(correction_note(entry, &kind.sentence(&was))), &fields, &FormErrors::default(), &[]))
}

async fn correct<P>(State(state): State<AppState>, user: SignedIn, Path((raw, entry)): Path<(String, u64)>, Form(sent): Form<Vec<(String, String)>>) -> Result<Response, AppError>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let (o, kind, was) = correcting::<P>(&state, &user, &raw, entry, &format!("POST {}/correct/{{entry}}", P::ROUTE)).await?;
    match amend(&state, &user, &o, kind, (entry, &was), &sent, loaded_at(&sent)).await? {
        Ok(w) => Ok(Redirect::to(&format!("{}/record#entry-{}", base::<P>(&o.raw), w.version)).into_response()),
        Err(r) => {
            let before = streams::before::<P>(&o.id, &o.log, entry).map_err(AppError::Internal)?;
            let staff = super::record::allocatable(&state);
            let fields = fields(kind, &context(&state, &user, &o.id, before.as_ref(), entry - 1, &staff), &sent, true);
            let action = format!("{}/correct/{entry}", base::<P>(&o.raw));
            let page = page(&user, &o, kind, &action, Some(correction_note(entry, &kind.sentence(&was))), &fields, &errors_of(r), &sent);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

// ---- withdrawals ----

/// Opens entry `entry` to withdraw it: its kind's permission key, and that of each entry that
/// depends on it; with the dependants and their sentences.
pub(crate) async fn withdrawing<P>(state: &AppState, user: &SignedIn, raw: &str, entry: u64, route: &str) -> Result<(Opened<P>, P::Event, Vec<(u64, String)>), AppError>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let o = open::<P>(state, user, raw, route).await?;
    let missing = || AppError::NotFound(format!("{} has no entry {entry} that can be withdrawn", o.id.as_str()));
    let was = streams::current(&o.log, entry).ok_or_else(missing)?;
    let dependants = streams::dependants::<P>(&o.id, &o.log, entry).map_err(AppError::BadRequest)?;
    let mut shown = Vec::new();
    for v in std::iter::once(entry).chain(dependants.iter().copied()) {
        let e = streams::current(&o.log, v).ok_or_else(missing)?;
        let kind = e.declaration().ok_or_else(|| AppError::NotFound(format!("entry {v} cannot be withdrawn")))?;
        if let Err(why) = permitted::<P>(user, kind) {
            let why = if v == entry { why } else { format!("entry {v} depends on it, and {why}") };
            return Err(denied(state, user, route, why).await);
        }
        if v != entry {
            shown.push((v, kind.sentence(&e)));
        }
    }
    Ok((o, was, shown))
}

fn withdrawal_page<P>(user: &SignedIn, o: &Opened<P>, entry: u64, was: &P::Event, dependants: &[(u64, String)], errors: &FormErrors, sent: &[(String, String)]) -> Markup
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let here = base::<P>(&o.raw);
    let ticked = sent.iter().any(|(n, v)| n == WITH_DEPENDANTS && v == "on");
    let reason_value = sent.iter().find(|(n, _)| n == forms::WITHDRAWAL_REASON).map_or("", |(_, v)| v.as_str());
    let problems: Vec<(Option<&str>, &str)> = errors
        .form
        .iter()
        .map(|m| (None, m.as_str()))
        .chain(errors.fields.iter().map(|(f, m)| (Some(if *f == WITH_DEPENDANTS { "f-with_dependants" } else { "f-withdrawal_reason" }), m.as_str())))
        .collect();
    let sentence = was.declaration().map_or_else(|| was.kind().to_string(), |d| d.sentence(was));
    let body = html! {
        (error_summary(&problems))
        p.govuk-body { "Entry " (entry) ": " strong { (sentence) } }
        p.govuk-body { "Withdrawn as entered in error, it stays in the log and on the chronology, marked withdrawn, and no longer counts on the record." }
        form method="post" action={ (here) "/withdraw/" (entry) } novalidate {
            (csrf_input(&user.csrf))
            input type="hidden" name="version" value=(o.version);
            @if !dependants.is_empty() {
                (warning("These entries depend on it and cannot stand without it:"))
                ul.govuk-list.govuk-list--bullet { @for (v, text) in dependants { li { "Entry " (v) ": " (text) } } }
                (checkbox(&Control::new("f-with_dependants", WITH_DEPENDANTS, "Withdraw them with it, in the same step")
                    .errors(errors.for_field(WITH_DEPENDANTS).collect()), ticked))
            }
            (textarea(&Control::new("f-withdrawal_reason", forms::WITHDRAWAL_REASON, "Why it was entered in error")
                .errors(errors.for_field(forms::WITHDRAWAL_REASON).collect()).required(true), reason_value, 3))
            (button_group(html! { (warning_button("Withdraw")) a.govuk-link href={ (here) "/record" } { "Cancel" } }))
        }
    };
    Layout::new("Withdraw an entry").caption(&caption(o)).back(&format!("{here}/record"), "Back").errors(!errors.is_empty()).user(Some(user)).render(body)
}

async fn withdrawal<P>(State(state): State<AppState>, user: SignedIn, Path((raw, entry)): Path<(String, u64)>) -> Result<Markup, AppError>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let (o, was, dependants) = withdrawing::<P>(&state, &user, &raw, entry, &format!("GET {}/withdraw/{{entry}}", P::ROUTE)).await?;
    Ok(withdrawal_page(&user, &o, entry, &was, &dependants, &FormErrors::default(), &[]))
}

async fn withdraw<P>(State(state): State<AppState>, user: SignedIn, Path((raw, entry)): Path<(String, u64)>, Form(sent): Form<Vec<(String, String)>>) -> Result<Response, AppError>
where
    P: Served,
    P::Event: Declared<Record = P>,
{
    let (o, was, dependants) = withdrawing::<P>(&state, &user, &raw, entry, &format!("POST {}/withdraw/{{entry}}", P::ROUTE)).await?;
    let also: Vec<u64> = dependants.iter().map(|(v, _)| *v).collect();
    match retract(&state, &user, &o, entry, &also, &sent, loaded_at(&sent)).await? {
        Ok(w) => Ok(Redirect::to(&format!("{}/record#entry-{}", base::<P>(&o.raw), w.version)).into_response()),
        Err(r) => Ok((StatusCode::UNPROCESSABLE_ENTITY, withdrawal_page(&user, &o, entry, &was, &dependants, &errors_of(r), &sent)).into_response()),
    }
}
