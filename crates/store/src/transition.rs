//! How one event moves a child's record on: shared by appends, bulk loads and imports.

use crate::error::StoreError;
use carefile_domain::journey::Order;
use carefile_domain::{ChildEvent, ChildId, ChildRecord, Recorded};

/// The record after `event` (stored as `seq`), given the record before it and
/// the child's log so far (needed only when a correction forces a replay).
/// `order` binds the event to the journey's order rules: every entry written
/// now is [`Order::Enforced`]; a backup's entry recorded before the rules existed
/// is kept where it breaks one (`carefile check` lists it as a finding).
pub(crate) fn next_record(
    id: &ChildId,
    before: Option<ChildRecord>,
    log_so_far: &mut dyn FnMut() -> Result<Vec<(u64, ChildEvent, Order)>, StoreError>,
    seq: u64,
    recorded: &Recorded,
    event: &ChildEvent,
    order: Order,
) -> Result<ChildRecord, StoreError> {
    match event.check_recorded_at(id, recorded.at) {
        Err(e) if order == Order::Enforced => return Err(e.into()),
        _ => {}
    }
    match (before, event) {
        (None, _) => Ok(ChildRecord::register(id.clone(), event)?),
        (Some(_), ChildEvent::Corrected { .. } | ChildEvent::Retracted { .. }) => {
            if recorded.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                return Err(StoreError::Refused(format!("a correction to child {id}'s record must say why")));
            }
            let change = [(seq, event.clone(), order)];
            Ok(ChildRecord::replay_changed(id, &log_so_far()?, &change)?.0)
        }
        (Some(mut rec), _) => {
            rec.apply_noting(event, order)?;
            Ok(rec)
        }
    }
}
