//! A deterministic synthetic authority for demos, tests and benchmarks: the
//! seed county (Leicestershire) with its teams and staff, and children whose
//! journeys run over years of history up to `as_of`, calibrated so that the
//! headline figures ([`carefile_domain::stats::Stats`]) look like the county's.
//!
//! Everything follows from the seed: each child has its own random stream
//! derived from it, so children are generated independently (in parallel) and
//! the same options always give the same authority, to the recorded timestamp.
//!
//! Each child is simulated forward from their first contact (`child`): the
//! front door, referrals, assessments, strategy discussions and S47 enquiries,
//! conferences, CP and CIN plans, pre-proceedings and proceedings, periods of
//! care with their placements, reviews, health checks and missing episodes
//! (`care`), adoption, and leaving care. The log is then put in date order and
//! stamped as it would have been recorded (`log`): who wrote each event and
//! when, mostly the same day, some days or weeks late, with new workers
//! allocated when a worker leaves. Every log is accepted by
//! [`carefile_domain::ChildRecord`]'s invariants, and nothing is dated or
//! recorded after `as_of`: whatever is open then stays open.
//!
//! The simulation starts 18 years before the history proper (`BURN_IN_YEARS`)
//! and keeps only the children with something recorded in the history, as a
//! system migrated on its first day would hold them: the history starts in a
//! steady state, with children long in care and care leavers already known.
//!
//! Calibration at county scale, against `Stats::compute` on 2026-03-31 (the
//! seed papers' figures; typical over seeds): contacts ≈ 22,000 in the rolling
//! year, referrals ≈ 5,600 (25%; about 21% within 12 months of a previous
//! referral), assessments completed ≈ 5,400 (about 86% within 45 working days),
//! S47s ≈ 1,670, ICPCs ≈ 830 (about 80% within 15 working days of the strategy
//! discussion), children on CP plans ≈ 545 (about 16% second or later plans),
//! CIN ≈ 1,120, looked after ≈ 650, care leavers aged 18–21 ≈ 245. The tuning
//! constants live where each decision is simulated. The calibration table ([`calibration::TABLE`],
//! printed in `CALIBRATION.md`) holds the county to about 40 published figures, each with its source,
//! year and tolerance, and says which the demo still misses; the county test computes every row.
//!
//! The fostering and adoption services (carer households, adopters, the panels' sittings) come
//! from [`services::generate`], on their own random stream, at the seed's volumes (126 approved
//! fostering households, 410 enquiries to 12 approvals a year, 28 fostering panels held).

pub mod calibration;
mod care;
mod child;
mod log;
mod org;
mod place;
pub mod services;
mod school;
mod time;

use carefile_domain::org::OrgEvent;
use carefile_domain::{Calendar, ChildEvent, ChildId, Recorded};
use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use time::Rand;

/// The seed county.
pub const NAME: &str = "Leicestershire County Council";
pub const GSS: &str = "E10000018";
pub const DFE_NUMBER: u16 = 855;
/// The Ofsted URN of the authority's own fostering service (its foster placements report it).
pub const FOSTERING_URN: &str = "SC055850";

/// How big an authority to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// About a twentieth of the county: fast, for tests.
    Small,
    /// The seed county's volumes (about 22,000 contacts a year).
    County,
    /// About 20,000 children with ten years of history: long chronologies
    /// (a smaller authority than the county by yearly volume).
    Large,
    /// England-sized: 45 times the county (about a million contacts and 250,000
    /// referrals a year; over 4 million children, about 80 million events): use
    /// [`generate_streaming`], which holds one batch of children at a time.
    National,
}

impl Scale {
    /// Volume relative to the county.
    fn volume(self) -> f64 {
        match self {
            Scale::Small => 0.05,
            Scale::County => 1.0,
            Scale::Large => 0.172,
            Scale::National => 45.0,
        }
    }

    /// Years of history before `as_of`.
    fn history_years(self) -> u32 {
        match self {
            Scale::Large => 10,
            _ => 8,
        }
    }
}

/// A scale name that is not one of small, county, large, national.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadScale(pub String);

impl fmt::Display for BadScale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}' is not a scale (expected small, county, large or national)", self.0)
    }
}

impl std::error::Error for BadScale {}

impl FromStr for Scale {
    type Err = BadScale;
    fn from_str(s: &str) -> Result<Scale, BadScale> {
        match s {
            "small" => Ok(Scale::Small),
            "county" => Ok(Scale::County),
            "large" => Ok(Scale::Large),
            "national" => Ok(Scale::National),
            _ => Err(BadScale(s.to_string())),
        }
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scale::Small => "small",
            Scale::County => "county",
            Scale::Large => "large",
            Scale::National => "national",
        })
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub seed: u64,
    pub scale: Scale,
    /// The last day of history: nothing is dated or recorded after it.
    pub as_of: NaiveDate,
}

/// One child's events, in recording order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChildLog {
    pub id: ChildId,
    pub events: Vec<(Recorded, ChildEvent)>,
}

/// A generated authority: its organisation and its children.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Authority {
    pub name: String,
    pub gss: String,
    pub dfe_number: u16,
    pub org: Vec<(Recorded, OrgEvent)>,
    pub children: Vec<ChildLog>,
}

/// Children whose first contact comes in a year, at county scale.
const ARRIVALS_PER_YEAR: f64 = 10_400.0;

/// Years simulated before the history proper begins, so that it begins in a
/// steady state (children long in care, care leavers, families known before).
/// Only children with something recorded in the history proper are kept: the
/// cases a new system would have migrated.
const BURN_IN_YEARS: u32 = 18;

