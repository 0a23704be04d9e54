//! Each item's rule: what it counts from, what meets it, what ends it.

use super::{Basis, Deadline, Item, Moment, Period, Status, TimescaleConfig, Unit};
use crate::calendar::{Calendar, add_years, age_on};
use crate::codes::{LegalStatus, PlacementType, ReasonNewEpisode};
use crate::complaints::Complaint;
use crate::journey::{CareChange, CarePeriod, ChildRecord, PermanencePlan, ReferralNext};
use chrono::{Datelike, Duration, Months, NaiveDate, NaiveTime};

pub(super) fn all(record: &ChildRecord, cal: &Calendar, cfg: &TimescaleConfig, as_of: NaiveDate) -> Vec<Deadline> {
    let cx = Cx { cal, cfg, as_of };
    let mut out = Vec::new();
    front_door(&cx, record, &mut out);
    protection(&cx, record, &mut out);
    for period in record.care.iter().filter(|p| p.start <= as_of) {
        looked_after(&cx, record, period, &mut out);
    }
    adoption(&cx, record, &mut out);
    missing(&cx, record, &mut out);
    pathway_plan(&cx, record, &mut out);
    beside(&cx, record, &mut out);
    virtual_school(&cx, record, &mut out);
    out.sort_by_key(|d| (d.due, d.item, d.occurrence));
    out
}

struct Cx<'a> {
    cal: &'a Calendar,
    cfg: &'a TimescaleConfig,
    as_of: NaiveDate,
}

/// Dates this far out are not real records; leaving them alone keeps chrono's arithmetic in range.
fn plausible(d: NaiveDate) -> bool {
    (1000..=9000).contains(&d.year())
}

fn basis(label: &'static str, at: Moment) -> Basis {
    Basis { label, at }
}

impl Cx<'_> {
    /// `p` after `d` without moving to a working day (a window's end).
    fn add(&self, d: NaiveDate, p: Period) -> Option<NaiveDate> {
        if !plausible(d) {
            return None;
        }
        let n = p.n;
        Some(match p.unit {
            Unit::WorkingDays => self.cal.add_working_days(d, i64::from(n)),
            Unit::Days => d + Duration::days(i64::from(n)),
            Unit::Weeks => d + Duration::weeks(i64::from(n)),
            Unit::Months => d.checked_add_months(Months::new(n))?,
            Unit::Hours => (d.and_time(NaiveTime::MIN) + Duration::hours(i64::from(n))).date(),
        })
    }

    /// The due moment `p` after `from`, by the conventions.
    fn due(&self, from: Moment, p: Period) -> Option<Moment> {
        match (p.unit, from.datetime()) {
            (Unit::Hours, Some(at)) if plausible(from.date) => Some(Moment::at(at + Duration::hours(i64::from(p.n)))),
            (Unit::WorkingDays, _) => self.add(from.date, p).map(Moment::day),
            _ => self.add(from.date, p).map(|d| Moment::day(self.cal.on_or_before(d))),
        }
    }

    /// The deadline as it stands on `as_of`, or `None` when it has not started
    /// by then or its plan/period/case ended, unmet, before it fell due.
    fn finish(
        &self,
        item: Item,
        occurrence: u32,
        from: Basis,
        due: Moment,
        met: Option<Moment>,
        end: Option<NaiveDate>,
    ) -> Option<Deadline> {
        if from.at.date > self.as_of {
            return None;
        }
        let met = met.filter(|m| m.date <= self.as_of);
        let ended = match (met, end.filter(|e| *e <= self.as_of)) {
            (None, Some(e)) if e <= due.date => return None,
            (None, e) => e,
            (Some(_), _) => None,
        };
        let status = match (met, due.datetime()) {
            (Some(m), Some(due_at)) => on_time(m.datetime().unwrap_or(m.date.and_time(NaiveTime::MIN)) <= due_at),
            (Some(m), None) => on_time(m.date <= due.date),
            // An hour limit has passed by the end of `as_of` if it falls on or before that day.
            (None, Some(_)) if due.date <= self.as_of => Status::Overdue,
            (None, None) if due.date < self.as_of => Status::Overdue,
            (None, _) => Status::Due,
        };
        Some(Deadline { item, occurrence, from, due, met, status, ended, extended_due: None })
    }

    /// A one-off item: `p` after `from`.
    fn once(
        &self,
        item: Item,
        from: Basis,
        p: Period,
        met: Option<Moment>,
        end: Option<NaiveDate>,
    ) -> Option<Deadline> {
        let due = self.due(from.at, p)?;
        self.finish(item, 1, from, due, met, end)
    }

    /// A recurring item: occurrence 1 counts from `start`, each later one from
    /// the event that met the one before (`events`, those that can meet it).
    /// Stops at the first occurrence not met by `as_of`: the one due now.
    fn series(
        &self,
        item: Item,
        start: Basis,
        next_label: &'static str,
        mut events: Vec<NaiveDate>,
        end: Option<NaiveDate>,
        interval: impl Fn(u32, NaiveDate) -> Period,
    ) -> Vec<Deadline> {
        events.retain(|d| end.is_none_or(|e| *d <= e) && *d <= self.as_of);
        events.sort();
        events.dedup();
        let mut events = events.into_iter();
        let mut out = Vec::new();
        let mut from = start;
        for k in 1.. {
            let Some(due) = self.due(from.at, interval(k, from.at.date)) else { break };
            let met = events.next();
            let Some(d) = self.finish(item, k, from, due, met.map(Moment::day), end) else { break };
            out.push(d);
            match met {
                Some(m) => from = basis(next_label, Moment::day(m)),
                None => break,
            }
        }
        out
    }
}

