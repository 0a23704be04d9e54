//! The server's two background threads. The follower applies the log as it
//! grows (woken by NOTIFY on PostgreSQL, polling on SQLite). Housekeeping
//! records the heartbeat (which also proves the database takes writes and
//! reads the schema's version), reads the maintenance switch, sweeps
//! expired sessions, throttle counts and the API's idempotency keys, and disables leavers' accounts. Both stop once the server's state is dropped.

use crate::AppState;
use carefile_store::{Listener, ServerBeat};
use std::time::{Duration, Instant};

/// The setting that puts every server's maintenance page up.
pub const MAINTENANCE: &str = "maintenance";

/// How often expired sessions are deleted (by every server; it is idempotent).
const SWEEP_EVERY: Duration = Duration::from_secs(300);

pub(crate) fn start(state: &AppState, listener: Option<Listener>) {
    let weak = state.downgrade();
    let poll = state.config().follow_poll;
    let spawned = std::thread::Builder::new().name("carefile-follower".into()).spawn(move || {
        let mut listener = listener;
        loop {
            match &mut listener {
                // A failed wait (the database went away) still looks at the log.
                Some(l) => {
                    let _ = l.wait(poll);
                }
                None => std::thread::sleep(poll),
            }
            let Some(state) = AppState::upgrade(&weak) else { return };
            let result = state.catch_up();
            state.health().followed(result.as_ref().map(|_| ()));
        }
    });
    if spawned.is_err() {
        tracing::error!("the follower thread could not start: the index follows only this server's writes");
    }
    let weak = state.downgrade();
    let beat_every = state.config().heartbeat;
    let spawned = std::thread::Builder::new().name("carefile-housekeeping".into()).spawn(move || {
        let id = crate::auth::random_token().map(|t| t[..16].to_string()).unwrap_or_else(|_| "unknown".into());
        let host =
            std::fs::read_to_string("/proc/sys/kernel/hostname").map(|h| h.trim().to_string()).unwrap_or_default();
        let mut started = None;
        let mut swept = Instant::now() - SWEEP_EVERY;
        loop {
            let Some(state) = AppState::upgrade(&weak) else { return };
            let now = state.now();
            let beat = ServerBeat {
                id: id.clone(),
                host: host.clone(),
                pid: u64::from(std::process::id()),
                version: env!("CARGO_PKG_VERSION").into(),
                started: *started.get_or_insert(now),
                last_seen: now,
                applied_seq: state.follower_position().applied,
            };
            let sweep = swept.elapsed() >= SWEEP_EVERY;
            let (idle, absolute) = (state.config().idle, state.config().absolute);
            let result = state.housekeeping_store(|s| {
                s.server_beat(&beat)?;
                let maintenance = s.setting(MAINTENANCE)?.map(|m| m.value);
                if sweep {
                    s.sessions_sweep(now - idle, now - absolute, now)?;
                    s.throttle_sweep(now - crate::auth::throttle::ACCOUNT_WINDOW)?;
                    s.replays_purge(now - crate::api::idempotency::KEPT_FOR)?;
                    s.servers_forget(now - chrono::Duration::days(1))?;
                }
                Ok((s.schema_version()?, maintenance))
            });
            match result {
                Ok((schema, maintenance)) => {
                    state.health().beat(now, Ok(schema));
                    state.health().set_maintenance(maintenance);
                    if sweep {
                        swept = Instant::now();
                    }
                }
                Err(e) => state.health().beat(now, Err(&e)),
            }
            if sweep && let Err(e) = state.disable_leavers() {
                tracing::warn!(error = %e.outage().map_or("store", |o| o.code()), "leavers' accounts not disabled this time");
            }
            drop(state);
            std::thread::sleep(beat_every);
        }
    });
    if spawned.is_err() {
        tracing::error!("the housekeeping thread could not start");
    }
}
