//! What `/readyz` answers from: whether the index is built and caught up
//! with the log, whether the database took this server's last heartbeat
//! write, the last outage a request met, and the schema's version. Liveness
//! (`/healthz`) asks nothing of the database.

use carefile_store::{Outage, SCHEMA_VERSION, StoreError};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use std::sync::Mutex;

#[derive(Default)]
pub(crate) struct Health(Mutex<State>);

#[derive(Default)]
struct State {
    /// The last heartbeat: when, and the outage it met if any.
    beat: Option<(DateTime<Utc>, Option<Outage>)>,
    /// The last outage a request met, until a write succeeds or it is a minute old.
    request_outage: Option<(DateTime<Utc>, Outage)>,
    /// The last error of the follower, until it next catches up.
    follow_error: Option<String>,
    schema: Option<u32>,
    maintenance: Option<String>,
}

/// Where the index stands against the log.
pub(crate) struct IndexState {
    pub built: bool,
    pub applied: u64,
    /// The log's last `seq`, just read.
    pub last: u64,
    pub caught_up_at: Option<DateTime<Utc>>,
}

/// One line of the readiness report.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Check {
    pub name: &'static str,
    pub ok: bool,
    pub detail: String,
}

/// What `/readyz` says.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Readiness {
    pub ready: bool,
    pub checks: Vec<Check>,
}

impl Health {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A request's store call failed: an outage is remembered (and logged by its cause).
    pub(crate) fn store_failed(&self, e: &StoreError, now: DateTime<Utc>) {
        if let Some(o) = e.outage() {
            tracing::error!(cause = o.code(), "store unavailable");
            self.state().request_outage = Some((now, o));
        }
    }

    pub(crate) fn beat(&self, now: DateTime<Utc>, result: Result<u32, &StoreError>) {
        let mut s = self.state();
        match result {
            Ok(schema) => {
                s.beat = Some((now, None));
                s.schema = Some(schema);
            }
            Err(e) => {
                let outage = e.outage().unwrap_or(Outage::Unreachable);
                tracing::error!(cause = outage.code(), "heartbeat failed");
                s.beat = Some((now, Some(outage)));
            }
        }
    }

    /// A request's write to the log succeeded: the database takes writes again.
    pub(crate) fn wrote(&self) {
        self.state().request_outage = None;
    }

    pub(crate) fn followed(&self, result: Result<(), &StoreError>) {
        self.state().follow_error =
            result.err().map(|e| e.outage().map_or("the log could not be read".to_string(), |o| o.to_string()));
    }

    pub(crate) fn set_maintenance(&self, message: Option<String>) {
        self.state().maintenance = message;
    }

    /// The outage being reported now (a request's in the last minute, or the heartbeat's).
    pub(crate) fn outage(&self, now: DateTime<Utc>) -> Option<Outage> {
        let s = self.state();
        let request = s.request_outage.filter(|(at, _)| now - *at < Duration::minutes(1)).map(|(_, o)| o);
        request.or(s.beat.and_then(|(_, o)| o))
    }

    /// The maintenance message, while the page is on.
    pub(crate) fn maintenance(&self) -> Option<String> {
        self.state().maintenance.clone()
    }

    /// The report, given where the follower stands.
    pub(crate) fn readiness(&self, now: DateTime<Utc>, index: IndexState, config: &crate::Config) -> Readiness {
        let s = self.state();
        let mut checks = Vec::new();
        let stale = Duration::from_std(config.heartbeat * 3).unwrap_or(Duration::seconds(15));
        let request_outage = s.request_outage.filter(|(at, _)| now - *at < Duration::minutes(1));
        let writable = match (s.beat, request_outage) {
            (_, Some((_, o))) | (Some((_, Some(o))), _) => Err(o.to_string()),
            (Some((at, None)), None) if now - at <= stale => Ok("took this server's heartbeat".to_string()),
            (Some((at, None)), None) => Err(format!("no heartbeat since {}", at.format("%H:%M:%S"))),
            (None, None) => Err("no heartbeat yet".to_string()),
        };
        checks.push(match writable {
            Ok(d) => Check { name: "database", ok: true, detail: d },
            Err(d) => Check { name: "database", ok: false, detail: d },
        });
        checks.push(match s.schema {
            Some(v) if v == SCHEMA_VERSION => Check { name: "schema", ok: true, detail: format!("version {v}") },
            Some(v) if v > SCHEMA_VERSION => Check {
                name: "schema",
                ok: false,
                detail: format!("version {v} is newer than this server knows ({SCHEMA_VERSION}): upgrade it"),
            },
            Some(v) => Check { name: "schema", ok: false, detail: format!("version {v}: run `carefile migrate`") },
            None => Check { name: "schema", ok: false, detail: "not read yet".into() },
        });
        let behind = index.last.saturating_sub(index.applied);
        let recent = index.caught_up_at.is_some_and(|at| now - at <= config.ready_lag);
        checks.push(if !index.built {
            Check { name: "index", ok: false, detail: "being built".into() }
        } else if let Some(e) = &s.follow_error {
            Check { name: "index", ok: false, detail: format!("cannot follow the log: {e}") }
        } else if behind > 0 && !recent {
            Check { name: "index", ok: false, detail: format!("catching up: {behind} events behind") }
        } else {
            Check { name: "index", ok: true, detail: format!("applied the log to event {}", index.applied) }
        });
        if let Some(m) = &s.maintenance {
            checks.push(Check { name: "maintenance", ok: true, detail: format!("on: {m}") });
        }
        Readiness { ready: checks.iter().all(|c| c.ok), checks }
    }
}
