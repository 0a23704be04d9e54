//! `carefile workforce`: the children's social work workforce census figures
//! (decision 008) on a census date, by team and for the authority: employed
//! and agency FTE, vacancies, leavers in the year, and the turnover, vacancy
//! and agency rates. CSV is carefile's own census file: one row per team, then
//! the authority's.

use super::{Format, as_of_or_today, read_store};
use crate::clock::Clock;
use anyhow::Result;
use carefile_domain::workforce::{Census, Rate, census};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// The census date (default: the last 30 September on or before today).
    #[arg(long)]
    date: Option<NaiveDate>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// One row of the census file; FTE to two decimals, rates in per cent to one.
#[derive(Serialize)]
struct Row {
    team: String,
    team_name: String,
    census_date: NaiveDate,
    employed_fte: String,
    agency_fte: String,
    vacancies_fte: String,
    leavers_fte: String,
    turnover_percent: String,
    vacancy_percent: String,
    agency_percent: String,
}

fn fte(h: u64) -> String {
    format!("{}.{:02}", h / 100, h % 100)
}

fn pct(r: &Rate) -> String {
    r.percent().map_or(String::new(), |p| format!("{p:.1}"))
}

fn row(team: &str, name: &str, c: &Census) -> Row {
    Row {
        team: team.into(),
        team_name: name.into(),
        census_date: c.date,
        employed_fte: fte(c.employed.0),
        agency_fte: fte(c.agency.0),
        vacancies_fte: fte(c.vacancy.numerator),
        leavers_fte: fte(c.leavers.0),
        turnover_percent: pct(&c.turnover),
        vacancy_percent: pct(&c.vacancy),
        agency_percent: pct(&c.agency_rate),
    }
}

/// The last 30 September on or before `d`.
fn census_date(d: NaiveDate) -> NaiveDate {
    let this = NaiveDate::from_ymd_opt(d.year(), 9, 30).expect("30 September exists");
    if this <= d { this } else { NaiveDate::from_ymd_opt(d.year() - 1, 9, 30).expect("30 September exists") }
}

pub fn run(a: Args, clock: &dyn Clock) -> Result<()> {
    let date = a.date.unwrap_or_else(|| census_date(as_of_or_today(None, clock)));
    let org = read_store(&a.db)?.organisation()?;
    let mut rows: Vec<Row> = org
        .teams
        .values()
        .map(|t| row(t.id.as_str(), &t.name, &census(&org, date, |x| *x == t.id)))
        .filter(|r| {
            r.employed_fte != "0.00" || r.agency_fte != "0.00" || r.vacancies_fte != "0.00" || r.leavers_fte != "0.00"
        })
        .collect();
    let all = census(&org, date, |_| true);
    rows.push(row("", "Authority", &all));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match a.format {
        Format::Json => serde_json::to_writer_pretty(&mut out, &rows)?,
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            for r in &rows {
                w.serialize(r)?;
            }
            w.flush()?;
        }
        Format::Text => {
            writeln!(out, "Children's social work workforce at {date} (the year to it for leavers)")?;
            writeln!(
                out,
                "{:<32} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
                "team", "employed", "agency", "vacant", "leavers", "turnover", "vacancy", "agency"
            )?;
            for r in &rows {
                let pc = |s: &str| if s.is_empty() { "n/a".to_string() } else { format!("{s}%") };
                writeln!(
                    out,
                    "{:<32} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
                    r.team_name,
                    r.employed_fte,
                    r.agency_fte,
                    r.vacancies_fte,
                    r.leavers_fte,
                    pc(&r.turnover_percent),
                    pc(&r.vacancy_percent),
                    pc(&r.agency_percent)
                )?;
            }
            writeln!(
                out,
                "\nFTE; turnover = leavers / employed; vacancy = vacant / (vacant + employed); agency = agency / (agency + employed)."
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_census_date_is_the_last_30_september() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(census_date(d("2026-09-30")), d("2026-09-30"));
        assert_eq!(census_date(d("2026-09-29")), d("2025-09-30"));
        assert_eq!(census_date(d("2026-12-07")), d("2026-09-30"));
        assert_eq!((fte(0), fte(1), fte(410)), ("0.00".to_string(), "0.01".to_string(), "4.10".to_string()));
    }
}
