//! `carefile report`: the committee's performance report computed from the
//! record, as HTML (with charts and narrative), XLSX, CSV or JSON; or, with
//! `--explain`, the children behind one indicator's figure.

use super::read_store;
use crate::clock::Clock;
use anyhow::{Result, bail};
use carefile_domain::ids::TeamId;
use carefile_domain::org::Service;
use carefile_indicators::{Config, Filter, Period, PeriodKind};
use chrono::Datelike;
use carefile_report::{Options, Report, explain, forecast, html, tabular};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// The authority's fostering and adoption timescales and panels' quorums, over the shipped
    /// ones (as `carefile serve --fostering-adoption`).
    #[arg(long, env = "CAREFILE_FOSTERING_ADOPTION")]
    fostering_adoption: Option<std::path::PathBuf>,
    /// The period: 2025-26, 2025-26-Q4, R12:2026-03-31, YTD:2026-02-28, AT:2026-03-31 or M:2026-03.
    #[arg(long)]
    period: Period,
    #[command(flatten)]
    benchmarking: super::benchmarking::ComparatorArgs,
    /// Only the children allocated to this team.
    #[arg(long, conflicts_with_all = ["locality", "service"])]
    team: Option<TeamId>,
    /// Only the teams of this locality.
    #[arg(long, conflicts_with = "service")]
    locality: Option<String>,
    /// Only the teams of this service (first_response, locality, disabled_children, children_in_care, care_leavers, early_help, reviewing).
    #[arg(long, value_parser = parse_service)]
    service: Option<Service>,
    /// Output format (default: from --out's extension, else html).
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    /// Write here; required for HTML and XLSX, otherwise standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// List the children in this indicator's numerator and denominator (the JSON `id`), with the dates that put them there.
    #[arg(long, value_name = "INDICATOR")]
    explain: Option<String>,
    /// Write only the demand forecast (each measure's monthly history and the twelve months after the
    /// period), as csv or json; HTML and XLSX reports of the whole authority include it anyway.
    #[arg(long, conflicts_with_all = ["explain", "team", "locality", "service"])]
    forecast: bool,
    /// Mark a share or mean of fewer children than this as resting on small numbers.
    #[arg(long, default_value_t = 10, value_name = "N")]
    small_numbers: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    Html,
    Xlsx,
    Csv,
    Json,
    /// For --explain only.
    Text,
}

fn parse_service(s: &str) -> Result<Service, String> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|_| {
        format!("'{s}' is not a service: expected first_response, locality, disabled_children, children_in_care, care_leavers, early_help or reviewing")
    })
}

fn format_of(a: &Args) -> ReportFormat {
    let by_extension = a.out.as_deref().and_then(Path::extension).and_then(|e| e.to_str()).and_then(|e| {
        Some(match e.to_ascii_lowercase().as_str() {
            "html" | "htm" => ReportFormat::Html,
            "xlsx" => ReportFormat::Xlsx,
            "csv" => ReportFormat::Csv,
            "json" => ReportFormat::Json,
            "txt" => ReportFormat::Text,
            _ => return None,
        })
    });
    let default = if a.explain.is_some() { ReportFormat::Text } else { ReportFormat::Html };
    a.format.or(by_extension).unwrap_or(default)
}

fn write(out: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match out {
        Some(path) => crate::atomic::write(path, bytes),
        None => Ok(std::io::stdout().lock().write_all(bytes)?),
    }
}

/// The fostering and adoption services' annual reports for a financial year's report of the
/// whole authority (carers, adopters and panels belong to no team).
fn services_year(
    store: &dyn carefile_store::EventStore,
    period: &Period,
    filter: &Filter,
    cfg: &carefile_domain::fostering::Config,
) -> Result<Option<carefile_report::annual::Annual>> {
    use carefile_domain::fostering::CarerRecord;
    use carefile_store::Subjects;
    let whole = filter.team.is_none() && filter.locality.is_none() && filter.service.is_none();
    if period.kind != PeriodKind::FinancialYear || !whole {
        return Ok(None);
    }
    let Some(year) = carefile_domain::annual::Year::financial(period.start.year()) else { return Ok(None) };
    let carers: Vec<CarerRecord> = store.subjects::<CarerRecord>(None)?.into_iter().map(|r| r.0).collect();
    let adopters: Vec<_> = store.subjects::<carefile_domain::adopters::AdopterRecord>(None)?.into_iter().map(|r| r.0).collect();
    let sittings: Vec<_> = store.subjects::<carefile_domain::panels::Sitting>(None)?.into_iter().map(|r| r.0).collect();
    Ok(Some(carefile_report::annual::Annual::compute(&carers, &adopters, &sittings, year, cfg)))
}

