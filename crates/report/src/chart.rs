//! Charts drawn with plotters' SVG backend into strings embedded in the page.
//! Text is emitted as SVG `<text>` (no font files needed); lines are black
//! with point markers and bars are outlined, so they read in black and white.

use crate::format;
use crate::model::{FunnelStage, TrendPoint, Unit};
use carefile_indicators::Figure;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

fn anchored(size: u32, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle::from(("sans-serif", size).into_font()).pos(Pos::new(h, v))
}

#[derive(Debug, thiserror::Error)]
#[error("cannot draw the {chart} chart: {message}")]
pub struct ChartError {
    chart: &'static str,
    message: String,
}

impl ChartError {
    pub(crate) fn new(chart: &'static str, message: String) -> ChartError {
        ChartError { chart, message }
    }
}

fn failed<E: std::fmt::Display>(chart: &'static str) -> impl Fn(E) -> ChartError {
    move |e| ChartError { chart, message: e.to_string() }
}

/// Runs chart calls within plotters' drawing-area errors, so every call site can use `?`.
type Drawn<T> = Result<T, Box<dyn std::error::Error>>;

/// The trend line of one indicator: the periods in order, gaps where a period has no value.
pub fn trend(points: &[TrendPoint], unit: Unit) -> Result<String, ChartError> {
    let mut svg = String::new();
    draw_trend(&mut svg, points, unit).map_err(failed("trend"))?;
    Ok(svg)
}

fn draw_trend(svg: &mut String, points: &[TrendPoint], unit: Unit) -> Drawn<()> {
    let root = SVGBackend::with_string(svg, (200, 64)).into_drawing_area();
    root.fill(&WHITE)?;
    let known: Vec<(f64, f64)> =
        points.iter().enumerate().filter_map(|(i, p)| p.value.map(|v| (i as f64, v))).collect();
    let (lo, hi) = known.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(_, v)| (lo.min(v), hi.max(v)));
    if known.is_empty() {
        root.draw(&Text::new("no data", (70, 30), ("sans-serif", 12).into_font()))?;
        root.present()?;
        return Ok(());
    }
    // A flat line still needs a band to sit in.
    let pad = ((hi - lo) * 0.15).max(hi.abs() * 0.05).max(0.5);
    let last = points.len().saturating_sub(1) as f64;
    let mut chart = ChartBuilder::on(&root)
        .margin_left(6)
        .margin_right(8)
        .margin_top(14)
        .margin_bottom(14)
        .build_cartesian_2d(-0.3..last + 0.3, lo - pad..hi + pad)?;
    // A baseline and the first and last periods' names: the cell is too small for a full axis.
    chart.draw_series(LineSeries::new([(-0.3, lo - pad), (last + 0.3, lo - pad)], RGBColor(120, 120, 120)))?;
    let mut ends = vec![(0usize, HPos::Left)];
    if points.len() > 1 {
        ends.push((points.len() - 1, HPos::Right));
    }
    for (i, anchor) in ends {
        if let Some(p) = points.get(i) {
            chart.draw_series(std::iter::once(Text::new(
                p.period.clone(),
                (i as f64, lo - pad),
                anchored(9, anchor, VPos::Top),
            )))?;
        }
    }
    // Consecutive known points are joined; a missing period breaks the line.
    let mut segment: Vec<(f64, f64)> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        match p.value {
            Some(v) => segment.push((i as f64, v)),
            None => {
                chart.draw_series(LineSeries::new(segment.drain(..), BLACK.stroke_width(2)))?;
            }
        }
    }
    chart.draw_series(LineSeries::new(segment, BLACK.stroke_width(2)))?;
    // A partial figure (history the record does not hold) is drawn hollow.
    chart.draw_series(points.iter().enumerate().filter_map(|(i, p)| {
        let style = if p.partial { BLACK.stroke_width(1) } else { BLACK.filled() };
        p.value.map(|v| Circle::new((i as f64, v), 3, style))
    }))?;
    if let Some(&(x, y)) = known.last() {
        let label = format::value(unit, y);
        chart.draw_series(std::iter::once(Text::new(label, (x, hi + pad), anchored(10, HPos::Right, VPos::Bottom))))?;
    }
    root.present()?;
    Ok(())
}

