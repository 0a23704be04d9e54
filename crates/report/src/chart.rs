//! Charts drawn with plotters' SVG backend into strings embedded in the page.
//! Text is emitted as SVG `<text>` (no font files needed); lines are black
//! with point markers and bars are outlined, so they read in black and white.

use crate::format;
use crate::model::{FunnelStep, TrendPoint, Unit};
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
        .margin_left(4)
        .margin_right(8)
        .margin_top(14)
        .x_label_area_size(14)
        .build_cartesian_2d(-0.3..last + 0.3, lo - pad..hi + pad)?;
    let labels: Vec<&str> = points.iter().map(|p| p.period.as_str()).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .x_labels(2)
        .x_label_formatter(&|x| {
            let i = x.round() as usize;
            // Only the first and last periods are named: the cell is small.
            if i == 0 || i + 1 == labels.len() { labels.get(i).copied().unwrap_or("").to_owned() } else { String::new() }
        })
        .x_label_style(("sans-serif", 9))
        .light_line_style(WHITE)
        .draw()?;
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
    chart.draw_series(known.iter().map(|&(x, y)| Circle::new((x, y), 3, BLACK.filled())))?;
    if let Some(&(x, y)) = known.last() {
        let label = format::value(unit, y);
        chart.draw_series(std::iter::once(Text::new(
            label,
            (x, hi + pad),
            anchored(10, HPos::Right, VPos::Bottom),
        )))?;
    }
    root.present()?;
    Ok(())
}

/// The front door as horizontal bars, each labelled with its count and its
/// conversion from the step before.
pub fn funnel(steps: &[FunnelStep]) -> Result<String, ChartError> {
    let mut svg = String::new();
    draw_funnel(&mut svg, steps).map_err(failed("funnel"))?;
    Ok(svg)
}

/// The conversion from one step to the next, as the label and the table print it.
pub fn conversion(from: u64, to: u64) -> Option<String> {
    (from > 0).then(|| format::value(Unit::Percent, to as f64 * 100.0 / from as f64))
}

fn draw_funnel(svg: &mut String, steps: &[FunnelStep]) -> Drawn<()> {
    let height = 40 + 34 * steps.len() as u32;
    let root = SVGBackend::with_string(svg, (720, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let max = steps.iter().map(|s| s.count).max().unwrap_or(0).max(1) as f64;
    let n = steps.len() as f64;
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .x_label_area_size(24)
        .y_label_area_size(170)
        .build_cartesian_2d(0.0..max * 1.45, 0.0..n.max(1.0))?;
    let names: Vec<&str> = steps.iter().map(|s| s.label.as_str()).collect();
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
        .label_style(("sans-serif", 11))
        .x_desc("children")
        .draw()?;
    for (i, step) in steps.iter().enumerate() {
        let top = n - i as f64 - 0.15;
        let bottom = n - i as f64 - 0.85;
        let c = step.count as f64;
        // Shades of grey step down the funnel; the black outline carries the shape in print.
        let shade = (200 - 20 * i.min(6)) as u8;
        chart.draw_series(std::iter::once(Rectangle::new([(0.0, bottom), (c, top)], RGBColor(shade, shade, 220).filled())))?;
        chart.draw_series(std::iter::once(Rectangle::new([(0.0, bottom), (c, top)], BLACK.stroke_width(1))))?;
        let mut label = format::count(step.count);
        if let Some(prev) = i.checked_sub(1).and_then(|p| steps.get(p)) {
            if let Some(rate) = conversion(prev.count, step.count) {
                label.push_str(&format!(" ({rate} of {})", prev.label.to_lowercase()));
            }
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
