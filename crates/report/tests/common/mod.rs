//! A small hand-built dashboard with figures from the seed's Q4 2018/19 paper
//! (seed 001 lines 10342–10450), so known answers can be checked by eye.

// Each test file uses part of this module.
#![allow(dead_code)]

use carefile_domain::journey::ChildRecord;
use carefile_domain::org::Organisation;
use carefile_indicators::{Comparator, Comparators, Polarity, QuartileBounds, definitions};
use carefile_report::*;
use carefile_synth::{Options, Scale, generate};

fn trend(values: &[Option<f64>]) -> Vec<TrendPoint> {
    let periods = [
        "2017-18 Q1",
        "2017-18 Q2",
        "2017-18 Q3",
        "2017-18 Q4",
        "2018-19 Q1",
        "2018-19 Q2",
        "2018-19 Q3",
        "2018-19 Q4",
    ];
    periods.iter().zip(values).map(|(p, v)| TrendPoint { period: (*p).to_owned(), value: *v, partial: false }).collect()
}

pub fn row(id: &str, name: &str, outcome: &str) -> Row {
    Row {
        id: id.to_owned(),
        name: name.to_owned(),
        outcome: outcome.to_owned(),
        period: "2018-19 Q4".to_owned(),
        numerator: None,
        denominator: None,
        value: None,
        unit: Unit::Percent,
        polarity: Polarity::HighGood,
        previous_period: Some("2018-19 Q3".to_owned()),
        previous: None,
        direction: None,
        rag: None,
        quartile: None,
        sn_average: None,
        england: None,
        regional: None,
        target: None,
        comparator_source: None,
        year_ago_period: Some("2017-18 Q4".to_owned()),
        year_ago: None,
        year_ago_direction: None,
        trend: Vec::new(),
        unavailable: None,
        partial: None,
        small: false,
        basis: "Local: an example".to_owned(),
        definition: format!("{name}, as the example defines it."),
    }
}

/// The front door with each stage's conversion from the one before, as the engine gives it.
fn funnel(stages: &[(&'static str, &'static str, u64)]) -> Vec<FunnelStage> {
    let mut previous: Option<u64> = None;
    stages
        .iter()
        .map(|&(id, label, n)| {
            let stage = FunnelStage {
                id,
                label,
                count: carefile_indicators::Figure::Value(carefile_indicators::Value::new(Unit::Count, n, None)),
                conversion_percent: previous.map(|p| n as f64 * 100.0 / p as f64),
            };
            previous = Some(n);
            stage
        })
        .collect()
}

pub fn seed_dashboard() -> Report {
    const SAFE: &str = "Children at most risk are protected from harm and kept safe";
    const STABLE: &str = "Children are living in stable and secure environments";
    let rereferrals = Row {
        numerator: Some(257),
        denominator: Some(1152),
        value: Some(257.0 * 100.0 / 1152.0),
        polarity: Polarity::LowGood,
        previous: Some(21.6),
        direction: Some(Direction::Similar),
        rag: Some(Rag::Amber),
        quartile: Some(3),
        sn_average: Some(24.4),
        england: Some(22.4),
        year_ago: Some(22.0),
        year_ago_direction: Some(Direction::Similar),
        comparator_source: Some("seed 001_def840bf2424c9c7.txt lines 10348–10349".to_owned()),
        trend: trend(&[
            Some(20.1),
            Some(21.0),
            Some(23.5),
            Some(22.0),
            Some(21.2),
            Some(20.9),
            Some(21.6),
            Some(257.0 * 100.0 / 1152.0),
        ]),
        ..row("re_referrals", "Re-referrals within 12 months", SAFE)
    };
    let second_plan = Row {
        numerator: Some(19),
        denominator: Some(140),
        value: Some(19.0 * 100.0 / 140.0),
        polarity: Polarity::LowGood,
        previous: Some(14.9),
        direction: Some(Direction::Better),
        rag: Some(Rag::Green),
        quartile: Some(1),
        sn_average: Some(21.9),
        trend: trend(&[
            None,
            None,
            Some(16.0),
            Some(15.2),
            Some(17.1),
            Some(15.0),
            Some(14.9),
            Some(19.0 * 100.0 / 140.0),
        ]),
        ..row("cp_second_plan", "CP plans for a second or subsequent time", SAFE)
    };
    let assessments = Row {
        numerator: Some(631),
        denominator: Some(1046),
        value: Some(631.0 * 100.0 / 1046.0),
        previous: Some(64.4),
        direction: Some(Direction::Worse),
        rag: Some(Rag::Red),
        quartile: Some(4),
        sn_average: Some(82.0),
        target: Some(82.0),
        year_ago: Some(65.0),
        year_ago_direction: Some(Direction::Worse),
        trend: trend(&[
            Some(70.2),
            Some(68.0),
            Some(66.1),
            Some(65.0),
            Some(63.3),
            Some(62.0),
            Some(64.4),
            Some(631.0 * 100.0 / 1046.0),
        ]),
        ..row("assessments_45_days", "Assessments completed within 45 working days", SAFE)
    };
    let cse = Row {
        value: Some(95.0),
        unit: Unit::Count,
        polarity: Polarity::None,
        previous: Some(72.0),
        direction: Some(Direction::Higher),
        year_ago: Some(66.0),
        year_ago_direction: Some(Direction::Higher),
        trend: trend(&[Some(60.0), Some(64.0), Some(70.0), Some(66.0), Some(80.0), Some(75.0), Some(72.0), Some(95.0)]),
        ..row("contacts", "Contacts", SAFE)
    };
    let stability = Row {
        numerator: Some(117),
        denominator: Some(178),
        value: Some(117.0 * 100.0 / 178.0),
        previous: Some(67.0),
        direction: Some(Direction::Worse),
        rag: Some(Rag::Amber),
        quartile: Some(3),
        sn_average: Some(70.0),
        trend: trend(&[Some(68.0); 8]),
        ..row("placement_stability_long", "Same placement for 2+ years or placed for adoption", STABLE)
    };
    let sdq = Row {
        numerator: Some(120),
        denominator: Some(8),
        value: Some(15.0),
        small: true,
        unit: Unit::MeanScore,
        polarity: Polarity::LowGood,
        previous_period: None,
        year_ago_period: None,
        rag: Some(Rag::Amber),
        quartile: Some(2),
        sn_average: Some(15.58),
        trend: trend(&[None, None, None, None, None, None, None, Some(15.0)]),
        ..row("sdq_average", "Average SDQ score of looked-after children", STABLE)
    };
    let complaints = Row {
        unavailable: Some("complaints are not kept in the record".to_owned()),
        ..row("complaints_in_time", "Complaints answered within 20 working days", STABLE)
    };
    Report {
        authority: "Leicestershire (example)".to_owned(),
        period: "2018-19 Q4 (1 January – 31 March 2019)".to_owned(),
        scope: "whole authority".to_owned(),
        rows: vec![rereferrals, second_plan, assessments, cse, stability, sdq, complaints],
        data_as_at: Some("2 April 2019 09:00".to_owned()),
        small_numbers: 10,
        forecast: Vec::new(),
        funnel: funnel(&[
            ("contacts", "Contacts", 8120),
            ("referrals", "Referrals", 2980),
            ("assessments_completed", "Assessments", 2510),
            ("strategy_discussions", "Strategy discussions", 910),
            ("s47_enquiries", "S47 enquiries", 610),
            ("icpcs", "ICPCs", 190),
            ("cp_plans_started", "CP plans", 140),
        ]),
        checks: vec![
            Reconciliation {
                name: "Open cases by status".to_owned(),
                parts: vec![
                    ("CIN".to_owned(), 1053),
                    ("CP".to_owned(), 529),
                    ("pre-proceedings".to_owned(), 107),
                    ("proceedings".to_owned(), 107),
                ],
                total: 1796,
                ok: true,
            },
            Reconciliation {
                name: "Localities".to_owned(),
                parts: vec![("North".to_owned(), 900), ("South".to_owned(), 907)],
                total: 1796,
                ok: false,
            },
        ],
    }
}

