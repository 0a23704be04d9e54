//! The audit stream: entries as stored text, their hash chain, and searching them.

use crate::backend::EventRow;
use crate::error::StoreError;
use crate::jsonl::format_timestamp;
use carefile_domain::ChildId;
use carefile_domain::access::{AuditAction, AuditEntry, AuditRecord};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// Where the chain starts: the "previous hash" of the first entry.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Which audit entries to return; `None` means any. `from` is inclusive and
/// `to` exclusive; `limit` caps how many (the newest first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub user: Option<String>,
    pub child: Option<ChildId>,
    /// With `child`: also the list views that showed the child among others.
    pub listed: bool,
    pub action: Option<AuditAction>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub limit: Option<usize>,
}

/// SHA-256 over the previous hash and the payload text exactly as stored, hex.
pub(crate) fn chain_hash(prev_hash: &str, payload: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(payload.as_bytes());
    format!("{:x}", h.finalize())
}

/// The action's name as stored in the `kind` column (its serde name).
pub(crate) fn action_name(a: AuditAction) -> Result<String, StoreError> {
    match serde_json::to_value(a) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        other => Err(StoreError::Corrupt(format!("audit action {a:?} serialised as {other:?}"))),
    }
}

/// The columns an audit row must carry for its payload: (kind, recorded_at, recorded_by).
pub(crate) fn audit_columns(e: &AuditEntry) -> Result<(String, String, &str), StoreError> {
    Ok((action_name(e.action)?, format_timestamp(&e.at), &e.user))
}

/// Reads a stored audit row back, checking its columns against its payload.
pub(crate) fn audit_record(row: EventRow) -> Result<AuditRecord, String> {
    let entry: AuditEntry = serde_json::from_str(&row.payload).map_err(|e| format!("payload: {e}"))?;
    let (kind, at, user) = audit_columns(&entry).map_err(|e| e.to_string())?;
    if (kind.as_str(), at.as_str(), user) != (row.kind.as_str(), row.recorded_at.as_str(), row.recorded_by.as_str()) {
        return Err(format!(
            "columns (kind '{}', recorded_at '{}', recorded_by '{}') do not match the payload ('{kind}', '{at}', '{user}')",
            row.kind, row.recorded_at, row.recorded_by
        ));
    }
    let (Some(prev_hash), Some(hash)) = (row.prev_hash, row.hash) else {
        return Err("no hash chain columns".into());
    };
    Ok(AuditRecord { seq: row.version, entry, prev_hash, hash })
}
