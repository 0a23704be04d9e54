//! What every handler shares.

use crate::AppError;
use crate::auth::{SharedKeys, Sessions, Throttle};
use crate::follower::{ChildrenPart, FoldedPart, Follower, IndexPart, Invalidated, Position, accounts_part, org_part};
use crate::health::Health;
use crate::index::Index;
use carefile_domain::access::{Accounts, AuditAction, AuditEntry, Policy, UserEvent};
use carefile_domain::clock::Clock;
use carefile_domain::org::Organisation;
use carefile_domain::{ChildId, Recorded};
use carefile_indicators::Engine;
use carefile_store::{EventStore, Listener, StoreError};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, Weak};

/// How the server behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// Mark session cookies `Secure`. Only plain-http loopback serving turns it off.
    pub secure_cookies: bool,
    /// A session unused this long is ended.
    pub idle: Duration,
    /// A session this old is ended however busy.
    pub absolute: Duration,
    /// The access policy: roles, scopes, permissions, and the break-glass,
    /// stated-reason and throttling limits.
    pub policy: Arc<Policy>,
    /// Judge what is due on this date instead of the clock's today.
    pub as_of: Option<NaiveDate>,
    /// How often the log is looked at when nothing wakes the follower (on
    /// SQLite, the only way; on PostgreSQL, the fallback to LISTEN).
    pub follow_poll: std::time::Duration,
    /// How often this server records its heartbeat and sweeps expired sessions.
    pub heartbeat: std::time::Duration,
    /// `/readyz` says not ready when the index has not caught up with the
    /// log for this long (a moment behind a busy log is normal).
    pub ready_lag: Duration,
    /// `/metrics` on the main listener answers only with this bearer token
    /// (without one it is not there; a loopback listener can serve it instead).
    pub metrics_token: Option<String>,
    /// The performance page's comparators and targets: the same as `carefile report`'s.
    pub benchmarking: Arc<carefile_indicators::Benchmarking>,
    /// Drafts of forms not touched for this many days are removed.
    pub draft_days: i64,
    /// The browser validator's folder (`scripts/build-validator.sh`), served at `/validator/`.
    pub validator: Option<std::path::PathBuf>,
    /// Carers', adopters' and panels' timescales and the panels' quorums: the authority's
    /// `fostering-adoption.toml` over the shipped defaults.
    pub fostering: Arc<carefile_domain::fostering::Config>,
    /// Single sign-on through the authority's OpenID provider, if configured.
    pub oidc: Option<Arc<crate::auth::oidc::Oidc>>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            secure_cookies: true,
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
            policy: Arc::new(Policy::default()),
            as_of: None,
            follow_poll: std::time::Duration::from_millis(250),
            heartbeat: std::time::Duration::from_secs(5),
            ready_lag: Duration::seconds(5),
            metrics_token: None,
            benchmarking: Arc::default(),
            draft_days: 30,
            validator: None,
            fostering: Arc::default(),
            oidc: None,
        }
    }
}

/// The connections a server uses, all to the same database.
pub struct Connections {
    /// Writes to the log and the audit trail.
    pub writer: Box<dyn EventStore>,
    /// Reads (and the small writes of sessions), so pages are not queued
    /// behind a write's flush to disk; empty means the writer's is shared.
    pub readers: Vec<Box<dyn EventStore>>,
    /// The follower's own; without one it shares the writer's.
    pub follower: Option<Box<dyn EventStore>>,
    /// The heartbeat's own (it may wait on a lock another process holds);
    /// without one it shares the writer's.
    pub housekeeping: Option<Box<dyn EventStore>>,
    /// Wakes the follower when anyone writes (PostgreSQL); without one it polls.
    pub listener: Option<Listener>,
    /// A streaming replica: page and report reads go there while it has
    /// applied everything this server's index has.
    pub replica: Option<Replica>,
}

