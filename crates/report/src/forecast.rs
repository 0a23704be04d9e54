//! The demand forecast: each measure's monthly history and the next twelve months from
//! [`carefile_forecast`], as a fan chart, a sentence and a table in the HTML, a sheet in the
//! workbook, and a long table (CSV) or object (JSON) of its own.

use crate::chart::ChartError;
use crate::format;
use carefile_forecast::{Forecast, Method, Series};
use carefile_indicators::Monthly;
use chrono::NaiveDate;
use maud::{Markup, PreEscaped, html};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

/// The measures forecast, as the indicator catalogue names them.
pub const MEASURES: [&str; 4] = ["contacts", "referrals", "cp_plans", "looked_after"];

/// Months of history a forecast reads at most: five years, so that a migrated record's early
/// months (holding only the children still known after the migration) stay out.
pub const HISTORY_MONTHS: usize = 60;

/// Months of history the chart shows before the forecast.
const CHART_HISTORY: usize = 36;

/// One measure's history and forecast, or why there is none.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Demand {
    pub id: String,
    pub name: String,
    /// Counted in each month (contacts, referrals), rather than the position at its end.
    pub flow: bool,
    pub history: Series,
    pub forecast: Option<Forecast>,
    /// Why there is no forecast.
    pub refused: Option<String>,
}

impl Demand {
    /// The forecast of a monthly series, or the reason there is none (with why the history
    /// stops where it does).
    pub fn of(m: &Monthly) -> Demand {
        let history = Series { first: m.first, values: m.values.iter().map(|v| *v as f64).collect() };
        let (forecast, refused) = match carefile_forecast::forecast(&history) {
            Ok(f) => (Some(f), None),
            Err(e) => {
                let why =
                    m.stopped.as_ref().map(|s| format!(" The months before {} are left out: {s}.", month(m.first)));
                (None, Some(format!("No forecast: {e}.{}", why.unwrap_or_default())))
            }
        };
        Demand { id: m.id.to_owned(), name: m.name.to_owned(), flow: m.flow, history, forecast, refused }
    }

    /// The paragraph under the chart: a flow's expected total over the twelve months against the
    /// last twelve's, or a stock's expected position at their end with its 95% interval against
    /// today's; then the method and why.
    pub fn sentence(&self) -> String {
        let Some(f) = &self.forecast else { return self.refused.clone().unwrap_or_default() };
        let n = self.history.values.len();
        let last_year: f64 = self.history.values[n - 12..].iter().sum();
        let next: f64 = f.months.iter().map(|m| m.expected).sum();
        let (first, last) = (&f.months[0], &f.months[f.months.len() - 1]);
        let change = if last_year > 0.0 { (next - last_year) / last_year * 100.0 } else { 0.0 };
        let trend = if change.abs() < 0.05 {
            "the same as".to_owned()
        } else {
            format!(
                "{} {}",
                format::number(change.abs(), 1) + "%",
                if change > 0.0 { "more than" } else { "fewer than" }
            )
        };
        let what = if self.flow {
            format!(
                "{} {} are expected from {} to {}: {} the {} in the last twelve months",
                format::number(next, 0),
                self.name.to_lowercase(),
                month(first.month),
                month(last.month),
                trend,
                format::number(last_year, 0)
            )
        } else {
            format!(
                "{}: {} expected at the end of {} (95% interval {} to {}), against {} at the end of {}",
                self.name,
                format::number(last.expected, 0),
                month(last.month),
                format::number(last.lower95, 0),
                format::number(last.upper95, 0),
                format::number(self.history.values[n - 1], 0),
                month(self.history.month(n - 1))
            )
        };
        let method = match f.method {
            Method::Model => "the seasonal model",
            Method::SeasonalNaive => "the seasonal-naive baseline",
        };
        format!("{what}, by {method}. {}", f.why)
    }
}

fn month(d: NaiveDate) -> String {
    d.format("%B %Y").to_string()
}

