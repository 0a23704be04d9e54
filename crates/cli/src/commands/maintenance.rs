//! `carefile maintenance`: the switch every server over the database reads with
//! its heartbeat; while it is on, pages and the API answer 503 with the
//! operator's message, so nothing is written during an upgrade or a restore.

use super::{open_store, read_store};
use crate::clock::Clock;
use anyhow::{Context, Result};

#[derive(clap::Args)]
pub struct Args {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    #[command(subcommand)]
    switch: Switch,
}

#[derive(clap::Subcommand)]
enum Switch {
    /// Close every server's pages and API, showing MESSAGE (say when it will be back).
    On {
        message: String,
        /// Who turns it on (recorded with it).
        #[arg(long, default_value = "operator")]
        by: String,
    },
    /// Open them again.
    Off {
        #[arg(long, default_value = "operator")]
        by: String,
    },
    /// Say whether it is on, since when and by whom.
    Status,
}

pub fn run(a: Args, clock: &dyn Clock) -> Result<()> {
    let (value, by) = match a.switch {
        Switch::Status => {
            let store = read_store(&a.db)?;
            match store.setting(carefile_web::MAINTENANCE)? {
                Some(s) => {
                    println!("on since {} (by {}): {}", s.set_at.format("%Y-%m-%d %H:%M:%S UTC"), s.set_by, s.value)
                }
                None => println!("off"),
            }
            return Ok(());
        }
        Switch::On { message, .. } if message.trim().is_empty() => {
            anyhow::bail!("say what users should read, and when carefile will be back")
        }
        Switch::On { message, by } => (Some(message), by),
        Switch::Off { by } => (None, by),
    };
    let mut store = open_store(&a.db, false)?;
    store
        .set_setting(carefile_web::MAINTENANCE, value.as_deref(), clock.now(), &by)
        .with_context(|| format!("cannot set the maintenance switch in '{}'", carefile_store::redacted(&a.db)))?;
    println!(
        "maintenance {}: every server shows it within its heartbeat (5 s by default)",
        if value.is_some() { "on" } else { "off" }
    );
    Ok(())
}
