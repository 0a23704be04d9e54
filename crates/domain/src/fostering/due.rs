//! What a carer household's record makes due, on the working-day calendar and the authority's
//! configuration: the annual review and each step after it (listed for the panel where it goes
//! to one; the agency decision maker's decision), the assessment's eight months, the TSD
//! standards, DBS checks and medicals, supervision and unannounced visits, temporary approvals
//! before they lapse, a review after concerns, and Staying Put and supported lodgings reviews.
//! Each item names the step that meets it and whose step it is ([`Step`]); the work tray puts it
//! on that person's tray. The same engine serves adopters' records (`adopters::due`).
//!
//! Recurring items (reviews, visits) are given as a series: every occurrence up to `as_of` with
//! the day it was met, and the next one due, so timeliness can be counted from the same items.

use super::config::Config;
use super::record::{Approval, Began, CarerRecord, Review};
use super::terms::{ArrangementKind, CarerType, CheckKind, ReviewKind};
use crate::Calendar;
use crate::panels::{Business, Case, Sitting};
use crate::timescales::{Period, Status};
use chrono::NaiveDate;
use serde::Serialize;

/// What is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// The fostering assessment, from stage 1 (or a connected person's full assessment) to the decision.
    Assessment,
    /// The review of approval: held by the reviewing officer.
    Review,
    /// A review held for the panel, listed at a sitting.
    ListReview,
    /// The agency decision maker's decision on a review that did not go to the panel.
    ReviewDecision,
    Tsd,
    Dbs,
    Medical,
    SupervisionVisit,
    UnannouncedVisit,
    /// A temporary approval before it lapses: full approval, an extension or its end.
    TemporaryApproval,
    ReviewAfterConcerns,
    StayingPutReview,
    SupportedLodgingsReview,
    // ---- adopters ----
    AdopterStage1,
    AdopterStage2,
    /// The break between the stages, at its limit.
    StageBreak,
    AdopterApprovalReview,
}

impl Item {
    pub fn label(self) -> &'static str {
        match self {
            Item::Assessment => "Fostering assessment decided",
            Item::Review => "Review of approval",
            Item::ListReview => "Review listed for the fostering panel",
            Item::ReviewDecision => "Agency decision on the review",
            Item::Tsd => "Training, Support and Development Standards completed",
            Item::Dbs => "Enhanced DBS check renewed",
            Item::Medical => "Medical renewed",
            Item::SupervisionVisit => "Supervision visit",
            Item::UnannouncedVisit => "Unannounced visit",
            Item::TemporaryApproval => "Temporary approval: approve, extend or end before it lapses",
            Item::ReviewAfterConcerns => "Review following concerns",
            Item::StayingPutReview => "Staying Put review",
            Item::SupportedLodgingsReview => "Supported lodgings host review",
            Item::AdopterStage1 => "Adopters' stage 1 completed",
            Item::AdopterStage2 => "Adopters' stage 2 decided",
            Item::StageBreak => "Break between stages ends",
            Item::AdopterApprovalReview => "Review of approval (no child placed)",
        }
    }

    /// The stored name of the form that meets it.
    pub fn met_by(self) -> &'static str {
        match self {
            Item::Assessment => "approved",
            Item::Review | Item::ReviewAfterConcerns => "review_held",
            Item::ListReview => "case_listed",
            Item::ReviewDecision => "review_decided",
            Item::Tsd => "tsd_completed",
            Item::Dbs | Item::Medical => "check_completed",
            Item::SupervisionVisit | Item::UnannouncedVisit => "supervision_visit",
            Item::TemporaryApproval => "temporary_approval_extended",
            Item::StayingPutReview | Item::SupportedLodgingsReview => "arrangement_reviewed",
            Item::AdopterStage1 | Item::AdopterStage2 => "stage_completed",
            Item::StageBreak => "stage_started",
            Item::AdopterApprovalReview => "approval_reviewed",
        }
    }
}

/// Whose step it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The household's allocated social worker (the team's queue when there is none).
    Worker,
    /// The allocated worker's team manager (listing for the panel).
    Team,
    /// The agency decision maker.
    Adm,
}

