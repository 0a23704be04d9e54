//! From a child's merged facts to the events of its journey, checked by the domain.

use crate::facts::*;
use carefile_domain::codes::*;
use carefile_domain::journey::*;
use carefile_domain::{ChildId, CollectionYear, ItemNo};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use std::collections::BTreeSet;

/// One event to write and the row it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced {
    pub origin: Origin,
    pub event: ChildEvent,
}

/// Events gathered with their date, an order among same-day events (see `rank`) and the CIN
/// episode (by its referral date) they belong to, if any.
#[derive(Default)]
struct Journey {
    events: Vec<(NaiveDate, u8, Option<NaiveDate>, Sourced)>,
    /// The episode whose events are being pushed.
    episode: Option<NaiveDate>,
}

impl Journey {
    fn push(&mut self, date: NaiveDate, rank: u8, origin: &Origin, event: ChildEvent) {
        self.events.push((date, rank, self.episode, Sourced { origin: origin.clone(), event }));
    }

    /// The events in recording order: by date, then rank; except that on a day when one CIN
    /// episode closes and the next is referred (rule 8820 allows it), the closing episode's
    /// events of that day come first.
    fn into_sorted(mut self, f: &ChildFacts) -> Vec<Sourced> {
        let handover: BTreeSet<(NaiveDate, NaiveDate)> = f
            .referrals
            .iter()
            .filter_map(|(start, r)| r.value.closed.map(|(d, _)| (d, *start)))
            .filter(|(closed, start)| closed != start && f.referrals.contains_key(closed))
            .collect();
        self.events.sort_by_key(|(d, rank, ep, _)| {
            let closing_today = ep.is_some_and(|e| handover.contains(&(*d, e)));
            (*d, !closing_today, *rank)
        });
        self.events.into_iter().map(|(_, _, _, s)| s).collect()
    }
}

// Same-day order: what a later event needs comes first (an ended CIN plan before the CP plan
// that replaces it, a conference before its plan, a care change before care ends, everything
// before the case closes). Events of one kind keep the order they were pushed in.
const REFERRAL: u8 = 10;
const WORK_STARTS: u8 = 20;
const WORK_ENDS: u8 = 25;
const PLAN_REVIEW: u8 = 30;
const PLAN_ENDS: u8 = 40;
const PLAN_STARTS: u8 = 50;
const CARE: u8 = 60;
const CARE_ENDS: u8 = 70;
const AFTER_CARE: u8 = 80;
const CLOSURE: u8 = 90;
const DEATH: u8 = 99;

/// A stable item number from a date: yyyymmdd and a digit for same-day items, so a fact
/// imported again (or from the next year's return) gets the same number.
fn item(d: NaiveDate, used: &mut BTreeSet<ItemNo>) -> ItemNo {
    let base = (d.year().max(0) as u32 * 10_000 + d.month() * 100 + d.day()) * 10;
    let mut n = base;
    while !used.insert(n) {
        n += 1;
    }
    n
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(0, 0, 0).unwrap_or_default()
}

/// The child's details from the facts (names are not in the returns).
pub fn details(f: &ChildFacts) -> ChildDetails {
    let v = |x: &Option<Fact<String>>| x.as_ref().map(|x| x.value.clone());
    ChildDetails {
        sex: f.sex.as_ref().map(|x| x.value),
        dob: f.dob.as_ref().map(|x| x.value),
        expected_dob: f.expected_dob.as_ref().map(|x| x.value).filter(|_| f.dob.is_none()),
        ethnicity: f.ethnicity.as_ref().map(|x| x.value),
        upn: v(&f.upn),
        former_upn: v(&f.former_upn),
        upn_unknown: f.upn_unknown.as_ref().map(|x| x.value).filter(|_| f.upn.is_none()),
        disabilities: f.disabilities.as_ref().map(|x| x.value.clone()).unwrap_or_default(),
        home_postcode: v(&f.home_postcode),
        ..Default::default()
    }
}

