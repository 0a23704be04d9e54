//! Monthly demand forecasts for the committee: the next twelve months of a monthly count
//! (contacts, referrals, children on CP plans, children looked after) with its yearly
//! seasonality and 80% and 95% prediction intervals.
//!
//! The model is augurs' MSTL (a 12-month seasonal pattern found by LOESS) with an ETS
//! model of the deseasonalised trend (additive errors; no, additive or damped trend, chosen
//! by AICc), all in-process: nothing is downloaded at run time. Every forecast is backtested
//! first: from each of the last months with at least two years before them (up to
//! [`BACKTEST_ORIGINS`]), the model and the seasonal-naive baseline (the same month last
//! year) forecast the months that followed, and both errors are reported as MASE (mean
//! absolute error scaled by the baseline's in-sample error, Hyndman and Koehler 2006). The
//! model is shown only where its MASE is lower than the baseline's; otherwise the baseline
//! is shown, with its own intervals, and the forecast says so.
//!
//! Pure: the series comes in as numbers and a first month, nothing reads a clock.

use augurs_core::{Fit, Predict};
use augurs_ets::AutoETS;
use augurs_mstl::MSTLModel;
use chrono::{Months, NaiveDate};
use serde::Serialize;

/// Months in the seasonal cycle.
pub const SEASON: usize = 12;
/// Months forecast ahead.
pub const HORIZON: usize = 12;
/// Two whole years to fit the yearly pattern and one more to test it against.
pub const MIN_MONTHS: usize = 3 * SEASON;
/// The backtest forecasts from at most this many origins (the last three years' months).
pub const BACKTEST_ORIGINS: usize = 3 * SEASON;
/// The two prediction intervals, and the normal quantiles the baseline's use.
const LEVELS: [(f64, f64); 2] = [(0.80, 1.281_551_565_545), (0.95, 1.959_963_984_540)];

/// A monthly count, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// The first day of the first month.
    pub first: NaiveDate,
    pub values: Vec<f64>,
}

impl Series {
    /// The first day of month `i` of the series.
    pub fn month(&self, i: usize) -> NaiveDate {
        self.first + Months::new(i as u32)
    }
}

/// How the forecast shown was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// MSTL with an ETS trend.
    Model,
    /// The same month last year.
    SeasonalNaive,
}

impl Method {
    pub fn label(self) -> &'static str {
        match self {
            Method::Model => "seasonal model (MSTL with an ETS trend)",
            Method::SeasonalNaive => "seasonal-naive baseline (the same month last year)",
        }
    }
}

/// One month ahead: the expected count and its prediction intervals (never below zero).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Month {
    /// The first day of the month.
    pub month: NaiveDate,
    pub expected: f64,
    pub lower80: f64,
    pub upper80: f64,
    pub lower95: f64,
    pub upper95: f64,
}

/// How the model and the baseline did on the history, forecasting from past months.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    /// Months forecast from (each with up to [`HORIZON`] months after it).
    pub origins: usize,
    /// Forecasts compared with what happened.
    pub forecasts: usize,
    /// The first and last origin months.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `None` where the history never varies from one year to the next (nothing to scale by).
    pub model_mase: Option<f64>,
    pub baseline_mase: Option<f64>,
    /// Mean absolute errors, in the series' unit.
    pub model_mae: Option<f64>,
    pub baseline_mae: f64,
    /// Why the model could not be fitted at some origin, if it could not.
    pub model_failed: Option<String>,
}

/// A forecast and the evidence for the method shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub method: Method,
    pub months: Vec<Month>,
    pub backtest: Backtest,
    /// Why this method is shown, in plain words.
    pub why: String,
}

/// A series no forecast can be made from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error(
        "{months} months of history (from {first}): a forecast needs at least {MIN_MONTHS}, two whole years to \
         find the yearly pattern and one more to test the forecast against"
    )]
    TooShort { months: usize, first: String },
    #[error("the figure for {month} is not a count ({value})")]
    NotACount { month: String, value: String },
}

fn month_name(d: NaiveDate) -> String {
    d.format("%B %Y").to_string()
}

