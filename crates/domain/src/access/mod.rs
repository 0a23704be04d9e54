//! Who may use carefile, what they may do, and what they did.
//!
//! | module | what |
//! |---|---|
//! | `policy` | the access policy as data: `config/access.toml` (the default, embedded) read and checked into roles with a scope and permission keys, and the settings (front-door window, reasons, break glass, throttling) |
//! | `decide` | [`decide`]: may this viewer do this key to this record; [`settle`] with the viewer's openings (a stated reason, break glass); [`ChildFacts`] from a record |
//! | `accounts` | user accounts, restrictions, grants and the adopted policy as `users` events folded into [`Accounts`] |
//! | `audit` | the audit log's entries |
//!
//! Decision 001 (`docs/decisions/001-roles-permissions-scopes.md`) says why.

mod accounts;
mod audit;
mod decide;
mod policy;

pub use accounts::{
    AccessError, Accounts, AdoptedPolicy, Glass, GlassReview, Identity, MAX_IDENTITY, MAX_REASON, RECOVERY_CODES, Role, SecondFactor, User, UserEvent,
    valid_username,
};
pub use audit::{AuditAction, AuditEntry, AuditRecord, MAX_DETAIL, MAX_USER, typed_username};
pub use decide::{
    Access, ChildFacts, MAX_REASON_CHARS, Opening, OpeningKind, Subject, SubjectKind, Viewer, check_reason, decide,
    settle,
};
pub use policy::{
    BreakGlassPolicy, DEFAULT_TOML, KEYS, Policy, PolicyError, RoleDef, Scope, Settings, ThrottlePolicy, sha256_hex,
};