/// Children handed to the sink together (generated in parallel).
const BATCH: u64 = 4096;

/// The random stream `stream` of the generator seeded with `seed`.
pub(crate) fn rng_for(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// Generates the whole authority in memory (small, county and large scales).
pub fn generate(opts: &Options) -> Authority {
    let mut children = Vec::new();
    let org = generate_streaming(opts, &mut |c| children.push(c));
    Authority { name: NAME.into(), gss: GSS.into(), dfe_number: DFE_NUMBER, org, children }
}

/// Generates the authority, handing each child to `sink` in ID order without
/// holding them all; returns the organisation's events.
pub fn generate_streaming(opts: &Options, sink: &mut dyn FnMut(ChildLog)) -> Vec<(Recorded, OrgEvent)> {
    let years_before = |years: u32| {
        opts.as_of.checked_sub_months(chrono::Months::new(12 * years)).expect("date in range") + Duration::days(1)
    };
    let years = opts.scale.history_years() + BURN_IN_YEARS;
    let start = years_before(years);
    let (roster, org) = org::build(opts.seed, opts.scale, start, opts.as_of);
    let children = (ARRIVALS_PER_YEAR * opts.scale.volume() * f64::from(years)).round() as u64;
    let ctx = child::Ctx {
        seed: opts.seed,
        as_of: opts.as_of,
        start,
        history: years_before(opts.scale.history_years()),
        children,
        roster,
        cal: Calendar::england_and_wales(),
        terms: carefile_domain::virtual_school::SchoolTerms::default(),
    };
    let mut lo = 0;
    while lo < children {
        let hi = (lo + BATCH).min(children);
        let batch: Vec<Option<ChildLog>> = (lo..hi).into_par_iter().map(|i| one_child(&ctx, i)).collect();
        for c in batch.into_iter().flatten() {
            sink(c);
        }
        lo = hi;
    }
    org
}

/// Ages at first contact, by weight (0 = under one).
const AGES: &[(u32, u32)] = &[
    (0, 9),
    (1, 5),
    (2, 5),
    (3, 5),
    (4, 5),
    (5, 5),
    (6, 5),
    (7, 5),
    (8, 5),
    (9, 5),
    (10, 5),
    (11, 5),
    (12, 6),
    (13, 7),
    (14, 8),
    (15, 8),
    (16, 6),
    (17, 4),
];

/// The `i`th child: first known at a time spread evenly over the history.
fn one_child(ctx: &child::Ctx, i: u64) -> Option<ChildLog> {
    let mut rng = rng_for(ctx.seed, i);
    let window = (ctx.as_of - ctx.start).num_days() as f64;
    let day = ((i as f64 + rng.r#gen::<f64>()) / ctx.children as f64 * window) as i64;
    let arrival = ctx.start + Duration::days(day);
    let kind: f64 = rng.r#gen();
    let uasc = kind < 0.001;
    let unborn = !uasc && kind < 0.03;
    let dob = if unborn {
        arrival + Duration::days(rng.gen_range(40..150))
    } else {
        let age = if uasc { rng.gen_range(15..=17) } else { rng.weighted(AGES) };
        arrival.checked_sub_months(chrono::Months::new(12 * age)).expect("date in range")
            - Duration::days(rng.gen_range(0..365))
    };
    let mut g = child::Gen::new(ctx, rng, dob);
    g.uasc = uasc;
    g.female = if uasc { g.rng.chance(0.1) } else { g.rng.chance(0.5) };
    g.disabled = !uasc && g.rng.chance(0.06);
    g.locality = place::locality(&mut g.rng);
    let u: f64 = g.rng.r#gen();
    g.risk = if uasc { 1.0 } else { u * u };
    g.first = arrival;
    let details = g.details(unborn, arrival);
    if unborn && dob <= ctx.as_of {
        let sex = Some(if g.female { carefile_domain::codes::Sex::Female } else { carefile_domain::codes::Sex::Male });
        let forename = Some(place::child_name(&mut g.rng, g.female).0);
        g.push(arrival, child::Who::FrontDoor, ChildEvent::Registered { details });
        g.push(dob, child::Who::Allocated, ChildEvent::Born { date: dob, forename, surname: None, sex, babies: 1 });
    } else {
        // A school-age child's UPN, when not known at first, is found within weeks.
        let later = (details.upn_unknown == Some(carefile_domain::codes::UpnUnknown::UN4))
            .then(|| arrival + Duration::days(g.rng.gen_range(5..40)))
            .filter(|d| *d <= ctx.as_of);
        let mut found = details.clone();
        found.upn = Some(place::upn(&mut g.rng, DFE_NUMBER));
        found.upn_unknown = None;
        g.push(arrival, child::Who::FrontDoor, ChildEvent::Registered { details });
        if let Some(d) = later {
            g.push(d, child::Who::Allocated, ChildEvent::DetailsAmended { details: found });
        }
    }
    let first = g.contact_time(arrival);
    g.run(first);
    let id = ChildId::new(&format!("C{:07}", i + 1)).expect("child IDs are valid");
    let child::Gen { mut rng, evs, .. } = g;
    if evs.iter().all(|e| e.date < ctx.history) {
        return None;
    }
    let mut events = log::finish(ctx, &mut rng, evs);
    log::assign_reviewers(ctx, i as usize, &mut events);
    (!events.is_empty()).then_some(ChildLog { id, events })
}

#[cfg(test)]
mod tests;
