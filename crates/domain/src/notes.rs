//! Case notes: what happened, who was seen, the child's own views. A note is
//! final once written: a change is an amendment that says why and keeps the
//! text it replaced. One subject per note on the `note` stream, about the child.

use crate::people::PersonRef;
use crate::stream::{Projection, Stamp, StreamEvent, check_date};
use crate::{ChildId, Recorded};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

crate::numbered_id!(
    /// A case note: `N` and digits.
    NoteId, "N", "note ID"
);

crate::code_list! {
    /// What a note records.
    pub enum NoteKind ("note type") {
        CaseNote = "case_note": "Case note",
        Visit = "visit": "Visit",
        PhoneCall = "phone_call": "Telephone call",
        Meeting = "meeting": "Meeting",
        Correspondence = "correspondence": "Email or letter",
        DirectWork = "direct_work": "Direct work with the child",
        Supervision = "supervision": "Case supervision",
        Step = "step": "Note on a recorded step",
        Other = "other": "Other",
    }
}

/// Longest title, and longest text of any one part of a note.
pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 50_000;
/// Most people named as seen in one note.
pub const MAX_SEEN: usize = 50;

/// What a note says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteContent {
    pub kind: NoteKind,
    /// When what it records happened.
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<NaiveTime>,
    pub title: String,
    /// What happened.
    pub text: String,
    /// People on record who were seen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seen: Vec<PersonRef>,
    /// Anyone else present, as written.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub others_present: String,
    /// Whether the child was seen, and seen alone (visits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_seen: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_seen_alone: Option<bool>,
    /// The child's own views, in their words where possible.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub child_views: String,
    /// A significant event: shown first in the chronology's filter.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub significant: bool,
    /// The entry of the child's log (its sequence number) this note is written on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<u64>,
}

impl NoteContent {
    fn check(&self, at: Stamp) -> Result<(), String> {
        check_date(self.date, at)?;
        for (what, value, max, required) in [
            ("a title", &self.title, MAX_TITLE, true),
            ("what happened", &self.text, MAX_TEXT, true),
            ("others present", &self.others_present, MAX_TITLE, false),
            ("the child's views", &self.child_views, MAX_TEXT, false),
        ] {
            if required && value.trim().is_empty() {
                return Err(format!("{what} is needed"));
            }
            if value.chars().count() > max {
                return Err(format!("{what} is at most {max} characters"));
            }
        }
        if self.seen.len() > MAX_SEEN {
            return Err(format!("at most {MAX_SEEN} people can be named as seen"));
        }
        if self.child_seen_alone == Some(true) && self.child_seen != Some(true) {
            return Err("the child cannot be seen alone without being seen".into());
        }
        if self.kind == NoteKind::Step && self.step.is_none() {
            return Err("a note on a step names the step".into());
        }
        Ok(())
    }
}

/// A fact about a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum NoteEvent {
    Written {
        child: ChildId,
        content: NoteContent,
    },
    /// Replaces what the note says; the earlier text is kept.
    Amended {
        content: NoteContent,
        reason: String,
    },
}

impl StreamEvent for NoteEvent {
    fn kind(&self) -> &'static str {
        match self {
            NoteEvent::Written { .. } => "written",
            NoteEvent::Amended { .. } => "amended",
        }
    }

    fn effective_date(&self) -> Option<NaiveDate> {
        match self {
            NoteEvent::Written { content, .. } | NoteEvent::Amended { content, .. } => Some(content.date),
        }
    }
}

/// An amendment: who, when, why, and what the note said before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amendment {
    pub by: String,
    pub at: DateTime<Utc>,
    pub reason: String,
    pub before: NoteContent,
}

/// A note as it stands, with every earlier version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: NoteId,
    pub child: ChildId,
    pub content: NoteContent,
    pub author: String,
    pub written_at: DateTime<Utc>,
    pub amendments: Vec<Amendment>,
}

impl Note {
    /// The note as first written.
    pub fn original(&self) -> &NoteContent {
        self.amendments.first().map_or(&self.content, |a| &a.before)
    }

    /// Who last changed it, and when.
    pub fn last_changed(&self) -> (&str, DateTime<Utc>) {
        self.amendments.last().map_or((self.author.as_str(), self.written_at), |a| (a.by.as_str(), a.at))
    }
}

impl Projection for Note {
    const STREAM: &'static str = "note";
    type Id = NoteId;
    type Event = NoteEvent;

