use super::{Format, as_of_or_today, read_store};
use crate::clock::Clock;
use anyhow::{Context, Result};
use carefile_domain::timescales::{DueRow, Status, TimescaleConfig, due_list};
use carefile_domain::virtual_school::SchoolTerms;
use carefile_domain::{Calendar, TeamId};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// The date to judge on (default: today).
    #[arg(long)]
    as_of: Option<NaiveDate>,
    /// Only this team's children.
    #[arg(long)]
    team: Option<TeamId>,
    /// The authority's timescales, if they differ from the statutory defaults (TOML).
    #[arg(long)]
    timescales: Option<String>,
    /// The authority's school terms, the Virtual School's calendar for PEPs (TOML, as
    /// crates/domain/config/school-terms.toml).
    #[arg(long)]
    school_terms: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// One line of the list, as CSV and JSON carry it.
#[derive(Serialize)]
struct Line {
    child_id: String,
    worker: String,
    team: String,
    item: &'static str,
    due: String,
    status: &'static str,
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Overdue => "overdue",
        Status::Due => "due",
        Status::Met => "met",
        Status::MetLate => "met late",
    }
}

fn line(r: &DueRow) -> Line {
    Line {
        child_id: r.child.to_string(),
        worker: r.worker.as_ref().map_or(String::new(), |w| w.to_string()),
        team: r.team.as_ref().map_or(String::new(), |t| t.to_string()),
        item: r.item.name(),
        due: match r.due.time {
            Some(t) => format!("{} {}", r.due.date, t.format("%H:%M")),
            None => r.due.date.to_string(),
        },
        status: status_word(r.status),
    }
}

pub fn run(a: Args, clock: &dyn Clock) -> Result<()> {
    let cfg = match &a.timescales {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read '{path}'"))?;
            TimescaleConfig::from_toml(&text).with_context(|| format!("in '{path}'"))?
        }
        None => TimescaleConfig::default(),
    };
    let cfg = match &a.school_terms {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read '{path}'"))?;
            cfg.with_school_terms(SchoolTerms::from_toml(&text).with_context(|| format!("in '{path}'"))?)
        }
        None => cfg,
    };
    let store = read_store(&a.db)?;
    let org = store.organisation()?;
    if let Some(team) = &a.team
        && !org.teams.contains_key(team)
    {
        anyhow::bail!("no team '{team}' in this database");
    }
    let as_of = as_of_or_today(a.as_of, clock);
    // A term's notice: the next year's terms are due before the last one listed ends.
    if let Some(w) = cfg.school_terms.running_out(as_of, 120) {
        eprintln!("warning: {w}");
    }
    let children = store.children()?;
    let mut rows = due_list(&children, &Calendar::england_and_wales(), &cfg, as_of, a.team.as_ref());
    rows.sort_by(|x, y| (&x.team, &x.worker, x.due.date, &x.child).cmp(&(&y.team, &y.worker, y.due.date, &y.child)));
    let lines: Vec<Line> = rows.iter().map(line).collect();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match a.format {
        Format::Json => serde_json::to_writer_pretty(&mut out, &lines)?,
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            for l in &lines {
                w.serialize(l)?;
            }
            if lines.is_empty() {
                w.write_record(["child_id", "worker", "team", "item", "due", "status"])?;
            }
            w.flush()?;
        }
        Format::Text => {
            let mut names: HashMap<String, String> =
                org.teams.values().map(|t| (t.id.to_string(), t.name.clone())).collect();
            names.extend(org.staff.values().map(|s| (s.id.to_string(), s.name.clone())));
            write_text(&mut out, &lines, as_of, &names)?
        }
    }
    out.flush()?;
    Ok(())
}

/// By team, then worker: counts first, then the items, overdue marked.
fn write_text(out: &mut impl Write, lines: &[Line], as_of: NaiveDate, names: &HashMap<String, String>) -> Result<()> {
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    let overdue = lines.iter().filter(|l| l.status == "overdue").count();
    writeln!(out, "Due and overdue on {as_of}: {} items, {overdue} overdue", lines.len())?;
    let mut last: Option<(&str, &str)> = None;
    for l in lines {
        let key = (l.team.as_str(), l.worker.as_str());
        if last != Some(key) {
            let n = lines.iter().filter(|x| (x.team.as_str(), x.worker.as_str()) == key).count();
            let worker = if l.worker.is_empty() { "unallocated".to_string() } else { name(&l.worker) };
            let team = if l.team.is_empty() { "no team".to_string() } else { name(&l.team) };
            writeln!(out, "\n{team} / {worker} ({n})")?;
            last = Some(key);
        }
        let mark = if l.status == "overdue" { "OVERDUE" } else { "due    " };
        writeln!(out, "  {mark} {:<16} {:<10} {}", l.due, l.child_id, l.item)?;
    }
    Ok(())
}
