//! `carefile dfe-api build|send|status`: the DfE's children's social care API.

use super::{as_of_or_today, audit_export, open_store, read_store, require_exporter};
use crate::clock::Clock;
use anyhow::{Context, Result, bail};
use carefile_dfe_api::delta::{self, Held};
use carefile_dfe_api::run::{self, Report};
use carefile_dfe_api::send::{Client, Endpoint, Policy, Waiter};
use carefile_dfe_api::{Payloads, SchemaVersion, payloads};
use carefile_domain::ids::ChildId;
use carefile_store::EventStore;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    which: Which,
}

#[derive(clap::Subcommand)]
enum Which {
    /// Dry run: write the requests a send would make (against what the DfE holds, per the send
    /// log) as JSON files, and a summary; sends nothing and changes nothing.
    Build(BuildArgs),
    /// Send what changed since the last accepted run, recording every request in the send log.
    /// Secrets come from the environment only: CAREFILE_DFE_CLIENT_SECRET and CAREFILE_DFE_SUPPLIER_KEY.
    Send(SendArgs),
    /// The send log: the latest requests and how many children the DfE holds.
    Status(StatusArgs),
}

#[derive(clap::Args)]
struct Common {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// The reference date (today by default).
    #[arg(long)]
    as_of: Option<NaiveDate>,
    /// The DfE OpenAPI document's version the payloads follow.
    #[arg(long, default_value = "1.0.1")]
    schema_version: SchemaVersion,
    /// The carefile user making the run: their role must hold the permission to export to the DfE.
    #[arg(long = "as", value_name = "USER")]
    user: String,
}

#[derive(clap::Args)]
struct BuildArgs {
    #[command(flatten)]
    common: Common,
    /// The folder for `request-NNNN.json` and `summary.json` (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Every cohort child, as if the DfE held nothing (an initial load).
    #[arg(long)]
    all: bool,
}

#[derive(clap::Args)]
struct SendArgs {
    #[command(flatten)]
    common: Common,
    /// The API's base URL (production: https://find-and-use-an-api.education.gov.uk/api).
    #[arg(long, env = "CAREFILE_DFE_BASE_URL")]
    base_url: String,
    /// The OAuth2 token endpoint.
    #[arg(long, env = "CAREFILE_DFE_TOKEN_URL")]
    token_url: String,
    #[arg(long, env = "CAREFILE_DFE_CLIENT_ID")]
    client_id: String,
    /// The OAuth2 scope the DfE gave the authority.
    #[arg(long, env = "CAREFILE_DFE_SCOPE")]
    scope: String,
    /// Seconds each request may take.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
    /// Attempts of one request (429 and server errors) before the run stops.
    #[arg(long, default_value_t = 6)]
    max_attempts: u32,
    /// The first back-off after a server error, in milliseconds (doubled each time, at most 2 minutes).
    #[arg(long, default_value_t = 2000)]
    backoff_ms: u64,
}

#[derive(clap::Args)]
struct StatusArgs {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// How many of the latest requests to list.
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

pub fn run(a: Args, clock: &dyn Clock) -> Result<()> {
    match a.which {
        Which::Build(b) => build(b, clock),
        Which::Send(s) => send(s, clock),
        Which::Status(s) => status(s),
    }
}

/// The cohort's payloads on the date, after checking the user may make them.
fn prepare(store: &dyn EventStore, c: &Common, clock: &dyn Clock) -> Result<Payloads> {
    require_exporter(store, &c.user, "dfe_api.export", "send children's data to the DfE")?;
    let as_of = as_of_or_today(c.as_of, clock);
    let children = store.children()?;
    let p = payloads(&children, as_of, c.schema_version);
    for r in &p.refused {
        eprintln!("not sent: {r}");
    }
    Ok(p)
}

fn build(b: BuildArgs, clock: &dyn Clock) -> Result<()> {
    // Writable only for the audit entry: the dry run changes nothing else.
    let mut store = open_store(&b.common.db, false)?;
    let p = prepare(store.as_ref(), &b.common, clock)?;
    let held: BTreeMap<String, Held> = if b.all { BTreeMap::new() } else { run::held(store.as_ref())? };
    let (deltas, tally) = delta::deltas(&p.children, &held);
    std::fs::create_dir_all(&b.out).with_context(|| format!("cannot create '{}'", b.out.display()))?;
    for (i, chunk) in deltas.chunks(delta::BATCH).enumerate() {
        let path = b.out.join(format!("request-{:04}.json", i + 1));
        let batch: Vec<&delta::Delta> = chunk.iter().collect();
        std::fs::write(&path, run::body(&batch)).with_context(|| format!("cannot write '{}'", path.display()))?;
    }
    let summary = serde_json::json!({
        "as_of": p.as_of,
        "schema_version": p.version.as_str(),
        "cohort_window": {"from": p.window.from, "to": p.window.to},
        "cohort": p.children.len(),
        "tally": tally,
        "requests": deltas.len().div_ceil(delta::BATCH),
        "refused": p.refused.iter().map(|r| serde_json::json!({"child": r.child, "reason": r.reason})).collect::<Vec<_>>(),
    });
    std::fs::write(b.out.join("summary.json"), serde_json::to_string_pretty(&summary)?)?;
    let detail = format!("dfe-api build as of {}: {} requests written to files, nothing sent", p.as_of, deltas.len().div_ceil(delta::BATCH));
    audit_export(store.as_mut(), &b.common.user, clock.now(), child_ids(deltas.iter().map(|d| d.child.as_str())), &detail)?;
    eprintln!(
        "wrote {}: {} requests for {} children of a cohort of {} (new {}, updated {}, leaving {}, unchanged {}; {} items purged); nothing was sent",
        b.out.display(),
        deltas.len().div_ceil(delta::BATCH),
        deltas.len(),
        p.children.len(),
        tally.new,
        tally.updated,
        tally.left,
        tally.unchanged,
        tally.items_purged
    );
    Ok(())
}

/// carefile's child IDs among the DfE's `mis_child_id`s (every one is; a stray is skipped, not audited as a child).
fn child_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<ChildId> {
    let mut out: Vec<ChildId> = ids.into_iter().filter_map(|id| ChildId::new(id).ok()).collect();
    out.sort();
    out.dedup();
    out
}

/// The system clock, and real waits.
struct Sleeper<'a>(&'a dyn Clock);

