//! The generator's promises: determinism, logs the domain accepts, nothing
//! after `as_of`, and county figures close to the county's own.

use super::*;
use carefile_domain::ChildRecord;
use carefile_domain::codes::SocialWorkerChangeReason;
use carefile_domain::org::Organisation;
use carefile_domain::stats::Stats;
use carefile_domain::adopters::{self, AdopterRecord};
use carefile_domain::annual::Year;
use carefile_domain::fostering::{self, CarerRecord};
use carefile_domain::panels::{self, Panel, Sitting};
use carefile_domain::people::Household;
use carefile_domain::stream::{Projection, Stamp};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
}

fn opts(seed: u64, scale: Scale) -> Options {
    Options { seed, scale, as_of: as_of() }
}

/// Folds every child through the domain, failing on the first refused event.
fn fold(a: &Authority) -> Vec<ChildRecord> {
    a.children
        .iter()
        .map(|c| {
            let (first, rest) = c.events.split_first().expect("a log has its registration");
            let mut rec = ChildRecord::register(c.id.clone(), &first.1).unwrap_or_else(|e| panic!("{e}"));
            for (i, (r, e)) in rest.iter().enumerate() {
                // What the store checks of every write: the invariants, and nothing dated after it was recorded.
                e.check_recorded_at(&c.id, r.at).unwrap_or_else(|err| panic!("{} event {}: {err}\n{e:?}", c.id, i + 1));
                rec.apply(e).unwrap_or_else(|err| panic!("{} event {}: {err}\n{e:?}", c.id, i + 1));
            }
            rec
        })
        .collect()
}

#[test]
fn same_seed_same_authority_other_seed_another() {
    let a = serde_json::to_string(&generate(&opts(7, Scale::Small))).unwrap();
    let b = serde_json::to_string(&generate(&opts(7, Scale::Small))).unwrap();
    assert!(a == b, "two runs with one seed differ");
    let c = serde_json::to_string(&generate(&opts(8, Scale::Small))).unwrap();
    assert_ne!(a, c);
}

#[test]
fn every_event_is_accepted_and_none_is_after_as_of() {
    let a = generate(&opts(11, Scale::Small));
    assert!(a.children.len() > 1000, "{} children", a.children.len());
    fold(&a);
    let end = as_of().and_hms_opt(23, 59, 59).unwrap().and_utc();
    for c in &a.children {
        let mut prev = None;
        for (r, e) in &c.events {
            assert!(r.at <= end, "{} recorded after as_of: {e:?}", c.id);
            if let Some(d) = e.effective_date() {
                assert!(d <= as_of(), "{} dated after as_of: {e:?}", c.id);
                assert!(d <= r.at.date_naive(), "{} recorded before it happened: {e:?} at {}", c.id, r.at);
            }
            assert!(prev.is_none_or(|p| p <= r.at), "{} not in recording order", c.id);
            prev = Some(r.at);
            assert!(r.by.starts_with('W'), "{}", r.by);
        }
    }
}

fn within(name: &str, got: u32, want: f64) {
    let ratio = f64::from(got) / want;
    assert!((0.8..=1.2).contains(&ratio), "{name}: {got}, expected about {want}");
}