/// One bar of a funnel: its stage, count (as printed) and conversion from the bar before.
pub struct Bar<'a> {
    pub label: &'a str,
    pub count: u64,
    pub shown: String,
    pub conversion: Option<String>,
}

/// The front door as horizontal bars, each labelled with its count and its
/// conversion from the stage before.
pub fn funnel(steps: &[FunnelStage]) -> Result<String, ChartError> {
    let bars: Vec<Bar> = steps
        .iter()
        .map(|s| Bar {
            label: s.label,
            count: s.count.value().map_or(0, |v| v.numerator),
            shown: stage_count(s),
            conversion: stage_conversion(s),
        })
        .collect();
    bars_chart(&bars, "children")
}

/// Any funnel as horizontal bars of `unit` (children, households), each labelled with its count
/// and its conversion from the bar before.
pub fn bars_chart(bars: &[Bar], unit: &str) -> Result<String, ChartError> {
    let mut svg = String::new();
    draw_funnel(&mut svg, bars, unit).map_err(failed("funnel"))?;
    Ok(svg)
}

/// A stage's count as the chart and the table print it.
pub fn stage_count(stage: &FunnelStage) -> String {
    match &stage.count {
        Figure::Value(v) => format::count(v.numerator),
        Figure::NotAvailable(_) => "not available".to_owned(),
    }
}

/// A stage's conversion from the one before, as printed.
pub fn stage_conversion(stage: &FunnelStage) -> Option<String> {
    stage.conversion_percent.map(|p| format::value(Unit::Percent, p))
}

fn draw_funnel(svg: &mut String, steps: &[Bar], unit: &str) -> Drawn<()> {
    let height = 40 + 34 * steps.len() as u32;
    let root = SVGBackend::with_string(svg, (720, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let counts: Vec<u64> = steps.iter().map(|s| s.count).collect();
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let n = steps.len() as f64;
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .x_label_area_size(40)
        .y_label_area_size(170)
        .build_cartesian_2d(0.0..max * 1.45, 0.0..n.max(1.0))?;
    let names: Vec<&str> = steps.iter().map(|s| s.label).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(steps.len() * 2 + 1)
        .y_label_formatter(&|y| {
            // Labels sit at band centres (i + 0.5), counted from the top.
            let band = (n - y - 0.5).round();
            if (n - y - 0.5 - band).abs() < 1e-6 && band >= 0.0 {
                names.get(band as usize).copied().unwrap_or("").to_owned()
            } else {
                String::new()
            }
        })
        .x_label_formatter(&|x| format::number(*x, 0))
        .light_line_style(TRANSPARENT)
        .label_style(("sans-serif", 12))
        .x_desc(unit)
        .draw()?;
    for (i, step) in steps.iter().enumerate() {
        let top = n - i as f64 - 0.15;
        let bottom = n - i as f64 - 0.85;
        let c = counts[i] as f64;
        // Shades of grey step down the funnel; the black outline carries the shape in print.
        let shade = (200 - 20 * i.min(6)) as u8;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, bottom), (c, top)],
            RGBColor(shade, shade, 220).filled(),
        )))?;
        chart.draw_series(std::iter::once(Rectangle::new([(0.0, bottom), (c, top)], BLACK.stroke_width(1))))?;
        let mut label = step.shown.clone();
        if let (Some(rate), Some(prev)) = (&step.conversion, i.checked_sub(1).and_then(|p| steps.get(p))) {
            label.push_str(&format!(" ({rate} of {})", prev.label.to_lowercase()));
        }
        chart.draw_series(std::iter::once(Text::new(
            label,
            (c + max * 0.02, (top + bottom) / 2.0),
            anchored(11, HPos::Left, VPos::Center),
        )))?;
    }
    root.present()?;
    Ok(())
}