/// How to reach a read replica: its connections are opened when first used and
/// opened again after they are lost (the standby restarted), so the server
/// neither fails to start nor stays on the primary for want of one.
pub struct Replica {
    /// How many connections to hold.
    pub connections: usize,
    pub open: Box<Open>,
}

/// Opens a connection to a database.
pub type Open = dyn Fn() -> Result<Box<dyn EventStore>, StoreError> + Send + Sync;

/// After a replica fails, reads stay on the primary this long before it is tried again.
const REPLICA_REST: std::time::Duration = std::time::Duration::from_secs(5);

/// The application's shared state; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub(crate) struct Inner {
    store: StoreConnection,
    /// The follower's connection; without one it reads on the writer's.
    follower_store: Option<StoreConnection>,
    housekeeping_store: Option<StoreConnection>,
    clock: Arc<dyn Clock>,
    config: Config,
    follower: Follower,
    children: Arc<ChildrenPart>,
    /// Tasks and plans on trays.
    work: Arc<crate::trays::WorkPart>,
    /// Adults and relationships.
    people: Arc<crate::people::PeoplePart>,
    accounts: Arc<FoldedPart<Accounts>>,
    org: Arc<FoldedPart<Organisation>>,
    /// The indicator engine, built on first use and dropped when the record changes.
    indicators: Arc<Invalidated<Arc<Engine>>>,
    /// The data-quality counts of past days, by team: the log up to a past day never changes.
    quality_past: crate::quality::PastCounts,
    csrf_keys: SharedKeys,
    metrics: crate::metrics::Metrics,
    /// Sign-in throttling (its counts are in the database).
    throttle: Throttle,
    health: Health,
    /// Audit entries waiting for the next group commit, with who to tell.
    audit_queue: Mutex<Vec<(AuditEntry, AuditDone)>>,
    readers: Vec<StoreConnection>,
    next_reader: AtomicUsize,
    replicas: Vec<StoreConnection>,
    /// The last `seq` a replica was seen to hold.
    replica_seen: std::sync::atomic::AtomicU64,
    /// Until when reads keep off the replica after it failed.
    replica_rest: Mutex<Option<std::time::Instant>>,
}

/// Told whether the entry was stored.
type AuditDone = tokio::sync::oneshot::Sender<bool>;

/// A connection the server holds. When the server's state goes, it is
/// closed on a thread of its own: PostgreSQL's client must not be closed on
/// an async runtime's thread.
struct StoreConnection {
    store: Mutex<Option<Box<dyn EventStore>>>,
    /// Opens it (again) when there is none or it was lost (a replica's).
    open: Option<Arc<Open>>,
}

impl StoreConnection {
    fn new(store: Box<dyn EventStore>) -> Self {
        StoreConnection { store: Mutex::new(Some(store)), open: None }
    }

    /// A connection opened by `open` when first used.
    fn lazy(open: Arc<Open>) -> Self {
        StoreConnection { store: Mutex::new(None), open: Some(open) }
    }

    /// Runs `f` holding the connection (others wait). A connection that can
    /// be opened again is let go when the database cannot be reached, and
    /// opened afresh the next time.
    fn with<T>(&self, f: impl FnOnce(&mut dyn EventStore) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        if let (None, Some(open)) = (guard.as_ref(), &self.open) {
            *guard = Some(open()?);
        }
        let Some(store) = guard.as_deref_mut() else {
            return Err(StoreError::Unsupported("the server is shutting down".into()));
        };
        let out = f(store);
        if self.open.is_some() && out.as_ref().err().and_then(StoreError::outage) == Some(carefile_store::Outage::Unreachable) {
            close_aside(guard.take());
        }
        out
    }
}

/// Closes a connection on a thread of its own when on the async runtime.
fn close_aside(store: Option<Box<dyn EventStore>>) {
    if let Some(store) = store {
        if tokio::runtime::Handle::try_current().is_ok() {
            let _ = std::thread::Builder::new().name("carefile-close".into()).spawn(move || drop(store));
        } else {
            drop(store);
        }
    }
}