/// The county's headline figures within ±20% of the seed county's, and its
/// organisation (about 15 s in a debug build: over a million events folded).
#[test]
fn county_is_calibrated() {
    let a = generate(&opts(1, Scale::County));
    let mut org = Organisation::default();
    for (_, e) in &a.org {
        org.apply(e).unwrap_or_else(|err| panic!("{err}"));
    }
    assert_eq!(org.authority.as_ref().map(|x| x.dfe_number), Some(855));
    assert!(org.teams.values().any(|t| t.locality.as_deref() == Some("Charnwood")));
    let in_post: Vec<_> = org.staff.values().filter(|s| s.in_post(as_of())).collect();
    let agency = in_post.iter().filter(|s| s.agency).count() as f64 / in_post.len() as f64;
    assert!((0.12..=0.25).contains(&agency), "agency share {agency}");
    assert!(org.staff.values().any(|s| s.left.is_some()));

    // Every worker named in a log is on the staff, and allocated while in post.
    let staff: std::collections::BTreeSet<&str> = org.staff.keys().map(|w| w.as_str()).collect();
    for c in &a.children {
        for (r, e) in &c.events {
            assert!(staff.contains(r.by.as_str()), "{} unknown", r.by);
            if let ChildEvent::WorkerAllocated { date, worker, .. } = e {
                assert!(org.staff[worker].in_post(*date), "{worker} not in post on {date}");
            }
        }
    }
    let records = fold(&a);
    // Journeys reach every part of the record.
    let any = |f: &dyn Fn(&ChildRecord) -> bool| records.iter().any(f);
    assert!(any(&|r| r.adoptions.iter().any(|a| a.matched.is_some())));
    assert!(any(&|r| !r.care_leaver_contacts.is_empty()));
    assert!(any(&|r| !r.uasc.is_empty()));
    assert!(any(&|r| !r.missing.is_empty()));
    assert!(any(&|r| r.details.expected_dob.is_some()));
    assert!(any(&|r| r.died.is_some()));
    assert!(any(&|r| !r.complaints.is_empty()));
    assert!(any(&|r| !r.ehc.is_empty()));
    assert!(any(&|r| !r.dolos.is_empty()));
    assert!(any(&|r| r.allocations.iter().any(|a| a.worker.is_none())));
    assert!(any(&|r| r.allocations.iter().any(|a| a.reason == Some(SocialWorkerChangeReason::Leftrl))));
    assert!(any(&|r| r.allocations.iter().any(|a| a.reason == Some(SocialWorkerChangeReason::Manage))));
    assert!(any(&|r| r.referrals.iter().flat_map(|x| &x.cp_plans).count() > 1));
    let s = Stats::compute(&records, as_of());
    eprintln!("{s:?}");
    within("contacts", s.contacts, 22_000.0);
    within("referrals", s.referrals, 5_500.0);
    within("assessments_completed", s.assessments_completed, 5_200.0);
    within("s47_enquiries", s.s47_enquiries, 1_600.0);
    within("icpcs", s.icpcs, 840.0);
    within("cp_plans_open", s.cp_plans_open, 530.0);
    within("cin_open", s.cin_open, 1_050.0);
    within("looked_after", s.looked_after, 650.0);
    within("care_leavers", s.care_leavers, 230.0);
    let services = services_are_calibrated(&a);
    table_holds(&records, &org, &services);
}