/// The child's journey in the order it is to be recorded, `Registered` first; or why the facts
/// cannot make one (the first event the domain refuses, with its source) and how many events
/// were refused with it. Facts left out of a good journey are added to `notes`.
/// `stored` is the child's record already in the database, if any: its facts count as history
/// here, and the journey is then checked against it when new facts are appended (not alone).
pub fn journey(
    id: &ChildId,
    f: &ChildFacts,
    stored: Option<&ChildRecord>,
    notes: &mut Vec<(Origin, String)>,
) -> Result<Vec<Sourced>, (String, usize)> {
    let first = f.first_seen.clone().ok_or(("the child has no rows".to_string(), 0))?;
    let mut j = Journey::default();
    if let Some(d) = &f.died {
        j.push(d.value, DEATH, &d.origin, ChildEvent::Died { date: d.value });
    }
    for (dob, o) in &f.mother_of {
        j.push(*dob, AFTER_CARE, o, ChildEvent::BecameMother { child_dob: *dob });
    }
    let first_care = care(&mut j, f).map_err(|e| (e, 0))?;
    let cared = first_care.is_some() || stored.is_some_and(|r| !r.care.is_empty());
    let died = f.died.is_some() || stored.is_some_and(|r| r.died.is_some());
    after_care(&mut j, f, first_care, cared, died, notes);
    for (date, r) in &f.referrals {
        referral(&mut j, *date, r);
    }
    let mut out = vec![Sourced { origin: first, event: ChildEvent::Registered { details: details(f) } }];
    out.extend(j.into_sorted(f));
    if stored.is_none() {
        check(id, &out).map_err(|e| (e, out.len()))?;
    }
    Ok(out)
}

/// Replays `events` through the domain's invariants.
pub fn check(id: &ChildId, events: &[Sourced]) -> Result<ChildRecord, String> {
    let mut it = events.iter();
    let first = it.next().ok_or("no events")?;
    let mut rec = ChildRecord::register(id.clone(), &first.event).map_err(|e| format!("{}: {e}", first.origin))?;
    for s in it {
        rec.apply(&s.event).map_err(|e| format!("{}: {}", s.origin, e.message))?;
    }
    Ok(rec)
}

/// The episode's placement. Returns do not name carers, but RNE says whether the carer changed
/// (T, U) or not (P, B, L): the `carer`-th carer of the period is kept as an anonymous label, so
/// the record knows a move to the same carers (a child adopted by its foster carers) from a new one.
fn placement(e: &Episode, carer: u32) -> Placement {
    Placement {
        kind: e.place,
        provider: e.provider,
        postcode: e.pl_post.clone(),
        urn: e.urn.clone(),
        carer: Some(format!("imported carer {carer}")),
        household: None,
    }
}

