//! The Virtual School's annual report (seed 004 lines 7880-9440): PEP completion and quality,
//! attendance, suspensions and permanent exclusions, children not on a school roll, and post-16
//! young people not in education, employment or training. Each counts what the Virtual School
//! records on the looked-after child's record (decision 008).

use super::*;
use crate::model::{Basis, Outcome, Polarity};
use carefile_domain::timescales::{Item, Status, pep_deadlines};
use carefile_domain::virtual_school::{ExclusionKind, Rating};
use chrono::Datelike;

fn looked_after(c: &Child, d: NaiveDate) -> bool {
    c.rec.care.iter().any(|p| p.is_open_on(d))
}

/// The national curriculum year on `d` (recorded with the school, else by age).
fn year(c: &Child, d: NaiveDate) -> Option<i32> {
    c.rec.details.dob.map(|dob| c.rec.education.year_group_on(dob, d))
}

/// Care starts and ends, school rolls and destinations, and each 1 September (year groups move).
fn education_breaks(c: &Child, out: &mut Vec<NaiveDate>) {
    for p in &c.rec.care {
        out.push(p.start);
        out.extend(p.end_date());
        let last = p.end_date().map_or(p.start.year() + 20, |e| e.year());
        out.extend((p.start.year()..=last).filter_map(|y| NaiveDate::from_ymd_opt(y, 9, 1)));
    }
    let e = &c.rec.education;
    out.extend(e.rolls.iter().map(|r| r.date).chain(e.destinations.iter().map(|x| x.date)));
}

pub(crate) const PEP_COMPLETION: Indicator = based(
    {
        let mut i = flow(
            "pep_completion",
            "% of termly PEPs held in their term",
            "Termly Personal Education Plan meetings due in the period (one for each school term a looked-after \
         child in reception to year 13 is looked after at the term's end, counted at the term's last day) that \
         were held in the term. Left out as the Virtual School's report leaves them out: year 14 and beyond \
         (PEPs only on the young person's request), early years (a PEP every six months, not termly), and \
         children new into care in the term's last month (the first PEP stands for it).",
            |c, out| {
                let last = c.ts.school_terms.last_day();
                for d in pep_deadlines(c.rec, c.cal, c.ts, last).into_iter().filter(|d| d.item == Item::PepTermly) {
                    let held = d.status == Status::Met;
                    out.push(event(d.due.date, u32::from(held), 1, if held { "PEP held in the term" } else { "no PEP in the term" }));
                }
            },
            &[Source::Peps],
        );
        i = share(
            i,
            Outcome::Education,
            Polarity::HighGood,
            "termly PEPs due in the period held in their term",
            "termly PEPs due in the period",
        );
        i.def.cohort = "school terms ending in the period";
        i.def.source = Some("seed 004_a71e74bfbea0b0ca.txt lines 7976-7984, 8701-8749");
        i
    },
    Basis::Local("statutory guidance (2018): a PEP reviewed each term; the Virtual School's completion measure"),
);

pub(crate) const PEP_QUALITY: Indicator = based(
    {
        let mut i = flow(
            "pep_quality",
            "% of PEPs rated green or gold",
            "PEP meetings held in the period that the Virtual School rated green or gold as a whole, of those it \
         rated (a PEP not yet quality assured is left out).",
            |c, out| {
                for p in &c.rec.education.peps {
                    if let Some(r) = p.ratings.overall {
                        let good = r >= Rating::Green;
                        out.push(event(p.date, u32::from(good), 1, if good { "PEP green or gold" } else { "PEP red or amber" }));
                    }
                }
            },
            &[Source::Peps],
        );
        i = share(i, Outcome::Education, Polarity::HighGood, "PEPs rated green or gold", "PEPs rated in the period");
        i.def.cohort = "PEP meetings held in the period and rated";
        i.def.source = Some("seed 004_a71e74bfbea0b0ca.txt lines 8709-8711, 8625");
        i
    },
    Basis::Local("the Virtual School's quality assurance of every PEP"),
);

