//! Child protection plans: how many, repeat plans, long plans, review timeliness.
//!
//! "Lasting 2 years or more" means ended, or still open on the period's last
//! day, on or after the second anniversary of the start (service.md §4), so a
//! plan of exactly two years counts. Reviews and initial conferences follow the
//! authority's timescales (`config/timescales.toml` in the domain; defaults,
//! [guidance]: the first review within 3 months of the plan's start, then at
//! most 6 months apart, each due date moved back to a working day; the
//! conference within 15 working days of the strategy discussion).

use super::*;
use crate::model::{Basis, Outcome, Polarity};
use carefile_domain::calendar::add_years;
use carefile_domain::journey::CpPlan;

fn plans<'a>(c: &'a Child) -> impl Iterator<Item = &'a CpPlan> + 'a {
    c.rec.referrals.iter().flat_map(|r| &r.cp_plans)
}

fn open_plan<'a>(c: &'a Child, d: NaiveDate) -> Option<&'a CpPlan> {
    plans(c).find(|p| p.start <= d && p.end.is_none_or(|e| e > d))
}

fn plan_breaks(c: &Child, out: &mut Vec<NaiveDate>) {
    for p in plans(c) {
        out.push(p.start);
        out.extend(p.end);
        out.push(add_years(p.start, 2));
        out.extend(late_from(c, p));
    }
}

const fn on_plan(id: &'static str, name: &'static str, definition: &'static str, at: AtFn) -> Indicator {
    let mut i = snapshot(id, name, definition, (at, plan_breaks, "on a CP plan"), &[Source::CpPlans]);
    i.def.outcome = Outcome::ProtectedFromHarm;
    i.def.cohort = "children on a CP plan on the period's last day";
    i
}

pub(crate) const CP_PLANS: Indicator = based(
    on_plan(
        "cp_plans",
        "Children on child protection plans",
        "Children on a child protection plan on the period's last day (plan started on or before it, not ended by it).",
        |c, d| open_plan(c, d).map(|_| ONE),
    ),
    Basis::Dfe("Children in need, D1: children on a child protection plan at 31 March"),
);

pub(crate) const CP_RATE: Indicator = based(
    rate(
        CP_PLANS,
        "cp_rate_per_10k",
        "Children on CP plans per 10,000 children",
        "Children on a child protection plan on the period's last day per 10,000 children under 18.",
    ),
    Basis::Dfe("Children in need, D1: children on a child protection plan per 10,000 children"),
);

pub(crate) const CP_TWO_YEARS_OPEN: Indicator = based(
    {
        let mut i = on_plan(
            "cp_two_years_open",
            "% of CP plans open at the period's end lasting 2 years or more",
            "Plans open on the period's last day that have reached their second anniversary (a plan of exactly \
         two years counts), as a share of all plans open that day.",
            |c, d| open_plan(c, d).map(|p| ratio(d >= add_years(p.start, 2))),
        );
        i = share(
            i,
            Outcome::ProtectedFromHarm,
            Polarity::LowGood,
            "plans open on the period's last day, on or after their second anniversary",
            "plans open on the period's last day",
        );
        i.def.source = Some("seed 001_def840bf2424c9c7.txt lines 10354–10355");
        i
    },
    Basis::Dfe("Children in need, D5: plans at 31 March that had lasted 2 years or more"),
);

/// The first day on which the plan's reviews are out of time: the day after
/// the first due date with no review by then. `None` if every review was on time
/// and the plan ended before the next was due.
fn late_from(c: &Child, p: &CpPlan) -> Option<NaiveDate> {
    let mut reviews = p.reviews.clone();
    reviews.sort_unstable();
    let mut due = c.due(p.start, c.ts.cp_first_review);
    for r in reviews {
        if r > due {
            break;
        }
        due = c.due(r, c.ts.cp_later_reviews);
    }
    let late = due.succ_opt()?;
    p.end.is_none_or(|e| late < e).then_some(late)
}

pub(crate) const CP_REVIEWED_IN_TIMESCALE: Indicator = based(
    {
        let mut i = on_plan(
            "cp_reviewed_in_timescale",
            "% child protection cases reviewed within timescales",
            "Children on a CP plan on the period's last day whose review conferences have all been on time so far \
         (the first within 3 months of the plan's start, each later one within 6 months of the previous).",
            |c, d| open_plan(c, d).map(|p| ratio(late_from(c, p).is_none_or(|l| d < l))),
        );
        i = share(
            i,
            Outcome::ProtectedFromHarm,
            Polarity::HighGood,
            "children on a plan whose reviews have all been within timescale",
            "children on a CP plan on the period's last day",
        );
        i.def.source = Some("seed 001_def840bf2424c9c7.txt lines 10342–10343");
        // Whether the reviews were on time reads each plan's reviews since it started.
        i.history = Lookback::Ever;
        i
    },
    Basis::Local("the committee dashboard's CP cases reviewed within timescales"),
);

