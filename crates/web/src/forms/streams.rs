//! The forms of the streams beside the child's (decisions 002, 007, 008): a foster carer
//! household's fostering record, prospective adopters' record, a panel sitting, and any other
//! stream whose events are declared ([`Declared`]). The same declarations as the child's forms:
//! a submission is read into the stream's event with an error per field, then tried on the
//! subject's projection ([`Projection::next`]) so that its refusals show beside the field they
//! name. Pure: the pages (`pages/entries.rs`) bring the record, the clock and the user.
//!
//! ## Serving another stream (for #15, #16)
//! Implement [`Served`] for the stream's projection (where its pages are, the key that reads
//! it, whether the store numbers its subjects) and merge `pages::entries::routes::<P>()` into
//! the router: each declared kind then has its page form (`{ROUTE}/record/{slug}`), its API
//! route (`/api/v1{ROUTE}/entries/{slug}`), corrections and withdrawals, and its chronology
//! sentence, which a subject's own page shows with `pages::entries::history::<P>`.

use carefile_domain::form::{Base, Cx, Declaration, Declared, FormErrors, Read, Staff, Subject, blame};
use carefile_domain::stream::changes::{self, Change, Entry};
use carefile_domain::stream::{Projection, Stamp, StreamEvent, SubjectId};
use carefile_domain::panels::{AdmDecision, PanelEvent};
use carefile_domain::{Recorded, WorkerId};
use chrono::{DateTime, NaiveDate, Utc};

/// A stream whose entries are recorded through forms.
pub trait Served: Projection
where
    Self::Event: Declared<Record = Self>,
{
    /// Where its pages are, `{id}` standing for the subject: `/households/{id}/fostering`.
    const ROUTE: &'static str;
    /// What one subject's record is called: "fostering record".
    const NOUN: &'static str;
    /// The key a user needs to see its subjects.
    const READ: &'static str;
    /// The subject a first entry is made about, which must be on record already (the household
    /// a fostering record is kept for); `None` where the first entry starts the subject.
    const ABOUT: Option<Subject> = None;
    /// The page that shows a subject.
    fn page(id: &str) -> String;
    /// The identifier of number `n`, for subjects whose identifiers the store hands out (a
    /// sitting is scheduled as `new`); `None` where the subject's identifier is another's.
    fn numbered(_n: u64) -> Option<Self::Id> {
        None
    }
    /// The panel case an entry decides, where it is the agency decision maker's decision on one:
    /// the sitting's own record of the decision is written, corrected or withdrawn with it, in
    /// one transaction (decision 007).
    fn decides(_e: &Self::Event) -> Option<AdmDecision> {
        None
    }
    /// Why an entry may not be written, corrected or withdrawn on its own (it goes with another
    /// record's entry).
    fn refused_alone(_record: Option<&Self>, _e: &Self::Event) -> Option<String> {
        None
    }
}

impl Served for carefile_domain::fostering::CarerRecord {
    const ROUTE: &'static str = "/households/{id}/fostering";
    const NOUN: &'static str = "fostering record";
    const READ: &'static str = "household.read";
    const ABOUT: Option<Subject> = Some(Subject::Household);
    fn page(id: &str) -> String {
        format!("/households/{id}")
    }
    fn decides(e: &Self::Event) -> Option<AdmDecision> {
        e.decides()
    }
}

impl Served for carefile_domain::adopters::AdopterRecord {
    const ROUTE: &'static str = "/households/{id}/adoption";
    const NOUN: &'static str = "adopters' record";
    const READ: &'static str = "household.read";
    const ABOUT: Option<Subject> = Some(Subject::Household);
    fn page(id: &str) -> String {
        format!("/households/{id}")
    }
    fn decides(e: &Self::Event) -> Option<AdmDecision> {
        e.decides()
    }
}

