//! What every handler shares.

use crate::AppError;
use crate::auth::{Sessions, Throttle};
use crate::index::Index;
use carefile_domain::access::{Accounts, AuditEntry, UserEvent};
use carefile_domain::clock::Clock;
use carefile_domain::org::Organisation;
use carefile_domain::{ChildId, Recorded};
use carefile_indicators::Engine;
use carefile_store::{EventStore, StoreError};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};

/// How the server behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// Mark session cookies `Secure`. Only plain-http loopback serving turns it off.
    pub secure_cookies: bool,
    /// A session unused this long is ended.
    pub idle: Duration,
    /// A session this old is ended however busy.
    pub absolute: Duration,
    /// Judge what is due on this date instead of the clock's today.
    pub as_of: Option<NaiveDate>,
    /// Sign-in is refused for `lockout` after `max_failures` failures within
    /// `lockout`, counted per username and per address.
    pub max_failures: usize,
    pub lockout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            secure_cookies: true,
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
            as_of: None,
            max_failures: 5,
            lockout: Duration::minutes(15),
        }
    }
}

/// The application's shared state; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    store: StoreConnection,
    clock: Arc<dyn Clock>,
    config: Config,
    accounts: RwLock<Accounts>,
    org: RwLock<Organisation>,
    index: RwLock<Index>,
    sessions: Sessions,
    throttle: Throttle,
    /// The indicator engine, built on first use and dropped on each write.
    indicators: Mutex<Option<Arc<Engine>>>,
    /// Audit entries waiting for the next group commit, with who to tell.
    audit_queue: Mutex<Vec<(AuditEntry, AuditDone)>>,
    /// Extra connections for reads, so pages are not queued behind a write's
    /// flush to disk; empty means reads share the writer's connection.
    readers: Vec<StoreConnection>,
    next_reader: AtomicUsize,
}

/// Told whether the entry was stored.
type AuditDone = tokio::sync::oneshot::Sender<bool>;

type StoreConnection = Mutex<Box<dyn EventStore>>;

impl Inner {
    /// The next read connection (round robin), or the writer's when there are none.
    fn reader(&self) -> &StoreConnection {
        if self.readers.is_empty() {
            return &self.store;
        }
        &self.readers[self.next_reader.fetch_add(1, Ordering::Relaxed) % self.readers.len()]
    }
}

impl AppState {
    /// Reads accounts, the organisation and every child once, to build the index.
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
        let accounts = store.accounts()?;
        let org = store.organisation()?;
        let today = config.as_of.unwrap_or_else(|| clock.today());
        let index = Index::build(&store.children()?, today);
        Ok(AppState(Arc::new(Inner {
            store: Mutex::new(store),
            sessions: Sessions::new(config.idle, config.absolute),
            throttle: Throttle::new(config.max_failures, config.lockout),
            clock,
            config,
            accounts: RwLock::new(accounts),
            org: RwLock::new(org),
            index: RwLock::new(index),
            indicators: Mutex::new(None),
            audit_queue: Mutex::new(Vec::new()),
            readers: readers.into_iter().map(Mutex::new).collect(),
            next_reader: AtomicUsize::new(0),
        })))
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.0.clock.now()
    }

    /// The reference date: `--as-of`, else the clock's today.
    pub fn today(&self) -> NaiveDate {
        self.0.config.as_of.unwrap_or_else(|| self.0.clock.today())
    }

    pub fn sessions(&self) -> &Sessions {
        &self.0.sessions
    }

    pub fn throttle(&self) -> &Throttle {
        &self.0.throttle
    }

    pub fn accounts(&self) -> RwLockReadGuard<'_, Accounts> {
        self.0.accounts.read().unwrap_or_else(|p| p.into_inner())
    }

    pub fn org(&self) -> RwLockReadGuard<'_, Organisation> {
        self.0.org.read().unwrap_or_else(|p| p.into_inner())
    }

    /// The index on today's date (rebuilt first if the date moved on).
    pub async fn index(&self) -> Result<RwLockReadGuard<'_, Index>, AppError> {
        let today = self.today();
        if self.read_index().as_of() != today {
            let children = self.with_store(|s| s.children()).await?;
            *self.0.index.write().unwrap_or_else(|p| p.into_inner()) = Index::build(&children, today);
        }
        Ok(self.read_index())
    }

    fn read_index(&self) -> RwLockReadGuard<'_, Index> {
        self.0.index.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on the store on a blocking thread (SQLite calls block).
    pub async fn with_store<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn EventStore) -> Result<T, StoreError> + Send + 'static,
    {
        self.on_blocking_thread(|inner| &inner.store, f).await
    }

    /// Runs a read on one of the read connections (round robin) on a blocking
    /// thread, or on the writer's when there are none.
    pub async fn read_store<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn EventStore) -> Result<T, StoreError> + Send + 'static,
    {
        self.on_blocking_thread(Inner::reader, move |s| f(s)).await
    }

    async fn on_blocking_thread<T, F>(&self, connection: fn(&Inner) -> &StoreConnection, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn EventStore) -> Result<T, StoreError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = connection(&state.0).lock().unwrap_or_else(|p| p.into_inner());
            f(&mut **store)
        })
        .await
        .map_err(|_| AppError::Internal("store task".into()))?
        .map_err(AppError::from)
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
            let outcome = s.append_audits(&entries).is_ok();
            for w in waiting {
                let _ = w.send(outcome); // a request that went away needs no answer
            }
            Ok(())
        })
        .await?;
        match written.await {
            Ok(true) => Ok(()),
            _ => Err(AppError::Internal("audit".into())),
        }
    }

    /// Stores user events and applies them to the accounts in memory.
    pub async fn append_users(&self, by: &str, events: Vec<UserEvent>) -> Result<(), AppError> {
        let recorded = Recorded::new(self.now(), by, None);
        let rows: Vec<_> = events.iter().cloned().map(|e| (recorded.clone(), e)).collect();
        self.with_store(move |s| s.append_users(&rows)).await?;
        let mut accounts = self.0.accounts.write().unwrap_or_else(|p| p.into_inner());
        for e in &events {
            // Already checked by the store against the same fold.
            accounts.apply(e).map_err(|_| AppError::Internal("accounts".into()))?;
        }
        Ok(())
    }

    /// The indicator engine over the record as it stands.
    pub async fn indicators(&self) -> Result<Arc<Engine>, AppError> {
        if let Some(e) = self.0.indicators.lock().unwrap_or_else(|p| p.into_inner()).clone() {
            return Ok(e);
        }
        let engine = self
            .with_store(|s| {
                let config = carefile_indicators::Config::default();
                Ok(Arc::new(Engine::new(&s.children()?, &s.organisation()?, &config)))
            })
            .await?;
        *self.0.indicators.lock().unwrap_or_else(|p| p.into_inner()) = Some(engine.clone());
        Ok(engine)
    }

    /// After a write to a child's log: refreshes the child in the index.
    pub async fn child_changed(&self, id: ChildId) -> Result<(), AppError> {
        *self.0.indicators.lock().unwrap_or_else(|p| p.into_inner()) = None;
        let record = self.with_store(move |s| s.child(&id)).await?;
        if let Some((record, _)) = record {
            self.0.index.write().unwrap_or_else(|p| p.into_inner()).put(&record);
        }
        Ok(())
    }
}
