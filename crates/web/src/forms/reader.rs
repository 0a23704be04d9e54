//! Reads one submitted form field by field, collecting an error per field and
//! a description of each field (for drawing the form) as it goes.

use super::choices::{Choice, shown};
use super::{Context, FormErrors};
use carefile_domain::{ItemNo, TeamId, WorkerId};
use chrono::{NaiveDate, NaiveDateTime};

/// How a field is drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Date,
    DateTime,
    Check,
    Text {
        long: bool,
    },
    /// `(value, label)` options; several may be picked when `multiple`.
    Select {
        options: Vec<(String, String)>,
        multiple: bool,
    },
}

/// One field of a form, with what was sent in it (to draw it again after an error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub input: Input,
    pub required: bool,
    pub sent: Vec<String>,
}

/// Things already in the record a form refers to, offered as a list.
#[derive(Debug, Clone, Copy)]
pub enum Items {
    Contacts { undecided: bool },
    Referrals { undecided: bool },
    OpenReferrals,
    UnauthorisedAssessments,
    Discussions,
    OpenS47s,
    S47s,
    OpenCpPlans,
    OpenCinPlans,
    OpenMissing,
    EndedMissingWithoutInterview,
}

impl Items {
    /// How the domain's messages name one of these ("no referral 7").
    fn noun(self) -> &'static str {
        match self {
            Items::Contacts { .. } => "contact",
            Items::Referrals { .. } | Items::OpenReferrals => "referral",
            Items::UnauthorisedAssessments => "assessment",
            Items::Discussions => "strategy discussion",
            Items::OpenS47s | Items::S47s => "S47 enquiry",
            Items::OpenCpPlans => "CP plan",
            Items::OpenCinPlans => "CIN plan",
            Items::OpenMissing | Items::EndedMissingWithoutInterview => "missing episode",
        }
    }

    fn list(self, ctx: &Context) -> Vec<(ItemNo, String)> {
        let rec = ctx.record;
        let refs = rec.referrals.iter();
        let open = rec.referrals.iter().filter(|r| r.closed.is_none());
        match self {
            Items::Contacts { undecided } => rec
                .contacts
                .iter()
                .filter(|c| !undecided || c.decided.is_none())
                .map(|c| (c.no, format!("received {}", c.at.format("%Y-%m-%d %H:%M"))))
                .collect(),
            Items::Referrals { undecided } => refs
                .filter(|r| !undecided || (r.decided.is_none() && r.closed.is_none()))
                .map(|r| (r.no, format!("received {}", r.date())))
                .collect(),
            Items::OpenReferrals => open.map(|r| (r.no, format!("received {}", r.date()))).collect(),
            Items::UnauthorisedAssessments => refs
                .flat_map(|r| &r.assessments)
                .filter(|a| a.authorised.is_none())
                .map(|a| (a.no, format!("started {}", a.start)))
                .collect(),
            Items::Discussions => open
                .flat_map(|r| &r.discussions)
                .map(|d| (d.no, format!("held {}", d.at.format("%Y-%m-%d %H:%M"))))
                .collect(),
            Items::OpenS47s => refs
                .flat_map(|r| &r.s47s)
                .filter(|s| s.concluded.is_none())
                .map(|s| (s.no, format!("started {}", s.start)))
                .collect(),
            Items::S47s => open
                .flat_map(|r| &r.s47s)
                .filter(|s| s.icpc.is_none())
                .map(|s| (s.no, format!("started {}", s.start)))
                .collect(),
            Items::OpenCpPlans => refs
                .flat_map(|r| &r.cp_plans)
                .filter(|p| p.end.is_none())
                .map(|p| (p.no, format!("from {} ({})", p.start, p.latest_category.label())))
                .collect(),
            Items::OpenCinPlans => refs
                .flat_map(|r| &r.cin_plans)
                .filter(|p| p.end.is_none())
                .map(|p| (p.no, format!("from {}", p.start)))
                .collect(),
            Items::OpenMissing => rec
                .missing
                .iter()
                .filter(|m| m.end.is_none())
                .map(|m| (m.no, format!("from {}", m.start.format("%Y-%m-%d %H:%M"))))
                .collect(),
            Items::EndedMissingWithoutInterview => rec
                .missing
                .iter()
                .filter(|m| m.end.is_some() && m.interview.is_none())
                .map(|m| (m.no, format!("from {}", m.start.format("%Y-%m-%d %H:%M"))))
                .collect(),
        }
    }
}