fn on_time(ok: bool) -> Status {
    if ok { Status::Met } else { Status::MetLate }
}

fn front_door(cx: &Cx, rec: &ChildRecord, out: &mut Vec<Deadline>) {
    let cfg = cx.cfg;
    for c in &rec.contacts {
        let from = basis("contact received", Moment::at(c.at));
        out.extend(cx.once(
            Item::ContactDecision,
            from,
            cfg.contact_decision,
            c.decided.map(|d| Moment::at(d.0)),
            None,
        ));
    }
    for h in &rec.early_help {
        if let Some(requested) = h.requested {
            let from = basis("early help requested", Moment::day(requested));
            out.extend(cx.once(
                Item::EarlyHelpScreening,
                from,
                cfg.early_help_screening,
                h.start.map(Moment::day),
                None,
            ));
        }
    }
    for r in &rec.referrals {
        let from = basis("referral received", Moment::at(r.at));
        out.extend(cx.once(
            Item::ReferralDecision,
            from,
            cfg.referral_decision,
            r.decided.map(|d| Moment::at(d.0)),
            None,
        ));
        let nfa = matches!(r.decided, Some((at, ReferralNext::NoFurtherAction)) if at.date() <= cx.as_of);
        if !nfa {
            // The referral's first assessment is the one the statutory timescale applies to.
            let first = r.assessments.iter().min_by_key(|a| a.start);
            let met = first.and_then(|a| a.authorised).map(Moment::day);
            let from = basis("referral received", Moment::day(r.date()));
            out.extend(cx.once(Item::Assessment, from, cfg.assessment, met, r.closed.map(|c| c.0)));
        }
    }
}

