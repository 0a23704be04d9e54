//! How one event moves a child's record on: shared by appends, bulk loads and imports.

use crate::error::StoreError;
use carefile_domain::{ChildEvent, ChildId, ChildRecord, Recorded};

/// The record after `event` (stored as `seq`), given the record before it and
/// the child's log so far (needed only when a correction forces a replay).
pub(crate) fn next_record(
    id: &ChildId,
    before: Option<ChildRecord>,
    log_so_far: &mut dyn FnMut() -> Result<Vec<(u64, ChildEvent)>, StoreError>,
    seq: u64,
    recorded: &Recorded,
    event: &ChildEvent,
) -> Result<ChildRecord, StoreError> {
    event.check_recorded_at(id, recorded.at)?;
    match (before, event) {
        (None, _) => Ok(ChildRecord::register(id.clone(), event)?),
        (Some(_), ChildEvent::Corrected { .. } | ChildEvent::Retracted { .. }) => {
            if recorded.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                return Err(StoreError::Refused(format!("a correction to child {id}'s record must say why")));
            }
            let mut log = log_so_far()?;
            log.push((seq, event.clone()));
            Ok(ChildRecord::replay(id, &log)?)
        }
        (Some(mut rec), _) => {
            rec.apply(event)?;
            Ok(rec)
        }
    }
}