impl Served for carefile_domain::panels::Sitting {
    const ROUTE: &'static str = "/panels/{id}";
    const NOUN: &'static str = "panel sitting";
    const READ: &'static str = "panel.read";
    fn page(id: &str) -> String {
        format!("/panels/{id}")
    }
    fn numbered(n: u64) -> Option<carefile_domain::panels::SittingId> {
        use carefile_domain::stream::NumberedId;
        Some(carefile_domain::panels::SittingId::from_number(n))
    }
    /// A decision kept on the household's (or the child's) record is made, corrected and
    /// withdrawn there, with the sitting's entry beside it.
    fn refused_alone(record: Option<&Self>, e: &PanelEvent) -> Option<String> {
        let PanelEvent::AdmDecided { case, decision, .. } = e else { return None };
        let c = record?.case(*case)?;
        c.business.recorded_on(*decision).map(|(stream, _)| {
            let whose = if stream == carefile_domain::panels::agenda::CHILD { "child's" } else { "household's" };
            format!(
                "'{}' on {} is recorded on the {whose} record, and the sitting's entry with it: make, correct or withdraw it there (the case on the sitting's page links to it)",
                decision.label(),
                c.business.label().to_lowercase()
            )
        })
    }
}

/// A kind of entry of `P`'s stream.
pub type Kind<P> = &'static Declaration<<P as Projection>::Event>;

/// What a form of `P`'s stream is read against.
pub struct Context<'a, P: Projection> {
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
    pub id: &'a P::Id,
    /// The subject as it stands, `None` before its first entry.
    pub record: Option<&'a P>,
    /// Its version (0 before the first entry).
    pub version: u64,
    pub user: &'a str,
    pub worker: Option<&'a WorkerId>,
    pub staff: &'a [Staff],
}

/// The record a form draws its lists from: the subject, or the blank one before its first entry.
pub fn drawn_from<'a, P>(ctx: &Context<'a, P>) -> Option<std::borrow::Cow<'a, P>>
where
    P: Projection,
    P::Event: Declared<Record = P>,
{
    match ctx.record {
        Some(r) => Some(std::borrow::Cow::Borrowed(r)),
        None => <P::Event as Declared>::blank(ctx.id.as_str()).map(std::borrow::Cow::Owned),
    }
}

/// Reads a submission into an event of `kind` and tries it on the subject: the event, or the
/// errors beside the fields they concern.
pub fn submit<P>(kind: Kind<P>, ctx: &Context<P>, sent: &[(String, String)]) -> Result<P::Event, FormErrors>
where
    P: Projection,
    P::Event: Declared<Record = P>,
{
    let record = drawn_from(ctx).ok_or_else(|| FormErrors::form(format!("{} is not started by a form", kind.title)))?;
    let cx = Cx { today: ctx.today, record: record.as_ref(), user: ctx.worker, staff: ctx.staff };
    let Read { event, mentions } = kind.read(&cx, sent, Base::Blank)?;
    let recorded = Recorded::new(ctx.now, ctx.user.to_string(), None);
    let at = Stamp { seq: u64::MAX, version: ctx.version + 1, recorded: &recorded };
    match P::next(ctx.id, ctx.record, at, &event) {
        Ok(_) => Ok(event),
        Err(e) => Err(blame(&e.message, &mentions)),
    }
}

/// The well-formed identifiers `sent` gives in `kind`'s identifier fields, `(field, what, id)`:
/// each is looked up before the entry is read, so one not on record is refused beside its field.
pub fn identifiers<E: Declared>(kind: &Declaration<E>, sent: &[(String, String)]) -> Vec<(&'static str, Subject, String)> {
    kind.fields
        .iter()
        .filter_map(|f| match f.input {
            carefile_domain::form::Input::Id(what) => Some((f.name, what)),
            _ => None,
        })
        .flat_map(|(name, what)| {
            sent.iter().filter(move |(n, _)| n == name).filter_map(move |(_, v)| Some((name, what, what.check(v.trim()).ok()?)))
        })
        .collect()
}