impl Drop for StoreConnection {
    fn drop(&mut self) {
        close_aside(self.store.get_mut().unwrap_or_else(|p| p.into_inner()).take());
    }
}

impl Inner {
    /// The next replica connection (round robin); only asked for when there are some.
    fn replica(&self) -> &StoreConnection {
        &self.replicas[self.next_reader.fetch_add(1, Ordering::Relaxed) % self.replicas.len()]
    }

    /// The next read connection (round robin), or the writer's when there are none.
    fn reader(&self) -> &StoreConnection {
        if self.readers.is_empty() {
            return &self.store;
        }
        &self.readers[self.next_reader.fetch_add(1, Ordering::Relaxed) % self.readers.len()]
    }
}

impl AppState {
    /// A server on one connection: it writes, reads and follows on it.
    pub fn open(store: Box<dyn EventStore>, clock: Arc<dyn Clock>, config: Config) -> Result<AppState, StoreError> {
        AppState::open_with_readers(store, Vec::new(), clock, config)
    }

    /// As [`AppState::open`], with connections to the same database for reads.
    pub fn open_with_readers(
        store: Box<dyn EventStore>,
        readers: Vec<Box<dyn EventStore>>,
        clock: Arc<dyn Clock>,
        config: Config,
    ) -> Result<AppState, StoreError> {
        let c = Connections { writer: store, readers, follower: None, housekeeping: None, listener: None, replica: None };
        AppState::open_with(c, clock, config)
    }

    /// Builds the index from the store by following the log from its start,
    /// and starts the follower's thread (it stops when the state is dropped).
    pub fn open_with(mut c: Connections, clock: Arc<dyn Clock>, config: Config) -> Result<AppState, StoreError> {
        adopt_policy(&mut *c.writer, &config.policy, clock.now())?;
        let today = config.as_of.unwrap_or_else(|| clock.today());
        let children = Arc::new(ChildrenPart(RwLock::new(Index::build(&[], today))));
        let accounts = Arc::new(accounts_part(Accounts::default()));
        let org = Arc::new(org_part(Organisation::default()));
        let indicators = Arc::new(Invalidated::default());
        let work = Arc::new(crate::trays::WorkPart::new(config.fostering.clone()));
        let people = Arc::new(crate::people::PeoplePart::default());
        let parts: Vec<Arc<dyn IndexPart>> =
            vec![children.clone(), accounts.clone(), org.clone(), indicators.clone(), work.clone(), people.clone()];
        let state = Arc::new(Inner {
            follower: Follower::new(parts),
            follower_store: c.follower.map(StoreConnection::new),
            housekeeping_store: c.housekeeping.map(StoreConnection::new),
            store: StoreConnection::new(c.writer),
            children,
            work,
            people,
            accounts,
            org,
            indicators,
            quality_past: Default::default(),
            csrf_keys: crate::auth::signin_keys(),
            metrics: crate::metrics::Metrics::default(),
            throttle: Throttle::new(&config.policy.settings.throttle),
            health: Health::default(),
            clock,
            config,
            audit_queue: Mutex::new(Vec::new()),
            readers: c.readers.into_iter().map(StoreConnection::new).collect(),
            next_reader: AtomicUsize::new(0),
            replicas: c.replica.map_or_else(Vec::new, |r| {
                let open: Arc<Open> = Arc::from(r.open);
                (0..r.connections.max(1)).map(|_| StoreConnection::lazy(open.clone())).collect()
            }),
            replica_seen: std::sync::atomic::AtomicU64::new(0),
            replica_rest: Mutex::new(None),
        });
        let state = AppState(state);
        state.catch_up()?;
        crate::background::start(&state, c.listener);
        Ok(state)
    }

    pub(crate) fn downgrade(&self) -> Weak<Inner> {
        Arc::downgrade(&self.0)
    }

