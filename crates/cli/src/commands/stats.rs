use super::{Format, as_of_or_today, read_store};
use crate::clock::Clock;
use anyhow::Result;
use carefile_domain::stats::Stats;
use chrono::NaiveDate;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// The date of the snapshot (default: today).
    #[arg(long)]
    as_of: Option<NaiveDate>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub fn run(a: Args, clock: &dyn Clock) -> Result<()> {
    let store = read_store(&a.db)?;
    let as_of = as_of_or_today(a.as_of, clock);
    let stats = Stats::compute(&store.children()?, as_of);
    std::io::stdout().lock().write_all(render(&stats, as_of, a.format)?.as_bytes())?;
    Ok(())
}

pub fn render(s: &Stats, as_of: NaiveDate, format: Format) -> Result<String> {
    Ok(match format {
        Format::Json => serde_json::to_string_pretty(s)? + "\n",
        Format::Csv | Format::Text => {
            let value = serde_json::to_value(s)?;
            let obj = value.as_object().expect("Stats is an object");
            let mut out = String::new();
            if format == Format::Csv {
                out.push_str("measure,value\n");
                for (k, v) in obj {
                    out.push_str(&format!("{k},{v}\n"));
                }
            } else {
                out.push_str(&format!("Flows: the 12 months to {as_of}; open counts: on {as_of}\n"));
                for (k, v) in obj {
                    out.push_str(&format!("  {k:<24}{v:>8}\n"));
                }
            }
            out
        }
    })
}
