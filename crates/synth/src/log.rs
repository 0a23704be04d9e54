//! From a child's simulated events to the log as it would have been recorded:
//! in date order, contacts numbered in the order they came, new workers
//! allocated when a worker leaves, each event stamped with who recorded it and
//! when, and anything not yet recorded by the end of `as_of` left out.

use crate::child::{Ctx, Ev, Who};
use crate::org::Post;
use crate::time::{self, Delay, Rand};
use carefile_domain::codes::SocialWorkerChangeReason;
use carefile_domain::journey::{ChildEvent, ReviewerRole};
use carefile_domain::{ItemNo, Recorded};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Who holds the case while the log is walked.
struct Holding {
    alloc: Option<(u32, usize)>,
    /// A referral is open, or the child is a care leaver with an adviser.
    active: bool,
    /// Looked after: never left without a worker.
    in_care: bool,
}

pub(crate) fn finish(ctx: &Ctx, rng: &mut ChaCha8Rng, mut evs: Vec<Ev>) -> Vec<(Recorded, ChildEvent)> {
    if evs.is_empty() {
        return vec![];
    }
    // Registration first, then everything in date order (same-day events keep the
    // order in which the simulation produced them: cause before effect).
    let registration = evs.remove(0);
    evs.sort_by_key(|e| e.date);
    renumber_contacts(&mut evs);

    let end_of_day = ctx.as_of.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("valid time"));
    let mut out = Vec::with_capacity(evs.len() + 8);
    let mut last: Option<NaiveDateTime> = None;
    let first = evs.first().map_or(registration.date.and_time(NaiveTime::MIN), happened_at);
    let at = time::stamp_at(rng, first - Duration::minutes(10), &mut last, Delay::Prompt);
    if at.naive_utc() > end_of_day {
        return vec![];
    }
    let fr = ctx.roster.first_response;
    let by = ctx.roster.worker(ctx.roster.pick(fr, Post::Caseholder, registration.date, rng)).id.to_string();
    out.push((Recorded::new(at, by, None), registration.event));

    // The date of the next allocation from each event on.
    let mut next_allocation = vec![None; evs.len()];
    for i in (0..evs.len()).rev() {
        next_allocation[i] = match evs[i].event {
            ChildEvent::WorkerAllocated { date, .. } => Some(date),
            _ => next_allocation.get(i + 1).copied().flatten(),
        };
    }
    let mut hold = Holding { alloc: None, active: false, in_care: false };
    for (ev, next) in evs.into_iter().zip(next_allocation) {
        let mut batch = Vec::with_capacity(2);
        if !matches!(ev.event, ChildEvent::WorkerAllocated { .. }) {
            reallocate_if_left(ctx, rng, &mut hold, ev.date, next, &mut batch);
        }
        match &ev.event {
            ChildEvent::CareStarted { .. } => hold.in_care = true,
            ChildEvent::CareEnded { .. } => hold.in_care = false,
            ChildEvent::ReferralReceived { .. } => hold.active = true,
            ChildEvent::CaseClosed { .. } => hold.active = hold.alloc.is_some_and(|(_, t)| t == ctx.roster.leavers),
            _ => {}
        }
        if let Some(a) = ev.alloc {
            hold.alloc = Some(a);
            hold.active |= a.1 == ctx.roster.leavers;
        }
        batch.push(ev);
        for ev in batch {
            let by = who(ctx, rng, &hold, &ev);
            let delay = match ev.who {
                Who::FrontDoor | Who::FrontDoorManager => Delay::Prompt,
                _ => Delay::Casework,
            };
            let at = match ev.time {
                Some(t) => time::stamp_at(rng, ev.date.and_time(t), &mut last, delay),
                // Casework done on a weekend or bank holiday is written up on the next working day.
                None if !ctx.cal.is_working_day(ev.date) => {
                    time::stamp(rng, ctx.cal.add_working_days(ev.date, 1), &mut last, delay)
                }
                None => time::stamp(rng, ev.date, &mut last, delay),
            };
            if at.naive_utc() > end_of_day {
                // Not yet recorded on `as_of`: nor is anything after it.
                return out;
            }
            out.push((Recorded::new(at, by, None), ev.event));
        }
    }
    out
}