/// The identifiers of `ids` that are not on record (`known` says which are), beside their fields.
pub fn unknown_ids(ids: &[(&'static str, Subject, String)], known: impl Fn(Subject, &str) -> bool) -> FormErrors {
    let fields = ids
        .iter()
        .filter(|(_, what, id)| !known(*what, id))
        .map(|(field, what, id)| (*field, format!("no {} {id} is on record: check the ID", what.noun())))
        .collect();
    FormErrors { fields, form: vec![] }
}

/// The kinds a role holding `may` keys can record, in menu order.
pub fn kinds<P>(may: impl Fn(&str) -> bool) -> Vec<Kind<P>>
where
    P: Projection,
    P::Event: Declared<Record = P>,
{
    <P::Event as Declared>::declarations().iter().copied().filter(|k| may(k.permission)).collect()
}

/// A subject's log as stored: `(seq, version, recorded, entry)`, its changes among them.
pub type Log<E> = Vec<(u64, u64, Recorded, Entry<E>)>;

fn stamped<E: Clone>(log: &[(u64, u64, Recorded, Entry<E>)]) -> Vec<(Stamp<'_>, Entry<E>)> {
    log.iter().map(|(seq, version, recorded, e)| (Stamp { seq: *seq, version: *version, recorded }, e.clone())).collect()
}

/// Entry `entry` as it stands (its latest correction), if it is an ordinary entry not withdrawn.
pub fn current<E: StreamEvent>(log: &[(u64, u64, Recorded, Entry<E>)], entry: u64) -> Option<E> {
    let mut now = log.iter().find_map(|(_, v, _, e)| match e {
        Entry::Event(e) if *v == entry => Some(e.clone()),
        _ => None,
    })?;
    for (_, _, _, e) in log {
        match e {
            Entry::Change(Change::EntryCorrected { entry: t, replacement }) if *t == entry => now = replacement.clone(),
            Entry::Change(Change::EntryWithdrawn { entry: t, also }) if *t == entry || also.contains(&entry) => return None,
            _ => {}
        }
    }
    Some(now)
}

/// Whether entry `entry` was withdrawn, and whether it was corrected.
pub fn changed<E>(log: &[(u64, u64, Recorded, Entry<E>)], entry: u64) -> (bool, bool) {
    log.iter().fold((false, false), |(w, c), (_, _, _, e)| match e {
        Entry::Change(Change::EntryWithdrawn { entry: t, also }) if *t == entry || also.contains(&entry) => (true, c),
        Entry::Change(Change::EntryCorrected { entry: t, .. }) if *t == entry => (w, true),
        _ => (w, c),
    })
}

/// The subject as it stood before entry `entry`: the entries before it, with the changes made to
/// those at any time (what a correction of it is read against); `None` before the first.
pub fn before<P: Projection>(id: &P::Id, log: &[(u64, u64, Recorded, Entry<P::Event>)], entry: u64) -> Result<Option<P>, String> {
    let kept: Vec<(Stamp, Entry<P::Event>)> = stamped(log)
        .into_iter()
        .filter(|(at, e)| match e {
            Entry::Change(Change::EntryCorrected { entry: t, .. }) => *t < entry,
            Entry::Change(Change::EntryWithdrawn { entry: t, also }) => *t < entry && also.iter().all(|a| *a < entry),
            Entry::Event(_) => at.version < entry,
        })
        .collect();
    changes::refold::<P>(id, &kept).map_err(|(_, e)| e.message)
}

/// `change` tried after the whole log, as its next entry: the refusal's message, if any.
pub fn trial<P: Projection>(id: &P::Id, log: &[(u64, u64, Recorded, Entry<P::Event>)], change: Change<P::Event>, recorded: &Recorded) -> Result<(), (Option<u64>, String)> {
    let mut trial = stamped(log);
    let (seq, version) = log.last().map_or((1, 1), |(s, v, _, _)| (s + 1, v + 1));
    trial.push((Stamp { seq, version, recorded }, Entry::Change(change)));
    changes::refold::<P>(id, &trial).map(drop).map_err(|(at, e)| (at, e.message))
}

/// Reads a correction of entry `entry` (`was`, as it stands) from `sent`: the form filled in
/// again, its numbers kept, and why in `correction_reason`; tried on the whole log. `ctx`
/// holds the subject as it stood before the entry.
pub fn correct<P>(
    kind: Kind<P>,
    ctx: &Context<P>,
    log: &[(u64, u64, Recorded, Entry<P::Event>)],
    (entry, was): (u64, &P::Event),
    sent: &[(String, String)],
) -> Result<(Change<P::Event>, String), FormErrors>
where
    P: Projection,
    P::Event: Declared<Record = P>,
{
    let record = drawn_from(ctx).ok_or_else(|| FormErrors::form(format!("{} is not corrected by a form", kind.title)))?;
    let cx = Cx { today: ctx.today, record: record.as_ref(), user: ctx.worker, staff: ctx.staff };
    let read = kind.read(&cx, sent, Base::Correct(was));
    let why = super::reason(super::CORRECTION_REASON, sent);
    let (Read { event, mentions }, why) = match (read, why) {
        (Ok(read), Ok(why)) => (read, why),
        (Ok(_), Err(e)) => return Err(FormErrors { fields: vec![e], form: vec![] }),
        (Err(mut errors), why) => {
            errors.fields.extend(why.err());
            return Err(errors);
        }
    };
    if serde_json::to_value(&event).ok() == serde_json::to_value(was).ok() {
        return Err(FormErrors::form("Nothing was changed: change what was wrong, or cancel"));
    }
    let change = Change::EntryCorrected { entry, replacement: event };
    let recorded = Recorded::new(ctx.now, ctx.user.to_string(), Some(why.clone()));
    match trial::<P>(ctx.id, log, change.clone(), &recorded) {
        Ok(()) => Ok((change, why)),
        Err((_, m)) => Err(blame(&m, &mentions)),
    }
}

/// The entries that cannot stand without entry `entry` (withdrawn with it, in the same step).
pub fn dependants<P: Projection>(id: &P::Id, log: &[(u64, u64, Recorded, Entry<P::Event>)], entry: u64) -> Result<Vec<u64>, String> {
    changes::dependants::<P>(id, &stamped(log), &[entry]).map_err(|e| e.message)
}

/// The withdrawal of entry `entry` with `also`, tried on the log.
pub fn withdrawal<P: Projection>(
    id: &P::Id,
    log: &[(u64, u64, Recorded, Entry<P::Event>)],
    (entry, also): (u64, Vec<u64>),
    recorded: &Recorded,
) -> Result<Change<P::Event>, String> {
    let change = Change::EntryWithdrawn { entry, also };
    trial::<P>(id, log, change.clone(), recorded).map_err(|(_, m)| m)?;
    Ok(change)
}

/// The chronology sentence of a log entry: an event's from its declaration; a correction's
/// with the fields it changed (from → to); a withdrawal's with the entries withdrawn.
pub fn sentence<P>(log: &[(u64, u64, Recorded, Entry<P::Event>)], at: usize) -> String
where
    P: Projection,
    P::Event: Declared<Record = P>,
{
    let (_, version, _, e) = &log[at];
    let said = |e: &P::Event| e.declaration().map_or_else(|| e.kind().replace('_', " "), |d| d.sentence(e));
    match e {
        Entry::Event(e) => said(e),
        Entry::Change(Change::EntryCorrected { entry, replacement }) => {
            // What the entry was just before this correction.
            let earlier: Vec<_> = log.iter().filter(|(_, v, _, _)| v < version).cloned().collect();
            let was = current(&earlier, *entry);
            let diff = match (was, replacement.declaration()) {
                (Some(was), Some(d)) => d.differences(&was, replacement).into_iter().map(|x| format!("{}: {} → {}", x.label, x.from, x.to)).collect::<Vec<_>>(),
                _ => vec![],
            };
            if diff.is_empty() { format!("Entry {entry} corrected: {}", said(replacement)) } else { format!("Entry {entry} corrected: {}", diff.join("; ")) }
        }
        Entry::Change(Change::EntryWithdrawn { entry, also }) => {
            let all: Vec<String> = std::iter::once(entry).chain(also).map(u64::to_string).collect();
            format!("Entr{} {} withdrawn as entered in error", if all.len() == 1 { "y" } else { "ies" }, all.join(", "))
        }
    }
}