pub fn run(a: Args, clock: &dyn Clock) -> Result<()> {
    let format = format_of(&a);
    let benchmarking = a.benchmarking.load()?;
    let filter = Filter { team: a.team.clone(), locality: a.locality.clone(), service: a.service };
    let store = read_store(&a.db)?;
    let records = store.children()?;
    let org = store.organisation()?;
    let config = Config::default();
    let comparators = benchmarking.comparators(&a.period, org.authority.as_ref().map(|x| x.dfe_number));
    let out = a.out.as_deref();

    if let Some(id) = &a.explain {
        let e = carefile_indicators::explain(&records, &org, id, &a.period, &filter, &comparators, &config)?;
        let text = match format {
            ReportFormat::Text => explain::text(&e),
            ReportFormat::Json => serde_json::to_string_pretty(&e)? + "\n",
            ReportFormat::Csv => explain::csv(&e)?,
            ReportFormat::Html | ReportFormat::Xlsx => bail!("--explain writes text, csv or json"),
        };
        return write(out, text.as_bytes());
    }

    let engine = carefile_indicators::Engine::new(&records, &org, &config);
    let dashboard = engine.dashboard(&a.period, &filter, &comparators)?;
    // The record as it stood when the report was made.
    let data_as_at = Some(clock.now().format("%-d %B %Y %H:%M UTC").to_string());
    let mut report = Report::from_dashboard_with(&dashboard, &Options { small_numbers: a.small_numbers, data_as_at });
    // Demand is forecast for the whole authority, from the months up to the period's end.
    let forecast = a.forecast || (filter.is_whole() && matches!(format, ReportFormat::Html | ReportFormat::Xlsx));
    if forecast {
        for id in forecast::MEASURES {
            let monthly = engine.monthly(id, a.period.end, forecast::HISTORY_MONTHS, &comparators)?;
            report.forecast.push(forecast::Demand::of(&monthly));
        }
    }
    if a.forecast {
        let text = match format {
            ReportFormat::Csv => tabular::forecast_csv(&report)?,
            ReportFormat::Json => tabular::forecast_json(&report)?,
            _ => bail!("--forecast writes csv or json (HTML and XLSX reports include the forecast)"),
        };
        return write(out, text.as_bytes());
    }
    match format {
        ReportFormat::Html => {
            let Some(path) = out else { bail!("an HTML report needs --out FILE.html") };
            let cfg = super::panels::config(a.fostering_adoption.as_deref())?;
            let more = services_year(&*store, &a.period, &filter, &cfg)?
                .map(|annual| carefile_report::annual::fragment(&annual, &cfg, false))
                .transpose()?;
            write(Some(path), html::page_with(&report, more)?.as_bytes())?;
        }
        ReportFormat::Xlsx => {
            let Some(path) = out else { bail!("an XLSX report needs --out FILE.xlsx") };
            write(Some(path), &tabular::xlsx(&report)?)?;
        }
        ReportFormat::Csv => write(out, tabular::csv(&report)?.as_bytes())?,
        ReportFormat::Json => write(out, tabular::json(&report)?.as_bytes())?,
        ReportFormat::Text => bail!("text is for --explain; the report is html, xlsx, csv or json"),
    }
    if let Some(path) = out {
        // Only counts: never a child's data on the terminal or in logs.
        eprintln!("wrote {} ({} indicators, {})", path.display(), report.rows.len(), dashboard.period.label());
    }
    Ok(())
}