fn protection(cx: &Cx, rec: &ChildRecord, out: &mut Vec<Deadline>) {
    let cfg = cx.cfg;
    for r in &rec.referrals {
        for s in &r.s47s {
            if s.concluded.is_some_and(|(date, required)| !required && date <= cx.as_of) {
                continue;
            }
            let discussion = s.discussion.and_then(|no| r.discussions.iter().find(|d| d.no == no));
            let from = match discussion {
                Some(d) => basis("strategy discussion", Moment::at(d.at)),
                None => basis("S47 enquiry started", Moment::day(s.start)),
            };
            out.extend(cx.once(Item::Icpc, from, cfg.icpc, s.icpc.map(Moment::day), r.closed.map(|c| c.0)));
        }
        for p in &r.cp_plans {
            let start = basis("CP plan started", Moment::day(p.start));
            let reviews = p.reviews.clone();
            let interval = |k, _| if k == 1 { cfg.cp_first_review } else { cfg.cp_later_reviews };
            out.extend(cx.series(Item::CpReview, start, "previous review conference", reviews, p.end, interval));
            let visits = rec.visits.iter().filter(|v| v.value.seen && v.date >= p.start).map(|v| v.date).collect();
            out.extend(cx.series(Item::CpVisit, start, "previous visit", visits, p.end, |_, _| cfg.cp_visits));
        }
    }
}

fn looked_after(cx: &Cx, rec: &ChildRecord, period: &CarePeriod, out: &mut Vec<Deadline>) {
    let cfg = cx.cfg;
    let end = period.end_date();
    let start = basis("became looked after", Moment::day(period.start));
    let within = |d: &NaiveDate| *d >= period.start && end.is_none_or(|e| *d <= e);
    let dates = |v: &[NaiveDate]| v.iter().copied().filter(within).collect::<Vec<_>>();

    let review_interval = |k, _| match k {
        1 => cfg.lac_first_review,
        2 => cfg.lac_second_review,
        _ => cfg.lac_later_reviews,
    };
    let held: Vec<NaiveDate> = rec.lac_reviews.iter().map(|r| r.date).collect();
    let held = dates(&held);
    let adoptive = adoption_placements(period);
    let until_adoptive = |from: NaiveDate| {
        let next = adoptive.iter().map(|a| a.0).find(|s| *s > from);
        [next, end].into_iter().flatten().min()
    };
    let before = |last: Option<NaiveDate>| move |d: &NaiveDate| last.is_none_or(|l| *d <= l);
    let first_end = until_adoptive(period.start - Duration::days(1));
    let first: Vec<NaiveDate> = held.iter().copied().filter(before(first_end)).collect();
    let reviews = cx.series(Item::LacReview, start, "previous review", first, first_end, review_interval);
    out.extend(permanence_plan(cx, rec, period, &reviews, review_interval));
    let mut counted = reviews.len() as u32;
    out.extend(reviews);
    for &(placed, left) in &adoptive {
        let stop = left.or(end);
        let during: Vec<NaiveDate> = held.iter().copied().filter(|d| *d >= placed).filter(before(stop)).collect();
        let from = basis("placed for adoption", Moment::day(placed));
        let interval = |k, _| match k {
            1 => cfg.adoption_first_review,
            2 => cfg.adoption_second_review,
            _ => cfg.adoption_later_reviews,
        };
        out.extend(cx.series(Item::AdoptionPlacementReview, from, "previous review", during, stop, interval));
        // Placed for adoption no longer but still looked after: reviews under the Care Planning
        // Regulations again, from the latest review, at the later interval.
        let Some(left) = left.filter(|l| end.is_none_or(|e| *l < e)) else { continue };
        let last = held.iter().copied().filter(|d| *d <= left).max().unwrap_or(left);
        let stop = until_adoptive(left);
        let later: Vec<NaiveDate> = held.iter().copied().filter(|d| *d > left).filter(before(stop)).collect();
        let from = basis("previous review", Moment::day(last));
        let again = cx.series(Item::LacReview, from, "previous review", later, stop, |_, _| cfg.lac_later_reviews);
        let n = again.len() as u32;
        out.extend(again.into_iter().map(|d| Deadline { occurrence: d.occurrence + counted, ..d }));
        counted += n;
    }

    // The initial health assessment, then reviews from it (age at the last one picks the interval).
    let health = dates(&rec.health_assessments);
    let initial = health.first().copied();
    out.extend(cx.once(Item::InitialHealthAssessment, start, cfg.initial_health_assessment, initial.map(Moment::day), end));
    if let Some(first) = initial {
        let health_interval = |_, from: NaiveDate| match rec.details.dob {
            Some(dob) if age_on(dob, from) < cfg.young_under_age as i32 => cfg.health_assessment_young,
            _ => cfg.health_assessment,
        };
        let from = basis("initial health assessment", Moment::day(first));
        let later = health[1..].to_vec();
        out.extend(cx.series(Item::HealthAssessment, from, "previous health assessment", later, end, health_interval));
    }
    let dental = dates(&rec.dental_checks);
    out.extend(cx.series(Item::DentalCheck, start, "previous dental check", dental, end, |_, _| cfg.dental_check));

    placements(cx, rec, period, out);
    family_finding(cx, rec, period, out);
}

