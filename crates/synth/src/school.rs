//! The Virtual School's record of a looked-after child (#16): the school, the first PEP and one
//! each term (early years every six months), the Virtual School's ratings and the Pupil Premium
//! Plus, attendance each term, suspensions, spells off a school roll, and post-16 destinations.
//!
//! Drawn from a stream of its own, keyed by the child's birth and the period's start, so the rest
//! of each child's life is drawn as before. Rates: PEP completion 98% and NEET 37.9% are the seed's
//! (004 lines 7980-7984, 9119); suspensions (63 a year, 54 pupils, of about 450 of school age: one
//! in ten terms' worth of secondary pupils is taken as 5% a term), not on roll (22-41 at the year's
//! end of about 600 of school age: about 4% at any time), attendance (about 93%) and the ratings (mostly green) are
//! plausible choices where the seeds give no rate; no permanent exclusions, as the seed reports
//! none "for several years" (lines 8975-8977).

use crate::child::{Gen, Who};
use crate::place::LOCALITIES;
use crate::time::Rand;
use carefile_domain::calendar::add_years;
use carefile_domain::journey::ChildEvent;
use carefile_domain::virtual_school::*;
use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

const RATINGS: &[(Rating, u32)] = &[(Rating::Red, 3), (Rating::Amber, 14), (Rating::Green, 68), (Rating::Gold, 15)];

fn rating(rng: &mut ChaCha8Rng) -> Option<Rating> {
    Some(rng.weighted(RATINGS))
}

