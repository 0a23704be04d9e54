//! Declarative forms: one [`Declaration`] per kind of event says everything a form needs: its
//! fields (names, labels, hints, types, where each value sits in the event), the permission key
//! it needs, the step it authorises, and its sentence in a chronology. From it come the form
//! drawn in the web application, the reading of what is submitted (an error per field), the
//! domain's refusals put back beside the field they name, the event's values for a correction
//! (prefilled) and the difference a correction made, the chronology sentence and the JSON
//! schema of the API. Generic over the event type ([`Declared`]): any stream whose events
//! serialise with a `type` tag declares its kinds the same way.
//!
//! Conversion to and from the event goes through its JSON form: a field's value is put at its
//! path, and the object is read as the event by serde; parts of an event no field declares are
//! kept from the entry being corrected or the record it amends.

pub mod choices;

pub use choices::{Choice, Choices};

use crate::ids::{TeamId, WorkerId};
use crate::journey::EARLIEST_DATE;
use crate::CollectionYear;
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

/// An event type whose kinds are declared.
pub trait Declared: Serialize + DeserializeOwned + Sized + 'static {
    /// The projection a form reads its lists from (the child's record, a household…).
    type Record: 'static;
    /// Every declaration, in the order a menu lists them.
    fn declarations() -> &'static [&'static Declaration<Self>];
    /// This event's declaration (`None` for the corrections and withdrawals themselves).
    fn declaration(&self) -> Option<&'static Declaration<Self>>;
    /// The record of subject `id` before its first entry, which the form of a first entry is
    /// drawn and read against (it lists no items); `None` where no form starts a subject.
    fn blank(_id: &str) -> Option<Self::Record> {
        None
    }

    fn by_slug(slug: &str) -> Option<&'static Declaration<Self>> {
        Self::declarations().iter().copied().find(|d| d.slug == slug)
    }
    fn by_kind(kind: &str) -> Option<&'static Declaration<Self>> {
        Self::declarations().iter().copied().find(|d| d.kind == kind)
    }
}

/// Everything about one kind of event that is not the event itself.
pub struct Declaration<E: Declared> {
    /// The stored kind (`visited`): the event's `type` tag.
    pub kind: &'static str,
    /// Its name in addresses (`/children/{id}/record/visit`).
    pub slug: &'static str,
    pub title: &'static str,
    /// The menu section it is listed under.
    pub group: &'static str,
    /// The permission key a user needs to record it (decision 001: `child.record.visit`…).
    pub permission: &'static str,
    pub fields: &'static [Field<E::Record>],
    /// The chronology sentence, from the values as shown.
    pub sentence: fn(&Shown) -> String,
    /// Separation of duties: the step this one authorises (its kind, and the field naming the
    /// item both carry), which its recorder may not authorise.
    pub authorises: Option<Authorises>,
    /// The event a new form starts from (an amendment of details starts from the details held).
    pub prefill: Option<fn(&E::Record) -> Option<E>>,
}

impl<E: Declared> Declaration<E> {
    /// A declaration that authorises no step and starts blank.
    pub const fn new(
        kind: &'static str,
        slug: &'static str,
        title: &'static str,
        group: &'static str,
        permission: &'static str,
        fields: &'static [Field<E::Record>],
        sentence: fn(&Shown) -> String,
    ) -> Self {
        Declaration { kind, slug, title, group, permission, fields, sentence, authorises: None, prefill: None }
    }
}

/// The step a declaration authorises.
#[derive(Debug, Clone, Copy)]
pub struct Authorises {
    pub kind: &'static str,
    /// The field both events name the item by (`referral`).
    pub field: &'static str,
}

/// One field of a form.
pub struct Field<P: 'static> {
    /// The name sent by the form and the API.
    pub name: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
    pub input: Input<P>,
    pub required: bool,
    /// Where the value sits in the event's JSON (a JSON pointer); empty for `/name`.
    pub path: &'static str,
}

/// What a field holds, and how it is entered.
pub enum Input<P: 'static> {
    /// A date; `future` where it may lie ahead (an expected date of birth).
    Date { future: bool },
    DateTime,
    /// A tick box: absent is no.
    Check,
    /// Yes, no, or not said.
    YesNo,
    Text { long: bool, max: usize },
    Number { min: u32, max: u32 },
    Choice(&'static Choices),
    /// Several values from one list.
    Choices(&'static Choices),
    /// An item already in the record (a referral, a plan, a placement by its start).
    Item(&'static Items<P>),
    /// A member of staff who can hold cases; their team goes to the path given.
    Staff { team: &'static str },
    /// A new item's number, assigned (never entered): the next free one.
    New(fn(&P) -> u32),
    /// The signed-in member of staff, assigned.
    User,
    /// The identifier of another subject (a household, a person, a child, a sitting), checked for
    /// its form here and for its existence where the form is served.
    Id(Subject),
}

/// What an identifier field names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Child,
    Person,
    Household,
    Sitting,
}

impl Subject {
    /// How messages name one ("household").
    pub fn noun(self) -> &'static str {
        match self {
            Subject::Child => "child",
            Subject::Person => "person",
            Subject::Household => "household",
            Subject::Sitting => "panel sitting",
        }
    }

    /// The identifier as stored, or what is wrong with its form.
    pub fn check(self, v: &str) -> Result<String, crate::ids::BadId> {
        Ok(match self {
            Subject::Child => crate::ChildId::new(v)?.to_string(),
            Subject::Person => crate::people::PersonId::new(v)?.to_string(),
            Subject::Household => crate::people::HouseholdId::new(v)?.to_string(),
            Subject::Sitting => crate::panels::SittingId::new(v)?.to_string(),
        })
    }

    /// A well-formed example, for hints and the API schema.
    pub fn example(self) -> &'static str {
        match self {
            Subject::Child => "C0001234",
            Subject::Person => "P000012",
            Subject::Household => "H000012",
            Subject::Sitting => "S000012",
        }
    }
}