/// Periods of care from the episodes; returns the first day of care known.
fn care(j: &mut Journey, f: &ChildFacts) -> Result<Option<NaiveDate>, String> {
    let mut open: Option<(NaiveDate, &Fact<Episode>)> = None;
    let mut first = None;
    let (mut carer, mut carers) = (0, 0);
    // The last placement that was not temporary, with its carer's label.
    let mut settled: Option<(u32, &Episode)> = None;
    let same_place = |a: &Episode, b: &Episode| {
        (a.place, a.provider, &a.pl_post, &a.urn) == (b.place, b.provider, &b.pl_post, &b.urn)
    };
    for (decom, ep) in &f.episodes {
        let e = &ep.value;
        let o = &ep.origin;
        match open {
            // The previous episode ended by a change (X1) on this day: this is the change.
            Some((_, prev)) if prev.value.end.is_some_and(|(d, r)| d == *decom && r == ReasonEpisodeCeased::X1) => {
                let p = &prev.value;
                let moved = e.place != p.place
                    || e.provider != p.provider
                    || e.pl_post != p.pl_post
                    || matches!(
                        e.rne,
                        ReasonNewEpisode::PlacementOnly
                            | ReasonNewEpisode::PlacementAndCarer
                            | ReasonNewEpisode::LegalStatusAndPlacement
                            | ReasonNewEpisode::LegalStatusPlacementAndCarer
                    );
                // Blank for temporary placements in the return; the record needs one.
                let reason = p.place_change.unwrap_or(ReasonPlaceChange::Other);
                if matches!(e.rne, ReasonNewEpisode::PlacementAndCarer | ReasonNewEpisode::LegalStatusPlacementAndCarer)
                {
                    carer = match settled {
                        // Back from a temporary placement (holiday, hospital) to the one before it.
                        Some((n, before)) if p.place.is_temporary() && same_place(before, e) => n,
                        _ => carers + 1,
                    };
                    carers = carers.max(carer);
                }
                let event = match (e.ls != p.ls, moved) {
                    (true, true) => ChildEvent::LegalStatusAndPlacementChanged {
                        date: *decom,
                        legal_status: e.ls,
                        placement: placement(e, carer),
                        reason,
                    },
                    (true, false) => ChildEvent::LegalStatusChanged { date: *decom, legal_status: e.ls },
                    _ => ChildEvent::PlacementChanged { date: *decom, placement: placement(e, carer), reason },
                };
                j.push(*decom, CARE, o, event);
            }
            Some((prev_decom, prev)) if prev.value.end.is_none_or(|(_, r)| r == ReasonEpisodeCeased::X1) => {
                return Err(format!(
                    "{}: the episode from {prev_decom} {} but no episode starts {}",
                    prev.origin,
                    match prev.value.end {
                        Some((d, _)) => format!("ends on {d} by a change (X1)"),
                        None => "is still open".into(),
                    },
                    match prev.value.end {
                        Some((d, _)) => format!("on {d}"),
                        None => format!("before the next one on {decom} (in {o})"),
                    }
                ));
            }
            _ => {
                // A new period of care. When its first episode is not a start (RNE S), the period
                // began before the returns given: it is recorded from the first episode they show.
                (carer, carers) = (1, 1);
                let previous_permanence = f
                    .prev_perm
                    .get(&CollectionYear::containing(*decom).end())
                    .filter(|_| e.rne == ReasonNewEpisode::Started)
                    .map(|p| p.value.clone());
                j.push(
                    *decom,
                    CARE,
                    o,
                    ChildEvent::CareStarted {
                        date: *decom,
                        legal_status: e.ls,
                        need: e.need,
                        placement: placement(e, carer),
                        previous_permanence,
                    },
                );
                first = first.or(Some(*decom));
            }
        }
        if let Some((d, r)) = e.end.filter(|(_, r)| *r != ReasonEpisodeCeased::X1) {
            j.push(d, CARE_ENDS, o, ChildEvent::CareEnded { date: d, reason: r });
        }
        if !e.place.is_temporary() {
            settled = Some((carer, e));
        }
        open = Some((*decom, ep));
    }
    if let Some((decom, prev)) = open
        && prev.value.end.is_some_and(|(_, r)| r == ReasonEpisodeCeased::X1)
    {
        return Err(format!(
            "{}: the episode from {decom} ends by a change (X1) but no episode follows it",
            prev.origin
        ));
    }
    Ok(first)
}

