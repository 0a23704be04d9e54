//! Single sign-on with the authority's identity provider (OpenID Connect,
//! the authorisation code flow with PKCE and a nonce, through the
//! `openidconnect` crate).
//!
//! `/signin/oidc` sends the browser to the provider with a fresh state, nonce
//! and PKCE verifier, kept in a short-lived cookie signed with the sign-in keys
//! (so the server keeps nothing for anonymous visitors, decision 006). The
//! provider sends it back to `/signin/oidc/callback`, where the state must
//! match the cookie's, the code is exchanged for tokens with the verifier, and
//! the ID token must be signed by one of the provider's keys, issued by the
//! configured issuer, for this client, unexpired and carry the cookie's nonce.
//! The account is the one linked to the token's issuer and subject (never an
//! email address, which a council can give to someone else); an unknown or
//! disabled account is refused. Roles are carefile's; where the configuration
//! maps the provider's groups to roles, the account takes the role its groups
//! map to (a change is recorded and audited), and groups that map to none or to
//! two roles are refused. Every refusal is audited. Local accounts' second
//! factor is not asked: the provider runs its own.

use super::keys::sign;
use super::same_secret;
use super::session::cookie_value;
use crate::{AppError, AppState};
use axum::http::{HeaderMap, HeaderValue};
use carefile_domain::access::{AuditAction, Role, User, UserEvent, typed_username};
use chrono::{DateTime, Duration, Utc};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType, CoreGenderClaim,
    CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreProviderMetadata,
    CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AccessTokenHash, AdditionalClaims, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EmptyExtraTokenFields,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, StandardErrorResponse, StandardTokenResponse,
    TokenResponse,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::RwLock;

const COOKIE: &str = "carefile_oidc";
/// How long the round trip through the provider may take.
const LIFETIME: Duration = Duration::minutes(10);
/// How long the provider's metadata and keys are trusted before they are read again.
const METADATA_TTL: Duration = Duration::minutes(10);
/// The most a provider's answer may hold.
const MAX_RESPONSE: u64 = 1 << 20;

/// The identity provider as the configuration names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcSettings {
    /// The issuer's URL exactly as its ID tokens carry it (its discovery document is under it).
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    /// This server's `/signin/oidc/callback` as the browser reaches it, registered with the provider.
    pub redirect_url: String,
    /// What the sign-in page's button says after "Sign in with".
    pub label: String,
    /// Scopes asked for besides `openid` (a provider may need one to send groups).
    pub scopes: Vec<String>,
    /// The ID token's claim listing the user's groups.
    pub groups_claim: String,
    /// Group to role; empty: roles are carefile's alone.
    pub groups: BTreeMap<String, Role>,
}

/// The identity provider and what this server last read of it.
pub struct Oidc {
    pub settings: OidcSettings,
    metadata: RwLock<Option<(CoreProviderMetadata, DateTime<Utc>)>>,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never prints the client secret.
        write!(f, "Oidc {{ issuer: {}, client_id: {} }}", self.settings.issuer, self.settings.client_id)
    }
}

impl Oidc {
    pub fn new(settings: OidcSettings) -> Oidc {
        Oidc { settings, metadata: RwLock::new(None) }
    }
}

/// The ID token's claims beyond the standard ones: whatever the provider sends, so the configured groups claim can be read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct OtherClaims(BTreeMap<String, serde_json::Value>);
impl AdditionalClaims for OtherClaims {}

type IdFields = IdTokenFields<OtherClaims, EmptyExtraTokenFields, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>;
type Tokens = StandardTokenResponse<IdFields, CoreTokenType>;
type Client = openidconnect::Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct HttpError(String);

/// One request to the provider, on a blocking thread: no redirects followed
/// (a redirect could point the server anywhere), ten seconds at most, an
/// answer of at most a megabyte.
async fn http(request: openidconnect::HttpRequest) -> Result<openidconnect::HttpResponse, HttpError> {
    tokio::task::spawn_blocking(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_global(Some(std::time::Duration::from_secs(10)))
            .build()
            .into();
        let response = agent.run(request).map_err(|e| HttpError(e.to_string()))?;
        let (parts, mut body) = response.into_parts();
        let bytes = body.with_config().limit(MAX_RESPONSE).read_to_vec().map_err(|e| HttpError(e.to_string()))?;
        Ok(openidconnect::HttpResponse::from_parts(parts, bytes))
    })
    .await
    .map_err(|_| HttpError("the request's thread failed".into()))?
}