/// The placements for adoption (A3–A6) of a period: when each started, and when it ended
/// (a change to another kind of placement, or the period's end; `None` while it lasts).
fn adoption_placements(period: &CarePeriod) -> Vec<(NaiveDate, Option<NaiveDate>)> {
    let mut out: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
    for c in &period.changes {
        let adoptive = c.placement.kind.is_adoption();
        match out.last_mut() {
            Some((_, left @ None)) if !adoptive => *left = Some(c.date),
            Some((_, None)) => {}
            _ if adoptive => out.push((c.date, None)),
            _ => {}
        }
    }
    if let (Some((_, left @ None)), Some(e)) = (out.last_mut(), period.end_date()) {
        *left = Some(e);
    }
    out
}

/// The care plan of the period, and each placement's plan and statutory visits (Care Planning
/// Regulations 2010 regs 4, 9 and 28). A temporary placement (T0–T4) is not a new placement.
fn placements(cx: &Cx, rec: &ChildRecord, period: &CarePeriod, out: &mut Vec<Deadline>) {
    let cfg = cx.cfg;
    let end = period.end_date();
    // A care plan counts from the end of the previous period of care: made before the placement is in time.
    let previous_end = rec.care.iter().filter_map(|p| p.end_date()).filter(|e| *e < period.start).max();
    let plan = rec
        .care_plans
        .iter()
        .copied()
        .filter(|d| previous_end.is_none_or(|p| *d > p) && end.is_none_or(|e| *d <= e))
        .min();
    let start = basis("became looked after", Moment::day(period.start));
    out.extend(cx.once(Item::CarePlan, start, cfg.care_plan, plan.map(Moment::day), end));

    let starts: Vec<&CareChange> = period
        .changes
        .iter()
        .filter(|c| c.reason != ReasonNewEpisode::LegalStatus && !c.placement.kind.is_temporary())
        .collect();
    for (i, c) in starts.iter().enumerate() {
        let next = starts.get(i + 1).map(|n| n.date);
        let stop = [next, end].into_iter().flatten().min();
        let from = basis("placement started", Moment::day(c.date));
        let plan = rec.placement_plans.iter().filter(|p| p.value == c.date).map(|p| p.date).min();
        out.extend(cx.once(Item::PlacementPlan, from, cfg.placement_plan, plan.map(Moment::day), stop));
        let seen: Vec<NaiveDate> = rec
            .visits
            .iter()
            .filter(|v| v.value.seen && v.date >= c.date && stop.is_none_or(|s| v.date <= s))
            .map(|v| v.date)
            .collect();
        let long_term = matches!(c.placement.kind, PlacementType::U1 | PlacementType::U4);
        let first_year = cx.add(c.date, Period::new(12, Unit::Months));
        let interval = |k, from: NaiveDate| match k {
            1 => cfg.visit_first,
            _ if first_year.is_none_or(|y| from < y) => cfg.visits_first_year,
            _ if long_term => cfg.visits_long_term,
            _ => cfg.visits_later,
        };
        let mut visits = cx.series(Item::LacVisit, from, "previous visit", seen, stop, interval);
        // Numbered across the period's placements, so each occurrence names one visit.
        let before = out.iter().filter(|d| d.item == Item::LacVisit).map(|d| d.occurrence).max().unwrap_or(0);
        for v in &mut visits {
            v.occurrence += before;
        }
        out.extend(visits);
    }
}