/// Reviews, UASC, adoption, missing, DoLOs and care leavers' circumstances.
fn after_care(
    j: &mut Journey,
    f: &ChildFacts,
    first_care: Option<NaiveDate>,
    cared: bool,
    died: bool,
    notes: &mut Vec<(Origin, String)>,
) {
    for (d, r) in &f.reviews {
        j.push(*d, CARE_ENDS + 1, &r.origin, ChildEvent::LacReviewHeld { date: *d, participation: r.value });
    }
    // The returns carry only when UASC status ceased: it is recorded from the first day of care.
    if let (Some(u), Some(start)) = (&f.uasc, first_care) {
        j.push(start, CARE + 1, &u.origin, ChildEvent::UascStarted { date: start });
        // A DUC after the return's period is the 18th birthday still to come, not an end.
        if let Some(duc) = u.value.filter(|duc| *duc <= u.origin.period_end) {
            j.push(duc.max(start), CARE_ENDS, &u.origin, ChildEvent::UascEnded { date: duc.max(start) });
        }
    }
    for (d, a) in &f.adoptions {
        j.push(*d, AFTER_CARE, &a.origin, ChildEvent::AdoptionDecision { date: *d });
        if let Some((m, adopters)) = a.value.matched {
            j.push(m, AFTER_CARE + 1, &a.origin, ChildEvent::MatchedWithAdopters { date: m, adopters, household: None, agency: None, panel: None });
        }
        if let Some((c, reason)) = a.value.ceased {
            j.push(c, AFTER_CARE + 2, &a.origin, ChildEvent::AdoptionDecisionReversed { date: c, reason });
        }
    }
    let mut used = BTreeSet::new();
    for (d, m) in &f.missing {
        let episode = item(*d, &mut used);
        j.push(
            *d,
            AFTER_CARE + 3,
            &m.origin,
            ChildEvent::MissingStarted { episode, at: midnight(*d), kind: m.value.kind },
        );
        if let Some(e) = m.value.end {
            j.push(e, AFTER_CARE + 3, &m.origin, ChildEvent::MissingEnded { episode, at: midnight(e) });
        }
    }
    for (d, x) in &f.dolos {
        j.push(*d, AFTER_CARE + 4, &x.origin, ChildEvent::DoloStarted { date: *d });
        if let Some(e) = x.value {
            j.push(e, AFTER_CARE + 4, &x.origin, ChildEvent::DoloEnded { date: e });
        }
    }
    for (d, h) in &f.health {
        // Reported for the year ending on `d`: recorded on that day, as the return states it.
        j.push(*d, AFTER_CARE + 6, &h.origin, ChildEvent::HealthOutcomesRecorded { date: *d, outcomes: h.value });
    }
    for (d, l) in &f.leaver {
        if !cared {
            // The record holds a care leaver's contact only after a period of care.
            notes.push((
                l.origin.clone(),
                "the care leaver's circumstances are not recorded: the care they left is before the returns given"
                    .into(),
            ));
            continue;
        }
        let v = &l.value;
        if v.in_touch == InTouch::Died && !died {
            // The return gives no date of death: it is recorded on the birthday the row is
            // about, the day by which the young person is known to have died.
            j.push(*d, DEATH, &l.origin, ChildEvent::Died { date: *d });
        }
        j.push(
            *d,
            AFTER_CARE + 5,
            &l.origin,
            ChildEvent::CareLeaverContact {
                date: *d,
                in_touch: v.in_touch,
                activity: v.activity,
                accommodation: v.accommodation,
            },
        );
    }
}

/// The census cannot say what an assessment led to: it is read from what followed it in the
/// episode (an S47 or a CIN plan starting after it), else no further action when no factor was
/// found or the case closed with nothing after, else the existing plan continued.
fn outcome(r: &ReferralFact, start: NaiveDate, a: &AssessmentFact) -> AssessmentOutcome {
    if r.s47s.range(start..).next().is_some() {
        AssessmentOutcome::StrategyDiscussion
    } else if r.cin_plans.range(start..).next().is_some() {
        AssessmentOutcome::ChildInNeedPlan
    } else if a.factors == [AssessmentFactor::F21] || r.closed.is_some() {
        AssessmentOutcome::NoFurtherAction
    } else {
        AssessmentOutcome::ContinueExistingPlan
    }
}

fn referral(j: &mut Journey, date: NaiveDate, rf: &Fact<ReferralFact>) {
    j.episode = Some(date);
    episode(j, date, rf);
    j.episode = None;
}