    fn start(id: &NoteId, at: Stamp, event: &NoteEvent) -> Result<Self, String> {
        let NoteEvent::Written { child, content } = event else {
            return Err("a note starts when it is written".into());
        };
        content.check(at)?;
        Ok(Note {
            id: id.clone(),
            child: child.clone(),
            content: content.clone(),
            author: at.recorded.by.clone(),
            written_at: at.recorded.at,
            amendments: Vec::new(),
        })
    }

    fn about(&self) -> Option<&str> {
        Some(self.child.as_str())
    }

    fn apply(&mut self, at: Stamp, event: &NoteEvent) -> Result<(), String> {
        let NoteEvent::Amended { content, reason } = event else {
            return Err("the note is already written: change it by an amendment".into());
        };
        content.check(at)?;
        if reason.trim().is_empty() {
            return Err("an amendment says why".into());
        }
        if reason.chars().count() > MAX_TITLE {
            return Err(format!("the reason is at most {MAX_TITLE} characters"));
        }
        if *content == self.content {
            return Err("the amendment changes nothing".into());
        }
        let Recorded { by, at: when, .. } = at.recorded;
        self.amendments.push(Amendment {
            by: by.clone(),
            at: *when,
            reason: reason.trim().to_string(),
            before: std::mem::replace(&mut self.content, content.clone()),
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn content(text: &str) -> NoteContent {
        NoteContent {
            kind: NoteKind::Visit,
            date: "2026-03-30".parse().unwrap(),
            time: None,
            title: "Home visit".into(),
            text: text.into(),
            seen: vec![],
            others_present: String::new(),
            child_seen: Some(true),
            child_seen_alone: Some(true),
            child_views: "Wants to stay at school".into(),
            significant: false,
            step: None,
        }
    }

    fn fold(events: &[(&str, NoteEvent)]) -> Result<Option<Note>, crate::stream::StreamError> {
        let recs: Vec<Recorded> = events
            .iter()
            .enumerate()
            .map(|(i, (by, _))| Recorded::new(Utc.with_ymd_and_hms(2026, 3, 31, 9, i as u32, 0).unwrap(), *by, None))
            .collect();
        let id = NoteId::new("N000001").unwrap();
        Note::replay(
            &id,
            events
                .iter()
                .zip(&recs)
                .enumerate()
                .map(|(i, ((_, e), r))| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: r }, e)),
        )
    }

    #[test]
    fn a_note_is_final_and_amendments_keep_the_original() {
        let child = ChildId::new("C1").unwrap();
        let written = NoteEvent::Written { child: child.clone(), content: content("Saw Ada at home.") };
        let amended = NoteEvent::Amended {
            content: content("Saw Ada and her mother at home."),
            reason: "mother was there".into(),
        };
        let note = fold(&[("sw", written.clone()), ("tm", amended)]).unwrap().unwrap();
        assert_eq!(note.content.text, "Saw Ada and her mother at home.");
        assert_eq!(note.original().text, "Saw Ada at home.");
        assert_eq!(note.author, "sw");
        assert_eq!(note.last_changed().0, "tm");
        assert_eq!(note.about(), Some("C1"));

        let refused = |events: &[(&str, NoteEvent)]| fold(events).unwrap_err().message;
        assert!(refused(&[("sw", written.clone()), ("sw", written.clone())]).contains("by an amendment"));
        let why_not = NoteEvent::Amended { content: content("x"), reason: " ".into() };
        assert!(refused(&[("sw", written.clone()), ("sw", why_not)]).contains("says why"));
        let same = NoteEvent::Amended { content: content("Saw Ada at home."), reason: "typo".into() };
        assert!(refused(&[("sw", written.clone()), ("sw", same)]).contains("changes nothing"));
        let alone = NoteContent { child_seen: Some(false), ..content("x") };
        assert!(refused(&[("sw", NoteEvent::Written { child: child.clone(), content: alone })]).contains("seen alone"));
        let later = NoteContent { date: "2026-04-05".parse().unwrap(), ..content("x") };
        assert!(refused(&[("sw", NoteEvent::Written { child: child.clone(), content: later })]).contains("after"));
        let empty = NoteContent { text: "  ".into(), ..content("x") };
        assert!(refused(&[("sw", NoteEvent::Written { child, content: empty })]).contains("what happened"));
    }
}