/// One item due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    pub item: Item,
    /// 1 for a one-off; the occurrence's number in a series.
    pub occurrence: u32,
    /// What in the record it is about ("review 3, goes to the panel", "DBS of Jo Carer").
    pub what: String,
    /// What it counts from, and when.
    pub from: (&'static str, NaiveDate),
    pub due: NaiveDate,
    pub met: Option<NaiveDate>,
    pub status: Status,
    pub step: Step,
    /// What stands in its way (an expired DBS blocks a review).
    pub blockers: Vec<String>,
}

impl Due {
    /// The title a tray shows.
    pub fn title(&self) -> String {
        let mut t = self.item.label().to_string();
        if !self.what.is_empty() {
            t = format!("{t}: {}", self.what);
        }
        if !self.blockers.is_empty() {
            t = format!("{t} (blocked: {})", self.blockers.join("; "));
        }
        t
    }
}

/// The arithmetic shared by carers' and adopters' items.
pub(crate) struct Cx<'a> {
    pub cal: &'a Calendar,
    pub as_of: NaiveDate,
}

impl Cx<'_> {
    pub fn after(&self, d: NaiveDate, p: Period) -> NaiveDate {
        p.after(self.cal, d)
    }

    /// The item as it stands on `as_of`, or `None` when it has not begun by then or its
    /// source ended, unmet, on or before its due date.
    #[allow(clippy::too_many_arguments)]
    pub fn finish(
        &self,
        item: Item,
        occurrence: u32,
        what: String,
        from: (&'static str, NaiveDate),
        due: NaiveDate,
        met: Option<NaiveDate>,
        end: Option<NaiveDate>,
        step: Step,
    ) -> Option<Due> {
        if from.1 > self.as_of {
            return None;
        }
        let met = met.filter(|m| *m <= self.as_of);
        // Its source ended (the approval, the arrangement) with it unmet: no one's to do.
        if met.is_none() && end.is_some_and(|e| e <= self.as_of) {
            return None;
        }
        let status = match met {
            Some(m) if m <= due => Status::Met,
            Some(_) => Status::MetLate,
            None if due < self.as_of => Status::Overdue,
            None => Status::Due,
        };
        Some(Due { item, occurrence, what, from, due, met, status, step, blockers: vec![] })
    }

    /// A recurring item: the first occurrence counts from `start`, each later one from the event
    /// that met the one before; stops at the first not met by `as_of`.
    #[allow(clippy::too_many_arguments)]
    pub fn series(
        &self,
        item: Item,
        what: &str,
        start: (&'static str, NaiveDate),
        next_label: &'static str,
        mut events: Vec<NaiveDate>,
        end: Option<NaiveDate>,
        step: Step,
        interval: impl Fn(u32) -> Period,
    ) -> Vec<Due> {
        events.retain(|d| *d >= start.1 && end.is_none_or(|e| *d <= e) && *d <= self.as_of);
        events.sort();
        events.dedup();
        let mut events = events.into_iter();
        let mut out = Vec::new();
        let mut from = start;
        for k in 1.. {
            let due = self.after(from.1, interval(k));
            let met = events.next();
            let Some(d) = self.finish(item, k, what.to_string(), from, due, met, end, step) else { break };
            out.push(d);
            match met {
                Some(m) => from = (next_label, m),
                None => break,
            }
        }
        out
    }
}

/// The next review of the approval in force: when, and whether it goes to the panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextReview {
    pub due: NaiveDate,
    /// The first review since approval.
    pub first: bool,
    pub to_panel: bool,
}

/// The next review due, for every household with an approval in force (and only for those).
pub fn next_review(record: &CarerRecord, cal: &Calendar, cfg: &Config) -> Option<NextReview> {
    let a = record.current_approval()?;
    let reviews: Vec<&Review> = record.reviews_of(a).collect();
    let last = reviews.iter().map(|r| r.held).max().unwrap_or(a.from);
    let due = cfg.fostering.review.after(cal, last);
    Some(NextReview { due, first: reviews.is_empty(), to_panel: goes_to_panel(a, &reviews, cfg.fostering.panel_cycle) })
}