    pub(crate) fn upgrade(weak: &Weak<Inner>) -> Option<AppState> {
        weak.upgrade().map(AppState)
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    /// The access policy in force.
    pub fn policy(&self) -> Arc<Policy> {
        self.0.config.policy.clone()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.0.clock.now()
    }

    /// The comparators and targets of the performance dashboard for `period`.
    pub fn comparators(
        &self,
        period: &carefile_indicators::Period,
        authority: Option<u16>,
    ) -> carefile_indicators::Comparators {
        self.0.config.benchmarking.comparators(period, authority)
    }

    /// The reference date: `--as-of`, else the clock's today.
    pub fn today(&self) -> NaiveDate {
        self.0.config.as_of.unwrap_or_else(|| self.0.clock.today())
    }

    pub fn sessions(&self) -> Sessions<'_> {
        Sessions::new(self)
    }

    pub fn throttle(&self) -> &Throttle {
        &self.0.throttle
    }

    pub(crate) fn csrf_keys(&self) -> &SharedKeys {
        &self.0.csrf_keys
    }

    pub(crate) fn metrics(&self) -> &crate::metrics::Metrics {
        &self.0.metrics
    }

    /// Reads what the gauges show (the log's last `seq`, sessions, readiness) for a scrape.
    pub(crate) async fn refresh_gauges(&self) {
        let r = self.readiness().await;
        let m = &self.0.metrics;
        m.ready.set(i64::from(r.ready));
        let p = self.0.follower.position();
        let now = self.now();
        let (idle, absolute) = (self.0.config.idle, self.0.config.absolute);
        let read = self.read_primary(move |s| Ok((s.last_seq()?, s.sessions_live(now - idle, now - absolute)?))).await;
        if let Ok((last, sessions)) = read {
            let gauge = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
            m.last_seq.set(gauge(last));
            m.lag.set(gauge(last.saturating_sub(p.applied)));
            m.sessions.set(gauge(sessions));
        }
        m.applied.set(i64::try_from(p.applied).unwrap_or(i64::MAX));
        m.outages(self.0.health.outage(now));
        if let Some((events, seconds)) = self.replica_lag().await {
            m.replica_lag_events.set(i64::try_from(events).unwrap_or(i64::MAX));
            m.replica_lag_seconds.set(seconds.unwrap_or(0.0));
        }
    }

    pub(crate) fn health(&self) -> &Health {
        &self.0.health
    }

