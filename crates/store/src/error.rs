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
}
