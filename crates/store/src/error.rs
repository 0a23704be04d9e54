use carefile_domain::InvariantError;
use carefile_domain::org::OrgError;

/// Why the store refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("refused: {0}")]
    Invariant(#[from] InvariantError),
    #[error("refused: {0}")]
    Org(#[from] OrgError),
    #[error("refused: {0}")]
    Access(#[from] carefile_domain::access::AccessError),
    #[error("no child with ID {0}")]
    UnknownChild(String),
    #[error(
        "child {child}'s record changed since you loaded it (you had version {expected:?}, it is now {actual}): reload and try again"
    )]
    Conflict { child: String, expected: Option<u64>, actual: u64 },
    #[error("refused: {0}")]
    Refused(String),
    #[error("refused: {0}")]
    Stream(#[from] carefile_domain::stream::StreamError),
    #[error(
        "{stream} {subject} changed since you loaded it (you had version {expected:?}, it is now {actual:?}): reload and try again"
    )]
    SubjectConflict { stream: &'static str, subject: String, expected: Option<u64>, actual: Option<u64> },
    #[error("{source_name} line {line}: {message}")]
    BadInput { source_name: String, line: u64, message: String },
    #[error("{0}")]
    Unsupported(String),
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database: {0}")]
    Postgres(#[from] postgres::Error),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error(
        "the database's schema is version {found}, newer than this carefile knows ({known}): it was upgraded by a newer carefile; run that version"
    )]
    SchemaTooNew { found: u32, known: u32 },
    #[error(
        "the database's schema is version {found} and this carefile needs {known}: take a backup (`carefile backup`), then run `carefile migrate`"
    )]
    SchemaTooOld { found: u32, known: u32 },
}

/// Why the database cannot take a write (or be reached) now, in an operator's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outage {
    DiskFull,
    NotPermitted,
    Locked,
    ReadOnlyStandby,
    Unreachable,
    SchemaTooNew,
}

impl Outage {
    /// A short name for logs, metrics and `/readyz`.
    pub fn code(self) -> &'static str {
        match self {
            Outage::DiskFull => "disk_full",
            Outage::NotPermitted => "not_permitted",
            Outage::Locked => "locked",
            Outage::ReadOnlyStandby => "read_only_standby",
            Outage::Unreachable => "unreachable",
            Outage::SchemaTooNew => "schema_too_new",
        }
    }
}

impl std::fmt::Display for Outage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Outage::DiskFull => "the database's disk is full",
            Outage::NotPermitted => "the database refuses to be written (permissions or a read-only file system)",
            Outage::Locked => "the database is locked by another process",
            Outage::ReadOnlyStandby => "the database is a read-only standby",
            Outage::Unreachable => "the database cannot be reached",
            Outage::SchemaTooNew => "the database was upgraded by a newer carefile",
        })
    }
}

fn io_outage(e: &std::io::Error) -> Option<Outage> {
    use std::io::ErrorKind::*;
    match e.kind() {
        StorageFull | QuotaExceeded => Some(Outage::DiskFull),
        PermissionDenied | ReadOnlyFilesystem => Some(Outage::NotPermitted),
        ConnectionRefused | ConnectionReset | ConnectionAborted | NotConnected | TimedOut | HostUnreachable
        | NetworkUnreachable => Some(Outage::Unreachable),
        _ => None,
    }
}

impl StoreError {
    /// The outage behind this error, if it is one (rather than a refusal or bad data).
    pub fn outage(&self) -> Option<Outage> {
        use rusqlite::ErrorCode as C;
        match self {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => match f.code {
                C::DiskFull => Some(Outage::DiskFull),
                C::ReadOnly | C::PermissionDenied | C::CannotOpen | C::AuthorizationForStatementDenied => {
                    Some(Outage::NotPermitted)
                }
                C::DatabaseBusy | C::DatabaseLocked => Some(Outage::Locked),
                _ => None,
            },
            StoreError::Postgres(e) => {
                use postgres::error::SqlState as S;
                match e.code() {
                    Some(c) if *c == S::DISK_FULL => Some(Outage::DiskFull),
                    Some(c) if *c == S::INSUFFICIENT_PRIVILEGE => Some(Outage::NotPermitted),
                    Some(c) if *c == S::READ_ONLY_SQL_TRANSACTION => Some(Outage::ReadOnlyStandby),
                    Some(c) if *c == S::LOCK_NOT_AVAILABLE => Some(Outage::Locked),
                    Some(c)
                        if [S::ADMIN_SHUTDOWN, S::CANNOT_CONNECT_NOW, S::TOO_MANY_CONNECTIONS, S::CRASH_SHUTDOWN]
                            .contains(c) =>
                    {
                        Some(Outage::Unreachable)
                    }
                    Some(_) => None,
                    None if e.is_closed() => Some(Outage::Unreachable),
                    None => std::error::Error::source(e)
                        .and_then(|s| s.downcast_ref::<std::io::Error>())
                        .map_or(Some(Outage::Unreachable), io_outage),
                }
            }
            StoreError::Io(e) => io_outage(e),
            StoreError::SchemaTooNew { .. } => Some(Outage::SchemaTooNew),
            _ => None,
        }
    }
}

impl StoreError {
    /// What failed, for logs and metrics: the kind of error and the database's own code
    /// (PostgreSQL's SQLSTATE, SQLite's result code), never its message, which can quote a
    /// record's values.
    pub fn code(&self) -> String {
        match self {
            StoreError::Invariant(_) | StoreError::Org(_) | StoreError::Access(_) | StoreError::Stream(_) => {
                "refused".into()
            }
            StoreError::Refused(_) => "refused".into(),
            StoreError::UnknownChild(_) => "unknown_child".into(),
            StoreError::Conflict { .. } | StoreError::SubjectConflict { .. } => "conflict".into(),
            StoreError::BadInput { .. } => "bad_input".into(),
            StoreError::Unsupported(_) => "unsupported".into(),
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => format!("sqlite:{}", f.extended_code),
            StoreError::Sqlite(_) => "sqlite:client".into(),
            StoreError::Postgres(e) => match e.code() {
                Some(c) => format!("postgres:{}", c.code()),
                None if e.is_closed() => "postgres:closed".into(),
                None => "postgres:client".into(),
            },
            StoreError::Corrupt(_) => "corrupt".into(),
            StoreError::Io(e) => format!("io:{:?}", e.kind()),
            StoreError::SchemaTooNew { .. } => "schema_too_new".into(),
            StoreError::SchemaTooOld { .. } => "schema_too_old".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_names_the_failure_and_never_the_message() {
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            Some("child C0001234 is locked".into()),
        );
        assert_eq!(StoreError::Sqlite(busy).code(), "sqlite:5");
        let conflict = StoreError::Conflict { child: "C0001234".into(), expected: Some(1), actual: 2 };
        assert_eq!(conflict.code(), "conflict");
        let io = StoreError::Io(std::io::Error::new(std::io::ErrorKind::StorageFull, "C0001234"));
        assert_eq!(io.code(), "io:StorageFull");
        assert_eq!(StoreError::Corrupt("C0001234's state".into()).code(), "corrupt");
    }
}