impl<P> Input<P> {
    /// A value this input refuses, to show the message beside its field (the tests of every
    /// form send it); `None` for a value the application assigns.
    pub fn refused_example(&self) -> Option<String> {
        Some(match self {
            Input::Date { .. } | Input::DateTime => "2026-02-30".into(),
            Input::Check => "maybe".into(),
            Input::YesNo => "perhaps".into(),
            Input::Text { max, .. } => "x".repeat(max + 1),
            Input::Number { max, .. } => max.saturating_add(1).to_string(),
            Input::Choice(_) | Input::Choices(_) => "ZZZ".into(),
            Input::Item(i) if i.dated => "1899-01-01".into(),
            Input::Item(_) => "999999".into(),
            Input::Staff { .. } => "W404".into(),
            Input::Id(_) => "not an ID".into(),
            Input::New(_) | Input::User => return None,
        })
    }
}

/// Items of the record a field picks from.
pub struct Items<P: 'static> {
    /// How the domain's messages name one ("referral" in "no referral 7").
    pub noun: &'static str,
    /// `(value, description)`: the item's number (or start date) and what tells it apart.
    pub list: fn(&P) -> Vec<(String, String)>,
    /// Items are dates (placements by their start), not numbers.
    pub dated: bool,
    /// When none is chosen, a new item with this number (early help started without a request).
    pub new: Option<fn(&P) -> u32>,
}

// Copy whatever the record type: a field holds only references and function pointers.
impl<P> Clone for Field<P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P> Copy for Field<P> {}
impl<P> Clone for Input<P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P> Copy for Input<P> {}

impl<P> Field<P> {
    const fn of(name: &'static str, label: &'static str, input: Input<P>) -> Field<P> {
        Field { name, label, hint: None, input, required: true, path: "" }
    }
    pub const fn optional(mut self) -> Self {
        self.required = false;
        self
    }
    pub const fn hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }
    /// Where the value sits in the event, when not at `/name`.
    pub const fn at(mut self, path: &'static str) -> Self {
        self.path = path;
        self
    }
    /// Where the value sits in the event's JSON, as a JSON pointer.
    pub fn pointer(&self) -> String {
        if self.path.is_empty() { format!("/{}", self.name) } else { self.path.to_string() }
    }
    /// Assigned by the application, never entered.
    pub fn assigned(&self) -> bool {
        matches!(self.input, Input::New(_) | Input::User)
    }
    /// Carries an item's number: kept by a correction.
    pub fn numbered(&self) -> bool {
        matches!(self.input, Input::New(_)) || matches!(self.input, Input::Item(i) if !i.dated)
    }
}

pub const fn date<P>(name: &'static str, label: &'static str) -> Field<P> {
    Field::of(name, label, Input::Date { future: false })
}
pub const fn future_date<P>(name: &'static str, label: &'static str) -> Field<P> {
    Field::of(name, label, Input::Date { future: true })
}
pub const fn datetime<P>(name: &'static str, label: &'static str) -> Field<P> {
    Field::of(name, label, Input::DateTime)
}
pub const fn check<P>(name: &'static str, label: &'static str) -> Field<P> {
    Field::of(name, label, Input::Check).optional()
}
pub const fn yes_no<P>(name: &'static str, label: &'static str) -> Field<P> {
    Field::of(name, label, Input::YesNo).optional()
}
pub const fn text<P>(name: &'static str, label: &'static str, max: usize) -> Field<P> {
    Field::of(name, label, Input::Text { long: false, max })
}
pub const fn long_text<P>(name: &'static str, label: &'static str, max: usize) -> Field<P> {
    Field::of(name, label, Input::Text { long: true, max })
}
pub const fn number<P>(name: &'static str, label: &'static str, min: u32, max: u32) -> Field<P> {
    Field::of(name, label, Input::Number { min, max })
}
pub const fn choice<P>(name: &'static str, label: &'static str, c: &'static Choices) -> Field<P> {
    Field::of(name, label, Input::Choice(c))
}
pub const fn choices<P>(name: &'static str, label: &'static str, c: &'static Choices) -> Field<P> {
    Field::of(name, label, Input::Choices(c)).optional()
}
pub const fn item<P>(name: &'static str, label: &'static str, i: &'static Items<P>) -> Field<P> {
    Field::of(name, label, Input::Item(i))
}
pub const fn staff<P>(name: &'static str, label: &'static str, team: &'static str) -> Field<P> {
    Field::of(name, label, Input::Staff { team })
}
pub const fn new_number<P>(name: &'static str, label: &'static str, next: fn(&P) -> u32) -> Field<P> {
    Field::of(name, label, Input::New(next))
}
pub const fn user<P>(name: &'static str, label: &'static str) -> Field<P> {
    Field::of(name, label, Input::User)
}
/// The identifier of a household, person, child or sitting.
pub const fn id<P>(name: &'static str, label: &'static str, what: Subject) -> Field<P> {
    Field::of(name, label, Input::Id(what))
}