/// An error and what caused it, as one line.
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text = format!("{text}: {c}");
        cause = c.source();
    }
    text
}

/// The provider's metadata and keys, read again after [`METADATA_TTL`].
async fn metadata(state: &AppState, oidc: &Oidc) -> Result<CoreProviderMetadata, Refused> {
    let now = state.now();
    {
        let cached = oidc.metadata.read().unwrap_or_else(|p| p.into_inner());
        if let Some((m, _)) = cached.as_ref().filter(|(_, at)| now - *at < METADATA_TTL) {
            return Ok(m.clone());
        }
    }
    let unreachable = |why: String| {
        tracing::warn!(error = %why, "the identity provider's metadata could not be read");
        let why: String = why.chars().take(200).collect();
        Refused::new(
            "your council's sign-in service cannot be reached: try again in a few minutes, or sign in with a carefile password",
            format!("the identity provider's metadata could not be read: {why}"),
        )
    };
    let issuer = IssuerUrl::new(oidc.settings.issuer.clone()).map_err(|e| unreachable(e.to_string()))?;
    // Discovery checks that the document names this issuer.
    let m = CoreProviderMetadata::discover_async(issuer, &http).await.map_err(|e| unreachable(with_causes(&e)))?;
    *oidc.metadata.write().unwrap_or_else(|p| p.into_inner()) = Some((m.clone(), now));
    Ok(m)
}

fn client(oidc: &Oidc, m: CoreProviderMetadata) -> Result<Client, AppError> {
    let s = &oidc.settings;
    let redirect = RedirectUrl::new(s.redirect_url.clone()).map_err(|e| AppError::Internal(format!("oidc redirect: {e}")))?;
    Ok(Client::from_provider_metadata(m, ClientId::new(s.client_id.clone()), s.client_secret.clone().map(ClientSecret::new))
        .set_redirect_uri(redirect))
}

/// The round trip's secrets, as the cookie carries them.
struct Trip {
    state: String,
    nonce: String,
    verifier: String,
}

/// The browser's way to the provider, and the cookie that remembers the trip.
pub(crate) async fn start(state: &AppState, oidc: &Oidc) -> Result<Result<(String, HeaderValue), Refused>, AppError> {
    let m = match metadata(state, oidc).await {
        Ok(m) => m,
        Err(r) => return Ok(Err(r)),
    };
    let client = client(oidc, m)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client.authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random);
    for s in &oidc.settings.scopes {
        request = request.add_scope(Scope::new(s.clone()));
    }
    let (url, csrf, nonce) = request.set_pkce_challenge(challenge).url();
    let trip = Trip { state: csrf.secret().clone(), nonce: nonce.secret().clone(), verifier: verifier.secret().clone() };
    Ok(Ok((url.to_string(), trip_cookie(state, &trip).await?)))
}

async fn trip_cookie(state: &AppState, t: &Trip) -> Result<HeaderValue, AppError> {
    let keys = state.csrf_keys().get(state, false).await?;
    let key = keys.first().ok_or_else(|| AppError::Internal("no signing key".into()))?;
    let issued = state.now().timestamp().to_string();
    let mac = sign(&key.secret, &["oidc", &issued, &t.state, &t.nonce, &t.verifier]);
    let value = format!("{}:{issued}:{}:{}:{}:{mac}", key.id, t.state, t.nonce, t.verifier);
    Ok(cookie(&value, state.config().secure_cookies, LIFETIME.num_seconds()))
}

/// The trip's cookie: sent back on the provider's redirect (a top-level GET
/// from another site, hence `Lax`), and only to the callback's path.
fn cookie(value: &str, secure: bool, max_age: i64) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!("{COOKIE}={value}; Path=/signin/oidc; HttpOnly; SameSite=Lax{secure}; Max-Age={max_age}");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("carefile_oidc=; Max-Age=0"))
}

/// The `Set-Cookie` that forgets the trip.
pub(crate) fn clear_cookie(secure: bool) -> HeaderValue {
    cookie("", secure, 0)
}

