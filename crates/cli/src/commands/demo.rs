use super::{Format, open_store};
use crate::clock::Clock;
use anyhow::{Context, Result};
use carefile_domain::stats::Stats;
use carefile_store::{EventStore, JournalEntry};
use carefile_synth::{Options, Scale};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// SQLite database file to create (it must not exist yet).
    #[arg(long, default_value = "carefile-demo.db")]
    db: String,
    /// Seed of the generator: the same seed makes the same authority.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The date the demo stands on: nothing is dated after it.
    #[arg(long, default_value = "2026-03-31")]
    as_of: NaiveDate,
    /// small (a twentieth of the county), county (Leicestershire), large (20,000 children, ten years), national.
    #[arg(long, default_value = "county")]
    scale: Scale,
}

/// The demo is built under this name beside `db` and renamed when whole, so
/// a kill leaves no half-made database under the name asked for.
fn partial_name(db: &Path) -> PathBuf {
    let name = db.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    db.with_file_name(format!(".{name}.demo-partial"))
}

pub fn run(a: Args, clock: &dyn Clock) -> Result<()> {
    let target = Path::new(&a.db);
    if target.exists() {
        anyhow::bail!("'{}' already exists: choose another --db or remove it", a.db);
    }
    let started = Instant::now();
    let opts = Options { seed: a.seed, scale: a.scale, as_of: a.as_of };
    let partial = partial_name(target);
    // The same demo asked for again after a kill resumes the load; anything else starts afresh.
    let id = format!("demo seed {} scale {:?} as of {}", a.seed, a.scale, a.as_of);
    if !resumable(&partial, &id) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
        }
    }
    let mut out = Vec::new();
    {
        let mut store = open_store(&partial.to_string_lossy(), true)?;
        let resumed = store.journal(&id)?.map_or(0, |e| e.position);
        if resumed > 0 {
            writeln!(out, "Resumed the interrupted load after the {resumed} children it had committed.")?;
        }
        if store.journal(&id)?.is_none() {
            let entry = JournalEntry {
                id: id.clone(),
                kind: "demo".into(),
                source: a.db.clone(),
                started_at: clock.now(),
                recorded_at: None,
                position: 0,
                total: 0,
                finished_at: None,
            };
            store.journal_start(&entry)?;
        }
        build(&mut *store, &a, &opts, &id, started, &mut out)?;
        store.journal_finish(&id, clock.now())?;
    }
    // Closed: its write-ahead log is checkpointed and gone, so one file moves.
    std::fs::rename(&partial, target).with_context(|| format!("cannot create '{}'", a.db))?;
    std::io::stdout().lock().write_all(&out)?;
    Ok(())
}

/// Whether `partial` holds an unfinished load of the demo `id`, with no users yet
/// (their passwords are shown only once, at the end).
fn resumable(partial: &Path, id: &str) -> bool {
    let Ok(store) = carefile_store::open_read_only(&partial.to_string_lossy()) else { return false };
    let unfinished = store.journal(id).ok().flatten().is_some_and(|e| e.finished_at.is_none());
    unfinished && store.accounts().is_ok_and(|a| a.users.is_empty())
}

/// Loads the authority (committed in chunks, resuming an interrupted load of
/// journal entry `id`) and its users, and says what it made into `out`.
fn build(
    store: &mut dyn EventStore,
    a: &Args,
    opts: &Options,
    id: &str,
    started: Instant,
    out: &mut Vec<u8>,
) -> Result<()> {
    if a.scale == Scale::National { load_streaming(&mut *store, opts, id) } else { load_whole(&mut *store, opts, id) }
        .with_context(|| format!("loading the demo into '{}'", a.db))?;
    // Recorded at the demo's own date, like the rest of its history.
    let recorded = carefile_domain::Recorded::new(a.as_of.and_time(chrono::NaiveTime::MIN).and_utc(), "carefile demo", None);
    let moved = super::panels::move_legacy_decisions(&mut *store, &recorded)?;
    let children = store.children()?;
    let stats = Stats::compute(&children, a.as_of);
    // Counted from the database, so a resumed load states the whole demo.
    let events = store.last_seq()?;
    writeln!(
        out,
        "Made {} ({:?} scale, seed {}, as of {}): {} children, {events} events, in {:.1} s.",
        a.db,
        a.scale,
        a.seed,
        a.as_of,
        children.len(),
        started.elapsed().as_secs_f64()
    )?;
    out.write_all(super::stats::render(&stats, a.as_of, Format::Text)?.as_bytes())?;
    writeln!(out, "Free-text panel decisions moved to {moved} sittings of their own.")?;
    demo_users(&mut *store, a.as_of, out)
}

