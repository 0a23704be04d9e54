//! The report as data: JSON (an array of indicator objects), CSV and XLSX,
//! all with the same columns taken from the same rows.

use crate::forecast;
use crate::format;
use crate::model::{Report, Row};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Serialize;

/// One indicator as data. `value` is numerator ÷ denominator (×100 for percentages).
#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    name: &'a str,
    outcome: &'a str,
    period: &'a str,
    numerator: Option<u64>,
    denominator: Option<u64>,
    value: Option<f64>,
    unit: crate::model::Unit,
    polarity: crate::model::Polarity,
    direction: Option<crate::model::Direction>,
    previous_period: Option<&'a str>,
    previous: Option<f64>,
    rag: Option<crate::model::Rag>,
    quartile: Option<u8>,
    sn_average: Option<f64>,
    england: Option<f64>,
    regional: Option<f64>,
    target: Option<f64>,
    comparator_source: Option<&'a str>,
    year_ago_period: Option<&'a str>,
    year_ago: Option<f64>,
    year_ago_direction: Option<crate::model::Direction>,
    available: bool,
    unavailable_reason: Option<&'a str>,
    partial: Option<&'a str>,
    small_numbers: bool,
    basis: &'a str,
    trend: &'a [crate::model::TrendPoint],
}

fn record(row: &Row) -> Record<'_> {
    Record {
        id: &row.id,
        name: &row.name,
        outcome: &row.outcome,
        period: &row.period,
        numerator: row.numerator,
        denominator: row.denominator,
        value: row.value,
        unit: row.unit,
        polarity: row.polarity,
        direction: row.direction,
        previous_period: row.previous_period.as_deref(),
        previous: row.previous,
        rag: row.rag,
        quartile: row.quartile,
        sn_average: row.sn_average,
        england: row.england,
        regional: row.regional,
        target: row.target,
        comparator_source: row.comparator_source.as_deref(),
        year_ago_period: row.year_ago_period.as_deref(),
        year_ago: row.year_ago,
        year_ago_direction: row.year_ago_direction,
        available: row.unavailable.is_none(),
        unavailable_reason: row.unavailable.as_deref(),
        partial: row.partial.as_deref(),
        small_numbers: row.small,
        basis: &row.basis,
        trend: &row.trend,
    }
}

pub fn json(report: &Report) -> serde_json::Result<String> {
    let records: Vec<Record> = report.rows.iter().map(record).collect();
    Ok(serde_json::to_string_pretty(&records)? + "\n")
}

/// The flat columns shared by CSV and XLSX: raw values for sums, then the
/// cells as the committee reads them.
const COLUMNS: [&str; 25] = [
    "id",
    "name",
    "outcome",
    "period",
    "numerator",
    "denominator",
    "value",
    "unit",
    "polarity",
    "direction",
    "year_ago_period",
    "year_ago",
    "year_ago_direction",
    "rag",
    "quartile",
    "sn_average",
    "england",
    "regional",
    "target",
    "small_numbers",
    "partial",
    "basis",
    "current_performance",
    "compared_to_previous",
    "compared_to_year_ago",
];

/// A cell: text, or a number a spreadsheet can add up.
enum Cell {
    Text(String),
    Number(f64),
    Blank,
}

