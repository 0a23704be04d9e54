//! Care leavers in suitable accommodation and in education, employment or
//! training, by age band (17–18, 19–21).
//!
//! A care leaver on a day is a former relevant child (the domain's rule:
//! looked after 13 weeks or more since the 14th birthday, leaving on or after
//! the 16th, not looked after now, alive). What counts is the latest contact in the
//! 12 months to the day; a young person with none is in the denominator only.

use super::*;
use crate::model::{Basis, Outcome, Polarity};
use carefile_domain::codes::{Activity, InTouch};
use carefile_domain::journey::CareLeaverContactRecord;

/// A care leaver in the age band on `d`; one who has died (recorded, or reported by a contact
/// saying so) has left every denominator.
fn in_band(c: &Child, d: NaiveDate, band: (i32, i32)) -> bool {
    let reported_dead = c.rec.care_leaver_contacts.iter().any(|x| x.date <= d && x.in_touch == InTouch::Died);
    c.rec.age_on(d).is_some_and(|a| (band.0..=band.1).contains(&a)) && c.rec.is_care_leaver_on(d) && !reported_dead
}

fn latest_contact<'a>(c: &'a Child, d: NaiveDate) -> Option<&'a CareLeaverContactRecord> {
    c.rec.care_leaver_contacts.iter().filter(|x| within_12_months_before(x.date, d)).max_by_key(|x| x.date)
}

fn leaver_breaks(c: &Child, out: &mut Vec<NaiveDate>) {
    for p in &c.rec.care {
        out.push(p.start);
        out.extend(p.end_date());
    }
    out.extend(c.rec.died);
    if let Some(dob) = c.rec.details.dob {
        out.extend([17, 19, 22].map(|y| months_after(dob, y * 12)));
    }
    for x in &c.rec.care_leaver_contacts {
        push_year_after(out, x.date);
    }
}

fn suitable(x: &CareLeaverContactRecord) -> bool {
    x.accommodation.and_then(|a| a.suitable()) == Some(true)
}

fn eet(x: &CareLeaverContactRecord) -> bool {
    use Activity::*;
    matches!(x.activity, Some(F1 | P1 | F2 | P2 | F4 | P4 | F5 | P5))
}

fn leaver_at(c: &Child, d: NaiveDate, band: (i32, i32), good: fn(&CareLeaverContactRecord) -> bool) -> Option<Weights> {
    in_band(c, d, band).then(|| ratio(latest_contact(c, d).is_some_and(good)))
}

const fn leavers(
    id: &'static str,
    name: &'static str,
    definition: &'static str,
    at: AtFn,
    numerator: &'static str,
    denominator: &'static str,
    source: Option<&'static str>,
) -> Indicator {
    let mut i =
        snapshot(id, name, definition, (at, leaver_breaks, "care leaver"), &[Source::Care, Source::CareLeaverContacts]);
    i = share(i, Outcome::StableAndSecure, Polarity::HighGood, numerator, denominator);
    i.def.cohort = denominator;
    i.def.source = source;
    // Whether a young person is a care leaver reads their care since the 14th birthday.
    i.history = Lookback::Ever;
    i
}

pub(crate) const CL_ACCOMMODATION_19_21: Indicator = based(
    leavers(
        "cl_accommodation_19_21",
        "% of care leavers aged 19–21 in suitable accommodation",
        "Care leavers aged 19 to 21 on the period's last day whose latest contact in the last 12 months recorded \
     suitable accommodation.",
        |c, d| leaver_at(c, d, (19, 21), suitable),
        "care leavers aged 19–21 in suitable accommodation",
        "care leavers aged 19–21 on the period's last day",
        Some("seed 001_def840bf2424c9c7.txt lines 10363–10364"),
    ),
    Basis::Dfe("Children looked after, care leavers aged 19 to 21 in suitable accommodation"),
);

pub(crate) const CL_ACCOMMODATION_17_18: Indicator = based(
    leavers(
        "cl_accommodation_17_18",
        "% of care leavers aged 17–18 in suitable accommodation",
        "Care leavers aged 17 or 18 on the period's last day whose latest contact in the last 12 months recorded \
     suitable accommodation.",
        |c, d| leaver_at(c, d, (17, 18), suitable),
        "care leavers aged 17–18 in suitable accommodation",
        "care leavers aged 17–18 on the period's last day",
        None,
    ),
    Basis::Dfe("Children looked after, care leavers aged 17 to 18 in suitable accommodation"),
);

pub(crate) const CL_EET_19_21: Indicator = based(
    leavers(
        "cl_eet_19_21",
        "% of care leavers aged 19–21 in education, employment or training",
        "Care leavers aged 19 to 21 on the period's last day whose latest contact in the last 12 months recorded \
     education, training, employment or an apprenticeship (full or part time).",
        |c, d| leaver_at(c, d, (19, 21), eet),
        "care leavers aged 19–21 in education, employment or training",
        "care leavers aged 19–21 on the period's last day",
        Some("seed 001_def840bf2424c9c7.txt lines 10366–10367"),
    ),
    Basis::Dfe("Children looked after, care leavers aged 19 to 21 in education, employment or training"),
);

pub(crate) const CL_EET_17_18: Indicator = based(
    leavers(
        "cl_eet_17_18",
        "% of care leavers aged 17–18 in education, employment or training",
        "Care leavers aged 17 or 18 on the period's last day whose latest contact in the last 12 months recorded \
     education, training, employment or an apprenticeship (full or part time).",
        |c, d| leaver_at(c, d, (17, 18), eet),
        "care leavers aged 17–18 in education, employment or training",
        "care leavers aged 17–18 on the period's last day",
        None,
    ),
    Basis::Dfe("Children looked after, care leavers aged 17 to 18 in education, employment or training"),
);
