//! What prospective adopters' record makes due: stage 1 in two months, stage 2 to the decision in
//! four, a break between the stages at its limit, and the yearly review of an approval while no
//! child is placed. The agency decision maker's decision after the panel is the sitting's item.

use super::record::{AdopterRecord, Outcome};
use crate::Calendar;
use crate::fostering::config::Config;
use crate::fostering::due::{Cx, Due, Item, Step};
use chrono::NaiveDate;

/// Everything `record` makes due up to `as_of` and next. `placed` is the first day a child was
/// placed with the household during its current approval, if one has been.
pub fn due(record: &AdopterRecord, placed: Option<NaiveDate>, cal: &Calendar, cfg: &Config, as_of: NaiveDate) -> Vec<Due> {
    let cx = Cx { cal, as_of };
    let p = &cfg.adopters;
    let mut out = Vec::new();
    for a in &record.applications {
        let what = format!("application {}", a.no);
        let ended = a.outcome.as_ref().map(Outcome::date);
        let withdrew = match &a.outcome {
            Some(Outcome::Withdrew { date, .. }) => Some(*date),
            _ => None,
        };
        if let Some(s1) = a.stage1 {
            out.extend(cx.finish(Item::AdopterStage1, 1, what.clone(), ("stage 1 began", s1.start), cx.after(s1.start, p.stage1), s1.end, withdrew, Step::Worker));
        }
        for (k, (b, reason)) in a.breaks.iter().enumerate() {
            let what = format!("{what}: {reason}");
            out.extend(cx.finish(Item::StageBreak, k as u32 + 1, what, ("break began", b.start), cx.after(b.start, p.break_between_stages), b.end, withdrew, Step::Worker));
        }
        if let Some(s2) = a.stage2 {
            let decided = match &a.outcome {
                Some(Outcome::Approved { date } | Outcome::NotSuitable { date }) => Some(*date),
                _ => None,
            };
            let track = if a.fast_track { format!("{what} (fast track)") } else { what.clone() };
            out.extend(cx.finish(Item::AdopterStage2, 1, track, ("stage 2 began", s2.start), cx.after(s2.start, p.stage2), decided, withdrew.or(ended.filter(|_| decided.is_none())), Step::Worker));
        }
    }
    for ap in &record.approvals {
        let end = [ap.ended.map(|e| e.0), placed.filter(|d| *d >= ap.from)].into_iter().flatten().min();
        out.extend(cx.series(Item::AdopterApprovalReview, "", ("approved", ap.from), "previous review", ap.reviews.clone(), end, Step::Worker, |_| p.approval_review));
    }
    out.sort_by_key(|d| (d.due, d.item, d.occurrence));
    out
}