/// The trip the request's cookie carries, if signed by a sign-in key and recent.
async fn trip(state: &AppState, headers: &HeaderMap) -> Result<Option<Trip>, AppError> {
    let Some(value) = cookie_value(headers, COOKIE) else { return Ok(None) };
    let parts: Vec<&str> = value.split(':').collect();
    let [id, issued, st, nonce, verifier, mac] = parts[..] else { return Ok(None) };
    let (Ok(id), Ok(at)) = (id.parse::<u64>(), issued.parse::<i64>()) else { return Ok(None) };
    let Some(at) = DateTime::from_timestamp(at, 0) else { return Ok(None) };
    let now = state.now();
    if now - at > LIFETIME || at - now > Duration::minutes(5) {
        return Ok(None);
    }
    let Some(key) = state.csrf_keys().find(state, id).await? else { return Ok(None) };
    if !same_secret(&sign(&key.secret, &["oidc", issued, st, nonce, verifier]), mac) {
        return Ok(None);
    }
    Ok(Some(Trip { state: st.into(), nonce: nonce.into(), verifier: verifier.into() }))
}

/// Why a sign-in through the provider was refused: what the person is told,
/// and what the audit entry says.
#[derive(Debug)]
pub(crate) struct Refused {
    pub told: String,
    pub audited: String,
}

impl Refused {
    fn new(told: &str, audited: impl Into<String>) -> Refused {
        Refused { told: told.into(), audited: audited.into() }
    }
}

/// The provider's answer at the callback.
#[derive(Debug, Deserialize)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    /// The issuer, which providers following RFC 9207 name in their answer.
    pub iss: Option<String>,
}

/// Checks the provider's answer and finds the account it signs in: `Ok(Err)`
/// for a refusal (audited by the caller under the name returned with it).
pub(crate) async fn finish(
    state: &AppState,
    oidc: &Oidc,
    headers: &HeaderMap,
    answer: &Callback,
) -> Result<Result<String, (String, Refused)>, AppError> {
    let nobody = |r: Refused| Ok(Err(("single-sign-on".to_string(), r)));
    // RFC 9207: an answer naming another issuer came from another provider (a mix-up attack).
    if answer.iss.as_ref().is_some_and(|iss| *iss != oidc.settings.issuer) {
        return nobody(Refused::new("the sign-in did not come from your council's sign-in service: start again", "the answer names another issuer"));
    }
    if let Some(error) = &answer.error {
        let error: String = error.chars().filter(char::is_ascii_graphic).take(64).collect();
        return nobody(Refused::new("your council's sign-in service did not sign you in", format!("the identity provider answered {error}")));
    }
    let Some(trip) = trip(state, headers).await? else {
        return nobody(Refused::new("the sign-in took too long or did not start here: start again", "no sign-in under way in this browser"));
    };
    let (Some(code), Some(st)) = (&answer.code, &answer.state) else {
        return nobody(Refused::new("your council's sign-in service did not sign you in", "the identity provider sent no code"));
    };
    if !same_secret(st, &trip.state) {
        return nobody(Refused::new("the sign-in did not start here: start again", "the answer's state is not this browser's"));
    }
    let m = match metadata(state, oidc).await {
        Ok(m) => m,
        Err(r) => return nobody(r),
    };
    let client = client(oidc, m)?;
    let exchange = client.exchange_code(AuthorizationCode::new(code.clone())).map_err(|e| AppError::Internal(format!("oidc: {e}")))?;
    let tokens = match exchange.set_pkce_verifier(PkceCodeVerifier::new(trip.verifier.clone())).request_async(&http).await {
        Ok(t) => t,
        Err(e) => {
            let why: String = with_causes(&e).chars().take(300).collect();
            return nobody(Refused::new("your council's sign-in service refused the sign-in: start again", format!("the code was not exchanged: {why}")));
        }
    };
    let Some(id_token) = tokens.id_token() else {
        return nobody(Refused::new("your council's sign-in service sent no identity", "no ID token"));
    };
    let at = state.clone();
    let verifier = client.id_token_verifier().set_time_fn(move || at.now());
    let claims = match id_token.claims(&verifier, &Nonce::new(trip.nonce.clone())) {
        Ok(c) => c,
        Err(e) => {
            let why: String = with_causes(&e).chars().take(300).collect();
            return nobody(Refused::new("the identity your council's sign-in service sent could not be trusted", format!("ID token refused: {why}")));
        }
    };
    // The access token must be the one the ID token was issued with.
    if let Some(expected) = claims.access_token_hash() {
        let actual = match (id_token.signing_alg(), id_token.signing_key(&verifier)) {
            (Ok(alg), Ok(key)) => AccessTokenHash::from_token(tokens.access_token(), alg, key).ok(),
            _ => None,
        };
        if actual.as_ref() != Some(expected) {
            return nobody(Refused::new("the identity your council's sign-in service sent could not be trusted", "ID token refused: the access token's hash differs"));
        }
    }
    let (issuer, subject) = (claims.issuer().as_str(), claims.subject().as_str());
    let accounts = state.accounts().clone();
    let Some(user) = accounts.by_identity(issuer, subject) else {
        let named = typed_username(&format!("{issuer} {subject}"), false);
        return Ok(Err((named, Refused::new("no carefile account is linked to your council account: ask your carefile administrator", "no account linked to this identity"))));
    };
    let username = user.username.clone();
    if user.disabled {
        return Ok(Err((username, Refused::new("your carefile account is disabled: ask your carefile administrator", "single sign-on of a disabled account"))));
    }
    if !oidc.settings.groups.is_empty() {
        let groups = groups(claims.additional_claims(), &oidc.settings.groups_claim);
        match role_of(&groups, &oidc.settings.groups) {
            Err(why) => return Ok(Err((username, Refused::new(&format!("your council account {why}: ask your carefile administrator"), format!("groups: {why}"))))),
            Ok(role) if role != user.role => change_role(state, user, role).await?,
            Ok(_) => {}
        }
    }
    Ok(Ok(username))
}