fn short(d: NaiveDate) -> String {
    d.format("%b %Y").to_string()
}

/// The fan chart: the last three years in black, the forecast dashed with its 95% band in
/// light grey and its 80% band darker.
pub fn chart(d: &Demand) -> Result<Option<String>, ChartError> {
    let Some(f) = &d.forecast else { return Ok(None) };
    let mut svg = String::new();
    draw(&mut svg, d, f).map_err(|e| ChartError::new("forecast", e.to_string()))?;
    Ok(Some(svg))
}

fn draw(svg: &mut String, d: &Demand, f: &Forecast) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, (720, 260)).into_drawing_area();
    root.fill(&WHITE)?;
    let n = d.history.values.len();
    let skip = n.saturating_sub(CHART_HISTORY);
    let shown: Vec<(f64, f64)> = d.history.values[skip..].iter().enumerate().map(|(i, v)| (i as f64, *v)).collect();
    let at = |h: usize| (n - skip + h) as f64;
    let hi = shown.iter().map(|p| p.1).chain(f.months.iter().map(|m| m.upper95)).fold(0.0f64, f64::max);
    let lo = shown.iter().map(|p| p.1).chain(f.months.iter().map(|m| m.lower95)).fold(f64::INFINITY, f64::min);
    let pad = ((hi - lo) * 0.1).max(1.0);
    let end = at(f.months.len() - 1);
    let floor = (lo - pad).max(0.0);
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .x_label_area_size(28)
        .y_label_area_size(56)
        .build_cartesian_2d(-0.5..end + 0.5, floor..hi + pad)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_label_formatter(&|y| format::number(*y, 0))
        .y_labels(6)
        .light_line_style(RGBColor(235, 235, 235))
        .label_style(("sans-serif", 11))
        .draw()?;
    let band = |lower: &dyn Fn(&carefile_forecast::Month) -> f64, upper: &dyn Fn(&carefile_forecast::Month) -> f64| {
        let mut pts: Vec<(f64, f64)> = f.months.iter().enumerate().map(|(h, m)| (at(h), upper(m))).collect();
        pts.extend(f.months.iter().enumerate().rev().map(|(h, m)| (at(h), lower(m))));
        pts
    };
    chart.draw_series(std::iter::once(Polygon::new(
        band(&|m| m.lower95, &|m| m.upper95),
        RGBColor(225, 225, 225).filled(),
    )))?;
    chart.draw_series(std::iter::once(Polygon::new(
        band(&|m| m.lower80, &|m| m.upper80),
        RGBColor(180, 180, 180).filled(),
    )))?;
    chart.draw_series(LineSeries::new(shown.iter().copied(), BLACK.stroke_width(2)))?;
    chart.draw_series(shown.iter().map(|&p| Circle::new(p, 2, BLACK.filled())))?;
    // The forecast joins the last month known, dashed so it reads as a forecast in black and white.
    let mut ahead = vec![*shown.last().expect("a forecast has history")];
    ahead.extend(f.months.iter().enumerate().map(|(h, m)| (at(h), m.expected)));
    chart.draw_series(DashedLineSeries::new(ahead, 6, 4, BLACK.stroke_width(2)))?;
    // A month's name every six months, under the months themselves (the axis would choose round numbers).
    let under = TextStyle::from(("sans-serif", 11).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
    for i in (0..=end as usize).step_by(6) {
        let tick = [(i as f64, floor), (i as f64, floor + (hi + pad - floor) * 0.02)];
        chart.draw_series(LineSeries::new(tick, BLACK))?;
        chart.draw_series(std::iter::once(Text::new(
            short(d.history.month(skip + i)),
            (i as f64, floor),
            under.clone(),
        )))?;
    }
    let legend = TextStyle::from(("sans-serif", 11).into_font()).pos(Pos::new(HPos::Left, VPos::Top));
    let text = match f.method {
        Method::Model => "dashed: forecast (seasonal model); bands: 80% and 95% intervals",
        Method::SeasonalNaive => "dashed: forecast (same month last year); bands: 80% and 95% intervals",
    };
    chart.draw_series(std::iter::once(Text::new(text, (0.0, hi + pad), legend)))?;
    root.present()?;
    Ok(())
}

