use anyhow::{Context, Result, bail};
use carefile_domain::Calendar;
use chrono::NaiveDate;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    op: Op,
    /// A file of extra closure days, one YYYY-MM-DD a line.
    #[arg(long, global = true)]
    closures: Option<String>,
}

#[derive(clap::Subcommand)]
enum Op {
    /// The date N working days after DATE (DATE is day 0).
    Add {
        date: NaiveDate,
        #[arg(allow_negative_numbers = true)]
        n: i64,
    },
    /// Working days from FROM (day 0) to TO.
    Between { from: NaiveDate, to: NaiveDate },
    /// Whether DATE is a working day.
    IsWorkingDay { date: NaiveDate },
}

pub fn run(a: Args) -> Result<()> {
    let mut cal = Calendar::england_and_wales();
    if let Some(path) = &a.closures {
        cal = cal.with_closures(read_closures(path)?);
    }
    let (answer, touched): (String, Vec<NaiveDate>) = match a.op {
        Op::Add { date, n } => {
            let to = cal.add_working_days(date, n);
            (to.to_string(), vec![date, to])
        }
        Op::Between { from, to } => (cal.working_days_between(from, to).to_string(), vec![from, to]),
        Op::IsWorkingDay { date } => (if cal.is_working_day(date) { "yes" } else { "no" }.to_string(), vec![date]),
    };
    for d in touched {
        if !cal.covers(d) {
            eprintln!(
                "warning: {d} is outside the bank-holiday table ({} to {}): only weekends are excluded there",
                cal.first_covered(),
                cal.last_covered()
            );
            break;
        }
    }
    writeln!(std::io::stdout().lock(), "{answer}")?;
    Ok(())
}

fn read_closures(path: &str) -> Result<Vec<NaiveDate>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read '{path}'"))?;
    let mut days = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.parse() {
            Ok(d) => days.push(d),
            Err(_) => bail!("{path} line {}: '{line}' is not a date (expected YYYY-MM-DD)", i + 1),
        }
    }
    Ok(days)
}