/// One more than the highest number used (1 for the first).
pub fn next_number(used: impl Iterator<Item = u32>) -> u32 {
    used.max().map_or(1, |n| n.saturating_add(1))
}

/// Staff a record can be allocated to: id, team, name.
pub type Staff = (WorkerId, TeamId, String);

/// A member of staff's name by their ID, where the caller knows it (the domain holds no
/// organisation of its own: the web reads it from the store).
pub type Names<'a> = &'a dyn Fn(&str) -> Option<String>;

/// What a form is read against.
pub struct Cx<'a, P> {
    /// The reference date: nothing may be recorded as happening after it.
    pub today: NaiveDate,
    /// The record as the form was loaded (for a correction, as it stood before the entry).
    pub record: &'a P,
    /// The signed-in member of staff, where they are one.
    pub user: Option<&'a WorkerId>,
    pub staff: &'a [Staff],
}

/// The errors of one submission: beside a field, or about the form as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FormErrors {
    pub fields: Vec<(&'static str, String)>,
    pub form: Vec<String>,
}

impl FormErrors {
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.form.is_empty()
    }
    pub fn form(message: impl Into<String>) -> FormErrors {
        FormErrors { fields: vec![], form: vec![message.into()] }
    }
    /// The messages shown beside one field.
    pub fn for_field<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields.iter().filter(move |(n, _)| *n == name).map(|(_, m)| m.as_str())
    }
}