pub(crate) struct Reader<'a> {
    ctx: &'a Context<'a>,
    sent: &'a [(String, String)],
    fields: Vec<Field>,
    /// Per field, the strings by which a domain message would name its value.
    mentions: Vec<(&'static str, Vec<String>)>,
    errors: FormErrors,
}

pub(crate) type Parts = (Vec<Field>, Vec<(&'static str, Vec<String>)>, FormErrors);

impl<'a> Reader<'a> {
    pub fn new(ctx: &'a Context<'a>, sent: &'a [(String, String)]) -> Self {
        Reader { ctx, sent, fields: vec![], mentions: vec![], errors: FormErrors::default() }
    }

    pub fn into_parts(self) -> Parts {
        (self.fields, self.mentions, self.errors)
    }

    pub fn ctx(&self) -> &'a Context<'a> {
        self.ctx
    }

    /// The non-blank values sent under `name`, trimmed.
    fn values(&self, name: &str) -> Vec<&'a str> {
        self.sent.iter().filter(|(n, _)| n == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty()).collect()
    }

    fn field(&mut self, name: &'static str, label: &'static str, input: Input, required: bool) -> Option<&'a str> {
        let values = self.values(name);
        self.fields.push(Field { name, label, input, required, sent: values.iter().map(|v| v.to_string()).collect() });
        match values.as_slice() {
            [] if required => {
                self.error(name, format!("{label} is required"));
                None
            }
            [] => None,
            [one] => Some(one),
            _ => {
                self.error(name, format!("{label}: one value expected, {} were sent", values.len()));
                None
            }
        }
    }

    pub fn error(&mut self, name: &'static str, message: String) {
        self.errors.fields.push((name, message));
    }

    fn mention(&mut self, name: &'static str, m: Vec<String>) {
        self.mentions.push((name, m));
    }

    fn date_field(&mut self, name: &'static str, label: &'static str, required: bool) -> Option<NaiveDate> {
        let v = self.field(name, label, Input::Date, required)?;
        let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") else {
            self.error(name, format!("'{v}' is not a date: expected YYYY-MM-DD, e.g. 2026-03-31"));
            return None;
        };
        if d > self.ctx.today {
            self.error(name, format!("{d} is after today ({}): record what has happened", self.ctx.today));
            return None;
        }
        self.mention(name, vec![d.to_string()]);
        Some(d)
    }

    pub fn date(&mut self, name: &'static str, label: &'static str) -> Option<NaiveDate> {
        self.date_field(name, label, true)
    }

    pub fn opt_date(&mut self, name: &'static str, label: &'static str) -> Option<NaiveDate> {
        self.date_field(name, label, false)
    }

    /// A date and time as a browser's `datetime-local` sends it.
    pub fn datetime(&mut self, name: &'static str, label: &'static str) -> Option<NaiveDateTime> {
        let v = self.field(name, label, Input::DateTime, true)?;
        let parsed = NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S"));
        let Ok(at) = parsed else {
            self.error(name, format!("'{v}' is not a date and time: expected YYYY-MM-DDTHH:MM, e.g. 2026-03-31T14:05"));
            return None;
        };
        if at.date() > self.ctx.today {
            self.error(name, format!("{} is after today ({}): record what has happened", at.date(), self.ctx.today));
            return None;
        }
        self.mention(name, vec![at.to_string(), at.date().to_string()]);
        Some(at)
    }

    /// A tick box: absent is no.
    pub fn check(&mut self, name: &'static str, label: &'static str) -> bool {
        match self.field(name, label, Input::Check, false) {
            None => false,
            Some("on" | "true" | "yes") => true,
            Some(v) => {
                self.error(name, format!("'{v}' is not a tick box's value: expected 'on' or nothing"));
                false
            }
        }
    }

    fn select<T: Choice>(&mut self, name: &'static str, label: &'static str, required: bool) -> Option<T> {
        let options = shown::<T>();
        let v = self.field(name, label, Input::Select { options, multiple: false }, required)?;
        self.pick::<T>(name, v)
    }

    fn pick<T: Choice>(&mut self, name: &'static str, v: &str) -> Option<T> {
        match T::pick(v) {
            Some(t) => {
                self.mention(name, vec![v.to_string()]);
                Some(t)
            }
            None => {
                let codes: Vec<_> = T::options().into_iter().map(|(c, _)| c).collect();
                self.error(name, format!("'{v}' is not a {}: expected one of {}", T::WHAT, codes.join(", ")));
                None
            }
        }
    }

    pub fn choice<T: Choice>(&mut self, name: &'static str, label: &'static str) -> Option<T> {
        self.select(name, label, true)
    }

    pub fn opt_choice<T: Choice>(&mut self, name: &'static str, label: &'static str) -> Option<T> {
        self.select(name, label, false)
    }

    /// Several values from one list (none is allowed; `None` only when one is not in the list).
    pub fn choices<T: Choice>(&mut self, name: &'static str, label: &'static str) -> Option<Vec<T>> {
        let values = self.values(name);
        let options = shown::<T>();
        self.fields.push(Field {
            name,
            label,
            input: Input::Select { options, multiple: true },
            required: false,
            sent: values.iter().map(|v| v.to_string()).collect(),
        });
        let picked: Vec<Option<T>> = values.iter().map(|v| self.pick::<T>(name, v)).collect();
        picked.into_iter().collect()
    }

    fn item_field(&mut self, name: &'static str, label: &'static str, items: Items, required: bool) -> Option<ItemNo> {
        let list = items.list(self.ctx);
        let options =
            list.iter().map(|(no, what)| (no.to_string(), format!("{} {no}, {what}", items.noun()))).collect();
        let v = self.field(name, label, Input::Select { options, multiple: false }, required)?;
        match v.parse::<ItemNo>() {
            Ok(no) if list.iter().any(|(n, _)| *n == no) => {
                self.mention(name, vec![format!("{} {no}", items.noun())]);
                Some(no)
            }
            _ if list.is_empty() => {
                self.error(name, format!("the child's record has no {} to choose here", items.noun()));
                None
            }
            _ => {
                let nos: Vec<_> = list.iter().map(|(n, _)| n.to_string()).collect();
                self.error(
                    name,
                    format!("'{v}' is not one of the child's {}s here: expected {}", items.noun(), nos.join(", ")),
                );
                None
            }
        }
    }

    pub fn item(&mut self, name: &'static str, label: &'static str, items: Items) -> Option<ItemNo> {
        self.item_field(name, label, items, true)
    }

    pub fn opt_item(&mut self, name: &'static str, label: &'static str, items: Items) -> Option<ItemNo> {
        self.item_field(name, label, items, false)
    }

    fn text_field(&mut self, name: &'static str, label: &'static str, long: bool, required: bool) -> Option<String> {
        const MAX: usize = 10_000;
        let v = self.field(name, label, Input::Text { long }, required)?;
        if v.chars().count() > MAX {
            self.error(name, format!("{label} is longer than {MAX} characters"));
            return None;
        }
        Some(v.to_string())
    }

    pub fn text(&mut self, name: &'static str, label: &'static str, long: bool) -> Option<String> {
        self.text_field(name, label, long, true)
    }

    pub fn opt_text(&mut self, name: &'static str, label: &'static str) -> Option<String> {
        self.text_field(name, label, false, false)
    }

    /// A member of staff from the allocatable list, with their team.
    pub fn worker(&mut self, name: &'static str, label: &'static str) -> Option<(WorkerId, TeamId)> {
        let workers = self.ctx.workers;
        let options = workers.iter().map(|(w, t, n)| (w.to_string(), format!("{n} ({t})"))).collect();
        let v = self.field(name, label, Input::Select { options, multiple: false }, true)?;
        match workers.iter().find(|(w, _, _)| w.as_str() == v) {
            Some((w, t, _)) => Some((w.clone(), t.clone())),
            None => {
                self.error(name, format!("'{v}' is not a member of staff who can hold cases"));
                None
            }
        }
    }

    /// The next free number for a new item of a kind (one more than the highest used).
    pub fn next_no(&self, used: impl Iterator<Item = ItemNo>) -> ItemNo {
        used.max().map_or(1, |n| n.saturating_add(1))
    }

    /// `(seq, reason)` when the submission corrects an earlier event; a missing
    /// or bad sequence number or a missing reason is an error.
    pub fn correction(&mut self) -> Option<(u64, String)> {
        let seq = self.values("corrects");
        let [seq] = seq.as_slice() else { return None };
        let reason = self.text("reason", "Why this corrects the earlier entry", true);
        let Ok(seq) = seq.parse::<u64>() else {
            self.error("corrects", format!("'{seq}' is not an event number"));
            return None;
        };
        Some((seq, reason?))
    }
}