/// Due by the configured review: on the day it was held if earlier than its due
/// date, else its due date; projected from the last review's due date while
/// earlier reviews are outstanding.
fn permanence_plan(
    cx: &Cx,
    rec: &ChildRecord,
    period: &CarePeriod,
    reviews: &[Deadline],
    interval: impl Fn(u32, NaiveDate) -> Period,
) -> Option<Deadline> {
    let n = cx.cfg.permanence_plan_by_review;
    let last = reviews.last()?;
    let due = match reviews.get((n as usize).saturating_sub(1)) {
        Some(r) => r.met.map_or(r.due.date, |m| m.date.min(r.due.date)),
        None => {
            let mut due = last.met.map_or(last.due.date, |m| m.date);
            for k in last.occurrence + 1..=n {
                due = cx.due(Moment::day(due), interval(k, due))?.date;
            }
            due
        }
    };
    let end = period.end_date();
    let met =
        rec.permanence_plans.iter().map(|p| p.date).filter(|d| *d >= period.start && end.is_none_or(|e| *d <= e)).min();
    let from = basis("became looked after", Moment::day(period.start));
    cx.finish(Item::PermanencePlan, 1, from, Moment::day(cx.cal.on_or_before(due)), met.map(Moment::day), end)
}

/// Each placement order (a change to legal status E1) wants a match within the timescale.
fn family_finding(cx: &Cx, rec: &ChildRecord, period: &CarePeriod, out: &mut Vec<Deadline>) {
    let matches: Vec<NaiveDate> = rec
        .adoptions
        .iter()
        .filter_map(|a| a.matched.map(|m| m.0).filter(|m| a.reversed.is_none_or(|(r, _)| r > *m)))
        .filter(|m| *m >= period.start)
        .collect();
    for (i, change) in period.changes.iter().enumerate() {
        let is_e1 = |c: &CareChange| c.legal_status == LegalStatus::E1;
        if !is_e1(change) || (i > 0 && is_e1(&period.changes[i - 1])) {
            continue;
        }
        // The order lapses with the period of care or a change away from E1.
        let lapsed = period.changes[i + 1..].iter().find(|c| !is_e1(c)).map(|c| c.date);
        let end = [lapsed, period.end_date()].into_iter().flatten().min();
        let met = matches.iter().copied().filter(|m| end.is_none_or(|e| *m <= e)).min();
        let from = basis("placement order (legal status E1)", Moment::day(change.date));
        out.extend(cx.once(Item::FamilyFinding, from, cx.cfg.family_finding, met.map(Moment::day), end));
    }
}

/// Adoption agreed as the plan (a permanence plan of adoption where the one before was not)
/// wants the agency decision maker's best-interest decision within the timescale; a plan changed
/// away from adoption ends the wait. Family finding, once begun, wants an update each month
/// until a match or the decision's reversal.
fn adoption(cx: &Cx, rec: &ChildRecord, out: &mut Vec<Deadline>) {
    let mut plans: Vec<_> = rec.permanence_plans.iter().map(|p| (p.date, p.value == PermanencePlan::Adoption)).collect();
    plans.sort();
    for (i, &(agreed, adoption)) in plans.iter().enumerate() {
        if !adoption || (i > 0 && plans[i - 1].1) {
            continue;
        }
        let changed = plans[i + 1..].iter().find(|(_, a)| !a).map(|(d, _)| *d);
        let met = rec.adoptions.iter().map(|a| a.decision).filter(|d| *d >= agreed && changed.is_none_or(|c| *d <= c)).min();
        let from = basis("adoption agreed as the plan", Moment::day(agreed));
        out.extend(cx.once(Item::AdoptionBestInterest, from, cx.cfg.adoption_best_interest, met.map(Moment::day), changed));
    }
    for a in &rec.adoptions {
        let Some(begun) = a.family_finding else { continue };
        let end = [a.matched.map(|m| m.0), a.reversed.map(|r| r.0)].into_iter().flatten().min();
        let from = basis("family finding begun", Moment::day(begun));
        let every = |_, _| cx.cfg.family_finding_update;
        out.extend(cx.series(Item::FamilyFindingUpdate, from, "previous update", a.updates.clone(), end, every));
    }
}

