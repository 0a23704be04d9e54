//! The recording forms: each kind's declaration (`carefile_domain::form`, declared in
//! `carefile_domain::journey`) bound to a child's record. What a practitioner submits is read into
//! a [`ChildEvent`] with an error per field, then tried against the record so that the domain's
//! refusals show beside the field they concern. A correction opens the same form filled in with the
//! entry, keeps its numbers, says why in its own field and is tried by replaying the log with it;
//! a withdrawal names the entries that depend on the one withdrawn. Pure: no I/O, no clock
//! (today's date comes in the [`Context`]). The pages are `pages/record.rs`, the drawing
//! `ui/forms.rs`, the API `api/write.rs`.

mod permissions;
pub mod streams;
#[cfg(test)]
mod tests;

pub use carefile_domain::form::FormErrors;
pub use permissions::{holds, may_propose, may_record};

use carefile_domain::form::{Base, Cx, Declaration, Declared, Drawn, Staff, Widget, blame};
use carefile_domain::journey::Order;
use carefile_domain::{ChildEvent, ChildId, ChildRecord, WorkerId};
use chrono::NaiveDate;

/// A kind of entry and its form.
pub type FormKind = &'static Declaration<ChildEvent>;

/// The form of `slug` (`visit`, `referral-decision`…).
pub fn kind_of(slug: &str) -> Option<FormKind> {
    ChildEvent::by_slug(slug)
}

/// The form that records entries like `e` (none for corrections and withdrawals themselves).
pub fn kind_of_event(e: &ChildEvent) -> Option<FormKind> {
    e.declaration()
}

/// The field a correction gives its reason in: its own name, so no form's field can take it.
pub const CORRECTION_REASON: &str = "correction_reason";
/// The field a withdrawal gives its reason in.
pub const WITHDRAWAL_REASON: &str = "withdrawal_reason";
/// The field an amendment of what the record holds (the child's details) says why in: a mistake
/// put right, or a change such as a new name.
pub const AMENDMENT_REASON: &str = "amendment_reason";
/// The longest reason kept.
const REASON_MAX: usize = 2000;

/// What a form is read against.
pub struct Context<'a> {
    /// The reference date: nothing may be recorded as happening after it.
    pub today: NaiveDate,
    /// The child's record as the form was loaded (for a correction: as it stood before the entry).
    pub record: &'a ChildRecord,
    /// The signed-in member of staff, where they are one (oversight entries name them).
    pub user: Option<&'a WorkerId>,
    /// Staff a child can be allocated to: id, team, name.
    pub workers: &'a [Staff],
    /// Set when the form corrects an entry.
    pub correcting: Option<Correcting<'a>>,
}

/// The entry a form corrects, and the log it is tried against.
#[derive(Clone, Copy)]
pub struct Correcting<'a> {
    pub child: &'a ChildId,
    pub seq: u64,
    pub entry: &'a ChildEvent,
    /// The child's whole log, `(seq, event, order)`: each entry bound to the journey's order
    /// rules as when it was recorded (an entry from before them stands where it breaks one).
    pub log: &'a [(u64, ChildEvent, Order)],
}

/// How a field is drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Date,
    DateTime,
    Check,
    Text {
        long: bool,
    },
    /// Another subject's identifier (a household, a person, a child, a sitting), with an example.
    Id {
        example: &'static str,
    },
    /// `(value, label)` options; several may be picked when `multiple`.
    Select {
        options: Vec<(String, String)>,
        multiple: bool,
    },
}

/// One field of a form, with what was sent in it (or what the entry holds) to draw it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
    pub input: Input,
    pub required: bool,
    pub sent: Vec<String>,
    /// Shown but not changed: a correction keeps the entry's numbers.
    pub fixed: bool,
}

