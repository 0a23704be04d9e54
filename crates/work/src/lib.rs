//! carefile's work tray (decision 003): everything a person must act on,
//! outside the domain's timescale engine. Statutory due items come from the
//! domain; this crate says whose tray they land on and adds the work that is
//! not statutory: steps waiting for a manager (the `authorisation` stream),
//! tasks people set (the `task` stream), plan actions. Pure, like the domain:
//! a server keeps a [`Trays`] index and replaces a source's items whenever its
//! log follower sees that source's subject change.
//!
//! | module | what |
//! |---|---|
//! | [`tray`] | [`TrayItem`], [`Owner`], the tray's order, the per-owner [`Trays`] index |
//! | [`due`] | a child's due items and requests as tray items, routed to worker, team or the unallocated list |
//! | [`authorisation`] | requests for a manager's authorisation of a step, with their history |
//! | [`task`] | tasks set by people, with their history |
//! | [`duties`] | separation of duties: no one authorises a step they recorded or proposed |
//! | [`households`] | foster carers', adopters' and panels' work: due items by whose step it is, reviews escalated, decisions awaited, panel actions to verification |
//! | [`complaints`] | a complaint's open clocks on its handler's tray (the complaints officers' queue until someone handles it), its lessons on their owners' |
//! | [`plans`] | a plan's sign-off, a returned draft and its open actions as tray items |
//! | [`reviewing`] | the minutes a reviewing officer or conference chair owes for each meeting they chaired |
//! | [`quality`] | findings of the returns' rules a manager accepted for a while (reason, who, until), and values a return needs that the record lacks as the worker's tray items |
//! | [`transfer`] | transfers between teams: proposed, accepted by the receiving team with a worker, declined or withdrawn |

pub mod authorisation;
pub mod complaints;
pub mod due;
pub mod duties;
pub mod households;
pub mod plans;
pub mod quality;
pub mod reviewing;
pub mod task;
pub mod transfer;
pub mod tray;

pub use authorisation::{AuthorisationEvent, Request, RequestStatus, Requests, Step};
pub use quality::{AcceptanceEvent, Acceptances, FindingKey, Missing};
pub use task::{Task, TaskEvent, TaskId, TaskStatus};
pub use transfer::{Transfer, TransferEvent, TransferStatus, Transfers};
pub use tray::{Kind, Owner, SourceKey, Subject, Target, TrayItem, Trays};

#[cfg(test)]
mod tests;