fn missing(cx: &Cx, rec: &ChildRecord, out: &mut Vec<Deadline>) {
    let cfg = cx.cfg;
    for m in &rec.missing {
        if let Some(back) = m.end {
            let from = basis("returned from missing", Moment::at(back));
            out.extend(cx.once(
                Item::ReturnInterview,
                from,
                cfg.return_interview,
                m.interview.map(|i| Moment::at(i.0)),
                None,
            ));
        }
    }
    // Escalation when episodes since the last escalation reach the count within the window.
    let mut starts: Vec<_> = rec.missing.iter().map(|m| m.start).collect();
    starts.sort();
    let oversight: Vec<NaiveDate> = rec.notes.iter().filter(|n| n.value.by.is_some()).map(|n| n.date).collect();
    let mut counted_from = 0;
    for i in 0..starts.len() {
        let s = starts[i];
        let in_window = starts[counted_from..=i]
            .iter()
            .filter(|e| cx.add(e.date(), cfg.missing_escalation_window).is_some_and(|w| w >= s.date()))
            .count();
        if in_window < cfg.missing_escalation_episodes as usize {
            continue;
        }
        counted_from = i + 1;
        let met = oversight.iter().copied().filter(|d| *d >= s.date()).min();
        let from = basis("missing episode reaching the escalation count", Moment::at(s));
        out.extend(cx.once(Item::MissingEscalation, from, cfg.missing_escalation, met.map(Moment::day), None));
    }
}

/// The pathway plan of the first period of care the child is in at or past the
/// starting age, then its reviews until the upper age.
fn pathway_plan(cx: &Cx, rec: &ChildRecord, out: &mut Vec<Deadline>) {
    let cfg = cx.cfg;
    let Some(dob) = rec.details.dob.filter(|d| plausible(*d)) else { return };
    let by = add_years(dob, cfg.pathway_plan_by_age);
    let from_age = add_years(dob, cfg.pathway_plan_from_age);
    let until = add_years(dob, cfg.pathway_plan_until_age);
    let mut plans = rec.pathway_plan_reviews.clone();
    plans.sort();
    let plan = rec.care.iter().find_map(|p| {
        let start = p.start.max(from_age);
        if p.end_date().is_some_and(|e| e <= start) || start >= until {
            return None;
        }
        let label =
            if p.start >= from_age { "became looked after" } else { "looked after at the pathway plan's starting age" };
        let met = plans.iter().copied().find(|d| *d >= p.start).map(Moment::day);
        let due = Moment::day(cx.cal.on_or_before(by.max(p.start)));
        cx.finish(Item::PathwayPlan, 1, basis(label, Moment::day(start)), due, met, p.end_date())
    });
    let Some(plan) = plan else { return };
    if let Some(made) = plan.met {
        // Asked for support to 25: reviews go on to then; asked after the upper age, they start
        // again from the request.
        let asked = rec.adviser_support_requested.iter().copied().min();
        let extended = add_years(dob, cfg.pathway_plan_extended_until_age);
        let stop = if asked.is_some_and(|a| a < until) { extended } else { until };
        let interval = |_, _| cfg.pathway_plan_review;
        let later = plans.iter().copied().filter(|d| *d > made.date).collect();
        let start = basis("pathway plan", made);
        let reviews = cx.series(Item::PathwayPlanReview, start, "previous review", later, Some(stop), interval);
        let counted = reviews.len() as u32;
        out.extend(reviews);
        if let Some(asked) = asked.filter(|a| *a >= until && *a < extended) {
            let later = plans.iter().copied().filter(|d| *d > asked).collect();
            let start = basis("asked for support to 25", Moment::day(asked));
            let again = cx.series(Item::PathwayPlanReview, start, "previous review", later, Some(extended), interval);
            out.extend(again.into_iter().map(|d| Deadline { occurrence: d.occurrence + counted, ..d }));
        }
    }
    out.push(plan);
}

