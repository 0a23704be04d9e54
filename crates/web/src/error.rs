//! Errors a handler returns, drawn as a page or, under `/api`, as JSON
//! (see [`crate::api::ApiError`]). Internal causes are logged without detail
//! that could carry child data and are never shown to the user.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use carefile_domain::ChildId;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("sign in first")]
    Unauthorized,
    #[error("wrong username or password")]
    BadCredentials,
    /// A right password for an account with a second factor, through the API without its `code`.
    #[error("this account needs a second-factor code: send it as `code` with the username and password")]
    CodeRequired,
    #[error("{0}")]
    Forbidden(String),
    /// A restricted record the user may open only by breaking glass.
    #[error("{0} is a restricted record: give a reason to open it (break glass)")]
    BreakGlass(ChildId),
    /// A record outside the user's scope that a stated reason opens.
    #[error("{0} is outside your usual work: say why you need to open it")]
    NeedsReason(ChildId),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    /// Sign-in refused unchecked for a while (the message says how long and why).
    #[error("{0}")]
    Throttled(String),
    #[error("the server is busy: try again in a few minutes")]
    Busy,
    /// The database cannot be written (or reached): the cause, in an operator's words.
    #[error("nothing was saved: {0}. Try again in a few minutes; if this goes on, tell IT (the cause is in the server's log and /readyz)")]
    Unavailable(carefile_store::Outage),
    #[error("something went wrong on the server")]
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized | AppError::BadCredentials | AppError::CodeRequired => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) | AppError::BreakGlass(_) | AppError::NeedsReason(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy | AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Logs an internal error by its kind only: store and invariant messages
    /// can name children.
    pub(crate) fn log(&self) {
        match self {
            AppError::Internal(kind) => tracing::error!(kind, "internal error"),
            AppError::Unavailable(o) => tracing::error!(cause = o.code(), "request failed: store unavailable"),
            _ => {}
        }
    }
}

impl From<carefile_store::StoreError> for AppError {
    /// An outage keeps its cause (it names no child); any other store error is internal,
    /// logged by its code (the database's, never its message).
    fn from(e: carefile_store::StoreError) -> Self {
        match e.outage() {
            Some(o) => AppError::Unavailable(o),
            None => AppError::Internal(format!("store:{}", e.code())),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        match &self {
            AppError::Unauthorized => Redirect::to("/signin").into_response(),
            _ => (self.status(), crate::pages::error_page(self.status(), &self.to_string())).into_response(),
        }
    }
}