/// One user per role (see `carefile_web::demo`), printed with their passwords.
fn demo_users(store: &mut dyn EventStore, as_of: NaiveDate, out: &mut impl Write) -> Result<()> {
    let accounts = carefile_web::demo::demo_accounts(&store.organisation()?, &store.children()?, as_of)?;
    // Recorded at the demo's own date, like the rest of its history.
    let at = as_of.and_time(chrono::NaiveTime::MIN).and_utc();
    let recorded = carefile_domain::Recorded::new(at, "carefile demo", None);
    let events: Vec<_> = accounts.events.into_iter().map(|e| (recorded.clone(), e)).collect();
    store.append_users(&events)?;
    writeln!(out, "\nDemo users (`carefile serve --db FILE --as-of {as_of}`, then sign in):")?;
    for u in &accounts.users {
        let staff = u.worker.as_ref().map(|w| format!(" (staff {w})")).unwrap_or_default();
        writeln!(out, "  {:<36} {:<22} {}{staff}", u.username, u.password, u.label)?;
    }
    if let Some(c) = accounts.restricted {
        writeln!(out, "Restricted record: {c} (on demo-social-worker's caseload: opening it needs break glass).")?;
    }
    Ok(())
}

fn spinner(msg: &'static str) -> ProgressBar {
    let bar = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("{spinner} {msg} {pos} children [{elapsed}]").expect("valid template"),
    );
    bar.set_message(msg);
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// Generates the whole authority, then loads it: organisation first.
fn load_whole(store: &mut dyn EventStore, opts: &Options, id: &str) -> Result<()> {
    let bar = spinner("generating");
    let authority = carefile_synth::generate(opts);
    bar.finish_and_clear();
    let bar = ProgressBar::new(authority.children.len() as u64).with_style(
        ProgressStyle::with_template("loading {bar:40} {pos}/{len} children [{elapsed}<{eta}]")
            .expect("valid template"),
    );
    // Carers, adopters and panels name children who came into care: made before the children move.
    let services = carefile_synth::services::generate(opts, &authority.children);
    let mut children = authority.children.into_iter().map(|c| (c.id, c.events));
    store.bulk_load_journaled(id, &authority.org, &mut children, &mut |n| bar.set_position(n))?;
    super::panels::load(store, &services)?;
    bar.finish_and_clear();
    Ok(())
}

/// National volume: children are loaded as they are generated; the
/// organisation, known only at the end, follows them.
fn load_streaming(store: &mut dyn EventStore, opts: &Options, id: &str) -> Result<()> {
    let bar = spinner("generating and loading");
    let (tx, rx) = std::sync::mpsc::sync_channel(1024);
    let gen_opts = opts.clone();
    let generator = std::thread::spawn(move || {
        carefile_synth::generate_streaming(&gen_opts, &mut |child| {
            // A closed channel means the loader failed; it reports why.
            let _ = tx.send((child.id, child.events));
        })
    });
    let mut children = rx.into_iter();
    let loaded = store.bulk_load_journaled(id, &[], &mut children, &mut |n| bar.set_position(n));
    drop(children);
    let org = generator.join().map_err(|_| anyhow::anyhow!("the generator stopped unexpectedly"))?;
    loaded?;
    // A resumed load may find the organisation written by the run before.
    if store.organisation()?.teams.is_empty() {
        store.append_org(&org)?;
    }
    bar.finish_and_clear();
    Ok(())
}
