//! Properties over generated authorities (crates/synth, small scale, random
//! seeds): every figure's numerator is within its denominator, the drill-down
//! lists exactly the reported counts, and every reconciliation holds.

mod support;

use carefile_indicators::*;
use proptest::prelude::*;
use support::*;

fn check_authority(seed: u64, period: &str) {
    let (records, org) = generated(seed, carefile_synth::Scale::Small, "2026-03-31");
    let config = Config::default();
    let engine = Engine::new(&records, &org, &config);
    let comparators =
        Comparators::from_toml("[population]\n\"2025-26\" = 6500\n\"2024-25\" = 6500\n", "c.toml").unwrap();
    let period = p(period);
    let mut filters = vec![Filter::default()];
    filters.extend(org.teams.keys().take(3).map(|t| Filter { team: Some(t.clone()), ..Filter::default() }));
    for filter in &filters {
        let dash = engine.dashboard(&period, filter, &comparators).unwrap();
        for r in &dash.reconciliations {
            assert!(r.ok, "seed {seed} {}: {r:?}", filter.label());
        }
        for r in &dash.results {
            let Some(v) = r.figure.value() else { continue };
            if r.definition.unit == Unit::Percent {
                let den = v.denominator.unwrap();
                assert!(v.numerator <= den, "seed {seed} {}: {v:?}", r.id());
                assert!(v.value.is_none_or(|x| (0.0..=100.0).contains(&x)));
            }
            let ex = engine.explain(&records, r.id(), &period, filter, &comparators).unwrap();
            assert_eq!(ex.numerator.iter().map(|e| e.weight).sum::<u64>(), v.numerator, "seed {seed} {}", r.id());
            if r.definition.denominator.is_some() && !matches!(r.definition.unit, Unit::RatePer10k | Unit::Ratio) {
                assert_eq!(ex.denominator.iter().map(|e| e.weight).sum::<u64>(), v.denominator.unwrap(), "{}", r.id());
            }
        }
    }
}

#[test]
fn the_demo_authority_has_something_in_every_indicator() {
    let (records, org) = generated(7, carefile_synth::Scale::Small, "2026-03-31");
    let c = Comparators::from_toml("[population]\n\"2025-26\" = 6500\n", "c.toml").unwrap();
    let dash = compute(&records, &org, &p("2025-26"), &Filter::default(), &c, &Config::default()).unwrap();
    let mut empty = Vec::new();
    for r in &dash.results {
        let v = r.figure.value().unwrap_or_else(|| panic!("{}: {:?}", r.id(), r.figure));
        if v.numerator == 0 && v.denominator.is_none_or(|d| d == 0) {
            empty.push(r.id());
        }
    }
    // Complaints are rare at a twentieth of the county: a year may have none answered.
    empty.retain(|id| *id != "complaints_in_timescale");
    // The seed reports no permanent exclusion of a child in care "for several years" (004 lines
    // 8975-8977): the synthetic authority has none either.
    empty.retain(|id| *id != "permanent_exclusions");
    // About 4% of school-age children in care are off a roll at any time (seed 004: 22 to 41 of about
    // 600): at a twentieth of the county, about one child, so a year's end may have none.
    empty.retain(|id| *id != "not_on_roll");
    assert!(empty.is_empty(), "no data for {empty:?}");
    assert!(dash.reconciliations.iter().all(|r| r.ok), "{:?}", dash.reconciliations);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]
    #[test]
    fn figures_explanations_and_reconciliations_agree(seed in 0u64..1_000_000, period in prop::sample::select(vec!["2025-26-Q4", "2024-25", "R12:2025-11-30", "AT:2026-03-31", "YTD:2025-08-31"])) {
        check_authority(seed, period);
    }
}