/// The groups the token's `claim` lists (a list of strings, or one string).
fn groups(claims: &OtherClaims, claim: &str) -> BTreeSet<String> {
    match claims.0.get(claim) {
        Some(serde_json::Value::Array(a)) => a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        Some(serde_json::Value::String(s)) => BTreeSet::from([s.clone()]),
        _ => BTreeSet::new(),
    }
}

/// The one role `groups` map to, or why there is none.
fn role_of(groups: &BTreeSet<String>, mapping: &BTreeMap<String, Role>) -> Result<Role, &'static str> {
    let roles: BTreeSet<&Role> = groups.iter().filter_map(|g| mapping.get(g)).collect();
    match roles.into_iter().collect::<Vec<_>>()[..] {
        [] => Err("is in no group that gives a carefile role"),
        [role] => Ok(role.clone()),
        _ => Err("is in groups that give different carefile roles"),
    }
}

/// The provider's groups moved the account to another role: recorded and audited as an administrator's change would be.
async fn change_role(state: &AppState, user: &User, role: Role) -> Result<(), AppError> {
    let detail = format!("{}'s role is now {} (from the identity provider's groups)", user.username, role.code());
    let event = UserEvent::RoleChanged { username: user.username.clone(), role, worker: user.worker.clone() };
    state.append_users("single-sign-on", vec![event]).await?;
    crate::access::audit(state, "single-sign-on", AuditAction::ManageUsers, None, detail).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_give_one_role_or_a_refusal() {
        let r = |c: &str| Role::new(c).unwrap();
        let mapping = BTreeMap::from([
            ("CSC-Social-Workers".to_string(), r("social-worker")),
            ("CSC-SW-Seniors".to_string(), r("social-worker")),
            ("CSC-Managers".to_string(), r("team-manager")),
        ]);
        let set = |g: &[&str]| g.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(role_of(&set(&["CSC-Social-Workers", "All-Staff"]), &mapping), Ok(r("social-worker")));
        assert_eq!(role_of(&set(&["CSC-Social-Workers", "CSC-SW-Seniors"]), &mapping), Ok(r("social-worker")));
        assert!(role_of(&set(&["All-Staff"]), &mapping).is_err());
        assert!(role_of(&set(&[]), &mapping).is_err());
        assert!(role_of(&set(&["CSC-Social-Workers", "CSC-Managers"]), &mapping).is_err());
    }

    #[test]
    fn groups_are_read_from_the_configured_claim_as_a_list_or_one_value() {
        let claims: OtherClaims = serde_json::from_str(r#"{"groups":["a","b",3],"role":"c"}"#).unwrap();
        assert_eq!(groups(&claims, "groups"), BTreeSet::from(["a".to_string(), "b".to_string()]));
        assert_eq!(groups(&claims, "role"), BTreeSet::from(["c".to_string()]));
        assert!(groups(&claims, "missing").is_empty());
    }

    #[test]
    fn the_trip_cookie_goes_back_only_to_the_callback_on_the_providers_redirect() {
        let c = cookie("1:2:s:n:v:m", true, 600);
        let c = c.to_str().unwrap();
        for flag in ["Path=/signin/oidc", "HttpOnly", "SameSite=Lax", "Secure", "Max-Age=600"] {
            assert!(c.contains(flag), "{c}");
        }
    }
}