/// The numbers in a text in order: runs of digits with inner separators ("1,152", "22.3").
pub fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || (matches!(chars[i], ',' | '.') && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
            {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else {
            i += 1;
        }
    }
    out
}

/// A generated authority (crates/synth, small scale) as records and organisation.
pub fn authority(seed: u64) -> (Vec<ChildRecord>, Organisation) {
    authority_at(seed, Scale::Small)
}

/// A generated authority of any scale.
pub fn authority_at(seed: u64, scale: Scale) -> (Vec<ChildRecord>, Organisation) {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
    let a = generate(&Options { seed, scale, as_of });
    let mut org = Organisation::default();
    for (_, e) in &a.org {
        org.apply(e).unwrap();
    }
    // A log the domain refuses is left out, as the store would refuse it: the
    // report is under test here, not the generator.
    let records = a
        .children
        .iter()
        .filter_map(|c| {
            let mut rec = ChildRecord::register(c.id.clone(), &c.events[0].1).ok()?;
            c.events[1..].iter().try_for_each(|(_, e)| rec.apply(e).map(drop)).ok()?;
            Some(rec)
        })
        .collect();
    (records, org)
}

/// Comparators for every indicator, spread so that every quartile and both
/// sides of the neighbours' average occur across seeds.
pub fn comparators(spread: f64) -> Comparators {
    let mut c = Comparators::default();
    for def in definitions() {
        let (better, worse) = match def.polarity {
            Polarity::LowGood => (10.0 * spread, 40.0 * spread),
            _ => (40.0 * spread, 10.0 * spread),
        };
        c.indicators.insert(
            def.id.to_owned(),
            Comparator {
                sn_average: Some(25.0 * spread),
                quartiles: Some(QuartileBounds { better, median: (better + worse) / 2.0, worse }),
                ..Comparator::default()
            },
        );
    }
    c.population.extend((2015..2030).map(|y| (y, 12_000)));
    c
}

/// Whether the browser tests can run here (chromium, node and playwright-core installed); where
/// not, says so, and fails under CI.
pub fn browser_ready(root: &std::path::Path) -> bool {
    let node = std::process::Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let missing: Vec<&str> = [
        ("/usr/bin/chromium", std::path::Path::new("/usr/bin/chromium").exists()),
        ("e2e/node_modules/playwright-core", root.join("e2e/node_modules/playwright-core").exists()),
        ("node", node),
    ]
    .iter()
    .filter(|(_, present)| !present)
    .map(|(name, _)| *name)
    .collect();
    if !missing.is_empty() {
        let message = format!("browser test skipped: {} missing (run scripts/setup-browser.sh)", missing.join(" and "));
        assert!(std::env::var_os("CI").is_none(), "{message}, and CI is set");
        eprintln!("{message}");
    }
    missing.is_empty()
}