fn word<T: Serialize>(v: &T) -> String {
    // The enums serialise to their snake_case names, the same words the JSON uses.
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn cells(row: &Row) -> [Cell; 25] {
    let num = |v: Option<f64>| v.map_or(Cell::Blank, Cell::Number);
    let int = |v: Option<u64>| v.map_or(Cell::Blank, |n| Cell::Number(n as f64));
    let opt_word = |w: Option<String>| w.map_or(Cell::Blank, Cell::Text);
    [
        Cell::Text(row.id.clone()),
        Cell::Text(row.name.clone()),
        Cell::Text(row.outcome.clone()),
        Cell::Text(row.period.clone()),
        int(row.numerator),
        int(row.denominator),
        num(row.value),
        Cell::Text(word(&row.unit)),
        Cell::Text(word(&row.polarity)),
        opt_word(row.direction.as_ref().map(word)),
        opt_word(row.year_ago_period.clone()),
        num(row.year_ago),
        opt_word(row.year_ago_direction.as_ref().map(word)),
        opt_word(row.rag.as_ref().map(word)),
        int(row.quartile.map(u64::from)),
        num(row.sn_average),
        num(row.england),
        num(row.regional),
        num(row.target),
        Cell::Text(if row.small { "yes" } else { "no" }.to_owned()),
        opt_word(row.partial.clone()),
        Cell::Text(row.basis.clone()),
        Cell::Text(format::value_cell(row)),
        Cell::Text(format::direction_cell(row)),
        Cell::Text(format::year_ago_cell(row)),
    ]
}

pub fn csv(report: &Report) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    for row in &report.rows {
        w.write_record(cells(row).iter().map(|c| match c {
            Cell::Text(t) => t.clone(),
            // Full precision: the CSV is for checking and further sums.
            Cell::Number(n) => n.to_string(),
            Cell::Blank => String::new(),
        }))?;
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The workbook: the indicators on one sheet, the reconciliation checks on another.
pub fn xlsx(report: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet().set_name("Indicators")?;
    for (c, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &bold)?;
    }
    for (r, row) in report.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in cells(row).into_iter().enumerate() {
            match cell {
                Cell::Text(t) => sheet.write_string(r, c as u16, t)?,
                Cell::Number(n) => sheet.write_number(r, c as u16, n)?,
                Cell::Blank => sheet,
            };
        }
    }
    sheet.autofit();
    let checks = book.add_worksheet().set_name("Reconciliation")?;
    for (c, name) in ["check", "parts", "sum of parts", "total", "reconciles"].iter().enumerate() {
        checks.write_string_with_format(0, c as u16, *name, &bold)?;
    }
    for (r, check) in report.checks.iter().enumerate() {
        let r = r as u32 + 1;
        let parts: Vec<String> = check.parts.iter().map(|(l, n)| format!("{l} {n}")).collect();
        checks.write_string(r, 0, &check.name)?;
        checks.write_string(r, 1, parts.join(" + "))?;
        checks.write_number(r, 2, check.parts.iter().map(|(_, n)| *n as f64).sum::<f64>())?;
        checks.write_number(r, 3, check.total as f64)?;
        checks.write_boolean(r, 4, check.ok)?;
    }
    if !report.forecast.is_empty() {
        forecast_sheets(&mut book, report, &bold)?;
    }
    book.save_to_buffer()
}

/// The forecast's months (history and forecast) on one sheet, each measure's method and
/// backtest errors on another.
fn forecast_sheets(book: &mut Workbook, report: &Report, bold: &Format) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet().set_name("Forecast")?;
    for (c, name) in forecast::COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, bold)?;
    }
    for (r, line) in forecast::lines(&report.forecast).iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, line.id)?;
        sheet.write_string(r, 1, &line.month)?;
        sheet.write_string(r, 2, line.kind)?;
        sheet.write_number(r, 3, line.value)?;
        for (c, v) in [line.lower80, line.upper80, line.lower95, line.upper95].into_iter().enumerate() {
            if let Some(v) = v {
                sheet.write_number(r, 4 + c as u16, v)?;
            }
        }
        if let Some(m) = line.method {
            sheet.write_string(r, 8, word(&m))?;
        }
    }
    sheet.autofit();
    let errors = book.add_worksheet().set_name("Forecast errors")?;
    let columns = ["id", "method", "origins", "forecasts", "model_mase", "baseline_mase", "why"];
    for (c, name) in columns.iter().enumerate() {
        errors.write_string_with_format(0, c as u16, *name, bold)?;
    }
    for (r, d) in report.forecast.iter().enumerate() {
        let r = r as u32 + 1;
        errors.write_string(r, 0, &d.id)?;
        match &d.forecast {
            Some(f) => {
                errors.write_string(r, 1, word(&f.method))?;
                errors.write_number(r, 2, f.backtest.origins as f64)?;
                errors.write_number(r, 3, f.backtest.forecasts as f64)?;
                for (c, v) in [f.backtest.model_mase, f.backtest.baseline_mase].into_iter().enumerate() {
                    if let Some(v) = v {
                        errors.write_number(r, 4 + c as u16, v)?;
                    }
                }
                errors.write_string(r, 6, &f.why)?;
            }
            None => {
                errors.write_string(r, 6, d.refused.as_deref().unwrap_or_default())?;
            }
        }
    }
    errors.autofit();
    Ok(())
}

/// The forecast as one long table: each measure's months of history, then its forecast months.
pub fn forecast_csv(report: &Report) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(forecast::COLUMNS)?;
    for line in forecast::lines(&report.forecast) {
        let opt = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        w.write_record([
            line.id.to_owned(),
            line.month,
            line.kind.to_owned(),
            line.value.to_string(),
            opt(line.lower80),
            opt(line.upper80),
            opt(line.lower95),
            opt(line.upper95),
            line.method.map(|m| word(&m)).unwrap_or_default(),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The forecast as JSON: each measure with its monthly history, its forecast months, the method
/// shown and why, and the backtest's errors (or why there is no forecast).
pub fn forecast_json(report: &Report) -> serde_json::Result<String> {
    Ok(serde_json::to_string_pretty(&report.forecast)? + "\n")
}