pub(crate) const CP_SECOND_TIME: Indicator = based(
    {
        let mut i = flow(
            "cp_second_time",
            "% of children becoming subject to a CP plan for a second or subsequent time",
            "Plans that started in the period where the child had an earlier plan (at any time before, here or \
         in another authority: the record's plans, or the number of previous plans reported with the plan).",
            |c, out| {
                for p in plans(c) {
                    let again = p.previous_plans.is_some_and(|n| n > 0) || plans(c).any(|q| q.start < p.start);
                    out.push(event(
                        p.start,
                        u32::from(again),
                        1,
                        if again { "CP plan started (again)" } else { "first CP plan started" },
                    ));
                }
            },
            &[Source::CpPlans],
        );
        i = share(
            i,
            Outcome::ProtectedFromHarm,
            Polarity::LowGood,
            "plans started in the period where the child had a previous plan",
            "plans started in the period",
        );
        i.def.cohort = "CP plans started in the period";
        i.def.source = Some("seed 001_def840bf2424c9c7.txt lines 10345–10346");
        i
    },
    Basis::Dfe("Children in need, D3: plans starting in the year that were a second or subsequent plan"),
);

pub(crate) const CP_TWO_YEARS_CEASED: Indicator = based(
    {
        let mut i = flow(
            "cp_two_years_ceased",
            "% of CP plans ended in the period that lasted 2 years or more",
            "Plans that ended in the period on or after their second anniversary (the DfE's measure), as a share \
         of all plans ended in the period.",
            |c, out| {
                for p in plans(c) {
                    if let Some(e) = p.end {
                        let long = e >= add_years(p.start, 2);
                        out.push(event(
                            e,
                            u32::from(long),
                            1,
                            if long { "CP plan ended after 2 years or more" } else { "CP plan ended" },
                        ));
                    }
                }
            },
            &[Source::CpPlans],
        );
        i = share(
            i,
            Outcome::ProtectedFromHarm,
            Polarity::LowGood,
            "plans ended in the period on or after their second anniversary",
            "plans ended in the period",
        );
        i.def.cohort = "CP plans ended in the period";
        i
    },
    Basis::Dfe("Children in need, D7: plans ending in the year that had lasted 2 years or more"),
);

/// Each initial conference held after a section 47 enquiry that a strategy
/// discussion started, in the numerator when it was held within 15 working days
/// of the discussion (the discussion's day is day 0).
fn icpc_timeliness(c: &Child, out: &mut Vec<Event>) {
    for r in &c.rec.referrals {
        for icpc in &r.icpcs {
            let s47 = icpc.s47.and_then(|no| r.s47s.iter().find(|s| s.no == no));
            let discussion = s47.and_then(|s| s.discussion).and_then(|no| r.discussions.iter().find(|d| d.no == no));
            if let Some(d) = discussion {
                let ok = icpc.date <= c.due(d.at.date(), c.ts.icpc);
                out.push(event(icpc.date, u32::from(ok), 1, if ok { "conference in time" } else { "conference late" }));
            }
        }
    }
}

pub(crate) const ICPC_WITHIN_15_WD: Indicator = based(
    {
        let mut i = flow(
            "icpc_within_15_wd",
            "% of initial child protection conferences within 15 working days of the strategy discussion",
            "Initial child protection conferences held in the period, after a section 47 enquiry started by a strategy \
         discussion, that were held within 15 working days of that discussion.",
            icpc_timeliness,
            // The discussions that started an S47, which a census carries (on the S47's start).
            &[Source::Icpcs, Source::S47s],
        );
        i = share(
            i,
            Outcome::ProtectedFromHarm,
            Polarity::HighGood,
            "conferences held within 15 working days of the strategy discussion",
            "conferences held in the period after a strategy discussion and S47",
        );
        i.def.cohort = "initial conferences held in the period";
        i
    },
    Basis::Dfe("Children in need, C4: initial conferences within 15 working days of the strategy discussion"),
);