    pub fn accounts(&self) -> RwLockReadGuard<'_, Accounts> {
        self.0.accounts.value.read().unwrap_or_else(|p| p.into_inner())
    }

    /// The data-quality counts of past days drawn so far.
    pub(crate) fn quality_past(&self) -> &crate::quality::PastCounts {
        &self.0.quality_past
    }

    pub fn org(&self) -> RwLockReadGuard<'_, Organisation> {
        self.0.org.value.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Who did something (a username or a staff ID), as a page names them: the
    /// member of staff's name where there is one ([`crate::ui::text::recorder`]).
    pub fn who(&self, by: &str) -> String {
        crate::ui::text::recorder(&self.org(), &self.accounts(), by)
    }

    /// An account as an audit view shows it: the member of staff's name with
    /// the username it signs in as, where the account is linked to one.
    pub fn account(&self, username: &str) -> String {
        match self.who(username) {
            name if name == username => name,
            name => format!("{name} ({username})"),
        }
    }

    /// Where the follower stands in the log.
    pub fn follower_position(&self) -> Position {
        self.0.follower.position()
    }

    /// What `/readyz` answers; it looks at the log's last `seq` first.
    pub async fn readiness(&self) -> crate::Readiness {
        let last = self.read_primary(|s| s.last_seq()).await;
        let p = self.0.follower.position();
        let index = crate::health::IndexState {
            built: self.0.follower.built(),
            applied: p.applied,
            last: last.as_ref().ok().copied().unwrap_or(p.seen),
            caught_up_at: p.caught_up_at,
        };
        self.0.health.readiness(self.now(), index, &self.0.config)
    }

    /// Applies every change in the log now, on the calling thread (it blocks).
    pub(crate) fn catch_up(&self) -> Result<u64, StoreError> {
        let connection = self.0.follower_store.as_ref().unwrap_or(&self.0.store);
        let started = std::time::Instant::now();
        let out = connection.with(|store| self.0.follower.catch_up(store, self.today(), self.now()));
        match &out {
            Ok(_) => self.0.metrics.store("follow", started.elapsed()),
            Err(e) => self.0.metrics.store_error("follow", &e.code()),
        }
        out
    }

    /// Runs `f` on the housekeeping connection, on the calling thread (it blocks).
    pub(crate) fn housekeeping_store<T>(
        &self,
        f: impl FnOnce(&mut dyn EventStore) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let connection = self.0.housekeeping_store.as_ref().unwrap_or(&self.0.store);
        connection.with(f)
    }

    /// Applies every change in the log now: after a write, so the writer sees
    /// it; also on a date change. Returns how far the index has applied.
    pub async fn sync(&self) -> Result<u64, AppError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || state.catch_up())
            .await
            .map_err(|_| AppError::Internal("follower task".into()))?
            .map_err(|e| self.store_failed(e))
    }

    /// The index on today's date (rebuilt first if the date moved on).
    pub async fn index(&self) -> Result<RwLockReadGuard<'_, Index>, AppError> {
        if self.read_index().as_of() != self.today() {
            self.sync().await?;
        }
        Ok(self.read_index())
    }

    /// The items of `owners`' trays on today's date, most overdue first.
    pub async fn tray(&self, owners: &[carefile_work::Owner]) -> Result<Vec<carefile_work::TrayItem>, AppError> {
        let index = self.index().await?;
        let glass = crate::pages::glass::tray_items(
            &self.accounts(),
            &self.org(),
            &self.policy(),
            &carefile_domain::Calendar::england_and_wales(),
            self.today(),
        );
        let work = self.0.work.0.read().unwrap_or_else(|p| p.into_inner());
        Ok(crate::trays::tray(index.trays(), &work, &glass, owners, self.today()))
    }

    /// Adults and relationships as the follower last applied them.
    pub fn people(&self) -> RwLockReadGuard<'_, crate::people::People> {
        self.0.people.0.read().unwrap_or_else(|p| p.into_inner())
    }

    fn read_index(&self) -> RwLockReadGuard<'_, Index> {
        self.0.children.0.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on the store on a blocking thread (SQLite calls block).
    pub async fn with_store<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn EventStore) -> Result<T, StoreError> + Send + 'static,
    {
        self.on_blocking_thread("write", |inner| &inner.store, f).await
    }

    /// Runs a read on one of the read connections (round robin) on a blocking
    /// thread, or on the writer's when there are none; on a replica when there
    /// is one that has applied every event this server's index has (so what a
    /// page reads is never older than what the index, and the user's own
    /// writes, show), else on the primary. A read the replica fails (it went
    /// away, or cancelled the read to replay what the primary wrote) is read
    /// again on the primary, counted in `carefile_replica_fallbacks_total`.
    pub async fn read_store<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: Fn(&dyn EventStore) -> Result<T, StoreError> + Send + Sync + 'static,
    {
        if !self.replica_caught_up().await {
            return self.on_blocking_thread("read", Inner::reader, move |s| f(s)).await;
        }
        let f = Arc::new(f);
        let on_replica = f.clone();
        match self.blocking("replica", Inner::replica, move |s| on_replica(s)).await? {
            Ok(v) => Ok(v),
            Err(e) => {
                self.replica_failed(&e);
                self.on_blocking_thread("read", Inner::reader, move |s| f(s)).await
            }
        }
    }

    /// Reads of what is kept outside the log (drafts, sessions), always on the
    /// primary: a replica's catching up is judged by the log alone.
    pub(crate) async fn read_primary<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn EventStore) -> Result<T, StoreError> + Send + 'static,
    {
        self.on_blocking_thread("read", Inner::reader, move |s| f(s)).await
    }

    /// Whether there is a replica that holds everything this server's index has
    /// applied (looking at it again only when the last look was not enough),
    /// and that has not just failed.
    async fn replica_caught_up(&self) -> bool {
        if self.0.replicas.is_empty() {
            return false;
        }
        if self.0.replica_rest.lock().unwrap_or_else(|p| p.into_inner()).is_some_and(|t| std::time::Instant::now() < t) {
            return false;
        }
        let need = self.0.follower.position().applied;
        if self.0.replica_seen.load(Ordering::Acquire) >= need {
            return true;
        }
        match self.blocking("replica", Inner::replica, |s| s.last_seq()).await {
            Ok(Ok(seen)) => {
                self.0.replica_seen.fetch_max(seen, Ordering::AcqRel);
                seen >= need
            }
            Ok(Err(e)) => {
                self.replica_failed(&e);
                false
            }
            Err(_) => false,
        }
    }

    /// A replica failed: logged and counted by the error's code (never its
    /// message), and let rest a while, reads going to the primary meanwhile. A
    /// replica's failure is no outage of the database (`/readyz` stays ready).
    fn replica_failed(&self, e: &StoreError) {
        let code = e.code();
        tracing::warn!(code = %code, "a read on the replica failed: read on the primary instead");
        self.0.metrics.replica_fallback(&code);
        *self.0.replica_rest.lock().unwrap_or_else(|p| p.into_inner()) = Some(std::time::Instant::now() + REPLICA_REST);
    }

    /// How far behind the primary's log the replica is, in events and seconds
    /// (the time since the last transaction it replayed), when there is one.
    pub(crate) async fn replica_lag(&self) -> Option<(u64, Option<f64>)> {
        if self.0.replicas.is_empty() {
            return None;
        }
        let primary = self.on_blocking_thread("read", Inner::reader, |s| s.last_seq()).await.ok()?;
        let (seen, seconds) =
            self.blocking("replica", Inner::replica, |s| Ok((s.last_seq()?, s.replay_lag()?))).await.ok()?.ok()?;
        self.0.replica_seen.fetch_max(seen, Ordering::AcqRel);
        Some((primary.saturating_sub(seen), seconds))
    }

    /// Runs the small writes of sessions on a read connection, so they never
    /// queue behind the log's writes in this process.
    pub(crate) async fn session_store<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn EventStore) -> Result<T, StoreError> + Send + 'static,
    {
        self.on_blocking_thread("session", Inner::reader, f).await
    }

    async fn on_blocking_thread<T, F>(
        &self,
        operation: &'static str,
        connection: fn(&Inner) -> &StoreConnection,
        f: F,
    ) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn EventStore) -> Result<T, StoreError> + Send + 'static,
    {
        self.blocking(operation, connection, f).await?.map_err(|e| self.store_failed(e))
    }

    /// Runs `f` on `connection` on a blocking thread, timed as `operation`; the
    /// store's error left to the caller.
    async fn blocking<T, F>(
        &self,
        operation: &'static str,
        connection: fn(&Inner) -> &StoreConnection,
        f: F,
    ) -> Result<Result<T, StoreError>, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn EventStore) -> Result<T, StoreError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let started = std::time::Instant::now();
            let out = connection(&state.0).with(f);
            match &out {
                Ok(_) => state.0.metrics.store(operation, started.elapsed()),
                Err(e) => state.0.metrics.store_error(operation, &e.code()),
            }
            out
        })
        .await
        .map_err(|_| AppError::Internal("store task".into()))
    }

    /// Notes why the store failed (for `/readyz`) and turns it into the error shown.
    pub(crate) fn store_failed(&self, e: StoreError) -> AppError {
        self.0.health.store_failed(&e, self.now());
        AppError::from(e)
    }

    /// Writes one audit entry; the caller shows nothing until it is durable.
    ///
    /// Group commit: the entry joins a queue, and whichever request next holds
    /// the store writes every queued entry in one transaction (one flush to
    /// disk), then tells each waiting request. Under load, many views share a
    /// flush instead of queueing for one each.
    pub async fn audit(&self, entry: AuditEntry) -> Result<(), AppError> {
        let (done, written) = tokio::sync::oneshot::channel();
        self.0.audit_queue.lock().unwrap_or_else(|p| p.into_inner()).push((entry, done));
        let state = self.clone();
        self.with_store(move |s| {
            let batch = std::mem::take(&mut *state.0.audit_queue.lock().unwrap_or_else(|p| p.into_inner()));
            if batch.is_empty() {
                return Ok(()); // an earlier holder of the store wrote ours
            }
            let (entries, waiting): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
            state.0.metrics.audit_batch(entries.len());
            let started = std::time::Instant::now();
            let outcome = s.append_audits(&entries);
            state.0.metrics.store("audit", started.elapsed());
            let stored = outcome.is_ok();
            if stored {
                state.0.health.wrote();
            }
            for w in waiting {
                let _ = w.send(stored); // a request that went away needs no answer
            }
            outcome.map(|_| ())
        })
        .await?;
        match written.await {
            Ok(true) => Ok(()),
            _ => Err(AppError::Internal("audit".into())),
        }
    }

    /// Stores user events; the follower brings them into the accounts before this returns.
    pub async fn append_users(&self, by: &str, events: Vec<UserEvent>) -> Result<(), AppError> {
        let recorded = Recorded::new(self.now(), by, None);
        let rows: Vec<_> = events.into_iter().map(|e| (recorded.clone(), e)).collect();
        self.with_store(move |s| s.append_users(&rows)).await?;
        self.sync().await?;
        Ok(())
    }

    /// The indicator engine over the record as it stands.
    pub async fn indicators(&self) -> Result<Arc<Engine>, AppError> {
        if let Some(e) = self.0.indicators.value.lock().unwrap_or_else(|p| p.into_inner()).clone() {
            return Ok(e);
        }
        let engine = self
            .read_store(|s| {
                let config = carefile_indicators::Config::default();
                Ok(Arc::new(Engine::new(&s.children()?, &s.organisation()?, &config)))
            })
            .await?;
        *self.0.indicators.value.lock().unwrap_or_else(|p| p.into_inner()) = Some(engine.clone());
        Ok(engine)
    }

    /// After a write to a child's log: the follower applies it (and anything
    /// else written meanwhile) before this returns.
    pub async fn child_changed(&self, _id: ChildId) -> Result<(), AppError> {
        self.sync().await.map(|_| ())
    }
}

