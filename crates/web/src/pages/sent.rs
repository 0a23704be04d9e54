//! What a form of the practitioner's workplace sent (notes, documents,
//! people, tasks), read field by field with a message beside each field that
//! is wrong, so a refused form is drawn again with what was typed.

use crate::ui::components::{Problem, date_parts};
use chrono::{NaiveDate, NaiveTime};

/// A submission's fields, as sent.
#[derive(Debug, Clone, Default)]
pub struct Sent(pub Vec<(String, String)>);

impl Sent {
    /// The first value of `name`, trimmed ("" when absent).
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.trim())
    }

    /// Every value of `name` (checkboxes and multiple selections).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty()).collect()
    }

    /// A ticked checkbox.
    pub fn on(&self, name: &str) -> bool {
        self.get(name) == "on"
    }

    /// A date input's three parts as sent, to draw it again.
    pub fn date_value(&self, name: &str) -> (&str, &str, &str) {
        (self.get(&format!("{name}-day")), self.get(&format!("{name}-month")), self.get(&format!("{name}-year")))
    }
}

/// Messages beside fields (by field ID) and about the form as a whole.
#[derive(Debug, Clone, Default)]
pub struct Errors(pub Vec<(Option<String>, String)>);

impl Errors {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn field(&mut self, id: impl Into<String>, message: impl Into<String>) {
        self.0.push((Some(id.into()), message.into()));
    }

    pub fn form(&mut self, message: impl Into<String>) {
        self.0.push((None, message.into()));
    }

    /// The messages beside one field.
    pub fn of(&self, id: &str) -> Vec<&str> {
        self.0.iter().filter(|(f, _)| f.as_deref() == Some(id)).map(|(_, m)| m.as_str()).collect()
    }

    /// For the error summary at the top of the page.
    pub fn problems(&self) -> Vec<Problem<'_>> {
        self.0.iter().map(|(f, m)| (f.as_deref(), m.as_str())).collect()
    }

    /// A refusal from the domain, beside the first field its message names
    /// (by the words each field is known by), else about the form.
    pub fn refused(&mut self, message: &str, fields: &[(&'static str, &[&str])]) {
        let lower = message.to_lowercase();
        match fields.iter().find(|(_, words)| words.iter().any(|w| lower.contains(w))) {
            Some((id, _)) => self.field(*id, message),
            None => self.form(message),
        }
    }

    /// A required date, or a message beside it.
    pub fn date(&mut self, sent: &Sent, name: &str, label: &str) -> Option<NaiveDate> {
        match date_parts(&sent.0, name, label) {
            Ok(Some(d)) => d.parse().ok(),
            Ok(None) => {
                self.field(name, format!("Enter {}", label.to_lowercase()));
                None
            }
            Err(m) => {
                self.field(name, m);
                None
            }
        }
    }

    /// An optional date.
    pub fn optional_date(&mut self, sent: &Sent, name: &str, label: &str) -> Option<NaiveDate> {
        match date_parts(&sent.0, name, label) {
            Ok(d) => d.and_then(|d| d.parse().ok()),
            Err(m) => {
                self.field(name, m);
                None
            }
        }
    }

    /// An optional time written like 14:30.
    pub fn optional_time(&mut self, sent: &Sent, name: &str) -> Option<NaiveTime> {
        let v = sent.get(name);
        if v.is_empty() {
            return None;
        }
        match NaiveTime::parse_from_str(v, "%H:%M") {
            Ok(t) => Some(t),
            Err(_) => {
                self.field(name, "Enter a time like 14:30");
                None
            }
        }
    }

    /// One of a code list's values, by code.
    pub fn code<T: std::str::FromStr>(&mut self, sent: &Sent, name: &str, what: &str) -> Option<T> {
        match sent.get(name) {
            "" => {
                self.field(name, format!("Select {what}"));
                None
            }
            v => v.parse().ok().or_else(|| {
                self.field(name, format!("Select {what} from the list"));
                None
            }),
        }
    }
}

/// `yes` / `no` / anything else (not said), for radios.
pub fn yes_no(v: &str) -> Option<bool> {
    match v {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(pairs: &[(&str, &str)]) -> Sent {
        Sent(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn fields_are_read_with_a_message_beside_each_bad_one() {
        let s = sent(&[
            ("date-day", "31"),
            ("date-month", "2"),
            ("date-year", "2026"),
            ("time", "25:00"),
            ("kind", "nope"),
        ]);
        let mut e = Errors::default();
        assert_eq!(e.date(&s, "date", "Date"), None);
        assert_eq!(e.optional_time(&s, "time"), None);
        assert_eq!(e.code::<carefile_domain::notes::NoteKind>(&s, "kind", "a type"), None);
        assert_eq!(e.of("date"), ["Date must be a real date"]);
        assert_eq!(e.of("time"), ["Enter a time like 14:30"]);
        assert_eq!(e.of("kind"), ["Select a type from the list"]);
        e.refused("a title is needed", &[("title", &["title"]), ("text", &["what happened"])]);
        e.refused("something else", &[("title", &["title"])]);
        assert_eq!(e.of("title"), ["a title is needed"]);
        assert_eq!(e.problems().last(), Some(&(None, "something else")));
    }
}