/// Every row of the calibration table (`calibration::TABLE`, printed in CALIBRATION.md) computed on
/// the county with the indicator engine: the rows that hold are within their tolerance, and the
/// rows the table says miss do miss (so the table says what is true either way).
fn table_holds(records: &[ChildRecord], org: &Organisation, services: &ServiceFigures) {
    use calibration::{Measure, Part, TABLE};
    use carefile_indicators::{Comparators, Config, Engine, Filter, Period};
    let config = Config::default();
    let engine = Engine::new(records, org, &config);
    let year = Period::financial_year(2025);
    let mut failures = Vec::new();
    for row in TABLE {
        let got = match row.measure {
            Measure::Indicator { id, period, part } => {
                let period: Period = period.parse().unwrap_or_else(|e| panic!("{}: {e}", row.name));
                let r = engine.result(id, &period, &Filter::default(), &Comparators::default()).unwrap();
                let v = r.figure.value().unwrap_or_else(|| panic!("{}: {:?}", row.name, r.figure));
                match part {
                    Part::Value => v.value.unwrap_or(0.0),
                    Part::Denominator => v.denominator.unwrap_or(0) as f64,
                }
            }
            Measure::Record("uasc_looked_after_in_year") => records
                .iter()
                .filter(|r| !r.uasc.is_empty())
                .filter(|r| {
                    r.care.iter().any(|c| c.start <= year.end && c.end.is_none_or(|(e, _)| e >= year.start))
                })
                .count() as f64,
            Measure::Record("fostering_households_at_end") => services.households_at_end as f64,
            Measure::Record("fostering_enquiries") => services.activity[0] as f64,
            Measure::Record("fostering_initial_visits") => services.activity[1] as f64,
            Measure::Record("fostering_stage1_starts") => services.activity[3] as f64,
            Measure::Record("fostering_approvals") => services.approvals as f64,
            Measure::Record("fostering_panels_held") => services.panels_held.0 as f64,
            Measure::Record("adoption_panels_held") => services.panels_held.1 as f64,
            Measure::Record("placement_order_not_placed") => records
                .iter()
                .filter_map(|r| r.care.iter().find(|c| c.is_open_on(year.end)))
                .filter_map(|c| c.changes.iter().rev().find(|x| x.date <= year.end))
                .filter(|x| x.legal_status == carefile_domain::codes::ssda903::LegalStatus::E1 && !x.placement.kind.is_adoption())
                .count() as f64,
            Measure::Record(other) => panic!("the calibration test does not compute '{other}'"),
        };
        let holds = row.tolerance.holds(row.figure, got);
        eprintln!(
            "calibration: {:<70} {:>10.1} against {:>8} {:<8} {}",
            row.name,
            got,
            row.figure,
            row.tolerance.label(),
            if holds { "holds" } else { "MISSES" }
        );
        if holds == row.misses.is_some() {
            failures.push(format!(
                "{}: {got:.1} against {} {} ({}), but the table says it {}",
                row.name,
                row.figure,
                row.tolerance.label(),
                row.source,
                if holds { "misses" } else { "holds" }
            ));
        }
    }
    assert!(failures.is_empty(), "calibration:\n{}", failures.join("\n"));
}

#[test]
fn the_documentation_prints_the_calibration_table() {
    let doc = include_str!("../CALIBRATION.md");
    let table = calibration::markdown();
    assert!(doc.contains(&table), "CALIBRATION.md's table differs from calibration::markdown():\n{table}");
    assert!((35..=45).contains(&calibration::TABLE.len()), "about 40 rows");
}

/// The services' figures the calibration table holds the county to.
struct ServiceFigures {
    households_at_end: usize,
    /// The fostering funnel's activity in the year, stage by stage (enquiries … approvals).
    activity: Vec<usize>,
    /// Applications approved in the year, connected persons' aside (the funnel's approvals).
    approvals: usize,
    /// Fostering and adoption panels held in the year.
    panels_held: (usize, usize),
}

/// Folds every subject of one stream through its projection, failing on the first refused event.
fn fold_stream<P: Projection>(logs: &[services::Log<P::Id, P::Event>]) -> Vec<P> {
    logs.iter()
        .map(|(id, events)| {
            let mut state: Option<P> = None;
            for (i, (r, e)) in events.iter().enumerate() {
                let at = Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: r };
                state = Some(P::next(id, state.as_ref(), at, e).unwrap_or_else(|err| panic!("{err}\n{e:?}")));
            }
            state.expect("a subject has events")
        })
        .collect()
}

