//! One daily run: compare the cohort's payloads with what the DfE holds (the send log), send the
//! new, changed and leaving children in requests of at most 100, and record each request and its
//! outcome. Each request is written to the log as prepared before it is made, and its children's new
//! state with its receipts in one transaction when it is accepted: a run killed at any point resumes
//! on the next run, sending again at most the request that was in flight.

use crate::Payloads;
use crate::delta::{self, Delta, Held, Tally};
use crate::send::{Answer, Client, Waiter};
use carefile_store::{Batch, Closed, HeldChild, SendLog, StoreError};
use serde::Serialize;
use std::collections::BTreeMap;

/// A run that could not be made at all.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("the send log: {0}")]
    Log(#[from] StoreError),
    #[error("the send log holds unreadable state for child {child}: {message}")]
    Held { child: String, message: String },
}

/// A child the API refused, and what it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedChild {
    pub child: String,
    pub status: u16,
    pub detail: String,
}

/// What a run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub run_id: String,
    pub tally: Tally,
    /// Requests made and accepted.
    pub requests: usize,
    pub accepted: usize,
    pub children_accepted: usize,
    /// Children left as they were, sent again by a later run.
    pub children_pending: usize,
    pub refused: Vec<RefusedChild>,
    /// Why the run stopped early, if it did.
    pub stopped: Option<String>,
}

/// What the DfE holds, by child, as the send log says.
pub fn held(log: &dyn SendLog) -> Result<BTreeMap<String, Held>, RunError> {
    log.dfe_held()?
        .into_iter()
        .map(|(child, json)| match serde_json::from_str(&json) {
            Ok(h) => Ok((child, h)),
            Err(e) => Err(RunError::Held { child, message: e.to_string() }),
        })
        .collect()
}

/// The request body of some deltas.
pub fn body(deltas: &[&Delta]) -> Vec<u8> {
    serde_json::to_vec(&deltas.iter().map(|d| &d.payload).collect::<Vec<_>>()).expect("payloads serialise")
}

/// Sends what changed since the last accepted run; the waiter's clock stamps the log.
pub fn run(
    payloads: &Payloads,
    log: &mut dyn SendLog,
    client: &mut Client,
    waiter: &dyn Waiter,
    run_id: &str,
) -> Result<Report, RunError> {
    let (deltas, tally) = delta::deltas(&payloads.children, &held(log)?);
    let mut report = Report { run_id: run_id.into(), tally, ..Default::default() };
    let stamp = || waiter.now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    // Requests still to make: (batch ID, its children), the next last.
    let mut queue: Vec<(String, Vec<&Delta>)> = deltas
        .chunks(delta::BATCH)
        .enumerate()
        .map(|(i, c)| (format!("{run_id}-{:04}", i + 1), c.iter().collect()))
        .collect();
    queue.reverse();
    while let Some((batch_id, batch)) = queue.pop() {
        let bytes = body(&batch);
        log.dfe_prepare(&Batch {
            batch_id: batch_id.clone(),
            run_id: run_id.into(),
            as_of: payloads.as_of.to_string(),
            schema: payloads.version.to_string(),
            created_at: stamp(),
            children: batch.iter().map(|d| d.child.clone()).collect(),
            body_sha256: delta::sha256_hex(&bytes),
        })?;
        report.requests += 1;
        let mut failed_attempts = Vec::new();
        let answer = client.send(&bytes, batch.len(), waiter, &mut |status, detail| {
            failed_attempts.push((status, detail.to_string()))
        });
        for (status, detail) in &failed_attempts {
            log.dfe_attempted(&batch_id, *status, detail, &stamp())?;
        }
        match answer {
            Answer::Accepted { status, receipts } => {
                let children: Vec<HeldChild> = batch
                    .iter()
                    .enumerate()
                    .map(|(i, d)| HeldChild {
                        child: d.child.clone(),
                        held: d.then.as_ref().map(|h| serde_json::to_string(h).expect("held state serialises")),
                        receipt: receipts.of(i),
                    })
                    .collect();
                log.dfe_accepted(&batch_id, status, &receipts.list(), &children, &stamp())?;
                report.accepted += 1;
                report.children_accepted += batch.len();
            }
            Answer::Refused { status, children, detail } => {
                log.dfe_closed(&batch_id, Closed::Refused, Some(status), &detail, &stamp())?;
                // The API named the children it refused: send the others again, once, on their own.
                let retry =
                    status == 400 && !children.is_empty() && children.len() < batch.len() && !batch_id.ends_with('r');
                for (i, d) in batch.iter().enumerate() {
                    if children.contains(&i) || !retry {
                        report.refused.push(RefusedChild { child: d.child.clone(), status, detail: detail.clone() });
                    }
                }
                if retry {
                    let rest: Vec<&Delta> =
                        batch.iter().enumerate().filter(|(i, _)| !children.contains(i)).map(|(_, d)| *d).collect();
                    queue.push((format!("{batch_id}r"), rest));
                }
            }
            Answer::Stopped(stop) => {
                log.dfe_closed(&batch_id, Closed::Failed, stop.status(), &stop.to_string(), &stamp())?;
                report.children_pending = batch.len() + queue.iter().map(|(_, b)| b.len()).sum::<usize>();
                report.stopped = Some(stop.to_string());
                return Ok(report);
            }
        }
    }
    Ok(report)
}

impl Report {
    /// Whether the run left something undone that needs a person (a refusal, or a stop).
    pub fn needs_attention(&self) -> bool {
        !self.refused.is_empty() || self.stopped.is_some()
    }
}