impl From<Drawn> for Field {
    fn from(d: Drawn) -> Field {
        let input = match d.widget {
            Widget::Date => Input::Date,
            Widget::DateTime => Input::DateTime,
            Widget::Check => Input::Check,
            Widget::Text { long, .. } => Input::Text { long },
            Widget::Number { .. } => Input::Text { long: false },
            Widget::Select { multiple } => Input::Select { options: d.options, multiple },
            Widget::Id(what) => Input::Id { example: what.example() },
        };
        Field { name: d.name, label: d.label, hint: d.hint, input, required: d.required, sent: d.values, fixed: d.fixed }
    }
}

/// A submission that reads and keeps the record's invariants.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    pub event: ChildEvent,
    /// Why, for a correction (it goes into the stored envelope).
    pub reason: Option<String>,
}

/// A refused submission: the fields with what was sent, and the errors.
#[derive(Debug, Clone)]
pub struct Rejected {
    pub fields: Vec<Field>,
    pub errors: FormErrors,
}

fn cx<'a>(ctx: &'a Context<'a>) -> Cx<'a, ChildRecord> {
    Cx { today: ctx.today, record: ctx.record, user: ctx.user, staff: ctx.workers }
}

fn pairs(values: Vec<(&'static str, Vec<String>)>) -> Vec<(String, String)> {
    values.into_iter().flat_map(|(n, vs)| vs.into_iter().map(move |v| (n.to_string(), v))).collect()
}

/// The form as first drawn: blank, prefilled from the record (an amendment of details), or
/// filled in with the entry it corrects.
pub fn fields(kind: FormKind, ctx: &Context) -> Vec<Field> {
    let start = match (&ctx.correcting, kind.prefill) {
        (Some(c), _) => pairs(kind.values(c.entry)),
        (None, Some(prefill)) => prefill(ctx.record).map(|e| pairs(kind.values(&e))).unwrap_or_default(),
        (None, None) => vec![],
    };
    filled(kind, ctx, &start)
}

/// The fields with `sent` filled in (a form drawn again, a draft restored), and a correction's
/// reason after them.
pub fn filled(kind: FormKind, ctx: &Context, sent: &[(String, String)]) -> Vec<Field> {
    let mut out: Vec<Field> = kind.draw(&cx(ctx), sent, ctx.correcting.is_some()).into_iter().map(Field::from).collect();
    if ctx.correcting.is_some() {
        out.push(reason_field(CORRECTION_REASON, "Why this corrects the entry", sent));
    }
    out
}

/// A reason's field (a correction's or a withdrawal's).
pub fn reason_field(name: &'static str, label: &'static str, sent: &[(String, String)]) -> Field {
    let value = sent.iter().filter(|(n, _)| n == name).map(|(_, v)| v.clone()).collect();
    Field {
        name,
        label,
        hint: Some("Kept with the entry and shown on the chronology"),
        input: Input::Text { long: true },
        required: true,
        sent: value,
        fixed: false,
    }
}

/// A reason sent under `name`: required, and not too long.
pub fn reason(name: &'static str, sent: &[(String, String)]) -> Result<String, (&'static str, String)> {
    let text = sent.iter().find(|(n, _)| n == name).map(|(_, v)| v.trim()).unwrap_or_default();
    match text.chars().count() {
        0 => Err((name, "Say why: it is kept with the entry".into())),
        n if n > REASON_MAX => Err((name, format!("The reason is longer than {REASON_MAX} characters"))),
        _ => Ok(text.to_string()),
    }
}

/// Whether a new entry of `kind` says why it is made: one that amends what the record holds (its
/// form starts from it) changes earlier entries' facts, so the reason is kept as a correction's is.
pub fn asks_why(kind: FormKind) -> bool {
    kind.prefill.is_some()
}

/// The reason field of an amendment.
pub fn amendment_field(sent: &[(String, String)]) -> Field {
    reason_field(AMENDMENT_REASON, "Why they change (a mistake put right, or a change such as a new name)", sent)
}

/// The tick that withdraws an entry's dependants with it.
pub const WITH_DEPENDANTS: &str = "with_dependants";

/// A withdrawal's reason from `sent`, with its dependants ticked to go with it where there are any.
pub fn withdrawal_reason(sent: &[(String, String)], dependants: &[u64]) -> Result<String, FormErrors> {
    let mut errors = FormErrors::default();
    let reason = reason(WITHDRAWAL_REASON, sent).map_err(|e| errors.fields.push(e)).ok();
    let ticked = sent.iter().any(|(n, v)| n == WITH_DEPENDANTS && v == "on");
    if !dependants.is_empty() && !ticked {
        let list: Vec<String> = dependants.iter().map(u64::to_string).collect();
        errors.fields.push((WITH_DEPENDANTS, format!("Entries {} depend on it: tick to withdraw them with it", list.join(", "))));
    }
    reason.filter(|_| errors.is_empty()).ok_or(errors)
}

/// Reads a submission and tries it on the record: a new entry against the record as it stands,
/// a correction by replaying the log with it.
pub fn submit(kind: FormKind, ctx: &Context, sent: &[(String, String)]) -> Result<Accepted, Rejected> {
    let reject = |errors: FormErrors| Err(Rejected { fields: filled(kind, ctx, sent), errors });
    let prefilled = kind.prefill.and_then(|p| p(ctx.record));
    let base = match (&ctx.correcting, &prefilled) {
        (Some(c), _) => Base::Correct(c.entry),
        (None, Some(e)) => Base::Amend(e),
        (None, None) => Base::Blank,
    };
    let read = kind.read(&cx(ctx), sent, base);
    let why = ctx.correcting.map(|_| reason(CORRECTION_REASON, sent));
    let (read, why) = match (read, why) {
        (Ok(read), None) => (read, None),
        (Ok(read), Some(Ok(why))) => (read, Some(why)),
        (Ok(_), Some(Err(e))) => return reject(FormErrors { fields: vec![e], form: vec![] }),
        (Err(mut errors), why) => {
            errors.fields.extend(why.and_then(Result::err));
            return reject(errors);
        }
    };
    match ctx.correcting {
        Some(c) => {
            if *c.entry == read.event {
                return reject(FormErrors::form("Nothing was changed: change what was wrong, or cancel"));
            }
            let event = ChildEvent::Corrected { seq: c.seq, replacement: Box::new(read.event) };
            let next = c.log.iter().map(|(s, _, _)| *s).max().unwrap_or(0) + 1;
            match ChildRecord::replay_changed(c.child, c.log, &[(next, event.clone())]) {
                Ok(_) => Ok(Accepted { event, reason: why }),
                Err(e) => reject(blame(&e.message, &read.mentions)),
            }
        }
        None => match ctx.record.clone().apply(&read.event) {
            Ok(()) => Ok(Accepted { event: read.event, reason: None }),
            Err(e) => reject(blame(&e.message, &read.mentions)),
        },
    }
}

/// What withdrawing entries `seqs` of a child's log takes with it: the entries that depend on
/// them, or why they cannot be withdrawn.
pub fn dependants(child: &ChildId, log: &[(u64, ChildEvent, Order)], seqs: &[u64]) -> Result<Vec<u64>, String> {
    ChildRecord::dependants(child, log, seqs).map_err(|e| e.message)
}

/// The withdrawal of entry `seq` with `also` (its dependants, withdrawn in the same step), tried
/// on the log; `then` is recorded after it in the same write (a wrong kind put right).
pub fn withdrawal(
    child: &ChildId,
    log: &[(u64, ChildEvent, Order)],
    seq: u64,
    also: Vec<u64>,
    then: Option<&ChildEvent>,
) -> Result<Vec<ChildEvent>, String> {
    let mut events = vec![ChildEvent::Retracted { seq, also }];
    events.extend(then.cloned());
    let next = log.iter().map(|(s, _, _)| *s).max().unwrap_or(0) + 1;
    let trial: Vec<(u64, ChildEvent)> = events.iter().cloned().enumerate().map(|(i, e)| (next + i as u64, e)).collect();
    ChildRecord::replay_changed(child, log, &trial).map_err(|e| e.message)?;
    Ok(events)
}
