//! Who recorded a fact, when, and why: the envelope every stored event carries.

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};

/// The envelope of a stored event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    /// When it was written, in UTC to the microsecond.
    pub at: DateTime<Utc>,
    /// The user or process that wrote it.
    pub by: String,
    /// Why, where the writer said (always for corrections).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Recorded {
    /// An envelope, with the time cut to the microsecond the stores keep.
    pub fn new(at: DateTime<Utc>, by: impl Into<String>, reason: Option<String>) -> Self {
        Recorded { at: at.trunc_subsecs(6), by: by.into(), reason }
    }
}
