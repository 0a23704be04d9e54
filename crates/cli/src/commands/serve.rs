//! `carefile serve`: the web application, configured by a file, the
//! environment and options (`docs/configuration.md`).

use super::open_store;
use crate::clock::SystemClock;
use crate::config::{self, Settings};
use anyhow::{Context, Result, bail};
use carefile_domain::access::Policy;
use carefile_web::{AppState, Config, Connections, Listen, LogFormat};
use chrono::NaiveDate;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    /// The configuration file (TOML; see docs/configuration.md and config/carefile.example.toml).
    #[arg(long, env = "CAREFILE_CONFIG")]
    config: Option<PathBuf>,
    /// SQLite database file or postgres:// URL (default: [database] url).
    #[arg(long)]
    db: Option<String>,
    /// Address to listen on (default: [server] listen, 127.0.0.1:8080). Serve behind a TLS-terminating
    /// proxy for anything but this machine.
    #[arg(long)]
    addr: Option<SocketAddr>,
    /// Judge what is due on this date (default: today), e.g. the demo's 2026-03-31.
    #[arg(long)]
    as_of: Option<NaiveDate>,
    /// Session cookies without `Secure`, for plain http: allowed only on a loopback address.
    #[arg(long)]
    insecure_cookies: bool,
    /// Serve /metrics alone on this (loopback) address.
    #[arg(long)]
    metrics_addr: Option<SocketAddr>,
    /// text or json (default: [log] format).
    #[arg(long)]
    log_format: Option<String>,
    /// The performance page's comparators and targets, given as to `carefile report`.
    #[command(flatten)]
    benchmarking: super::benchmarking::ComparatorArgs,
    /// The access policy (roles, scopes, permissions, session and break-glass
    /// limits) instead of the shipped one; see `crates/domain/config/access.toml`.
    #[arg(long, env = "CAREFILE_ACCESS")]
    access: Option<PathBuf>,
    /// The browser validator's folder (built by scripts/build-validator.sh), served at /validator/.
    #[arg(long, value_name = "DIR")]
    validator: Option<PathBuf>,
    /// The authority's fostering and adoption timescales and panels' quorums, over the shipped
    /// ones (`crates/domain/config/fostering-adoption.toml`; name only the keys you change).
    #[arg(long, env = "CAREFILE_FOSTERING_ADOPTION")]
    fostering_adoption: Option<PathBuf>,
}

pub fn run(a: Args) -> Result<()> {
    let settings = Settings::load(a.config.as_deref(), std::env::vars())?;
    let db = settings.database_url(a.db.as_deref())?;
    let addr = a.addr.unwrap_or(settings.server.listen);
    let secure_cookies = settings.server.secure_cookies && !a.insecure_cookies;
    if !secure_cookies && !addr.ip().is_loopback() {
        bail!("cookies without Secure (--insecure-cookies) are allowed only on a loopback address, not {addr}");
    }
    let metrics_token = settings.metrics_token()?;
    let metrics = a.metrics_addr.or(settings.metrics.listen);
    if let Some(m) = metrics.filter(|m| !m.ip().is_loopback() && metrics_token.is_none()) {
        bail!("the metrics listener {m} is not on loopback: keep it there, or set [metrics] token_file");
    }
    let log = match a.log_format.as_deref() {
        Some("json") => LogFormat::Json,
        Some("text") => LogFormat::Text,
        Some(other) => bail!("--log-format {other}: expected text or json"),
        None => match settings.log.format {
            config::LogFormat::Json => LogFormat::Json,
            config::LogFormat::Text => LogFormat::Text,
        },
    };
    let policy = match &a.access {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            Policy::from_toml(&text).with_context(|| format!("in {}", path.display()))?
        }
        None => Policy::default(),
    };
    let shown = carefile_store::redacted(&db);
    let postgres = carefile_store::is_postgres_url(&db);
    let connections = connect(&db, &settings, postgres)?;
    // Woken by NOTIFY on PostgreSQL (the poll is the fallback); SQLite is polled.
    let poll = settings.database.follow_poll_ms.unwrap_or(if postgres { 2000 } else { 250 });
    if let Some(dir) = &a.validator {
        if !dir.join("module.mjs").is_file() {
            bail!("--validator '{}' holds no built validator (module.mjs): run scripts/build-validator.sh", dir.display());
        }
    }
    let oidc = settings.oidc()?;
    for (group, role) in oidc.iter().flat_map(|o| &o.groups) {
        if policy.role(role).is_none() {
            bail!("[oidc.groups] '{group}' gives the role '{role}', which the access policy does not define");
        }
    }
    let config = Config {
        oidc: oidc.map(|o| Arc::new(carefile_web::auth::oidc::Oidc::new(o))),
        secure_cookies,
        as_of: a.as_of.or(settings.server.as_of),
        follow_poll: std::time::Duration::from_millis(poll),
        idle: chrono::Duration::minutes(settings.sessions.idle_minutes),
        absolute: chrono::Duration::hours(settings.sessions.absolute_hours),
        metrics_token,
        policy: Arc::new(policy),
        benchmarking: Arc::new(a.benchmarking.load()?),
        validator: a.validator,
        fostering: Arc::new(super::panels::config(a.fostering_adoption.as_deref())?),
        ..Config::default()
    };
    let state = AppState::open_with(connections, Arc::new(SystemClock), config)
        .with_context(|| format!("reading '{shown}' to start the server"))?;
    eprintln!("carefile: serving {shown} on http://{addr}/ (SIGTERM or Ctrl-C stops)");
    carefile_web::run(state, Listen { addr, metrics }, log).with_context(|| format!("serving on {addr}"))
}

/// One connection writes; `readers` more read (SQLite's WAL lets readers go
/// on while a write flushes); the follower and the heartbeat have one each,
/// so neither waits behind a page; a replica gets as many as the primary's readers.
fn connect(db: &str, settings: &Settings, postgres: bool) -> Result<Connections> {
    let shown = carefile_store::redacted(db);
    let open_many = |n: usize, open: &dyn Fn() -> Result<Box<dyn carefile_store::EventStore>>| {
        (0..n).map(|_| open()).collect::<Result<Vec<_>>>()
    };
    let listener = if postgres {
        Some(carefile_store::Listener::connect(db).with_context(|| format!("listening for writes to '{shown}'"))?)
    } else {
        None
    };
    // Opened when first used, and again after a standby restarts: a replica that is down
    // neither stops the server starting nor keeps reads off it once it is back.
    let replica = match &settings.database.replica_url {
        Some(url) => {
            let url = settings.with_password_file(url)?;
            let open = move || carefile_store::open_read_only(&url);
            Some(carefile_web::Replica { connections: settings.database.readers.max(1), open: Box::new(open) })
        }
        None => None,
    };
    Ok(Connections {
        writer: open_store(db, false)?,
        readers: open_many(settings.database.readers, &|| open_store(db, false))?,
        follower: Some(open_store(db, false)?),
        housekeeping: Some(open_store(db, false)?),
        listener,
        replica,
    })
}
