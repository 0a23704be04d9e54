//! The recording forms: what a practitioner submits, read into the domain's
//! [`ChildEvent`] with an error per field, then tried against the child's
//! record so that the domain's invariant refusals show beside the field they
//! concern. Pure: no I/O, no clock (today's date comes in the [`Context`]).
//!
//! A form is described once, by the code that reads it ([`journey`]): reading
//! an empty submission lists its fields, so what is drawn and what is read
//! cannot drift apart.

pub mod choices;
mod journey;
mod reader;
#[cfg(test)]
mod tests;

pub use journey::FormKind;
pub use reader::{Field, Input};

use carefile_domain::{ChildEvent, ChildRecord, InvariantError, TeamId, WorkerId};
use chrono::NaiveDate;
use reader::Reader;

/// What a form is read against.
pub struct Context<'a> {
    /// The reference date: nothing may be recorded as happening after it.
    pub today: NaiveDate,
    /// The child's record as the form was loaded.
    pub record: &'a ChildRecord,
    /// The signed-in member of staff, where they are one (oversight entries name them).
    pub user: Option<&'a WorkerId>,
    /// Staff a child can be allocated to: id, team, name.
    pub workers: &'a [(WorkerId, TeamId, String)],
}

/// The errors of one submission: beside a field, or about the form as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors {
    pub fields: Vec<(&'static str, String)>,
    pub form: Vec<String>,
}

impl FormErrors {
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.form.is_empty()
    }
    /// The messages shown beside one field.
    pub fn for_field<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields.iter().filter(move |(n, _)| *n == name).map(|(_, m)| m.as_str())
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

/// The blank form's fields (options filled from the record).
pub fn fields(kind: FormKind, ctx: &Context) -> Vec<Field> {
    let mut r = Reader::new(ctx, &[]);
    kind.read(&mut r);
    r.into_parts().0
}

/// The fields of a form correcting event `seq`: the blank form and the reason.
pub fn correction_fields(kind: FormKind, ctx: &Context, seq: u64) -> Vec<Field> {
    let sent = [("corrects".to_string(), seq.to_string())];
    let mut r = Reader::new(ctx, &sent);
    kind.read(&mut r);
    r.correction();
    r.into_parts().0
}

/// Reads a submission and tries it on the record.
///
/// A submission carrying `corrects` (the sequence number of an earlier event)
/// is a correction: it needs a `reason`, and becomes `Corrected`; the store
/// checks it by replaying the log, since it changes the past.
pub fn submit(kind: FormKind, ctx: &Context, sent: &[(String, String)]) -> Result<Accepted, Rejected> {
    let mut r = Reader::new(ctx, sent);
    let event = kind.read(&mut r);
    let correction = r.correction();
    let (fields, mentions, errors) = r.into_parts();
    let reject = |errors| Err(Rejected { fields: fields.clone(), errors });
    let Some(event) = event.filter(|_| errors.is_empty()) else {
        return reject(errors);
    };
    match correction {
        Some((seq, reason)) => {
            Ok(Accepted { event: ChildEvent::Corrected { seq, replacement: Box::new(event) }, reason: Some(reason) })
        }
        None => match ctx.record.clone().apply(&event) {
            Ok(()) => Ok(Accepted { event, reason: None }),
            Err(e) => reject(blame(&e, &mentions)),
        },
    }
}

/// Puts an invariant refusal beside the field it concerns: the field whose
/// value the message names first ("no referral 7", "2026-01-05 is before…");
/// a message naming none is about the form as a whole.
fn blame(err: &InvariantError, mentions: &[(&'static str, Vec<String>)]) -> FormErrors {
    let msg = &err.message;
    let first = mentions
        .iter()
        .filter_map(|(field, ms)| ms.iter().filter_map(|m| find_word(msg, m)).min().map(|at| (at, *field)))
        .min_by_key(|(at, _)| *at);
    let mut errors = FormErrors::default();
    match first {
        Some((_, field)) => errors.fields.push((field, msg.clone())),
        None => errors.form.push(msg.clone()),
    }
    errors
}

/// Where `needle` occurs in `hay` as a whole word (so code "C2" is not found in "C21").
fn find_word(hay: &str, needle: &str) -> Option<usize> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    hay.match_indices(needle)
        .map(|(i, _)| i)
        .find(|&i| !word(hay[..i].chars().next_back()) && !word(hay[i + needle.len()..].chars().next()))
}