/// Forecasts the [`HORIZON`] months after the series, with the method its backtest supports.
pub fn forecast(series: &Series) -> Result<Forecast, Refused> {
    let y = &series.values;
    if let Some((i, v)) = y.iter().enumerate().find(|(_, v)| !v.is_finite() || **v < 0.0) {
        return Err(Refused::NotACount { month: month_name(series.month(i)), value: v.to_string() });
    }
    if y.len() < MIN_MONTHS {
        return Err(Refused::TooShort { months: y.len(), first: month_name(series.first) });
    }
    let backtest = backtest(series);
    let beats = match (backtest.model_mase, backtest.baseline_mase, backtest.model_mae) {
        (Some(m), Some(b), _) => m < b,
        (None, None, Some(m)) => m < backtest.baseline_mae,
        _ => false,
    };
    let errors = |m: Option<f64>, b: Option<f64>| match (m, b) {
        // Two decimals, or three where two would print them equal.
        (Some(m), Some(b)) if format!("{m:.2}") == format!("{b:.2}") => {
            format!("MASE {m:.3} against the baseline's {b:.3}")
        }
        (Some(m), Some(b)) => format!("MASE {m:.2} against the baseline's {b:.2}"),
        _ => "no year-to-year variation to scale the errors by".to_owned(),
    };
    let tested = format!(
        "backtested from {} origin months ({} to {}, {} forecasts)",
        backtest.origins,
        month_name(backtest.from),
        month_name(backtest.to),
        backtest.forecasts
    );
    let model = if beats { model_forecast(y).ok() } else { None };
    let (method, points, why) = match (&backtest.model_failed, model) {
        (_, Some(points)) => (
            Method::Model,
            points,
            format!(
                "The seasonal model beat the seasonal-naive baseline when {tested}: {}.",
                errors(backtest.model_mase, backtest.baseline_mase)
            ),
        ),
        (Some(e), None) => (
            Method::SeasonalNaive,
            naive_forecast(y),
            format!("The seasonal model could not be fitted ({e}), so the seasonal-naive baseline is shown."),
        ),
        (None, None) => (
            Method::SeasonalNaive,
            naive_forecast(y),
            format!(
                "The seasonal model did not beat the seasonal-naive baseline when {tested} ({}), so the baseline \
                 (the same month last year) is shown.",
                errors(backtest.model_mase, backtest.baseline_mase)
            ),
        ),
    };
    let months = points
        .into_iter()
        .enumerate()
        .map(|(h, p)| Month {
            month: series.month(y.len() + h),
            expected: p.expected.max(0.0),
            lower80: p.lower[0].max(0.0),
            upper80: p.upper[0].max(0.0),
            lower95: p.lower[1].max(0.0),
            upper95: p.upper[1].max(0.0),
        })
        .collect();
    Ok(Forecast { method, months, backtest, why })
}

/// A forecast month before clamping: the point and the bounds of each of [`LEVELS`].
struct Point {
    expected: f64,
    lower: [f64; 2],
    upper: [f64; 2],
}

/// The seasonal-naive forecast of the [`HORIZON`] months after `y`, with intervals from its
/// in-sample residuals (the standard error grows with each whole year ahead).
fn naive_forecast(y: &[f64]) -> Vec<Point> {
    let residuals: Vec<f64> = (SEASON..y.len()).map(|i| y[i] - y[i - SEASON]).collect();
    let sigma = (residuals.iter().map(|e| e * e).sum::<f64>() / residuals.len().max(1) as f64).sqrt();
    (0..HORIZON)
        .map(|h| {
            let expected = naive(y, h);
            let sd = sigma * ((h / SEASON) as f64 + 1.0).sqrt();
            Point {
                expected,
                lower: LEVELS.map(|(_, z)| expected - z * sd),
                upper: LEVELS.map(|(_, z)| expected + z * sd),
            }
        })
        .collect()
}

/// The seasonal-naive forecast `h` months (0-based) after `y`: the same month in `y`'s last year.
fn naive(y: &[f64], h: usize) -> f64 {
    y[y.len() - SEASON + h % SEASON]
}