/// A submission read into an event, with how the domain's messages would name each value.
#[derive(Debug, Clone)]
pub struct Read<E> {
    pub event: E,
    pub mentions: Vec<(&'static str, Vec<String>)>,
}

/// What a form starts from: a correction keeps the numbers and assigned values of the entry it
/// corrects; either way, parts of the event that no field declares are kept.
#[derive(Clone, Copy)]
pub enum Base<'a, E> {
    Blank,
    /// Amending the record (a prefilled form).
    Amend(&'a E),
    /// Correcting this entry.
    Correct(&'a E),
}

/// A field as drawn: its widget, options, values (sent or prefilled) and whether it is fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
    pub widget: Widget,
    pub required: bool,
    /// `(value, text)` of a select.
    pub options: Vec<(String, String)>,
    pub values: Vec<String>,
    /// Shown but not changed (a correction's numbers).
    pub fixed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Widget {
    Date,
    DateTime,
    Check,
    Text { long: bool, max: usize },
    Number { min: u32, max: u32 },
    Select { multiple: bool },
    /// Another subject's identifier.
    Id(Subject),
}

/// The values of an event as people read them, by field name (and as stored, by [`Shown::raw`]).
#[derive(Debug, Clone, Default)]
pub struct Shown(Vec<(&'static str, String, String)>);

impl Shown {
    /// A field's value as stored (a code rather than its label).
    pub fn raw(&self, name: &str) -> &str {
        self.0.iter().find(|(n, _, _)| *n == name).map_or("", |(_, raw, _)| raw.as_str())
    }
    /// Whether a field has a value (a ticked box, a non-empty list).
    pub fn has(&self, name: &str) -> bool {
        let v = &self[name];
        !v.is_empty() && v != "no"
    }
}

impl std::ops::Index<&str> for Shown {
    type Output = str;
    fn index(&self, name: &str) -> &str {
        self.0.iter().find(|(n, _, _)| *n == name).map_or("", |(_, _, v)| v.as_str())
    }
}

/// A field a correction changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub field: &'static str,
    pub label: &'static str,
    pub from: String,
    pub to: String,
}

fn yes_no_word(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// The date-time as a browser's `datetime-local` sends it (seconds only where there are some).
fn form_datetime(at: NaiveDateTime) -> String {
    if at.and_utc().timestamp() % 60 == 0 { at.format("%Y-%m-%dT%H:%M").to_string() } else { at.format("%Y-%m-%dT%H:%M:%S").to_string() }
}

fn parse_datetime(v: &str) -> Option<NaiveDateTime> {
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(v, f).ok())
}

/// Puts `v` at pointer `path` in `doc`, making the objects on the way.
fn put(doc: &mut Value, path: &str, v: Value) {
    let mut at = doc;
    let mut parts = path.trim_start_matches('/').split('/').peekable();
    while let Some(p) = parts.next() {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        let obj = at.as_object_mut().expect("an object");
        if parts.peek().is_none() {
            obj.insert(p.to_string(), v);
            return;
        }
        at = obj.entry(p.to_string()).or_insert_with(|| Value::Object(Map::new()));
    }
}

/// Removes the value at pointer `path`, and any object it leaves empty.
fn remove(doc: &mut Value, path: &str) {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    fn go(at: &mut Value, parts: &[&str]) {
        let Some(obj) = at.as_object_mut() else { return };
        match parts {
            [last] => {
                obj.remove(*last);
            }
            [first, rest @ ..] => {
                if let Some(inner) = obj.get_mut(*first) {
                    go(inner, rest);
                    if inner.as_object().is_some_and(Map::is_empty) {
                        obj.remove(*first);
                    }
                }
            }
            [] => {}
        }
    }
    go(doc, &parts);
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Reads one submission field by field.
struct Reader<'a, 'c, E: Declared> {
    decl: &'a Declaration<E>,
    cx: &'a Cx<'c, E::Record>,
    sent: &'a [(String, String)],
    doc: Value,
    base: Option<Value>,
    correcting: bool,
    mentions: Vec<(&'static str, Vec<String>)>,
    errors: FormErrors,
}

impl<'a, 'c, E: Declared> Reader<'a, 'c, E> {
    fn values(&self, name: &str) -> Vec<&'a str> {
        self.sent.iter().filter(|(n, _)| n == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty()).collect()
    }

    fn error(&mut self, f: &Field<E::Record>, m: String) {
        self.errors.fields.push((f.name, m));
    }

    /// The one value of a field, or an error for several.
    fn one(&mut self, f: &Field<E::Record>) -> Option<&'a str> {
        match self.values(f.name).as_slice() {
            [] => None,
            [one] => Some(one),
            many => {
                let n = many.len();
                self.error(f, format!("{}: one value expected, {n} were sent", f.label));
                None
            }
        }
    }

    fn base_value(&self, f: &Field<E::Record>) -> Option<Value> {
        self.base.as_ref().and_then(|b| b.pointer(&f.pointer())).cloned()
    }

    fn date(&mut self, f: &Field<E::Record>, v: &str, future: bool) -> Option<NaiveDate> {
        let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") else {
            self.error(f, format!("'{v}' is not a date: expected YYYY-MM-DD, e.g. 2026-03-31"));
            return None;
        };
        if d < EARLIEST_DATE {
            self.error(f, format!("{d} is before {EARLIEST_DATE}: check the year"));
            return None;
        }
        if !future && d > self.cx.today {
            self.error(f, format!("{d} is after today ({}): record what has happened", self.cx.today));
            return None;
        }
        Some(d)
    }

    /// The field's value as JSON, or `None` when it has none (or it is wrong: the error is kept).
    fn read(&mut self, f: &Field<E::Record>) -> Option<Value> {
        let cx = self.cx;
        match &f.input {
            Input::New(next) => {
                return Some(self.base_value(f).filter(|_| self.correcting).unwrap_or_else(|| json!(next(cx.record))));
            }
            Input::User => {
                if let Some(v) = self.base_value(f).filter(|_| self.correcting) {
                    return Some(v);
                }
                match cx.user {
                    Some(w) => return Some(json!(w.as_str())),
                    None => {
                        self.errors.form.push(format!("{} is recorded by a member of staff", self.decl.title));
                        return None;
                    }
                }
            }
            Input::Item(i) if self.correcting && !i.dated => return self.base_value(f),
            Input::Choices(c) => {
                let mut out = Vec::new();
                for v in self.values(f.name) {
                    match (c.options)().into_iter().find(|(o, _)| *o == v) {
                        Some((o, _)) => out.push(json!(o)),
                        None => self.error(f, unknown(c, v)),
                    }
                }
                let words = out.iter().filter_map(scalar).collect();
                self.mentions.push((f.name, words));
                return Some(Value::Array(out));
            }
            Input::Check => {
                return match self.one(f) {
                    None => Some(json!(false)),
                    Some("on" | "true" | "yes") => Some(json!(true)),
                    Some(v) => {
                        self.error(f, format!("'{v}' is not a tick box's value: expected 'on' or nothing"));
                        None
                    }
                };
            }
            _ => {}
        }
        let Some(v) = self.one(f) else {
            match &f.input {
                Input::Item(i) if i.new.is_some() => return i.new.map(|next| json!(next(cx.record))),
                _ if f.required => self.error(f, format!("{} is required", f.label)),
                _ => {}
            }
            return None;
        };
        let (value, mentions) = match &f.input {
            Input::Date { future } => {
                let d = self.date(f, v, *future)?;
                (json!(d.to_string()), vec![d.to_string()])
            }
            Input::DateTime => {
                let Some(at) = parse_datetime(v) else {
                    self.error(f, format!("'{v}' is not a date and time: expected YYYY-MM-DDTHH:MM, e.g. 2026-03-31T14:05"));
                    return None;
                };
                self.date(f, &at.date().to_string(), false)?;
                (json!(at.format("%Y-%m-%dT%H:%M:%S").to_string()), vec![at.to_string(), at.date().to_string()])
            }
            Input::YesNo => match v {
                "yes" | "true" => (json!(true), vec![]),
                "no" | "false" => (json!(false), vec![]),
                _ => {
                    self.error(f, format!("'{v}' is not an answer: expected yes or no"));
                    return None;
                }
            },
            Input::Text { max, .. } => {
                if v.chars().count() > *max {
                    self.error(f, format!("{} is longer than {max} characters", f.label));
                    return None;
                }
                (json!(v), vec![])
            }
            Input::Number { min, max } => match v.parse::<u32>() {
                Ok(n) if (*min..=*max).contains(&n) => (json!(n), vec![]),
                _ => {
                    self.error(f, format!("'{v}' is not a whole number from {min} to {max}"));
                    return None;
                }
            },
            Input::Choice(c) => match (c.options)().into_iter().find(|(o, _)| *o == v) {
                Some((o, _)) => (json!(o), vec![o.to_string()]),
                None => {
                    self.error(f, unknown(c, v));
                    return None;
                }
            },
            Input::Item(items) => {
                let list = (items.list)(cx.record);
                let fresh = items.new.is_some_and(|next| next(cx.record).to_string() == v);
                if !fresh && !list.iter().any(|(value, _)| value == v) {
                    let m = if list.is_empty() {
                        format!("the record has no {} to choose here", items.noun)
                    } else {
                        let values: Vec<&str> = list.iter().map(|(value, _)| value.as_str()).collect();
                        format!("'{v}' is not one of the {}s here: expected {}", items.noun, values.join(", "))
                    };
                    self.error(f, m);
                    return None;
                }
                let value = if items.dated { json!(v) } else { json!(v.parse::<u32>().ok()?) };
                (value, vec![format!("{} {v}", items.noun)])
            }
            Input::Staff { team } => match cx.staff.iter().find(|(w, _, _)| w.as_str() == v) {
                Some((w, t, _)) => {
                    if !team.is_empty() {
                        put(&mut self.doc, team, json!(t.as_str()));
                    }
                    (json!(w.as_str()), vec![w.to_string()])
                }
                None => {
                    self.error(f, format!("'{v}' is not a member of staff who can hold cases"));
                    return None;
                }
            },
            Input::Id(what) => match what.check(v) {
                Ok(id) => (json!(id), vec![id.clone()]),
                Err(e) => {
                    self.error(f, format!("'{v}' is not a {}'s ID: expected {}, e.g. {}", what.noun(), e.expected, what.example()));
                    return None;
                }
            },
            Input::Check | Input::Choices(_) | Input::New(_) | Input::User => unreachable!("handled above"),
        };
        self.mentions.push((f.name, mentions));
        Some(value)
    }
}

fn unknown(c: &Choices, v: &str) -> String {
    let values: Vec<&str> = (c.options)().into_iter().map(|(o, _)| o).collect();
    format!("'{v}' is not a {}: expected one of {}", c.what, values.join(", "))
}

impl<E: Declared> Declaration<E> {
    /// Reads a submission (`name`, `value` pairs, as a form posts them) into an event.
    pub fn read(&self, cx: &Cx<E::Record>, sent: &[(String, String)], base: Base<E>) -> Result<Read<E>, FormErrors> {
        let (base_event, correcting) = match base {
            Base::Blank => (None, false),
            Base::Amend(e) => (Some(e), false),
            Base::Correct(e) => (Some(e), true),
        };
        let base = base_event.and_then(|e| serde_json::to_value(e).ok());
        let mut doc = base.clone().unwrap_or_else(|| Value::Object(Map::new()));
        put(&mut doc, "/type", json!(self.kind));
        for f in self.fields {
            remove(&mut doc, &f.pointer());
            if let Input::Staff { team } = f.input
                && !team.is_empty()
            {
                remove(&mut doc, team);
            }
        }
        let mut r = Reader { decl: self, cx, sent, doc, base, correcting, mentions: vec![], errors: FormErrors::default() };
        for f in self.fields {
            if let Some(v) = r.read(f) {
                put(&mut r.doc, &f.pointer(), v);
            }
        }
        if !r.errors.is_empty() {
            return Err(r.errors);
        }
        match serde_json::from_value::<E>(r.doc) {
            Ok(event) => Ok(Read { event, mentions: r.mentions }),
            Err(e) => Err(self.missing(&e.to_string())),
        }
    }

    /// A part the event needs that no field gave ("missing field `kind`"), beside its field.
    fn missing(&self, message: &str) -> FormErrors {
        let field = message
            .split('`')
            .nth(1)
            .filter(|_| message.starts_with("missing field"))
            .and_then(|name| self.fields.iter().find(|f| f.pointer().rsplit('/').next() == Some(name)));
        match field {
            Some(f) => FormErrors { fields: vec![(f.name, format!("{} is required here", f.label))], form: vec![] },
            None => FormErrors::form(format!("the entry could not be read: {message}")),
        }
    }

    /// The form values of an event (to prefill a form), by field name.
    pub fn values(&self, e: &E) -> Vec<(&'static str, Vec<String>)> {
        let doc = serde_json::to_value(e).unwrap_or(Value::Null);
        self.fields
            .iter()
            .map(|f| {
                let v = doc.pointer(&f.pointer());
                let values = match (&f.input, v) {
                    (_, None | Some(Value::Null)) => vec![],
                    (Input::Check, Some(Value::Bool(b))) => if *b { vec!["on".to_string()] } else { vec![] },
                    (Input::YesNo, Some(Value::Bool(b))) => vec![yes_no_word(*b).to_string()],
                    (Input::DateTime, Some(Value::String(s))) => {
                        vec![parse_datetime(s).map_or_else(|| s.clone(), form_datetime)]
                    }
                    (_, Some(Value::Array(a))) => a.iter().filter_map(scalar).collect(),
                    (_, Some(v)) => scalar(v).into_iter().collect(),
                };
                (f.name, values)
            })
            .collect()
    }

    /// The event's values as people read them (choices by their labels).
    pub fn shown(&self, e: &E) -> Shown {
        self.shown_named(e, &|_| None)
    }

    /// [`shown`](Self::shown), each member of staff by the name `names` gives for their ID
    /// (the organisation's, which the caller holds: a leaver keeps their name), else the ID.
    pub fn shown_named(&self, e: &E, names: Names) -> Shown {
        let values = self.values(e);
        Shown(self.fields.iter().zip(values).map(|(f, (_, v))| (f.name, v.join("; "), show(f, &v, names))).collect())
    }

    /// The chronology sentence of an event of this kind.
    pub fn sentence(&self, e: &E) -> String {
        self.sentence_named(e, &|_| None)
    }

    /// The chronology sentence, staff by their names (see [`shown_named`](Self::shown_named)).
    pub fn sentence_named(&self, e: &E, names: Names) -> String {
        (self.sentence)(&self.shown_named(e, names))
    }

    /// The fields a correction changed, from → to, as people read them.
    pub fn differences(&self, old: &E, new: &E) -> Vec<Difference> {
        self.differences_named(old, new, &|_| None)
    }

    /// [`differences`](Self::differences), staff by their names.
    pub fn differences_named(&self, old: &E, new: &E, names: Names) -> Vec<Difference> {
        let (a, b) = (self.values(old), self.values(new));
        self.fields
            .iter()
            .zip(a.into_iter().zip(b))
            .filter(|(_, ((_, x), (_, y)))| x != y)
            .map(|(f, ((_, x), (_, y)))| Difference {
                field: f.name,
                label: f.label,
                from: show(f, &x, names),
                to: show(f, &y, names),
            })
            .collect()
    }

    /// The identifiers an event names in its identifier fields, `(field, what, id)`: where the
    /// form is served, each is looked up and one not on record refused beside its field.
    pub fn identifiers(&self, e: &E) -> Vec<(&'static str, Subject, String)> {
        self.fields
            .iter()
            .zip(self.values(e))
            .filter_map(|(f, (_, v))| match f.input {
                Input::Id(what) => Some(v.into_iter().map(move |v| (f.name, what, v))),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// The item numbers an event carries (its own and those it refers to), which a correction keeps.
    pub fn numbers(&self, e: &E) -> Vec<(&'static str, String)> {
        let values = self.values(e);
        self.fields
            .iter()
            .zip(values)
            .filter(|(f, _)| f.numbered())
            .map(|(f, (_, v))| (f.name, v.join(",")))
            .collect()
    }

    /// The fields as drawn, with `values` (sent, or prefilled) filled in; a correction's
    /// numbers are shown fixed, and assigned values are not drawn otherwise.
    pub fn draw(&self, cx: &Cx<E::Record>, values: &[(String, String)], correcting: bool) -> Vec<Drawn> {
        let year = CollectionYear::containing(cx.today);
        self.fields
            .iter()
            .filter(|f| !f.assigned() || (correcting && matches!(f.input, Input::New(_))))
            .map(|f| {
                let values: Vec<String> =
                    values.iter().filter(|(n, _)| n == f.name).map(|(_, v)| v.clone()).collect();
                let choice_options = |c: &Choices| -> Vec<(String, String)> {
                    (c.options)()
                        .into_iter()
                        .filter(|(v, _)| (c.in_year)(v, year) || values.iter().any(|x| x == v))
                        .map(|(v, l)| (v.to_string(), if c.show_value { format!("{v} – {l}") } else { l.to_string() }))
                        .collect()
                };
                let (widget, options) = match &f.input {
                    Input::Date { .. } => (Widget::Date, vec![]),
                    Input::DateTime => (Widget::DateTime, vec![]),
                    Input::Check => (Widget::Check, vec![]),
                    Input::YesNo => (
                        Widget::Select { multiple: false },
                        vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())],
                    ),
                    Input::Text { long, max } => (Widget::Text { long: *long, max: *max }, vec![]),
                    Input::Number { min, max } => (Widget::Number { min: *min, max: *max }, vec![]),
                    Input::Choice(c) => (Widget::Select { multiple: false }, choice_options(c)),
                    Input::Choices(c) => (Widget::Select { multiple: true }, choice_options(c)),
                    Input::Item(i) => {
                        let mut list = (i.list)(cx.record);
                        for v in &values {
                            if !list.iter().any(|(x, _)| x == v) {
                                list.push((v.clone(), String::new()));
                            }
                        }
                        let options = list
                            .into_iter()
                            .map(|(v, what)| {
                                let text = if what.is_empty() { format!("{} {v}", i.noun) } else { format!("{} {v}, {what}", i.noun) };
                                (v, text)
                            })
                            .collect();
                        (Widget::Select { multiple: false }, options)
                    }
                    Input::Staff { .. } => (
                        Widget::Select { multiple: false },
                        cx.staff.iter().map(|(w, t, n)| (w.to_string(), format!("{n} ({t})"))).collect(),
                    ),
                    Input::Id(what) => (Widget::Id(*what), vec![]),
                    Input::New(_) | Input::User => (Widget::Text { long: false, max: 32 }, vec![]),
                };
                let fixed = correcting && f.numbered();
                let required = f.required && !matches!(&f.input, Input::Item(i) if i.new.is_some());
                Drawn { name: f.name, label: f.label, hint: f.hint, widget, required, options, values, fixed }
            })
            .collect()
    }

    /// Whether the form can be used on this record now, or why not (no open referral…).
    pub fn available(&self, record: &E::Record) -> Result<(), String> {
        for f in self.fields {
            if let Input::Item(i) = &f.input
                && f.required
                && i.new.is_none()
                && (i.list)(record).is_empty()
            {
                return Err(format!("needs a {} to choose, and the record has none", i.noun));
            }
        }
        Ok(())
    }

    /// A submission as JSON (`{"field": value}`, as the API takes it) in the pairs a form posts:
    /// strings as they are, `true` ticks a box, numbers as digits, arrays as several values.
    pub fn pairs(&self, body: &Map<String, Value>) -> Result<Vec<(String, String)>, FormErrors> {
        let mut out = Vec::new();
        let mut errors = FormErrors::default();
        for (name, v) in body {
            let Some(f) = self.fields.iter().find(|f| f.name == name && !f.assigned()) else {
                errors.form.push(format!("'{name}' is not a field of {} (see the API schema)", self.kind));
                continue;
            };
            let items = match v {
                Value::Array(a) => a.clone(),
                Value::Null | Value::Bool(false) => vec![],
                other => vec![other.clone()],
            };
            for item in items {
                match (&f.input, item) {
                    (Input::YesNo, Value::Bool(b)) => out.push((name.clone(), yes_no_word(b).to_string())),
                    (_, Value::Bool(true)) => out.push((name.clone(), "on".into())),
                    (_, Value::String(s)) => out.push((name.clone(), s)),
                    (_, Value::Number(n)) => out.push((name.clone(), n.to_string())),
                    (_, other) => errors.fields.push((f.name, format!("{}: unexpected {other}", f.label))),
                }
            }
        }
        if errors.is_empty() { Ok(out) } else { Err(errors) }
    }

    /// The JSON schema of a submission through the API.
    pub fn schema(&self) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for f in self.fields.iter().filter(|f| !f.assigned()) {
            let enumerated = |c: &Choices| json!({"type": "string", "enum": (c.options)().into_iter().map(|(v, _)| v).collect::<Vec<_>>()});
            let mut s = match &f.input {
                Input::Date { .. } => json!({"type": "string", "format": "date"}),
                Input::DateTime => json!({"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?$", "description": "local time, YYYY-MM-DDTHH:MM"}),
                Input::Check | Input::YesNo => json!({"type": "boolean"}),
                Input::Text { max, .. } => json!({"type": "string", "maxLength": max}),
                Input::Number { min, max } => json!({"type": "integer", "minimum": min, "maximum": max}),
                Input::Choice(c) => enumerated(c),
                Input::Choices(c) => json!({"type": "array", "items": enumerated(c), "uniqueItems": true}),
                Input::Item(i) if i.dated => json!({"type": "string", "format": "date", "description": format!("the {}'s start date", i.noun)}),
                Input::Item(i) => json!({"type": "integer", "minimum": 1, "description": format!("the {}'s number", i.noun)}),
                Input::Staff { .. } => json!({"type": "string", "description": "a member of staff's ID"}),
                Input::Id(what) => json!({"type": "string", "maxLength": 20, "description": format!("a {}'s ID, e.g. {}", what.noun(), what.example())}),
                Input::New(_) | Input::User => unreachable!("assigned fields are filtered out"),
            };
            s["title"] = json!(f.label);
            if let Some(h) = f.hint {
                s["description"] = json!(h);
            }
            properties.insert(f.name.to_string(), s);
            if f.required && !matches!(f.input, Input::Check | Input::Choices(_)) && !matches!(&f.input, Input::Item(i) if i.new.is_some()) {
                required.push(f.name);
            }
        }
        json!({
            "title": self.title,
            "type": "object",
            "additionalProperties": false,
            "required": required,
            "properties": properties,
            "x-permission": self.permission,
        })
    }
}

/// A field's values as people read them.
fn show<P>(f: &Field<P>, values: &[String], names: Names) -> String {
    let one = |v: &String| match &f.input {
        Input::Choice(c) | Input::Choices(c) => c.label(v).map_or_else(|| v.clone(), str::to_string),
        Input::DateTime => v.replace('T', " "),
        Input::Staff { .. } => names(v).unwrap_or_else(|| v.clone()),
        _ => v.clone(),
    };
    match (&f.input, values) {
        (Input::Check, []) => "no".into(),
        (Input::Check, _) => "yes".into(),
        (_, values) => values.iter().map(one).collect::<Vec<_>>().join("; "),
    }
}

/// Puts a refusal beside the field it concerns: the field whose value the message names first
/// ("no referral 7", "2026-01-05 is before…"); a message naming none is about the form as a whole.
pub fn blame(message: &str, mentions: &[(&'static str, Vec<String>)]) -> FormErrors {
    let first = mentions
        .iter()
        .filter_map(|(field, ms)| ms.iter().filter_map(|m| find_word(message, m)).min().map(|at| (at, *field)))
        .min_by_key(|(at, _)| *at);
    match first {
        Some((_, field)) => FormErrors { fields: vec![(field, message.to_string())], form: vec![] },
        None => FormErrors::form(message),
    }
}

/// Where `needle` occurs in `hay` as a whole word (so code "C2" is not found in "C21").
fn find_word(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    hay.match_indices(needle)
        .map(|(i, _)| i)
        .find(|&i| !word(hay[..i].chars().next_back()) && !word(hay[i + needle.len()..].chars().next()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ChildId;
    use crate::journey::examples::child_details;
    use crate::journey::{ChildEvent, ChildRecord};

    fn record() -> ChildRecord {
        let reg = ChildEvent::Registered { details: child_details() };
        ChildRecord::register(ChildId::new("C1").unwrap(), &reg).unwrap()
    }

    fn sent(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    fn visit() -> &'static Declaration<ChildEvent> {
        ChildEvent::by_slug("visit").unwrap()
    }

    fn read(decl: &Declaration<ChildEvent>, rec: &ChildRecord, pairs: &[(&str, &str)], base: Base<ChildEvent>) -> Result<ChildEvent, FormErrors> {
        let cx = Cx { today: "2026-03-31".parse().unwrap(), record: rec, user: None, staff: &[] };
        decl.read(&cx, &sent(pairs), base).map(|r| r.event)
    }

    #[test]
    fn each_bad_value_is_named_beside_its_field() {
        let rec = record();
        let beside = |pairs: &[(&str, &str)]| read(visit(), &rec, pairs, Base::Blank).unwrap_err().fields;
        assert_eq!(beside(&[("date", "30/03/2026")]), [("date", "'30/03/2026' is not a date: expected YYYY-MM-DD, e.g. 2026-03-31".into())]);
        assert_eq!(beside(&[("date", "2026-04-01")]), [("date", "2026-04-01 is after today (2026-03-31): record what has happened".into())]);
        assert_eq!(beside(&[("date", "1899-12-31")]), [("date", "1899-12-31 is before 1900-01-01: check the year".into())]);
        assert_eq!(beside(&[]), [("date", "Visited on is required".into())]);
        assert_eq!(beside(&[("date", "2026-03-01"), ("seen", "maybe")]), [("seen", "'maybe' is not a tick box's value: expected 'on' or nothing".into())]);
        let closure = ChildEvent::by_slug("closure").unwrap();
        let errors = read(closure, &rec, &[("referral", "7"), ("date", "2026-03-01"), ("reason", "RC0")], Base::Blank).unwrap_err();
        assert_eq!(errors.for_field("referral").collect::<Vec<_>>(), ["the record has no referral to choose here"]);
        assert!(errors.for_field("reason").next().unwrap().starts_with("'RC0' is not a reason for closure: expected one of RC1, RC2"));
    }

    #[test]
    fn a_correction_keeps_numbers_and_assigned_values_and_says_what_changed() {
        let rec = record();
        let contact = ChildEvent::by_slug("contact").unwrap();
        let old = ChildEvent::ContactReceived {
            contact: 2,
            at: "2026-03-02T09:30:00".parse().unwrap(),
            source: crate::codes::ReferralSource::Police,
        };
        // A blank form would number it 1 on this record; the correction keeps 2.
        let new = read(contact, &rec, &[("at", "2026-03-02T10:30"), ("source", "1A"), ("contact", "9")], Base::Correct(&old)).unwrap();
        let ChildEvent::ContactReceived { contact: no, .. } = new else { panic!("{new:?}") };
        assert_eq!(no, 2);
        let diff = contact.differences(&old, &new);
        assert_eq!(diff.len(), 2, "{diff:?}");
        assert_eq!((diff[0].label, diff[0].from.as_str(), diff[0].to.as_str()), ("Received at", "2026-03-02 09:30", "2026-03-02 10:30"));
        assert_eq!(diff[1].field, "source");
    }

    #[test]
    fn an_amendment_keeps_what_no_field_declares_and_clears_what_was_emptied() {
        let mut details = child_details();
        details.restricted = true;
        details.upn = Some("A123456789012".into());
        let base = ChildEvent::DetailsAmended { details };
        let amend = ChildEvent::by_slug("details").unwrap();
        let mut pairs: Vec<(String, String)> = amend.values(&base).into_iter().flat_map(|(n, vs)| vs.into_iter().map(move |v| (n.to_string(), v))).collect();
        pairs.retain(|(n, _)| n != "upn");
        pairs.push(("home_postcode".into(), "LE3 3CC".into()));
        let cx = Cx { today: "2026-03-31".parse().unwrap(), record: &record(), user: None, staff: &[] };
        let ChildEvent::DetailsAmended { details } = amend.read(&cx, &pairs, Base::Amend(&base)).unwrap().event else { panic!() };
        assert!(details.restricted, "the restriction is not the form's to lift");
        assert_eq!(details.upn, None);
        assert_eq!(details.home_postcode.as_deref(), Some("LE3 3CC"));
    }

    #[test]
    fn json_submissions_become_the_same_pairs_a_form_posts() {
        let referral = ChildEvent::by_slug("referral").unwrap();
        let body = json!({"at": "2026-03-01T10:00", "source": "1A", "exploitation": ["Cse", "Cce"]});
        let pairs = referral.pairs(body.as_object().unwrap()).unwrap();
        assert_eq!(pairs, sent(&[("at", "2026-03-01T10:00"), ("exploitation", "Cse"), ("exploitation", "Cce"), ("source", "1A")]));
        let bad = json!({"referral": 4, "colour": "red"});
        let errors = referral.pairs(bad.as_object().unwrap()).unwrap_err();
        assert_eq!(errors.form.len(), 2, "an assigned number is not sent, and an unknown name is refused: {errors:?}");
        let pairs = visit().pairs(json!({"date": "2026-03-01", "seen": true, "seen_alone": false}).as_object().unwrap()).unwrap();
        assert_eq!(pairs, sent(&[("date", "2026-03-01"), ("seen", "on")]));
        let schema = visit().schema();
        assert_eq!(schema["required"], json!(["date"]));
        assert_eq!(schema["properties"]["seen"]["type"], "boolean");
        assert_eq!(schema["x-permission"], "child.record.visit");
    }

    #[test]
    fn a_refusal_is_put_beside_the_field_it_names_first() {
        let mentions = vec![("date", vec!["2026-03-01".to_string()]), ("referral", vec!["referral 1".to_string()])];
        assert_eq!(blame("no referral 1", &mentions).fields, [("referral", "no referral 1".to_string())]);
        assert_eq!(blame("2026-03-01 is before referral 1 was received", &mentions).fields[0].0, "date");
        assert_eq!(blame("no referral 12", &mentions).form, ["no referral 12"]);
    }
}