/// Whether the next review goes to the panel: a new approval's first review, then every
/// `cycle`th review since the last that went.
fn goes_to_panel(a: &Approval, reviews: &[&Review], cycle: u32) -> bool {
    let since_panel = reviews.iter().rev().take_while(|r| !r.to_panel).count() as u32;
    (reviews.is_empty() && a.is_new()) || since_panel + 1 >= cycle
}

/// The sittings' cases about a household, with their sittings.
pub type Cases<'a> = [(&'a Sitting, &'a Case)];

const REVIEW_BUSINESS: [Business; 5] = [
    Business::FirstReview,
    Business::FosteringReview,
    Business::ReviewFollowingConcerns,
    Business::ChangeOfApproval,
    Business::ChangeOfCircumstances,
];

/// Everything `record` makes due up to `as_of` and next; `cases` are the panel cases about the household.
pub fn due(record: &CarerRecord, cases: &Cases, cal: &Calendar, cfg: &Config, as_of: NaiveDate) -> Vec<Due> {
    let cx = Cx { cal, as_of };
    let f = &cfg.fostering;
    let mut out = Vec::new();
    for a in record.applications.iter() {
        if let Some(start) = a.assessment_start() {
            let met = match &a.outcome {
                Some(super::record::Outcome::Approved { date } | super::record::Outcome::NotApproved { date }) => Some(*date),
                _ => None,
            };
            let end = match &a.outcome {
                Some(super::record::Outcome::Closed { date, .. }) => Some(*date),
                _ => None,
            };
            let what = format!("application {}", a.no);
            out.extend(cx.finish(Item::Assessment, 1, what, ("assessment began", start), cx.after(start, f.assessment), met, end, Step::Worker));
        }
    }
    for approval in &record.approvals {
        approval_items(&cx, record, approval, cases, cfg, &mut out);
    }
    for t in &record.temporary {
        let what = format!("{} ({})", t.child, t.regulation.label());
        // Due by the day it lapses (an extension moves it); met by its end or full approval.
        let expires = cal.on_or_before(t.expires());
        out.extend(cx.finish(Item::TemporaryApproval, 1, what, ("temporary approval", t.from), expires, t.ended, None, Step::Worker));
    }
    for ar in &record.arrangements {
        let (item, p) = match ar.kind {
            ArrangementKind::StayingPut => (Item::StayingPutReview, f.staying_put_review),
            ArrangementKind::SupportedLodgings => (Item::SupportedLodgingsReview, f.supported_lodgings_review),
        };
        let what = match &ar.young_person {
            Some(c) => format!("arrangement {} ({c})", ar.no),
            None => format!("arrangement {}", ar.no),
        };
        out.extend(cx.series(item, &what, ("arrangement began", ar.from), "previous review", ar.reviews.clone(), ar.ended, Step::Worker, |_| p));
    }
    out.sort_by_key(|d| (d.due, d.item, d.occurrence));
    out
}