/// The fostering and adoption services at the seed's 2024-25 volumes (seed 004), with every
/// reconciliation check of the annual reports holding.
fn services_are_calibrated(a: &Authority) -> ServiceFigures {
    let s = services::generate(&opts(1, Scale::County), &a.children);
    fold_stream::<Household>(&s.households);
    let carers = fold_stream::<CarerRecord>(&s.carers);
    let adopters = fold_stream::<AdopterRecord>(&s.adopters);
    let sittings = fold_stream::<Sitting>(&s.sittings);
    let year = Year::financial(2025).unwrap();
    let f = fostering::annual::figures(&carers, year);
    let stages: Vec<usize> = f.cohort.stages.iter().map(|x| x.count()).collect();
    let activity: Vec<usize> = f.activity.iter().map(|x| x.count()).collect();
    eprintln!("fostering cohort {stages:?}, activity {activity:?}, at end {}", f.households.at_end.count());
    within("enquiries", activity[0] as u32, 410.0);
    assert!((30..=62).contains(&activity[1]), "initial visits {}", activity[1]);
    assert!((10..=30).contains(&activity[3]), "stage 1 starts {}", activity[3]);
    within("approved households at the year's end", f.households.at_end.count() as u32, 126.0);
    let new = f.households.approved.count();
    assert!((14..=45).contains(&new), "new approvals (mainstream and connected persons) {new}");
    let cal = Calendar::england_and_wales();
    let cfg = carefile_domain::fostering::Config::default();
    let ad = adopters::annual::figures(&adopters, year, &cal, &cfg);
    let ad_activity: Vec<usize> = ad.activity.iter().map(|x| x.count()).collect();
    eprintln!("adopters activity {ad_activity:?}, approved {}", ad.approved.count());
    assert!((30..=62).contains(&ad_activity[1]), "adopters' initial visits {}", ad_activity[1]);
    assert!((14..=38).contains(&ad.approved.count()), "adopters approved {}", ad.approved.count());
    let fp = panels::annual::figures(&sittings, Panel::Fostering, year, &cal, &cfg);
    let ap = panels::annual::figures(&sittings, Panel::Adoption, year, &cal, &cfg);
    eprintln!("fostering panels held {} cancelled {}, adoption panels held {}", fp.held.count(), fp.cancelled.count(), ap.held.count());
    assert!((20..=34).contains(&fp.held.count()), "fostering panels held {}", fp.held.count());
    // Twice a month scheduled; matches are not yet listed at them (their decisions stay free text,
    // moved to sittings of their own), so a sitting with no adopters ready is cancelled.
    assert!((10..=24).contains(&ap.held.count()), "adoption panels held {}", ap.held.count());
    let checks: Vec<_> = f.checks().into_iter().chain(ad.checks()).chain(fp.checks()).chain(ap.checks()).collect();
    for c in &checks {
        assert!(c.holds, "{}: {}", c.name, c.detail);
    }
    // Every approval and review the agency decision maker decided names a case its sitting heard.
    let heard: std::collections::BTreeSet<String> =
        sittings.iter().flat_map(|s| s.cases.iter().filter(|c| c.heard.is_some()).map(move |c| format!("{} case {}", s.id, c.no))).collect();
    for r in &carers {
        for a in &r.approvals {
            if let carefile_domain::fostering::record::Began::Application { panel, .. } = &a.began {
                assert!(heard.contains(&panel.to_string()), "{} approved on {panel}, not heard there", r.id);
            }
        }
    }
    let approvals = carers
        .iter()
        .flat_map(|r| &r.applications)
        .filter(|a| a.route != carefile_domain::fostering::CarerType::ConnectedPerson)
        .filter(|a| matches!(a.outcome, Some(carefile_domain::fostering::record::Outcome::Approved { date }) if year.contains(date)))
        .count();
    ServiceFigures { households_at_end: f.households.at_end.count(), activity, approvals, panels_held: (fp.held.count(), ap.held.count()) }
}

#[test]
fn small_services_are_accepted_and_deterministic() {
    let a = generate(&opts(3, Scale::Small));
    let s = services::generate(&opts(3, Scale::Small), &a.children);
    assert!(s.carers.len() > 20 && !s.adopters.is_empty() && !s.sittings.is_empty());
    fold_stream::<CarerRecord>(&s.carers);
    fold_stream::<AdopterRecord>(&s.adopters);
    fold_stream::<Sitting>(&s.sittings);
    assert_eq!(s, services::generate(&opts(3, Scale::Small), &a.children));
    let end = as_of().and_hms_opt(23, 59, 59).unwrap().and_utc();
    assert!(s.carers.iter().flat_map(|c| &c.1).all(|(r, _)| r.at <= end));
}