/// The chart's words for a screen reader.
fn chart_label(d: &Demand, f: &Forecast) -> String {
    let months: Vec<String> = f
        .months
        .iter()
        .map(|m| {
            format!(
                "{}: {} ({} to {})",
                short(m.month),
                format::number(m.expected, 0),
                format::number(m.lower95, 0),
                format::number(m.upper95, 0)
            )
        })
        .collect();
    format!("{} forecast, with 95% intervals: {}", d.name, months.join("; "))
}

/// The forecast section of the page (nothing when no measure was forecast).
pub fn section(demands: &[Demand]) -> Result<Markup, ChartError> {
    if demands.is_empty() {
        return Ok(html! {});
    }
    let mut charts = Vec::with_capacity(demands.len());
    for d in demands {
        charts.push(chart(d)?);
    }
    Ok(html! {
        section.page.forecast {
            h2 { "Demand forecast" }
            p { "The next twelve months of demand, from each measure's monthly figures. Each forecast is tested first "
                "by forecasting the record's own past months and comparing with what happened; where the seasonal model "
                "does no better than the same month last year, that baseline is shown instead. Errors are given as MASE "
                "(below 1: better than last year's month was, on the history)." }
            @for (d, svg) in demands.iter().zip(&charts) {
                div.demand id={ "forecast-" (d.id) } {
                    h3 { (d.name) }
                    p { (d.sentence()) }
                    @if let (Some(svg), Some(f)) = (svg, &d.forecast) {
                        figure role="img" aria-label=(chart_label(d, f)) { (PreEscaped(svg)) }
                        table {
                            thead { tr {
                                th scope="col" { "Month" }
                                th scope="col" { "Expected" }
                                th scope="col" { "80% interval" }
                                th scope="col" { "95% interval" }
                            } }
                            tbody {
                                @for m in &f.months {
                                    tr {
                                        th scope="row" { (month(m.month)) }
                                        td.num { (format::number(m.expected, 0)) }
                                        td.num { (format::number(m.lower80, 0)) " to " (format::number(m.upper80, 0)) }
                                        td.num { (format::number(m.lower95, 0)) " to " (format::number(m.upper95, 0)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    })
}

/// One row of the forecast as data: a month of history or of forecast.
#[derive(Serialize)]
pub(crate) struct Line<'a> {
    pub id: &'a str,
    pub month: String,
    /// "history" or "forecast".
    pub kind: &'static str,
    pub value: f64,
    pub lower80: Option<f64>,
    pub upper80: Option<f64>,
    pub lower95: Option<f64>,
    pub upper95: Option<f64>,
    /// The method of a forecast month.
    pub method: Option<Method>,
}

/// The CSV and XLSX columns of [`Line`].
pub(crate) const COLUMNS: [&str; 9] =
    ["id", "month", "kind", "value", "lower80", "upper80", "lower95", "upper95", "method"];

/// Every measure's history and forecast, month by month.
pub(crate) fn lines(demands: &[Demand]) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    for d in demands {
        let ym = |m: NaiveDate| m.format("%Y-%m").to_string();
        out.extend(d.history.values.iter().enumerate().map(|(i, v)| Line {
            id: &d.id,
            month: ym(d.history.month(i)),
            kind: "history",
            value: *v,
            lower80: None,
            upper80: None,
            lower95: None,
            upper95: None,
            method: None,
        }));
        if let Some(f) = &d.forecast {
            out.extend(f.months.iter().map(|m| Line {
                id: &d.id,
                month: ym(m.month),
                kind: "forecast",
                value: m.expected,
                lower80: Some(m.lower80),
                upper80: Some(m.upper80),
                lower95: Some(m.lower95),
                upper95: Some(m.upper95),
                method: Some(f.method),
            }));
        }
    }
    out
}