fn approval_items(cx: &Cx, record: &CarerRecord, a: &Approval, cases: &Cases, cfg: &Config, out: &mut Vec<Due>) {
    let f = &cfg.fostering;
    let end = a.ended.map(|e| e.0);
    let reviews: Vec<&Review> = record.reviews_of(a).collect();

    // What blocks the review: checks lapsed by now or by the review's due date.
    let mut checks_due = Vec::new();
    for kind in CheckKind::ALL {
        let (item, p) = match kind {
            CheckKind::Dbs => (Item::Dbs, f.dbs),
            CheckKind::Medical => (Item::Medical, f.medical),
        };
        let mut people: Vec<&str> = record.checks.iter().filter(|c| c.kind == *kind).map(|c| c.who.as_str()).collect();
        people.sort_unstable();
        people.dedup();
        if people.is_empty() {
            let what = "none recorded".to_string();
            out.extend(cx.finish(item, 1, what, ("approved", a.from), a.from, None, end, Step::Worker));
            checks_due.push((item, "none recorded".to_string(), a.from));
            continue;
        }
        for who in people {
            let last = record.checks.iter().filter(|c| c.kind == *kind && c.who == who && c.date <= cx.as_of).map(|c| c.date).max();
            let Some(last) = last else { continue };
            let due = cx.after(last, p);
            if let Some(d) = cx.finish(item, 1, who.to_string(), ("last check", last), due, None, end, Step::Worker) {
                checks_due.push((item, who.to_string(), due));
                out.push(d);
            }
        }
    }

    // The review series, and the steps after each review held.
    let held: Vec<NaiveDate> = reviews.iter().map(|r| r.held).collect();
    let mut series = cx.series(Item::Review, "", ("approved", a.from), "previous review", held, end, Step::Worker, |_| f.review);
    if let Some(next) = series.last_mut().filter(|d| d.met.is_none()) {
        next.what = match (reviews.is_empty(), goes_to_panel(a, &reviews, f.panel_cycle)) {
            (true, true) => "first review, goes to the fostering panel".into(),
            (true, false) => "first review".into(),
            (false, true) => format!("goes to the fostering panel (every {} reviews)", f.panel_cycle),
            (false, false) => String::new(),
        };
        next.blockers = checks_due
            .iter()
            .filter(|(_, _, due)| *due <= next.due.max(cx.as_of))
            .map(|(item, who, due)| match item {
                Item::Dbs => format!("DBS of {who} lapses {due}"),
                _ => format!("medical of {who} lapses {due}"),
            })
            .collect();
    }
    out.extend(series);
    for r in &reviews {
        let what = format!("review {}", r.no);
        if r.to_panel {
            let listed = cases.iter().find(|(s, c)| {
                s.cancelled.is_none()
                    && c.withdrawn.is_none()
                    && REVIEW_BUSINESS.contains(&c.business)
                    && c.about == Some(r.no)
                    && !c.heard.as_ref().is_some_and(|h| h.recommendation == crate::panels::Recommendation::Deferred)
            });
            let met = listed.map(|(s, _)| s.date.min(cx.as_of)).or(r.decided.as_ref().map(|d| d.0));
            let due = cx.after(r.held, f.list_for_panel);
            out.extend(cx.finish(Item::ListReview, 1, what, ("review held", r.held), due, met, None, Step::Team));
        } else {
            let due = cx.after(r.held, f.review_decision);
            let met = r.decided.as_ref().map(|d| d.0);
            out.extend(cx.finish(Item::ReviewDecision, 1, what, ("review held", r.held), due, met, None, Step::Adm));
        }
    }

    // Training, Support and Development Standards: once, from the first approval made here.
    if record.approvals.iter().find(|x| !matches!(x.began, Began::Existing)) == Some(a) {
        let p = if a.terms().carer_type == CarerType::ConnectedPerson { f.tsd_connected } else { f.tsd };
        out.extend(cx.finish(Item::Tsd, 1, String::new(), ("approved", a.from), cx.after(a.from, p), record.tsd, end, Step::Worker));
    }

    let visits: Vec<NaiveDate> = record.visits.iter().map(|v| v.0).collect();
    out.extend(cx.series(Item::SupervisionVisit, "", ("approved", a.from), "previous visit", visits, end, Step::Worker, |_| f.supervision_visit));
    let unannounced: Vec<NaiveDate> = record.visits.iter().filter(|v| v.1).map(|v| v.0).collect();
    out.extend(cx.series(Item::UnannouncedVisit, "", ("approved", a.from), "previous unannounced visit", unannounced, end, Step::Worker, |_| f.unannounced_visit));

    for al in &record.allegations {
        let Some((concluded, _)) = al.concluded.filter(|c| a.in_force(c.0)) else { continue };
        let met = reviews.iter().filter(|r| r.kind == ReviewKind::FollowingConcerns && r.held >= al.date).map(|r| r.held).min();
        let what = format!("allegation {}", al.no);
        out.extend(cx.finish(Item::ReviewAfterConcerns, 1, what, ("concluded", concluded), cx.after(concluded, f.review_after_concerns), met, end, Step::Worker));
    }
}

#[cfg(test)]
mod tests;
