//! Adoption timeliness: the DfE adoption scorecard's A10, A2 and A20 (service.md §4), in days.
//!
//! The cohort is the children **adopted in the period** (their period of care ended by an
//! adoption order: SSDA903 REC E11 or E12), each counted once whatever disruptions came between;
//! the figure is the mean over them. The scorecard also reports a three-year figure pooled over
//! the children adopted in the three years to the period's end (the `_3y` indicators): total
//! days ÷ children, not a mean of yearly means.
//! - **A10**: days from entering care (the start of the period of care that ended in adoption) to
//!   moving in with the adoptive family: the start of the unbroken stay with the family that
//!   adopted (a disrupted placement and the moves after it do not count); for a child adopted by
//!   its foster carers, the day it moved in with them as foster carers.
//! - **A2**: days from the authority receiving court authority to place (the placement order:
//!   legal status E1) to the decision on the match with the family that adopted.
//! - **A20**: days from entering care to the placement order.
//!
//! A child adopted with consent and no placement order is in A10 only.

use super::*;
use crate::model::{Basis, Outcome, Polarity, Unit};
use carefile_domain::codes::{LegalStatus, ReasonEpisodeCeased, ReasonNewEpisode};
use carefile_domain::journey::{CareChange, CarePeriod};

/// A child adopted: the period of care that ended in the adoption order, and the order's date.
fn adopted<'a>(c: &'a Child) -> impl Iterator<Item = (&'a CarePeriod, NaiveDate)> + 'a {
    c.rec.care.iter().filter_map(|p| match p.end {
        Some((d, ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12)) => Some((p, d)),
        _ => None,
    })
}

/// Whether a change kept the child with the same carers (a new legal status, or a new placement
/// type with the same carers: RNE L, P or B).
fn same_carers(c: &CareChange) -> bool {
    matches!(
        c.reason,
        ReasonNewEpisode::LegalStatus | ReasonNewEpisode::PlacementOnly | ReasonNewEpisode::LegalStatusAndPlacement
    )
}

/// The day the child moved in with the family that adopted it: back from the last placement
/// before the order, through changes that kept the same carers; a child placed with adopters
/// who were not its foster carers moved in when its adoptive placement (A3–A6) began.
fn moved_in(c: &Child, p: &CarePeriod, order: NaiveDate) -> Option<NaiveDate> {
    let changes: Vec<&CareChange> = p.changes.iter().filter(|x| x.date < order).collect();
    let last = changes.iter().rposition(|x| x.placement.kind.is_adoption())?;
    let mut first = last;
    while first > 0 && same_carers(changes[first]) {
        first -= 1;
    }
    let foster_carers = c
        .rec
        .adoptions
        .iter()
        .filter_map(|a| a.matched)
        .filter(|(m, _)| *m <= order)
        .max_by_key(|(m, _)| *m)
        .is_some_and(|(_, who)| who.foster_carers);
    if !foster_carers {
        // With new adopters: from the first adoptive placement of the stay.
        while first < last && !changes[first].placement.kind.is_adoption() {
            first += 1;
        }
    }
    Some(changes[first].date)
}

/// The placement order that authorised the adoption: the first E1 of the period before the order.
fn placement_order(p: &CarePeriod, order: NaiveDate) -> Option<NaiveDate> {
    p.changes.iter().find(|x| x.legal_status == LegalStatus::E1 && x.date <= order).map(|x| x.date)
}

/// The match with the family that adopted: the latest before the order.
fn matched(c: &Child, since: NaiveDate, order: NaiveDate) -> Option<NaiveDate> {
    c.rec.adoptions.iter().filter_map(|a| a.matched.map(|m| m.0)).filter(|m| *m >= since && *m <= order).max()
}

fn days(from: NaiveDate, to: NaiveDate) -> u32 {
    (to - from).num_days().max(0) as u32
}

fn a10(c: &Child, out: &mut Vec<Event>) {
    for (p, order) in adopted(c) {
        if let Some(d) = moved_in(c, p, order) {
            out.push(event(order, days(p.start, d), 1, "adopted"));
        }
    }
}

fn a2(c: &Child, out: &mut Vec<Event>) {
    for (p, order) in adopted(c) {
        if let Some(po) = placement_order(p, order)
            && let Some(m) = matched(c, p.start, order)
        {
            out.push(event(order, days(po, m), 1, "adopted"));
        }
    }
}

fn a20(c: &Child, out: &mut Vec<Event>) {
    for (p, order) in adopted(c) {
        if let Some(po) = placement_order(p, order) {
            out.push(event(order, days(p.start, po), 1, "adopted"));
        }
    }
}

const fn scorecard(
    id: &'static str,
    name: &'static str,
    definition: &'static str,
    f: FlowFn,
    numerator: &'static str,
    denominator: &'static str,
    needs: &'static [Source],
) -> Indicator {
    let mut i = flow(id, name, definition, f, needs);
    i.def.outcome = Outcome::StableAndSecure;
    i.def.numerator = numerator;
    i.def.denominator = Some(denominator);
    i.def.polarity = Polarity::LowGood;
    i.def.unit = Unit::Days;
    i.def.cohort = denominator;
    i.def.source = Some("DfE adoption scorecard (service.md §4)");
    // Entering care, the placement order and the match can all lie years before the adoption.
    i.history = Lookback::Ever;
    i
}

/// The same measure pooled over the three years to the period's end.
const fn three_years(of: Indicator, id: &'static str, name: &'static str, denominator: &'static str) -> Indicator {
    let mut i = of;
    i.def.id = id;
    i.def.name = name;
    i.def.denominator = Some(denominator);
    i.def.cohort = denominator;
    i.window = Window::ThreeYears;
    i
}

pub(crate) const A10: Indicator = based(
    scorecard(
        "adoption_a10_days",
        "A10: average days between entering care and moving in with the adoptive family",
        "For children adopted in the period, each once: the mean number of days from the start of the period of care \
     that ended in adoption to the day they moved in with the family that adopted them (for a child adopted by \
     its foster carers, the day it moved in with them).",
        a10,
        "days from entering care to moving in with the adoptive family, summed over the children",
        "children adopted in the period",
        &[Source::Care],
    ),
    Basis::Scorecard("A10, days from entering care to moving in with the adoptive family"),
);

pub(crate) const A2: Indicator = based(
    scorecard(
        "adoption_a2_days",
        "A2: average days between receiving court authority to place and the match",
        "For children adopted in the period after a placement order, each once: the mean number of days from the \
     placement order (legal status E1) to the decision on the match with the family that adopted them.",
        a2,
        "days from placement order to match, summed over the children",
        "children adopted in the period after a placement order",
        &[Source::Care, Source::Adoptions],
    ),
    Basis::Scorecard("A2, days from court authority to place to the match"),
);

pub(crate) const A20: Indicator = based(
    scorecard(
        "adoption_a20_days",
        "A20: average days between entering care and the placement order",
        "For children adopted in the period after a placement order, each once: the mean number of days from the \
     start of the period of care that ended in adoption to the placement order (legal status E1).",
        a20,
        "days from entering care to placement order, summed over the children",
        "children adopted in the period after a placement order",
        &[Source::Care],
    ),
    Basis::Scorecard("A20, days from entering care to the placement order"),
);

pub(crate) const A10_3Y: Indicator = three_years(
    A10,
    "adoption_a10_days_3y",
    "A10 over three years: average days between entering care and moving in with the adoptive family",
    "children adopted in the three years to the period's end",
);

pub(crate) const A2_3Y: Indicator = three_years(
    A2,
    "adoption_a2_days_3y",
    "A2 over three years: average days between receiving court authority to place and the match",
    "children adopted after a placement order in the three years to the period's end",
);

pub(crate) const A20_3Y: Indicator = three_years(
    A20,
    "adoption_a20_days_3y",
    "A20 over three years: average days between entering care and the placement order",
    "children adopted after a placement order in the three years to the period's end",
);