impl Waiter for Sleeper<'_> {
    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }
    fn wait(&self, d: Duration) {
        std::thread::sleep(d);
    }
}

fn secret(name: &str) -> Result<String> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => Ok(v.trim().to_string()),
        _ => bail!("{name} is not set: the secret is read from the environment only"),
    }
}

fn send(s: SendArgs, clock: &dyn Clock) -> Result<()> {
    let mut store = open_store(&s.common.db, false)?;
    let p = prepare(store.as_ref(), &s.common, clock)?;
    let authority = store.organisation()?.authority.context("the database does not say which authority it serves")?;
    let endpoint = Endpoint {
        base_url: s.base_url,
        token_url: s.token_url,
        client_id: s.client_id,
        client_secret: secret("CAREFILE_DFE_CLIENT_SECRET")?,
        scope: s.scope,
        supplier_key: secret("CAREFILE_DFE_SUPPLIER_KEY")?,
        la_code: authority.dfe_number,
        timeout: Duration::from_secs(s.timeout),
    };
    let policy = Policy {
        max_attempts: s.max_attempts.max(1),
        backoff: Duration::from_millis(s.backoff_ms),
        ..Policy::default()
    };
    let run_id = clock.now().format("%Y%m%dT%H%M%S%.6fZ").to_string();
    let mut client = Client::new(endpoint, policy);
    let report = run::run(&p, store.as_mut(), &mut client, &Sleeper(clock), &run_id)?;
    let batches = store.dfe_batches(Some(&run_id), usize::MAX)?;
    let sent = child_ids(batches.iter().flat_map(|b| &b.batch.children).map(String::as_str));
    let detail = format!("dfe-api send as of {} (run {run_id}): {}", p.as_of, outcome(&report));
    audit_export(store.as_mut(), &s.common.user, clock.now(), sent, &detail)?;
    eprintln!("{}", outcome(&report));
    for r in &report.refused {
        eprintln!("refused by the API ({}): {}: {}", r.status, r.child, r.detail);
    }
    if let Some(why) = &report.stopped {
        bail!("the run stopped: {why}; {} children were left for the next run", report.children_pending);
    }
    if !report.refused.is_empty() {
        bail!("the API refused {} children (named above); the others were sent", report.refused.len());
    }
    Ok(())
}

fn outcome(r: &Report) -> String {
    format!(
        "{} requests, {} accepted: {} children accepted (new {}, updated {}, leaving {}; {} items purged), {} unchanged not sent",
        r.requests, r.accepted, r.children_accepted, r.tally.new, r.tally.updated, r.tally.left, r.tally.items_purged, r.tally.unchanged
    )
}

fn status(s: StatusArgs) -> Result<()> {
    let store = read_store(&s.db)?;
    let held = store.dfe_held()?.len();
    println!("the DfE holds {held} children from this database");
    for b in store.dfe_batches(None, s.limit)? {
        println!(
            "{}  {}  as of {}  {:>3} children  {:<8}  {}  attempts {}{}",
            b.batch.batch_id,
            b.updated_at,
            b.batch.as_of,
            b.batch.children.len(),
            b.status,
            b.http_status.map_or("-".into(), |s| s.to_string()),
            b.attempts,
            b.detail.map(|d| format!("  {d}")).unwrap_or_default()
        );
    }
    Ok(())
}