/// Assigns a conference chair when a child protection plan starts and a
/// reviewing officer when care starts, each recorded with the event that
/// needs them. Chosen from the reviewing team's staff in post by the child's
/// number and the date, not by the random stream, so every other generated
/// fact is the same as without reviewers.
pub(crate) fn assign_reviewers(ctx: &Ctx, child: usize, events: &mut Vec<(Recorded, ChildEvent)>) {
    let r = &ctx.roster;
    let reviewer = |d: NaiveDate| {
        let staff: Vec<u32> = r.teams[r.reviewing]
            .posts
            .iter()
            .filter_map(|post| post.iter().copied().find(|&s| r.worker(s).in_post(d)))
            .collect();
        let pick = (child + d.num_days_from_ce() as usize) % staff.len().max(1);
        staff.get(pick).map(|&s| r.worker(s).id.clone())
    };
    let mut i = 0;
    while i < events.len() {
        let assignment = match &events[i].1 {
            ChildEvent::CpPlanStarted { date, .. } => Some((*date, ReviewerRole::ConferenceChair)),
            ChildEvent::CareStarted { date, .. } => Some((*date, ReviewerRole::ReviewingOfficer)),
            _ => None,
        };
        if let Some((date, role)) = assignment
            && let Some(worker) = reviewer(date)
        {
            let recorded = events[i].0.clone();
            events.insert(i + 1, (recorded, ChildEvent::ReviewerAssigned { date, worker, role }));
            i += 1;
        }
        i += 1;
    }
}

fn happened_at(ev: &Ev) -> NaiveDateTime {
    ev.date.and_time(ev.time.unwrap_or(NaiveTime::from_hms_opt(9, 0, 0).expect("valid time")))
}

/// Contacts numbered 1, 2, 3… in the order they were received.
fn renumber_contacts(evs: &mut [Ev]) {
    let mut map: Vec<(ItemNo, ItemNo)> = Vec::new();
    let new_no = |old: ItemNo, map: &mut Vec<(ItemNo, ItemNo)>| -> ItemNo {
        if let Some((_, n)) = map.iter().find(|(o, _)| *o == old) {
            return *n;
        }
        let n = map.len() as ItemNo + 1;
        map.push((old, n));
        n
    };
    for ev in evs.iter_mut() {
        match &mut ev.event {
            ChildEvent::ContactReceived { contact, .. } | ChildEvent::ContactDecided { contact, .. } => {
                *contact = new_no(*contact, &mut map)
            }
            ChildEvent::ReferralReceived { contact: Some(c), .. } => *c = new_no(*c, &mut map),
            _ => {}
        }
    }
}

/// When the allocated worker has left by `d`, the case passes to a colleague
/// in the same team (now and then, for a child not looked after, after a spell
/// unallocated of a week at most: the DfE expects a child's social workers to
/// follow one another within 7 days), unless the case is allocated again within
/// days anyway (`next`): nobody holds a case for a day or two.
fn reallocate_if_left(
    ctx: &Ctx,
    rng: &mut ChaCha8Rng,
    hold: &mut Holding,
    d: NaiveDate,
    next: Option<NaiveDate>,
    batch: &mut Vec<Ev>,
) {
    let r = &ctx.roster;
    for _ in 0..4 {
        let Some((w, team)) = hold.alloc else { return };
        let Some(left) = r.worker(w).left.filter(|l| hold.active && *l <= d) else {
            return;
        };
        if next.is_some_and(|n| n < left + Duration::days(3)) {
            return;
        }
        let mut from = left;
        if !hold.in_care && rng.chance(0.08) {
            batch.push(Ev {
                date: left,
                time: None,
                who: Who::Manager,
                event: ChildEvent::WorkerDeallocated { date: left },
                alloc: None,
            });
            from = left + Duration::days(rng.gen_range(2..=7));
        }
        let from = from.min(d);
        let nw = r.pick(team, Post::Caseholder, from, rng);
        let event = ChildEvent::WorkerAllocated {
            date: from,
            worker: r.worker(nw).id.clone(),
            team: r.teams[team].id.clone(),
            reason: Some(SocialWorkerChangeReason::Leftrl),
        };
        batch.push(Ev { date: from, time: None, who: Who::Manager, event, alloc: Some((nw, team)) });
        hold.alloc = Some((nw, team));
    }
}

/// The member of staff who recorded `ev`.
fn who(ctx: &Ctx, rng: &mut ChaCha8Rng, hold: &Holding, ev: &Ev) -> String {
    let r = &ctx.roster;
    if let ChildEvent::ManagementOversight { by, .. } = &ev.event {
        return by.to_string();
    }
    let team = hold.alloc.map_or(r.first_response, |(_, t)| t);
    let i = match ev.who {
        Who::FrontDoor => r.pick(r.first_response, Post::Caseholder, ev.date, rng),
        Who::FrontDoorManager => r.pick(r.first_response, Post::Manager, ev.date, rng),
        Who::Allocated => match hold.alloc {
            Some((w, _)) if r.worker(w).in_post(ev.date) => w,
            _ => r.pick(team, Post::Caseholder, ev.date, rng),
        },
        Who::Manager => r.pick(team, Post::Manager, ev.date, rng),
        Who::Reviewer => r.pick(r.reviewing, Post::Caseholder, ev.date, rng),
        Who::EarlyHelp => r.pick(r.early_help, Post::Caseholder, ev.date, rng),
    };
    r.worker(i).id.to_string()
}
