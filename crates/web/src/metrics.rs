//! Prometheus metrics (`/metrics`, text format 0.0.4). Labels are route
//! templates, methods, status codes and store operations: a bounded set that
//! never names a child, a user or a session.
//!
//! | metric | what |
//! |---|---|
//! | `carefile_http_requests_total{route,method,status}` | requests answered |
//! | `carefile_http_request_duration_seconds{route,method}` | time to answer |
//! | `carefile_store_operation_duration_seconds{operation}` | store calls that succeeded: `write`, `read`, `replica`, `session`, `audit`, `follow` |
//! | `carefile_store_errors_total{operation,code}` | store calls that failed, by the error's code (`postgres:40001`, `sqlite:5`…) |
//! | `carefile_audit_batch_entries` | audit entries written per group commit |
//! | `carefile_index_applied_seq`, `carefile_log_last_seq`, `carefile_index_lag_events` | the follower against the log |
//! | `carefile_sessions` | live sessions (all servers) |
//! | `carefile_replica_lag_events`, `carefile_replica_lag_seconds` | the read replica behind the primary (when there is one) |
//! | `carefile_replica_fallbacks_total{reason}` | reads the replica failed, read again on the primary, by the error's code |
//! | `carefile_ready` | 1 when `/readyz` would say ready |
//! | `carefile_store_outage{cause}` | 1 while a store outage of that cause is being reported |

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::time::Duration;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Request {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Route {
    route: String,
    method: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Operation {
    operation: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Failed {
    operation: String,
    code: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Cause {
    cause: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Reason {
    reason: String,
}

type Timings<L> = Family<L, Histogram, fn() -> Histogram>;

/// 1 ms to about 33 s, doubling.
fn latency() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 16))
}

/// What the server counts.
pub struct Metrics {
    registry: Registry,
    requests: Family<Request, Counter>,
    durations: Timings<Route>,
    store: Timings<Operation>,
    store_errors: Family<Failed, Counter>,
    audit_batch: Histogram,
    pub(crate) applied: Gauge,
    pub(crate) last_seq: Gauge,
    pub(crate) lag: Gauge,
    pub(crate) sessions: Gauge,
    pub(crate) ready: Gauge,
    pub(crate) replica_lag_events: Gauge,
    pub(crate) replica_lag_seconds: Gauge<f64, std::sync::atomic::AtomicU64>,
    replica_fallbacks: Family<Reason, Counter>,
    outage: Family<Cause, Gauge>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("carefile");
        let m = Metrics {
            registry: Registry::default(),
            requests: Family::default(),
            durations: Family::new_with_constructor(latency),
            store: Family::new_with_constructor(latency),
            store_errors: Family::default(),
            audit_batch: Histogram::new(exponential_buckets(1.0, 2.0, 12)),
            applied: Gauge::default(),
            last_seq: Gauge::default(),
            lag: Gauge::default(),
            sessions: Gauge::default(),
            ready: Gauge::default(),
            replica_lag_events: Gauge::default(),
            replica_lag_seconds: Gauge::default(),
            replica_fallbacks: Family::default(),
            outage: Family::default(),
        };
        registry.register("http_requests", "Requests answered, by route template, method and status", m.requests.clone());
        registry.register("http_request_duration_seconds", "Time to answer a request", m.durations.clone());
        registry.register("store_operation_duration_seconds", "Time of calls to the store that succeeded", m.store.clone());
        registry.register("store_errors", "Calls to the store that failed, by the error's code", m.store_errors.clone());
        registry.register("audit_batch_entries", "Audit entries written per group commit", m.audit_batch.clone());
        registry.register("index_applied_seq", "The last event of the log this server's index has applied", m.applied.clone());
        registry.register("log_last_seq", "The last event of the log", m.last_seq.clone());
        registry.register("index_lag_events", "Events of the log this server's index has not applied yet", m.lag.clone());
        registry.register("sessions", "Live signed-in sessions, on every server", m.sessions.clone());
        registry.register("ready", "1 when the server is ready to serve (/readyz)", m.ready.clone());
        registry.register("replica_lag_events", "Events of the log the read replica has not replayed yet", m.replica_lag_events.clone());
        registry.register(
            "replica_lag_seconds",
            "Seconds since the last transaction the replica replayed was committed (grows on an idle primary too)",
            m.replica_lag_seconds.clone(),
        );
        registry.register(
            "replica_fallbacks",
            "Reads the replica failed, read again on the primary, by the error's code",
            m.replica_fallbacks.clone(),
        );
        registry.register("store_outage", "1 while requests meet a store outage of this cause", m.outage.clone());
        Metrics { registry, ..m }
    }
}

/// A method as a label: the usual ones by name, anything else as OTHER.
fn method_label(m: &axum::http::Method) -> String {
    use axum::http::Method;
    match *m {
        Method::GET | Method::HEAD | Method::POST | Method::PUT | Method::PATCH | Method::DELETE | Method::OPTIONS => {
            m.as_str().to_string()
        }
        _ => "OTHER".to_string(),
    }
}

impl Metrics {
    pub(crate) fn request(&self, route: &str, method: &axum::http::Method, status: u16, took: Duration) {
        let method = method_label(method);
        self.requests.get_or_create(&Request { route: route.into(), method: method.clone(), status }).inc();
        self.durations.get_or_create(&Route { route: route.into(), method }).observe(took.as_secs_f64());
    }

    pub(crate) fn store(&self, operation: &'static str, took: Duration) {
        self.store.get_or_create(&Operation { operation: operation.into() }).observe(took.as_secs_f64());
    }

    /// A store call that failed with an error of this code.
    pub(crate) fn store_error(&self, operation: &'static str, code: &str) {
        self.store_errors.get_or_create(&Failed { operation: operation.into(), code: code.into() }).inc();
    }

    /// A read the replica failed with an error of this code (`postgres:40001`…).
    pub(crate) fn replica_fallback(&self, code: &str) {
        self.replica_fallbacks.get_or_create(&Reason { reason: code.into() }).inc();
    }

    pub(crate) fn audit_batch(&self, entries: usize) {
        self.audit_batch.observe(entries as f64);
    }

    pub(crate) fn outages(&self, current: Option<carefile_store::Outage>) {
        for o in ALL_OUTAGES {
            self.outage.get_or_create(&Cause { cause: o.code().into() }).set(i64::from(Some(o) == current));
        }
    }

    /// The text exposition.
    pub(crate) fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)?;
        Ok(out)
    }
}

const ALL_OUTAGES: [carefile_store::Outage; 6] = {
    use carefile_store::Outage::*;
    [DiskFull, NotPermitted, Locked, ReadOnlyStandby, Unreachable, SchemaTooNew]
};
