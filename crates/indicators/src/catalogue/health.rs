//! Health of looked-after children: annual health assessments, dental checks,
//! and the emotional health (SDQ) score.
//!
//! "Within the last 12 months" includes the anniversary (service.md §4).

use super::*;
use crate::model::{Basis, Outcome, Polarity, Unit};
use carefile_domain::journey::HealthOutcomes;

/// Looked after on `d` in a period that began 12 months or more before.
fn looked_after_a_year(c: &Child, d: NaiveDate) -> bool {
    c.rec.care.iter().any(|p| p.is_open_on(d) && months_after(p.start, 12) <= d)
}

fn care_breaks(c: &Child, out: &mut Vec<NaiveDate>) {
    for p in &c.rec.care {
        out.push(p.start);
        out.extend(p.end_date());
        push_around(out, months_after(p.start, 12));
    }
}

fn health_breaks(c: &Child, out: &mut Vec<NaiveDate>) {
    care_breaks(c, out);
    for d in c.rec.health_assessments.iter().chain(&c.rec.dental_checks) {
        push_year_after(out, *d);
    }
    for h in &c.rec.health_outcomes {
        push_around(out, h.date);
    }
}

/// The year's outcomes reported for the year ending on `d` (a return's OC2), if any.
fn reported_for(c: &Child, d: NaiveDate) -> Option<HealthOutcomes> {
    c.rec.health_outcomes.iter().filter(|h| h.date == d).map(|h| h.value).last()
}

/// A check dated in the 12 months to `d`, or, on the last day of a year a return reported, the
/// check that return says the year had (OC2 gives no dates).
fn checked(c: &Child, dates: &[NaiveDate], d: NaiveDate, reported: fn(&HealthOutcomes) -> Option<bool>) -> bool {
    dates.iter().any(|x| within_12_months_before(*x, d)) || reported_for(c, d).and_then(|o| reported(&o)) == Some(true)
}

const fn check(i: Indicator, numerator: &'static str, source: &'static str) -> Indicator {
    let denominator = "children looked after for 12 months or more on the period's last day";
    let mut i = share(i, Outcome::HealthAndWellbeing, Polarity::HighGood, numerator, denominator);
    i.def.cohort = "children looked after continuously for 12 months or more on the period's last day";
    i.def.source = Some(source);
    i.history = Lookback::Months(12);
    i
}

pub(crate) const DENTAL_CHECKS: Indicator = based(
    check(
        snapshot(
            "dental_checks",
            "% of children in care with a dental check within the last 12 months",
            "Children looked after continuously for at least 12 months on the period's last day who had a dental \
         check in the 12 months to that day.",
            (
                |c, d| {
                    looked_after_a_year(c, d).then(|| ratio(checked(c, &c.rec.dental_checks, d, |o| o.dental_check)))
                },
                health_breaks,
                "looked after 12 months or more",
            ),
            &[Source::Care, Source::DentalChecks],
        ),
        "of those, with a dental check in the last 12 months",
        "seed 001_def840bf2424c9c7.txt lines 10379–10380",
    ),
    Basis::Dfe("Children looked after, outcomes (OC2): dental check in the year, looked after 12 months at 31 March"),
);

pub(crate) const HEALTH_ASSESSMENTS: Indicator = based(
    check(
        snapshot(
            "health_assessments",
            "% of children in care with an annual health assessment within the last 12 months",
            "Children looked after continuously for at least 12 months on the period's last day who had a health \
         assessment in the 12 months to that day.",
            (
                |c, d| {
                    looked_after_a_year(c, d)
                        .then(|| ratio(checked(c, &c.rec.health_assessments, d, |o| o.health_assessment)))
                },
                health_breaks,
                "looked after 12 months or more",
            ),
            &[Source::Care, Source::HealthAssessments],
        ),
        "of those, with a health assessment in the last 12 months",
        "seed 001_def840bf2424c9c7.txt lines 10382–10384",
    ),
    Basis::Dfe(
        "Children looked after, outcomes (OC2): health assessment in the year, looked after 12 months at 31 March",
    ),
);

/// The latest SDQ score of a looked-after child aged 5 to 16 recorded in the last 12 months.
fn sdq_at(c: &Child, d: NaiveDate) -> Option<Weights> {
    if !c.rec.care.iter().any(|p| p.is_open_on(d)) || !c.rec.age_on(d).is_some_and(|a| (5..=16).contains(&a)) {
        return None;
    }
    let latest =
        c.rec.sdqs.iter().filter(|s| s.score.is_some() && within_12_months_before(s.date, d)).max_by_key(|s| s.date);
    // A return's OC2 reports the year's score undated: it stands for the year's last day only.
    let score = latest.and_then(|s| s.score).or_else(|| reported_for(c, d).and_then(|o| o.sdq_score))?;
    Some(Weights { num: u32::from(score), den: 1 })
}

fn sdq_breaks(c: &Child, out: &mut Vec<NaiveDate>) {
    care_breaks(c, out);
    if let Some(dob) = c.rec.details.dob {
        out.extend([months_after(dob, 5 * 12), months_after(dob, 17 * 12)]);
    }
    for s in &c.rec.sdqs {
        push_year_after(out, s.date);
    }
    for h in &c.rec.health_outcomes {
        push_around(out, h.date);
    }
}

pub(crate) const SDQ_MEAN: Indicator = based(
    {
        let mut i = snapshot(
            "sdq_mean",
            "Average emotional health (SDQ) score of children in care",
            "The mean of the latest strengths and difficulties score, recorded in the last 12 months, of children \
         aged 5 to 16 looked after on the period's last day (0–13 normal, 14–16 borderline, 17–40 cause for concern).",
            (sdq_at, sdq_breaks, "latest SDQ score"),
            &[Source::Care, Source::Sdqs],
        );
        i.def.outcome = Outcome::HealthAndWellbeing;
        i.def.numerator = "the sum of the children's latest scores";
        i.def.denominator = Some("looked-after children aged 5 to 16 with a score in the last 12 months");
        i.def.polarity = Polarity::LowGood;
        i.def.unit = Unit::MeanScore;
        i.def.cohort = "looked-after children aged 5 to 16 with a recent score";
        i.def.source = Some("seed 001_def840bf2424c9c7.txt lines 10386–10387");
        i.history = Lookback::Months(12);
        i
    },
    Basis::Dfe("Children looked after, outcomes (OC2): average SDQ score, ages 5 to 16"),
);
