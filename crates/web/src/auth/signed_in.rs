//! The signed-in user, as handlers receive them.

use super::csrf::{CsrfChecked, LoadedSession, is_safe};
use super::session_id;
use crate::{AppError, AppState};
use axum::extract::{ConnectInfo, FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use carefile_domain::access::{Opening, Policy, Role, Viewer};
use carefile_domain::org::Service;
use carefile_domain::{ChildId, TeamId, WorkerId};
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

/// A request from a signed-in, enabled user with a live session. On a
/// state-changing request it also guarantees the CSRF token was checked.
/// Without one, pages redirect to sign-in and the API answers 401.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub session: String,
    pub csrf: String,
    pub username: String,
    pub role: Role,
    /// The member of staff the account is linked to, and their team and its service today.
    pub worker: Option<WorkerId>,
    pub team: Option<TeamId>,
    pub service: Option<Service>,
    /// Records opened in this session by a stated reason or break glass.
    pub openings: BTreeMap<ChildId, Opening>,
    pub policy: Arc<Policy>,
}

impl SignedIn {
    pub fn viewer(&self) -> Viewer<'_> {
        Viewer { role: &self.role, worker: self.worker.as_ref(), team: self.team.as_ref(), service: self.service }
    }

    /// Whether the user's role holds `key` (a permission not about one record).
    pub fn may(&self, key: &str) -> bool {
        self.policy.permits(&self.role, key)
    }

    /// Refuses users whose role does not hold `key`.
    pub fn require(&self, key: &str) -> Result<(), AppError> {
        if self.may(key) { Ok(()) } else { Err(AppError::Forbidden("your role does not allow this".into())) }
    }

    /// The role's name as the policy gives it.
    pub fn role_label(&self) -> &str {
        self.policy.role(&self.role).map_or(self.role.code(), |r| r.label.as_str())
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
        let (team, service) = {
            let org = state.org();
            let team = user.worker.as_ref().and_then(|w| org.staff.get(w)?.team_on(state.today()).cloned());
            let service = team.as_ref().and_then(|t| org.teams.get(t)).map(|t| t.service);
            (team, service)
        };
        Ok(SignedIn {
            session: id,
            csrf: session.csrf,
            role: user.role.clone(),
            worker: user.worker.clone(),
            team,
            service,
            username,
            openings: session.openings,
            policy: state.policy(),
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
