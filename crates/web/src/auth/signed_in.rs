//! The signed-in user, as handlers receive them.

use super::csrf::{CsrfChecked, LoadedSession, is_safe};
use super::session_id;
use crate::{AppError, AppState};
use axum::extract::{ConnectInfo, FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use carefile_domain::access::{Role, Viewer};
use carefile_domain::{ChildId, TeamId, WorkerId};
use std::collections::BTreeSet;
use std::convert::Infallible;
use std::net::SocketAddr;

/// A request from a signed-in, enabled user with a live session. On a
/// state-changing request it also guarantees the CSRF token was checked.
/// Without one, pages redirect to sign-in and the API answers 401.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub session: String,
    pub csrf: String,
    pub username: String,
    pub role: Role,
    /// The member of staff the account is linked to, and their team today.
    pub worker: Option<WorkerId>,
    pub team: Option<TeamId>,
    pub broken_glass: BTreeSet<ChildId>,
}

impl SignedIn {
    pub fn viewer(&self) -> Viewer<'_> {
        Viewer { username: &self.username, role: self.role, worker: self.worker.as_ref(), team: self.team.as_ref() }
    }

    /// Refuses users without `role`.
    pub fn require(&self, role: Role) -> Result<(), AppError> {
        if self.role == role { Ok(()) } else { Err(AppError::Forbidden(format!("only for: {}", role.label()))) }
    }
}

/// Whether a request is for the API (answered in JSON) rather than a page.
pub(crate) fn is_api(parts: &Parts) -> bool {
    let path = parts.extensions.get::<OriginalUri>().map_or(parts.uri.path(), |u| u.0.path());
    path.starts_with("/api/")
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let reject = |e: AppError| {
            if is_api(parts) { crate::api::ApiError(e).into_response() } else { e.into_response() }
        };
        let Some(id) = session_id(&parts.headers).map(str::to_string) else { return Err(reject(AppError::Unauthorized)) };
        // Loaded already by the CSRF guard on a state-changing request.
        let session = match parts.extensions.get::<LoadedSession>() {
            Some(LoadedSession(loaded, s)) if *loaded == id => Some(s.clone()),
            _ => state.sessions().touch(&id, state.now()).await.map_err(&reject)?,
        };
        let Some(session) = session else { return Err(reject(AppError::Unauthorized)) };
        // The user wrote through another server, whose write this one has not applied yet.
        if session.wrote_seq > state.follower_position().applied {
            state.sync().await.map_err(&reject)?;
        }
        if !is_safe(&parts.method) && parts.extensions.get::<CsrfChecked>().is_none() {
            return Err(reject(AppError::Forbidden("missing or wrong CSRF token".into())));
        }
        let username = session.user;
        let user = state.accounts().users.get(&username).filter(|u| !u.disabled).cloned();
        let Some(user) = user else {
            // Disabled since signing in (on this server or another): the session ends here.
            state.sessions().end(&id).await.map_err(&reject)?;
            return Err(reject(AppError::Unauthorized));
        };
        let team = user.worker.as_ref().and_then(|w| state.org().staff.get(w)?.team_on(state.today()).cloned());
        Ok(SignedIn {
            session: id,
            csrf: session.csrf,
            role: user.role,
            worker: user.worker.clone(),
            team,
            username,
            broken_glass: session.broken_glass,
        })
    }
}

/// The client's address, for throttling ("unknown" when the server was not
/// started with connection info, as in tests that call the router directly).
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        let addr = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
        Ok(ClientAddr(addr.unwrap_or_else(|| "unknown".into())))
    }
}
