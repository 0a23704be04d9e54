//! Adoption timeliness, in days (means over the children placed or matched in the period).

use super::*;
use crate::model::{Outcome, Polarity, Unit};
use carefile_domain::codes::LegalStatus;

const fn days(mut i: Indicator, numerator: &'static str, denominator: &'static str) -> Indicator {
    i.def.outcome = Outcome::StableAndSecure;
    i.def.numerator = numerator;
    i.def.denominator = Some(denominator);
    i.def.polarity = Polarity::LowGood;
    i.def.unit = Unit::Days;
    i.def.cohort = denominator;
    i
}

/// Each move into a placement for adoption, with the days since the period of care began.
fn care_to_placement(c: &Child, out: &mut Vec<Event>) {
    for p in &c.rec.care {
        for w in p.changes.windows(2) {
            if w[1].placement.kind.is_adoption() && !w[0].placement.kind.is_adoption() {
                let days = (w[1].date - p.start).num_days().max(0) as u32;
                out.push(event(w[1].date, days, 1, "placed for adoption"));
            }
        }
    }
}

pub(crate) const ADOPTION_CARE_TO_PLACEMENT: Indicator = days(
    flow(
        "adoption_care_to_placement_days",
        "Average days from entering care to placement with adopters",
        "For children placed for adoption in the period: the mean number of days from the start of the period \
         of care to the day they moved in with their adopters.",
        care_to_placement,
        &[Source::Care],
    ),
    "days from entering care to placement for adoption, summed over the children",
    "children placed for adoption in the period",
);

/// Each match with adopters, with the days since the placement order (legal status E1) was granted.
fn order_to_match(c: &Child, out: &mut Vec<Event>) {
    for a in &c.rec.adoptions {
        let Some((matched, _)) = a.matched else { continue };
        let order = c
            .rec
            .care
            .iter()
            .flat_map(|p| &p.changes)
            .filter(|x| x.legal_status == LegalStatus::E1 && x.date <= matched)
            .map(|x| x.date)
            .min();
        if let Some(o) = order {
            out.push(event(matched, (matched - o).num_days() as u32, 1, "matched with adopters"));
        }
    }
}

pub(crate) const ADOPTION_ORDER_TO_MATCH: Indicator = days(
    flow(
        "adoption_order_to_match_days",
        "Average days from placement order to match with adopters",
        "For children matched with adopters in the period: the mean number of days from the placement order \
         (legal status E1) to the match.",
        order_to_match,
        &[Source::Care, Source::Adoptions],
    ),
    "days from placement order to match, summed over the children",
    "children matched with adopters in the period after a placement order",
);