/// A complaint's clocks (decision 008): each stage's response (the extended
/// limit once an extension is recorded; the longest one as `extended_due`),
/// and at stage 3 the panel, its report and the authority's response in turn.
/// A withdrawal stops them.
pub(super) fn complaint(c: &Complaint, cal: &Calendar, cfg: &TimescaleConfig, as_of: NaiveDate) -> Vec<Deadline> {
    let cx = Cx { cal, cfg, as_of };
    let end = c.withdrawn.as_ref().map(|(d, _)| *d);
    let day = |d: NaiveDate| Moment::day(d);
    let mut out = Vec::new();
    for s in &c.stages {
        let answered = s.responded.map(|(d, _)| day(d));
        let (item, base, longest, label) = match s.stage {
            1 => (Item::ComplaintStage1, cfg.complaint_stage1, cfg.complaint_stage1_extended, "complaint received"),
            2 => (Item::ComplaintStage2, cfg.complaint_stage2, cfg.complaint_stage2_extended, "stage 2 asked for"),
            _ => {
                let asked = basis("stage 3 asked for", day(s.from));
                let held = s.panel_held.map(|(d, _)| day(d));
                out.extend(cx.once(Item::ComplaintPanel, asked, cfg.complaint_panel, held, end));
                if let Some(held) = held {
                    let report = s.panel_reported.map(day);
                    let b = basis("review panel", held);
                    out.extend(cx.once(Item::ComplaintPanelReport, b, cfg.complaint_panel_report, report, end));
                    if let Some(report) = report {
                        let b = basis("panel's report", report);
                        out.extend(cx.once(Item::ComplaintResponse, b, cfg.complaint_response, answered, end));
                    }
                }
                continue;
            }
        };
        let from = basis(label, day(s.from));
        let limit = if s.extended.is_some() { longest } else { base };
        if let Some(mut d) = cx.once(item, from, limit, answered, end) {
            d.extended_due = cx.due(from.at, longest).map(|m| m.date);
            out.push(d);
        }
    }
    out.sort_by_key(|d| (d.due, d.item));
    out
}

/// The last day the complainant may ask for the next stage: the configured
/// window (20 working days) after the last response, where there is a next stage.
pub(super) fn escalation_window(c: &Complaint, cal: &Calendar, cfg: &TimescaleConfig) -> Option<NaiveDate> {
    let s = c.current()?;
    let (answered, _) = s.responded?;
    if s.stage >= c.kind.last_stage() || c.withdrawn.is_some() {
        return None;
    }
    Cx { cal, cfg, as_of: answered }.add(answered, cfg.complaint_escalation)
}

pub(super) fn peps(record: &ChildRecord, cal: &Calendar, cfg: &TimescaleConfig, as_of: NaiveDate) -> Vec<Deadline> {
    let mut out = Vec::new();
    virtual_school(&Cx { cal, cfg, as_of }, record, &mut out);
    out.sort_by_key(|d| (d.due, d.item, d.occurrence));
    out
}