/// Timescales are mostly met, not always: the reports have something to show.
#[test]
fn timeliness_is_realistic_not_perfect() {
    let a = generate(&opts(5, Scale::Small));
    let records = fold(&a);
    let cal = Calendar::england_and_wales();
    let share = |hits: usize, all: usize| hits as f64 / all.max(1) as f64;
    let assessments: Vec<_> = records
        .iter()
        .flat_map(|r| &r.referrals)
        .flat_map(|x| &x.assessments)
        .filter_map(|a| a.authorised.map(|d| cal.working_days_between(a.start, d)))
        .collect();
    let in_45 = share(assessments.iter().filter(|d| **d <= 45).count(), assessments.len());
    assert!((0.78..=0.93).contains(&in_45), "assessments within 45 working days: {in_45}");
    let mut icpc = (0, 0);
    for x in records.iter().flat_map(|r| &r.referrals) {
        for c in &x.icpcs {
            let s47 = x.s47s.iter().find(|s| Some(s.no) == c.s47).expect("ICPC after an S47");
            let disc = x.discussions.iter().find(|d| Some(d.no) == s47.discussion).expect("S47 after a discussion");
            icpc.0 += usize::from(cal.working_days_between(disc.at.date(), c.date) <= 15);
            icpc.1 += 1;
        }
    }
    let on_time = share(icpc.0, icpc.1);
    assert!((0.7..=0.95).contains(&on_time), "ICPCs within 15 working days: {on_time}");
    let events: Vec<_> = a
        .children
        .iter()
        .flat_map(|c| &c.events)
        .filter_map(|(r, e)| e.effective_date().map(|d| (r.at.date_naive() - d).num_days()))
        .collect();
    let late = share(events.iter().filter(|d| **d > 1).count(), events.len());
    assert!((0.05..=0.5).contains(&late), "recorded more than a day late: {late}");
}

/// Other seeds and other end dates (a leap day, years before the new placement
/// codes) give logs the domain accepts too.
#[test]
fn other_seeds_and_dates_are_accepted() {
    for (seed, as_of) in [(21, "2019-03-31"), (22, "2024-02-29"), (23, "2025-09-30")] {
        let as_of: NaiveDate = as_of.parse().unwrap();
        let a = generate(&Options { seed, scale: Scale::Small, as_of });
        let records = fold(&a);
        let last = a.children.iter().flat_map(|c| &c.events).filter_map(|(_, e)| e.effective_date()).max();
        assert!(last.is_some_and(|d| d <= as_of && d > as_of - Duration::days(7)), "{last:?}");
        assert!(Stats::compute(&records, as_of).looked_after > 10);
    }
}

#[test]
fn scales_parse_from_their_names() {
    for s in [Scale::Small, Scale::County, Scale::Large, Scale::National] {
        assert_eq!(s.to_string().parse::<Scale>(), Ok(s));
    }
    let e = "huge".parse::<Scale>().unwrap_err();
    assert!(e.to_string().contains("'huge' is not a scale"));
}

#[test]
fn large_is_twenty_thousand_children_over_ten_years() {
    let a = generate(&opts(2, Scale::Large));
    fold(&a);
    assert!((18_000..=22_000).contains(&a.children.len()), "{} children", a.children.len());
    let first =
        a.children.iter().filter_map(|c| c.events[1..].iter().filter_map(|(_, e)| e.effective_date()).min()).min();
    assert!(first.is_some_and(|d| d < as_of() - Duration::days(10 * 365)), "{first:?}");
}

/// Seed 2 once allocated a case to a worker who had left in 2004 (the picker's
/// last resort when every holder was leaving within the week), and the log then
/// went back in time. Every seed's log must be one the domain accepts.
#[test]
fn the_first_seeds_are_all_accepted() {
    for seed in 1..=4 {
        fold(&generate(&opts(seed, Scale::Small)));
    }
}
