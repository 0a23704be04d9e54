//! Placement stability of looked-after children.
//!
//! A placement starts with the period of care and at every change that moves
//! the child to a different placement (not a change of legal status alone).
//! Temporary placements (holidays, hospital, respite: T0–T4) are not
//! placements, and a return from one to the same placement continues it.

use super::*;
use crate::model::{Basis, Outcome, Polarity};
use carefile_domain::codes::ReasonNewEpisode;
use carefile_domain::journey::CarePeriod;
use carefile_domain::stats::rolling_year_start;

/// The placements of a period of care: (start, end exclusive or `None` while open).
fn placements(p: &CarePeriod) -> Vec<(NaiveDate, Option<NaiveDate>)> {
    let mut starts: Vec<NaiveDate> = Vec::new();
    let mut last = None;
    for c in &p.changes {
        if c.reason == ReasonNewEpisode::LegalStatus || c.placement.kind.is_temporary() || last == Some(&c.placement) {
            continue;
        }
        starts.push(c.date);
        last = Some(&c.placement);
    }
    let ends = starts.iter().skip(1).map(|d| Some(*d)).chain([p.end_date()]);
    starts.iter().copied().zip(ends).collect()
}

fn all_placements(c: &Child) -> Vec<(NaiveDate, Option<NaiveDate>)> {
    c.rec.care.iter().flat_map(placements).collect()
}

fn current_care<'a>(c: &'a Child, d: NaiveDate) -> Option<&'a CarePeriod> {
    c.rec.care.iter().find(|p| p.is_open_on(d))
}

fn stability_breaks(c: &Child, out: &mut Vec<NaiveDate>) {
    for p in &c.rec.care {
        out.push(p.start);
        out.extend(p.end_date());
        push_around(out, months_after(p.start, 30));
    }
    if let Some(dob) = c.rec.details.dob {
        out.push(months_after(dob, 16 * 12));
    }
    for (start, end) in all_placements(c) {
        out.push(start);
        push_around(out, months_after(start, 24));
        if let Some(e) = end {
            out.push(e);
            push_around(out, months_after(e, 12));
        }
    }
}

/// Placements in force at some time in the twelve months to `d`.
fn placements_in_year(c: &Child, d: NaiveDate) -> usize {
    let from = rolling_year_start(d);
    all_placements(c).iter().filter(|(s, e)| *s <= d && e.is_none_or(|e| e > from)).count()
}

pub(crate) const PLACEMENTS_3_PLUS: Indicator = based(
    {
        let mut i = snapshot(
            "placements_3_plus",
            "Placement stability: % of children with 3 or more placements during the year",
            "Children looked after on the period's last day who had three or more placements in force at some time \
         in the twelve months to that day, as a share of all children looked after that day.",
            (|c, d| current_care(c, d).map(|_| ratio(placements_in_year(c, d) >= 3)), stability_breaks, "looked after"),
            &[Source::Care],
        );
        i = share(
            i,
            Outcome::StableAndSecure,
            Polarity::LowGood,
            "children looked after with 3 or more placements in the twelve months",
            "children looked after on the period's last day",
        );
        i.def.cohort = "children looked after on the period's last day";
        i.def.source = Some("seed 001_def840bf2424c9c7.txt lines 10357–10358");
        i.history = Lookback::Months(12);
        i
    },
    Basis::Dfe("Children looked after, placement stability: 3 or more placements during the year"),
);

/// Looked after under 16 for 2½ years or more: in the same placement for 2 years, or placed for adoption.
fn long_term(c: &Child, d: NaiveDate) -> Option<Weights> {
    let p = current_care(c, d)?;
    let under_16 = c.rec.age_on(d).is_some_and(|a| a < 16);
    if !under_16 || months_after(p.start, 30) > d {
        return None;
    }
    let adoption = p.changes.iter().rev().find(|x| x.date <= d).is_some_and(|x| x.placement.kind.is_adoption());
    let settled = placements(p).iter().any(|(s, e)| *s <= d && e.is_none_or(|e| e > d) && months_after(*s, 24) <= d);
    Some(ratio(adoption || settled))
}

pub(crate) const PLACEMENT_LONG_TERM: Indicator = based(
    {
        let mut i = snapshot(
            "placement_long_term",
            "Placement stability: % of children in the same placement for 2+ years or placed for adoption",
            "Children under 16 looked after continuously for at least two and a half years on the period's last day \
         who have been in the same placement for at least two years, or are placed for adoption.",
            (long_term, stability_breaks, "looked after 2½ years or more"),
            &[Source::Care],
        );
        i = share(
            i,
            Outcome::StableAndSecure,
            Polarity::HighGood,
            "of those, in the same placement for 2 years or more, or placed for adoption",
            "children under 16 looked after for 2½ years or more on the period's last day",
        );
        i.def.cohort = "children under 16 looked after for 2½ years or more";
        i.def.source = Some("seed 001_def840bf2424c9c7.txt lines 10360–10361");
        i.history = Lookback::Months(30);
        i
    },
    Basis::Dfe(
        "Children looked after, placement stability: under 16s looked after 2.5 years or more, same placement 2 years or placed for adoption",
    ),
);