/// Personal Education Plans, in each period of care of a child of three or more, to year 13 (a
/// PEP in year 14 or later is held only when the young person asks): the first PEP by the first
/// review; a PEP meeting in each school term from reception, due on the term's last day and met
/// only by a meeting in the term; below reception, one six months after the last.
fn virtual_school(cx: &Cx, rec: &ChildRecord, out: &mut Vec<Deadline>) {
    let Some(dob) = rec.details.dob else { return };
    let (cfg, edu) = (cx.cfg, &rec.education);
    let third = add_years(dob, 3);
    for p in rec.care.iter().filter(|p| p.start <= cx.as_of) {
        let end = p.end_date();
        let held: Vec<NaiveDate> =
            edu.peps.iter().map(|x| x.date).filter(|d| p.start <= *d && end.is_none_or(|e| *d <= e)).collect();
        let from = p.start.max(third);
        if end.is_some_and(|e| e <= from) || edu.year_group_on(dob, from) > 13 {
            continue;
        }
        let label = if from == p.start { "became looked after" } else { "third birthday while looked after" };
        let first = held.first().copied();
        out.extend(cx.once(Item::PepInitial, basis(label, Moment::day(from)), cfg.pep_initial, first.map(Moment::day), end));
        if let Some(first) = first.filter(|f| edu.year_group_on(dob, *f) < 0) {
            let y = crate::virtual_school::academic_year(first);
            let reception = (y..y + 6)
                .filter_map(|y| NaiveDate::from_ymd_opt(y, 9, 1))
                .find(|d| edu.year_group_on(dob, *d) >= 0);
            let stop = match (end, reception) {
                (Some(e), Some(r)) => Some(e.min(r)),
                (e, r) => e.or(r),
            };
            let later = held.iter().copied().filter(|d| *d > first).collect();
            let start = basis("first PEP", Moment::day(first));
            out.extend(cx.series(Item::PepEarlyYears, start, "previous PEP", later, stop, |_, _| cfg.pep_early_years));
        }
        let mut k = 0;
        for t in cfg.school_terms.terms().iter().filter(|t| t.end >= p.start && end.is_none_or(|e| t.start <= e)) {
            let ncy = edu.year_group_on(dob, t.start);
            let new_into_care = p.start > t.start && cx.add(p.start, cfg.pep_new_into_care).is_some_and(|d| d > t.end);
            if !(0..=13).contains(&ncy) || new_into_care {
                continue;
            }
            k += 1;
            let met = held.iter().copied().find(|d| t.contains(*d)).map(Moment::day);
            let from = basis("term started", Moment::day(t.start.max(p.start)));
            let Some(mut d) = cx.finish(Item::PepTermly, k, from, Moment::day(t.end), met, end) else { continue };
            // Only a meeting in the term meets its item: a term missed can never be met, so the
            // item ends with the term, kept for timeliness (late) and off the due list and trays.
            if d.met.is_none() && d.ended.is_none() && t.end < cx.as_of {
                d.ended = Some(t.end);
            }
            out.push(d);
        }
    }
}

fn beside(cx: &Cx, rec: &ChildRecord, out: &mut Vec<Deadline>) {
    let cfg = cx.cfg;
    for c in rec.complaints.iter().filter(|c| c.stage == 1) {
        let from = basis("complaint received", Moment::day(c.received));
        if let Some(mut d) =
            cx.once(Item::ComplaintStage1, from, cfg.complaint_stage1, c.answered.map(Moment::day), None)
        {
            d.extended_due = cx.due(from.at, cfg.complaint_stage1_extended).map(|m| m.date);
            out.push(d);
        }
    }
    for e in &rec.ehc {
        let from = basis("EHC needs assessment requested", Moment::day(e.start));
        out.extend(cx.once(Item::EhcPlan, from, cfg.ehc_plan, e.end.map(Moment::day), None));
    }
    for a in &rec.send_advice {
        let from = basis("request for social care advice", Moment::day(a.requested));
        out.extend(cx.once(Item::SendAdvice, from, cfg.send_advice, a.given.map(Moment::day), None));
    }
}
