//! Known answers on built series.

use super::*;

fn series(values: Vec<f64>) -> Series {
    Series { first: NaiveDate::from_ymd_opt(2021, 4, 1).unwrap(), values }
}

const PATTERN: [f64; 12] = [420.0, 410.0, 380.0, 300.0, 350.0, 460.0, 450.0, 400.0, 330.0, 390.0, 400.0, 415.0];

#[test]
fn a_pure_seasonal_series_is_forecast_exactly() {
    let s = series((0..48).map(|i| PATTERN[i % 12]).collect());
    let f = forecast(&s).unwrap();
    assert_eq!(f.months.len(), HORIZON);
    assert_eq!(f.months[0].month, NaiveDate::from_ymd_opt(2025, 4, 1).unwrap());
    assert_eq!(f.months[11].month, NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
    for (m, want) in f.months.iter().zip(PATTERN) {
        assert_eq!(m.expected, want, "{}", m.month);
        // Nothing ever varied from one year to the next: the intervals are the point.
        assert_eq!((m.lower95, m.upper95), (want, want));
    }
    // The baseline is exact, so the model cannot beat it: the baseline is shown and the reason says so.
    assert_eq!(f.method, Method::SeasonalNaive);
    assert_eq!(f.backtest.baseline_mae, 0.0);
    assert_eq!(f.backtest.baseline_mase, None);
    assert!(f.why.contains("did not beat") || f.why.contains("could not be fitted"), "{}", f.why);
    assert_eq!(f.backtest.origins, 24);
    assert_eq!(f.backtest.from, NaiveDate::from_ymd_opt(2023, 4, 1).unwrap());
}

#[test]
fn a_flat_series_is_forecast_flat() {
    let f = forecast(&series(vec![57.0; 40])).unwrap();
    assert!(f.months.iter().all(|m| m.expected == 57.0 && m.lower80 == 57.0 && m.upper95 == 57.0), "{f:?}");
}

#[test]
fn a_short_series_is_refused_with_what_it_needs() {
    let e = forecast(&series(vec![10.0; 30])).unwrap_err();
    assert_eq!(e, Refused::TooShort { months: 30, first: "April 2021".into() });
    let text = e.to_string();
    assert!(text.starts_with("30 months of history (from April 2021): a forecast needs at least 36"), "{text}");
    assert!(text.contains("two whole years"), "{text}");
}

#[test]
fn a_value_that_is_not_a_count_is_refused() {
    let mut v = vec![10.0; 40];
    v[5] = f64::NAN;
    assert!(forecast(&series(v.clone())).unwrap_err().to_string().starts_with("the figure for September 2021"));
    v[5] = -1.0;
    assert!(matches!(forecast(&series(v)), Err(Refused::NotACount { .. })));
}

/// A small deterministic noise in [-1, 1).
fn noise(i: usize) -> f64 {
    let x = (i as u64).wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
    ((x >> 33) as f64 / (1u64 << 31) as f64) * 2.0 - 1.0
}

#[test]
fn a_growing_seasonal_series_is_forecast_by_the_model_which_beats_the_baseline() {
    // Demand growing by 3 a month around the yearly pattern: last year's month is always a year behind.
    let truth = |i: usize| PATTERN[i % 12] + 3.0 * i as f64;
    let s = series((0..60).map(|i| truth(i) + 8.0 * noise(i)).collect());
    let f = forecast(&s).unwrap();
    let (m, b) = (f.backtest.model_mase.unwrap(), f.backtest.baseline_mase.unwrap());
    assert!(m < b, "model {m} baseline {b}");
    assert_eq!(f.method, Method::Model, "{}", f.why);
    assert!(f.why.starts_with("The seasonal model beat the seasonal-naive baseline"), "{}", f.why);
    assert_eq!(f.backtest.origins, BACKTEST_ORIGINS);
    for (h, month) in f.months.iter().enumerate() {
        let want = truth(60 + h);
        // Within the noise and the growth the model has to extrapolate.
        assert!((month.expected - want).abs() < 30.0, "month {h}: {} against {want}", month.expected);
        assert!(month.lower95 <= month.lower80 && month.lower80 <= month.expected, "{month:?}");
        assert!(month.expected <= month.upper80 && month.upper80 <= month.upper95, "{month:?}");
        assert!(month.upper95 > month.lower95, "{month:?}");
    }
    // The baseline would have been a year's growth (36) too low on average.
    let naive_mean = (0..12).map(|h| s.values[48 + h]).sum::<f64>() / 12.0;
    let model_mean = f.months.iter().map(|m| m.expected).sum::<f64>() / 12.0;
    assert!(model_mean - naive_mean > 20.0, "model {model_mean} naive {naive_mean}");
}