/// Records `policy` as adopted if it differs from the last one the database
/// holds: a `policy_adopted` users event (its text, so the next change can be
/// compared) and a `policy_changed` audit entry with both hashes and the roles
/// whose access changed. The first server to start with a new file writes them.
fn adopt_policy(store: &mut dyn EventStore, policy: &Policy, now: DateTime<Utc>) -> Result<(), StoreError> {
    let accounts = store.accounts()?;
    let old = accounts.policy.as_ref();
    if old.is_some_and(|o| o.sha256 == policy.sha256) {
        return Ok(());
    }
    let changed = match old.map(|o| Policy::from_toml(&o.text)) {
        Some(Ok(old)) => policy.changed_roles(&old),
        // No policy recorded yet, or one this version cannot read: every role counts as changed.
        _ => policy.roles.keys().cloned().collect(),
    };
    let codes: Vec<&str> = changed.iter().map(|r| r.code()).collect();
    let detail = format!(
        "access policy sha256 {} -> {}; roles changed: {}",
        old.map_or("none", |o| o.sha256.as_str()),
        policy.sha256,
        if codes.is_empty() { "none".to_string() } else { codes.join(", ") }
    );
    let by = "carefile serve";
    let event = UserEvent::PolicyAdopted { sha256: policy.sha256.clone(), text: policy.text.clone() };
    store.append_users(&[(Recorded::new(now, by, None), event)])?;
    store.append_audit(&AuditEntry::new(now, by, AuditAction::PolicyChanged, None, detail))?;
    Ok(())
}