impl Gen<'_> {
    /// Education while looked after from `start` to `end` (the day care ends).
    pub(crate) fn education(&mut self, start: NaiveDate, end: NaiveDate) {
        let key = ((self.dob.num_days_from_ce() as u64) << 24) | start.num_days_from_ce() as u64;
        let mut rng = crate::rng_for(self.ctx.seed, (1 << 61) | key);
        let from = start.max(add_years(self.dob, 3));
        // The last day looked after on or before `as_of`.
        let last = (end - Duration::days(1)).min(self.ctx.as_of);
        let dob = self.dob;
        let ncy = move |d: NaiveDate| YearGroup::by_age(dob, d);
        if from > last || ncy(from) > 13 {
            return;
        }
        let place = LOCALITIES[self.locality].name;
        let school = |y: i32| match y {
            ..0 => format!("{place} Nursery"),
            0..=6 => format!("{place} Primary School"),
            7..=11 => format!("{place} Academy"),
            _ => format!("{place} College"),
        };
        let mut phase_school = school(ncy(from));
        self.push(from, Who::Allocated, ChildEvent::SchoolStarted { date: from, school: phase_school.clone(), urn: None, year_group: None });
        let first = self.wd(from, if rng.chance(0.9) { rng.gen_range(5..=20) } else { rng.gen_range(21..=40) });
        let mut held = vec![];
        if first <= last {
            self.pep(&mut rng, first);
            held.push(first);
        }
        let terms = self.ctx.terms.terms().to_vec();
        let mut ey_next = Gen::months(first, 6) - Duration::days(rng.gen_range(0..30));
        for t in terms.iter().filter(|t| t.end >= from && t.start <= last) {
            let y = ncy(t.start);
            if y < 0 {
                // Early years: every six months or so.
                let (open, close) = (t.start.max(from), t.end.min(last));
                if ey_next <= close && open <= close {
                    let d = self.cal().on_or_before(ey_next.max(open)).max(open);
                    self.pep(&mut rng, d);
                    ey_next = Gen::months(d, 6) - Duration::days(rng.gen_range(0..30));
                }
                continue;
            }
            if y > 13 {
                break;
            }
            if school(y) != phase_school {
                phase_school = school(y);
                let d = t.start.max(from);
                self.push(d, Who::Allocated, ChildEvent::SchoolStarted { date: d, school: phase_school.clone(), urn: None, year_group: None });
            }
            let open = t.start.max(from);
            let close = t.end.min(last);
            if open > close {
                continue;
            }
            if !held.iter().any(|d| t.contains(*d)) && rng.chance(0.98) {
                let span = (close - open).num_days();
                let d = self.cal().on_or_before(open + Duration::days(rng.gen_range(0..=span)));
                if d >= open && d <= close {
                    self.pep(&mut rng, d);
                    held.push(d);
                }
            }
            if y <= 11 && t.end <= last {
                let days = self.ctx.terms.school_days_between(self.cal(), open - Duration::days(1), t.end);
                let possible = days * 2;
                let rate = if rng.chance(0.15) { rng.gen_range(0.70..0.90) } else { rng.gen_range(0.90..1.0) };
                let attended = (f64::from(possible) * rate).round() as u32;
                if possible > 0 {
                    let e = ChildEvent::AttendanceRecorded { from: open, to: t.end, possible, attended };
                    self.push(t.end, Who::Allocated, e);
                }
            }
            if (5..=11).contains(&y) && rng.chance(0.05) {
                let d = self.cal().on_or_before(open + Duration::days(rng.gen_range(0..=(close - open).num_days())));
                let reason = rng.weighted(&[
                    (ExclusionReason::PersistentDisruptive, 10),
                    (ExclusionReason::VerbalAbuseAdult, 3),
                    (ExclusionReason::PhysicalAssaultPupil, 3),
                    (ExclusionReason::Other, 2),
                ]);
                let sessions = Some(rng.gen_range(1..=10));
                self.push(d, Who::Allocated, ChildEvent::ExclusionRecorded { date: d, kind: ExclusionKind::Suspension, reason, sessions });
            }
            // Off roll for a spell (a move the new school has not yet taken), about 4% of school-age
            // children at any time (the seed: 22 to 41 at the year's end, of about 600).
            if y <= 11 && rng.chance(0.03) {
                let off = close;
                let back = off + Duration::days(rng.gen_range(40..=250));
                self.push(off, Who::Allocated, ChildEvent::LeftSchoolRoll { date: off, missing_education: rng.chance(0.2) });
                if back <= last {
                    self.push(back, Who::Allocated, ChildEvent::SchoolStarted { date: back, school: phase_school.clone(), urn: None, year_group: None });
                }
            }
        }
        // Post-16: a destination at the start of years 12 and 13 (or on coming into care then).
        for y in [12, 13] {
            let sept = NaiveDate::from_ymd_opt(academic_year_starting(self.dob, y), 9, 1).expect("1 September");
            let d = sept.max(from);
            if d <= last && ncy(d) == y {
                let destination = if rng.chance(0.379) {
                    if rng.chance(0.7) { Destination::NeetAvailable } else { Destination::NeetNotAvailable }
                } else {
                    rng.weighted(&[(Destination::Education, 70), (Destination::Apprenticeship, 10), (Destination::Training, 12), (Destination::Employment, 8)])
                };
                self.push(d, Who::Allocated, ChildEvent::DestinationRecorded { date: d, destination });
            }
        }
    }

    fn pep(&mut self, rng: &mut ChaCha8Rng, date: NaiveDate) {
        self.n.pep += 1;
        let no = self.n.pep;
        let y = YearGroup::by_age(self.dob, date);
        let phase = match y {
            ..0 => PepPhase::EarlyYears,
            0..=11 => PepPhase::School,
            _ if rng.chance(0.379) => PepPhase::Neet,
            _ => PepPhase::Post16,
        };
        let ratings = PepRatings {
            attendance: rating(rng),
            progress: rating(rng),
            wellbeing: rating(rng),
            targets: rating(rng),
            pupil_premium: (0..=11).contains(&y).then(|| rng.weighted(RATINGS)),
            voice: rating(rng),
            overall: rating(rng),
        };
        let ppp = (0..=11).contains(&y).then(|| rng.gen_range(5..=9) * 100);
        let event = ChildEvent::PepHeld {
            pep: no,
            date,
            phase,
            ratings,
            targets: "Targets agreed with the school, the carer and the child.".into(),
            ppp_planned: ppp,
            ppp_spent: ppp.filter(|_| no > 1),
            progress: None,
        };
        self.push(date, Who::Allocated, event);
    }
}

/// The calendar year in which the academic year a child born on `dob` is in year `y` starts.
fn academic_year_starting(dob: NaiveDate, y: i32) -> i32 {
    academic_year(dob) + 5 + y
}
