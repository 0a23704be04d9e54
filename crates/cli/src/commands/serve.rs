use super::open_store;
use crate::clock::SystemClock;
use anyhow::{Context, Result, bail};
use carefile_web::{AppState, Config, Connections};
use chrono::NaiveDate;
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// Address to listen on. Serve behind a TLS-terminating proxy for anything but this machine.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Judge what is due on this date (default: today), e.g. the demo's 2026-03-31.
    #[arg(long)]
    as_of: Option<NaiveDate>,
    /// Session cookies without `Secure`, for plain http: allowed only on a loopback address.
    #[arg(long)]
    insecure_cookies: bool,
}

pub fn run(a: Args) -> Result<()> {
    if a.insecure_cookies && !a.addr.ip().is_loopback() {
        bail!("--insecure-cookies is allowed only on a loopback address, not {}", a.addr);
    }
    let shown = carefile_store::redacted(&a.db);
    let writer = open_store(&a.db, false)?;
    // One connection writes; two more read (SQLite's WAL lets readers go on
    // while a write flushes), one per core of a small server; the follower
    // and the heartbeat have one each, so neither waits behind a page.
    let readers = (0..2).map(|_| open_store(&a.db, false)).collect::<Result<Vec<_>>>()?;
    let postgres = carefile_store::is_postgres_url(&a.db);
    let listener = if postgres {
        Some(carefile_store::Listener::connect(&a.db).with_context(|| format!("listening for writes to '{shown}'"))?)
    } else {
        None
    };
    let connections = Connections {
        writer,
        readers,
        follower: Some(open_store(&a.db, false)?),
        housekeeping: Some(open_store(&a.db, false)?),
        listener,
    };
    // Woken by NOTIFY on PostgreSQL (the poll is the fallback); SQLite is polled.
    let follow_poll = std::time::Duration::from_millis(if postgres { 2000 } else { 250 });
    let config = Config { secure_cookies: !a.insecure_cookies, as_of: a.as_of, follow_poll, ..Config::default() };
    let state = AppState::open_with(connections, Arc::new(SystemClock), config)
        .with_context(|| format!("reading '{shown}' to start the server"))?;
    eprintln!("carefile: serving {shown} on http://{}/ (Ctrl-C stops)", a.addr);
    carefile_web::run(state, a.addr).with_context(|| format!("serving on {}", a.addr))
}