fn episode(j: &mut Journey, date: NaiveDate, rf: &Fact<ReferralFact>) {
    let r = &rf.value;
    let o = &rf.origin;
    let mut used = BTreeSet::new();
    let no = item(date, &mut used);
    j.push(
        date,
        REFERRAL,
        o,
        ChildEvent::ReferralReceived {
            referral: no,
            at: midnight(date),
            source: r.source,
            contact: None,
            exploitation: vec![],
        },
    );
    if let Some(n) = &r.need {
        j.push(date, REFERRAL, &n.origin, ChildEvent::PrimaryNeedRecorded { referral: no, need: n.value });
    }
    if r.nfa {
        j.push(
            date,
            REFERRAL,
            o,
            ChildEvent::ReferralDecided { referral: no, at: midnight(date), next: ReferralNext::NoFurtherAction },
        );
    }
    let mut used = BTreeSet::new();
    for (start, a) in &r.assessments {
        let assessment = item(*start, &mut used);
        j.push(
            *start,
            WORK_STARTS,
            &a.origin,
            ChildEvent::AssessmentStarted { referral: no, assessment, date: *start },
        );
        if let Some(auth) = a.value.authorised {
            j.push(
                auth,
                WORK_ENDS,
                &a.origin,
                ChildEvent::AssessmentAuthorised {
                    assessment,
                    date: auth,
                    completed: a.value.completed,
                    factors: a.value.factors.clone(),
                    outcome: outcome(r, *start, &a.value),
                },
            );
        }
    }
    // Conferences: those of the S47s and those reported on the episode.
    let mut conferences: Vec<(NaiveDate, Option<ItemNo>, Origin)> = Vec::new();
    let mut used = BTreeSet::new();
    for (start, s) in &r.s47s {
        let s47 = item(*start, &mut used);
        // S47ActualStartDate is the date of the strategy discussion that started the enquiry
        // (the census guide; Annex A reads it so): recorded as that discussion, which the
        // domain requires before an S47.
        j.push(
            *start,
            WORK_STARTS,
            &s.origin,
            ChildEvent::StrategyDiscussionHeld { referral: no, discussion: s47, at: midnight(*start), s47: true },
        );
        j.push(
            *start,
            WORK_STARTS,
            &s.origin,
            ChildEvent::S47Started { referral: no, s47, date: *start, discussion: Some(s47) },
        );
        if let Some(icpc) = s.value.icpc {
            conferences.push((icpc, Some(s47), s.origin.clone()));
        } else if s.value.icpc_not_required {
            // The census has no date for this conclusion: it is recorded on the last day the
            // censuses show the enquiry open (its start, or the first day of the last census listing it).
            let on = s.value.listed_from.max(*start);
            j.push(on, WORK_ENDS, &s.origin, ChildEvent::S47Concluded { s47, date: on, icpc_required: false });
        }
    }
    conferences.extend(r.icpcs.iter().map(|(d, o)| (*d, None, o.clone())));
    conferences.sort_by_key(|c| c.0);
    // Each plan takes the latest unused conference on or before its start; a plan with none
    // began outside these returns and is recorded as transferred in.
    let mut planned = vec![false; conferences.len()];
    let mut transfer = Vec::new();
    let mut previous_start = None;
    for start in r.cpps.keys() {
        let found = (0..conferences.len()).rev().find(|&i| {
            !planned[i] && conferences[i].0 <= *start && previous_start.is_none_or(|p| conferences[i].0 > p)
        });
        match found {
            Some(i) => planned[i] = true,
            None => transfer.push(*start),
        }
        previous_start = Some(*start);
    }
    for ((d, s47, origin), plan) in conferences.into_iter().zip(planned) {
        j.push(d, WORK_ENDS, &origin, ChildEvent::IcpcHeld { referral: no, s47, date: d, plan });
    }
    let mut used = BTreeSet::new();
    for (start, p) in &r.cin_plans {
        let plan = item(*start, &mut used);
        j.push(*start, PLAN_STARTS, &p.origin, ChildEvent::CinPlanStarted { referral: no, plan, date: *start });
        if let Some(end) = p.value {
            j.push(end, PLAN_ENDS, &p.origin, ChildEvent::CinPlanEnded { plan, date: end });
        }
    }
    let mut used = BTreeSet::new();
    for (start, p) in &r.cpps {
        let v = &p.value;
        let plan = item(*start, &mut used);
        j.push(
            *start,
            PLAN_STARTS,
            &p.origin,
            ChildEvent::CpPlanStarted {
                referral: no,
                plan,
                date: *start,
                category: v.initial,
                transfer_in: transfer.contains(start),
                previous_plans: v.previous,
            },
        );
        for (review, o) in &v.reviews {
            j.push(*review, PLAN_REVIEW, o, ChildEvent::CpReviewHeld { plan, date: *review });
        }
        if v.latest.value != v.initial {
            // The census does not date the change: it is recorded on the last day the latest
            // category is known (the plan's end, or the end of that census's period).
            let on = v.end.unwrap_or(v.latest.origin.period_end).max(*start);
            j.push(
                on,
                PLAN_REVIEW,
                &v.latest.origin,
                ChildEvent::CpCategoryChanged { plan, date: on, category: v.latest.value },
            );
        }
        if let Some(end) = v.end {
            j.push(end, PLAN_ENDS, &p.origin, ChildEvent::CpPlanEnded { plan, date: end });
        }
    }
    if let Some((d, reason)) = r.closed {
        j.push(d, CLOSURE, o, ChildEvent::CaseClosed { referral: no, date: d, reason });
    }
}