pub(crate) const SCHOOL_ATTENDANCE: Indicator = based(
    {
        let mut i = flow(
            "school_attendance",
            "% of school sessions attended",
            "Sessions (half days) attended of those possible, over the attendance recorded for looked-after children \
         in stretches ending in the period, as schools report it.",
            |c, out| {
                for a in &c.rec.education.attendance {
                    out.push(event(a.to, a.attended, a.possible, "attendance reported"));
                }
            },
            &[Source::Attendance],
        );
        i = share(i, Outcome::Education, Polarity::HighGood, "sessions attended", "possible sessions");
        i.def.cohort = "attendance recorded in stretches ending in the period";
        i.def.source = Some("seed 004_a71e74bfbea0b0ca.txt lines 8926-8930, 8448");
        i
    },
    Basis::Local("the school census's attendance: sessions attended of sessions possible"),
);

const fn exclusions(
    id: &'static str,
    name: &'static str,
    definition: &'static str,
    f: FlowFn,
    source: &'static str,
) -> Indicator {
    let mut i = flow(id, name, definition, f, &[Source::Education]);
    i.def.outcome = Outcome::Education;
    i.def.polarity = Polarity::LowGood;
    i.def.source = Some(source);
    i
}

fn excluded(c: &Child, out: &mut Vec<Event>, kind: ExclusionKind, what: &'static str) {
    for x in c.rec.education.exclusions.iter().filter(|x| x.kind == kind) {
        out.push(event(x.date, 1, 0, what));
    }
}

pub(crate) const SUSPENSIONS: Indicator = based(
    exclusions(
        "suspensions",
        "Suspensions of children in care",
        "Suspensions (fixed-period exclusions) of children on the Virtual School's roll starting in the period, \
         each counted (a child suspended twice counts twice).",
        |c, out| excluded(c, out, ExclusionKind::Suspension, "suspension"),
        "seed 004_a71e74bfbea0b0ca.txt lines 8981-8985",
    ),
    Basis::Local("suspensions as schools report them to the Virtual School"),
);

pub(crate) const PERMANENT_EXCLUSIONS: Indicator = based(
    exclusions(
        "permanent_exclusions",
        "Permanent exclusions of children in care",
        "Permanent exclusions of children on the Virtual School's roll dated in the period.",
        |c, out| excluded(c, out, ExclusionKind::Permanent, "permanent exclusion"),
        "seed 004_a71e74bfbea0b0ca.txt lines 8975-8977",
    ),
    Basis::Local("permanent exclusions as schools report them to the Virtual School"),
);

pub(crate) const NOT_ON_ROLL: Indicator = based(
    {
        let mut i = snapshot(
            "not_on_roll",
            "Children in care not on a school roll",
            "Looked-after children of compulsory school age (reception to year 11) on the period's last day whose \
         latest school record by then takes them off a school roll with no other school.",
            (
                |c, d| {
                    let school_age = year(c, d).is_some_and(|y| (0..=11).contains(&y));
                    (looked_after(c, d) && school_age && c.rec.education.not_on_roll(d)).then_some(ONE)
                },
                education_breaks,
                "not on a school roll",
            ),
            &[Source::Education],
        );
        i.def.outcome = Outcome::Education;
        i.def.polarity = Polarity::LowGood;
        i.def.source = Some("seed 004_a71e74bfbea0b0ca.txt lines 8962-8970");
        i
    },
    Basis::Local("children missing education or not on roll, as the Virtual School counts them"),
);

pub(crate) const POST16_NEET: Indicator = based(
    {
        let mut i = snapshot(
            "post16_neet",
            "% of post-16 young people in care not in education, employment or training",
            "Looked-after young people in years 12 and 13 on the period's last day whose destination is known: those \
         not in education, employment or training (available or not). A destination not known, or none recorded, \
         is left out.",
            (
                |c, d| {
                    let post16 = year(c, d).is_some_and(|y| (12..=13).contains(&y));
                    let known = c.rec.education.destination_on(d).filter(|x| x.is_eet() || x.is_neet());
                    (looked_after(c, d) && post16).then_some(()).and(known).map(|x| ratio(x.is_neet()))
                },
                education_breaks,
                "post-16 with a known destination",
            ),
            &[Source::Education],
        );
        i = share(
            i,
            Outcome::Education,
            Polarity::LowGood,
            "of those, not in education, employment or training",
            "looked-after young people in years 12 and 13 with a known destination",
        );
        i.def.source = Some("seed 004_a71e74bfbea0b0ca.txt lines 9107-9127");
        i
    },
    Basis::Local("the Virtual School's post-16 NEET figure (seed: 37.9% in 2024-25)"),
);
