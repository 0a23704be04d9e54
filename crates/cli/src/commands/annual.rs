//! `carefile annual`: the fostering, adoption and panel annual reports' figures for a financial
//! year, computed from carers', adopters' and panels' records (decision 007), with the
//! reconciliation checks between them; exits non-zero when a check fails, so two tables of the
//! same report cannot disagree unnoticed.

use super::{Format, read_store};
use anyhow::{Result, bail};
use carefile_domain::adopters::AdopterRecord;
use carefile_domain::annual::{Check, Figure, Funnel, Year};
use carefile_domain::fostering::CarerRecord;
use carefile_domain::panels::Sitting;
use carefile_report::annual::Annual;
use carefile_store::Subjects;
use std::fmt::{Display, Write as _};
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// The authority's fostering and adoption timescales and panels' quorums, over the shipped
    /// ones (as `carefile serve --fostering-adoption`).
    #[arg(long, env = "CAREFILE_FOSTERING_ADOPTION")]
    fostering_adoption: Option<std::path::PathBuf>,
    /// The financial year by the calendar year it starts in (2025: 1 April 2025 to 31 March 2026).
    #[arg(long)]
    year: i32,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub fn run(a: Args) -> Result<()> {
    let Some(year) = Year::financial(a.year) else { bail!("--year {}: not a year", a.year) };
    let store = read_store(&a.db)?;
    let carers: Vec<CarerRecord> = store.subjects::<CarerRecord>(None)?.into_iter().map(|r| r.0).collect();
    let adopters: Vec<AdopterRecord> = store.subjects::<AdopterRecord>(None)?.into_iter().map(|r| r.0).collect();
    let sittings: Vec<Sitting> = store.subjects::<Sitting>(None)?.into_iter().map(|r| r.0).collect();
    let annual = Annual::compute(&carers, &adopters, &sittings, year, &super::panels::config(a.fostering_adoption.as_deref())?);
    let text = match a.format {
        Format::Json => serde_json::to_string_pretty(&annual)? + "\n",
        Format::Text | Format::Csv => render(&annual),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    let failed = annual.checks().iter().filter(|c| !c.holds).count();
    if failed > 0 {
        bail!("{failed} reconciliation check(s) failed");
    }
    Ok(())
}

fn line<T>(out: &mut String, f: &Figure<T>) {
    let _ = writeln!(out, "  {:<52}{:>6}", f.label, f.count());
}

/// A line under a sub-heading.
fn sub_line<T>(out: &mut String, f: &Figure<T>) {
    let _ = writeln!(out, "    {:<50}{:>6}", f.label, f.count());
}

fn funnel<T: Clone>(out: &mut String, title: &str, f: &Funnel<T>) {
    let _ = writeln!(out, "  {title}");
    for s in &f.stages {
        let _ = writeln!(out, "    {:<50}{:>6}", s.label, s.count());
    }
    let last = f.stages.len() - 1;
    for (from, name) in [(0, "enquiry"), (1, "initial visit")] {
        if let Some(c) = f.conversion(from, last) {
            let _ = writeln!(out, "    {:<50}{:>5.0}%", format!("conversion, {name} to approval"), c);
        }
    }
}

fn checks(out: &mut String, checks: &[Check]) {
    for c in checks {
        let _ = writeln!(out, "  [{}] {}: {}", if c.holds { "ok" } else { "FAILED" }, c.name, c.detail);
    }
}

fn heading(out: &mut String, title: impl Display) {
    let _ = writeln!(out, "\n{title}");
}

/// The figures as text, each section with its checks.
pub fn render(a: &Annual) -> String {
    let mut out = String::new();
    let f = &a.fostering;
    let _ = writeln!(out, "Annual figures for {} to {}", f.year.from, f.year.to);
    heading(&mut out, "Fostering");
    funnel(&mut out, "The year's enquiries, followed to the year's end (cohort)", &f.cohort);
    line(&mut out, &f.in_progress);
    let _ = writeln!(out, "  The year's activity (whenever the enquiry came)");
    for x in &f.activity {
        sub_line(&mut out, x);
    }
    let h = &f.households;
    for x in [&h.at_start, &h.approved, &h.transferred_in, &h.recorded] {
        line(&mut out, x);
    }
    for (reason, x) in &h.ended {
        let _ = writeln!(out, "  {:<52}{:>6}", format!("Ended: {}", reason.label()), x.count());
    }
    line(&mut out, &h.at_end);
    for x in &f.connected {
        line(&mut out, x);
    }
    checks(&mut out, &f.checks());

    let ad = &a.adopters;
    heading(&mut out, "Adopters");
    funnel(&mut out, "The year's enquiries, followed to the year's end (cohort)", &ad.cohort);
    let _ = writeln!(out, "  The year's activity (whenever the enquiry came)");
    for x in &ad.activity {
        sub_line(&mut out, x);
    }
    line(&mut out, &ad.timeliness.decided);
    line(&mut out, &ad.timeliness.within_target);
    if let Some(m) = ad.timeliness.mean_days() {
        let _ = writeln!(out, "  {:<52}{:>6.0}", "Mean days in assessment (breaks left out)", m);
    }
    for x in [&ad.at_start, &ad.approved, &ad.ended, &ad.at_end] {
        line(&mut out, x);
    }
    checks(&mut out, &ad.checks());

    for p in &a.panels {
        heading(&mut out, format!("{:?} panel", p.panel));
        line(&mut out, &p.held);
        line(&mut out, &p.cancelled);
        line(&mut out, &p.heard);
        for (r, x, pct) in &p.outcomes {
            let _ = writeln!(out, "    {:<50}{:>6} {:>4}%", r.label(), x.count(), pct);
        }
        for (g, x, pct) in &p.grades {
            let _ = writeln!(out, "    {:<50}{:>6} {:>4}%", format!("Report graded {}", g.label()), x.count(), pct);
        }
        for x in [&p.ungraded, &p.decided, &p.decided_in_time, &p.awaiting] {
            line(&mut out, x);
        }
        for x in [&p.actions_set, &p.actions_open, &p.actions_overdue] {
            line(&mut out, x);
        }
        checks(&mut out, &p.checks());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use carefile_domain::Recorded;
    use carefile_domain::fostering::FosteringEvent;
    use carefile_domain::fostering::examples::mainstream;
    use carefile_domain::fostering::terms::EndReason;
    use carefile_domain::people::HouseholdId;
    use carefile_domain::stream::{Projection, Stamp};
    use chrono::TimeZone;

    fn carer(id: &str, events: &[FosteringEvent]) -> CarerRecord {
        let r = Recorded::new(chrono::Utc.with_ymd_and_hms(2026, 6, 30, 12, 0, 0).unwrap(), "sw", None);
        let stamps = events.iter().enumerate().map(|(i, e)| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: &r }, e));
        CarerRecord::replay(&HouseholdId::new(id).unwrap(), stamps).unwrap().unwrap()
    }

    #[test]
    fn the_text_shows_the_households_identity_and_its_check() {
        let d = |s: &str| s.parse().unwrap();
        let carers = [
            carer("H000001", &[FosteringEvent::ExistingApproval { date: d("2019-01-07"), terms: mainstream() }]),
            carer(
                "H000002",
                &[
                    FosteringEvent::ExistingApproval { date: d("2020-01-06"), terms: mainstream() },
                    FosteringEvent::ApprovalEnded { date: d("2025-09-01"), reason: EndReason::Retired },
                ],
            ),
        ];
        let a = Annual::compute(&carers, &[], &[], Year::financial(2025).unwrap(), &carefile_domain::fostering::Config::default());
        let text = render(&a);
        let row = |label: &str, n: usize| format!("  {label:<52}{n:>6}\n");
        for expected in [
            row("Approved households at the start of the year", 2),
            row("Ended: Retired from fostering", 1),
            row("Approved households at the end of the year", 1),
            "[ok] households at the start + approvals − approvals ended = households at the end: 2 + 0 − 1 = 1".to_string(),
        ] {
            assert!(text.contains(&expected), "{expected}\n{text}");
        }
        assert!(a.checks().iter().all(|c| c.holds));
        assert!(a.panels.is_empty());
    }
}