/// The model's forecast of the [`HORIZON`] months after `y`.
fn model_forecast(y: &[f64]) -> Result<Vec<Point>, String> {
    let fitted = model().fit(y).map_err(|e| e.to_string())?;
    let mut bounds = Vec::new();
    for (level, _) in LEVELS {
        let f = fitted.predict(HORIZON, level).map_err(|e| e.to_string())?;
        bounds.push(f);
    }
    let (a, b) = (&bounds[0], &bounds[1]);
    let (ia, ib) = match (&a.intervals, &b.intervals) {
        (Some(ia), Some(ib)) => (ia, ib),
        _ => return Err("the trend model gave no prediction intervals".into()),
    };
    let points: Vec<Point> = (0..HORIZON)
        .map(|h| Point { expected: a.point[h], lower: [ia.lower[h], ib.lower[h]], upper: [ia.upper[h], ib.upper[h]] })
        .collect();
    if points.iter().any(|p| !p.expected.is_finite() || p.lower.iter().chain(&p.upper).any(|v| !v.is_finite())) {
        return Err("the model's forecast is not finite".into());
    }
    Ok(points)
}

fn model() -> MSTLModel<augurs_ets::trend::AutoETSTrendModel> {
    let ets = AutoETS::new(1, "AZN").expect("a valid model specification");
    MSTLModel::new(vec![SEASON], ets.into_trend_model())
}

/// The model's point forecasts only (the backtest needs no intervals).
fn model_points(y: &[f64], horizon: usize) -> Result<Vec<f64>, String> {
    let fitted = model().fit(y).map_err(|e| e.to_string())?;
    let f = fitted.predict(horizon, None).map_err(|e| e.to_string())?;
    if f.point.iter().any(|v| !v.is_finite()) {
        return Err("the model's forecast is not finite".into());
    }
    Ok(f.point)
}

/// Forecasts from each origin month in the last [`BACKTEST_ORIGINS`] with at least two years before it,
/// up to [`HORIZON`] months ahead (fewer near the end), by both methods.
fn backtest(series: &Series) -> Backtest {
    let y = &series.values;
    let first = (2 * SEASON).max(y.len().saturating_sub(BACKTEST_ORIGINS));
    let mut model_failed = None;
    let (mut model_scaled, mut base_scaled, mut model_abs, mut base_abs) = (0.0, 0.0, 0.0, 0.0);
    let mut n = 0usize;
    let mut scaled = true;
    for t in first..y.len() {
        let train = &y[..t];
        let h = HORIZON.min(y.len() - t);
        // The baseline's in-sample error on the training years: the MASE scale.
        let scale = (SEASON..t).map(|i| (train[i] - train[i - SEASON]).abs()).sum::<f64>() / (t - SEASON) as f64;
        scaled &= scale > 0.0;
        let model = if model_failed.is_none() {
            model_points(train, h)
                .map_err(|e| model_failed = Some(format!("from {}: {e}", month_name(series.month(t)))))
                .ok()
        } else {
            None
        };
        for k in 0..h {
            let actual = y[t + k];
            let b = (naive(train, k) - actual).abs();
            base_abs += b;
            if scale > 0.0 {
                base_scaled += b / scale;
            }
            if let Some(m) = &model {
                let e = (m[k] - actual).abs();
                model_abs += e;
                if scale > 0.0 {
                    model_scaled += e / scale;
                }
            }
            n += 1;
        }
    }
    let n_f = n.max(1) as f64;
    let model_ok = model_failed.is_none();
    Backtest {
        origins: y.len() - first,
        forecasts: n,
        from: series.month(first),
        to: series.month(y.len() - 1),
        model_mase: (model_ok && scaled).then(|| model_scaled / n_f),
        baseline_mase: scaled.then(|| base_scaled / n_f),
        model_mae: model_ok.then(|| model_abs / n_f),
        baseline_mae: base_abs / n_f,
        model_failed,
    }
}

#[cfg(test)]
mod tests;
