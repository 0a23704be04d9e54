//! Delivering a request to the DfE: an OAuth2 client-credentials token, the `SupplierKey` header
//! (the API management subscription key), and the documented answers handled as the DfE's
//! early adopters learned to:
//! - 200: accepted; the receipt is a UUID (the OpenAPI document) or a list with one per child in
//!   request order (as the service answers today): both are read;
//! - 401: the token is refreshed and the request made once more; a second 401 stops the run;
//! - 403: stops the run and says so (the key or the authority's registration is wrong);
//! - 429: waits as long as `Retry-After` says (seconds or a date), then tries again;
//! - 5xx, timeouts and broken connections: capped exponential back-off, then the run stops;
//! - 400 and 413: final; the children named by `[n]` in the answer are identified;
//! - 204 ("no content"): final, nothing stored.
//!
//! Payload bodies are never logged or kept: only their hash, the children's IDs and the API's answer.

use chrono::{DateTime, Utc};
use std::time::Duration;

/// Where and how to send.
#[derive(Clone)]
pub struct Endpoint {
    /// The API's base, e.g. `https://find-and-use-an-api.education.gov.uk/api`.
    pub base_url: String,
    /// The OAuth2 token endpoint.
    pub token_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub scope: String,
    pub supplier_key: String,
    /// The authority's three-digit DfE number.
    pub la_code: u16,
    /// For each request, connection to last byte.
    pub timeout: Duration,
}

impl std::fmt::Debug for Endpoint {
    /// The secrets are never shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("base_url", &self.base_url)
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("scope", &self.scope)
            .field("la_code", &self.la_code)
            .finish_non_exhaustive()
    }
}

impl Endpoint {
    /// The children endpoint of the OpenAPI document: `POST {base}/children_social_care_data/{la_code}/children`.
    pub fn children_url(&self) -> String {
        format!("{}/children_social_care_data/{}/children", self.base_url.trim_end_matches('/'), self.la_code)
    }
}

/// How long to keep trying.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Attempts of one request before the run stops (429 and 5xx alike).
    pub max_attempts: u32,
    /// The first back-off after a server error; doubled each time.
    pub backoff: Duration,
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured; a longer one stops the run (resume later).
    pub max_retry_after: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            max_attempts: 6,
            backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(120),
            max_retry_after: Duration::from_secs(900),
        }
    }
}

/// The clock and the waiting, injected (only the binary reads the system clock).
pub trait Waiter {
    fn now(&self) -> DateTime<Utc>;
    fn wait(&self, d: Duration);
}

/// The receipts of an accepted request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Receipts {
    /// One per child, in request order.
    PerChild(Vec<String>),
    /// One for the whole request.
    One(String),
    /// Accepted, with an answer carefile could not read (kept, shortened).
    Unreadable(String),
}

impl Receipts {
    /// The receipt of the `i`th child of the request.
    pub fn of(&self, i: usize) -> Option<String> {
        match self {
            Receipts::PerChild(v) => v.get(i).cloned(),
            Receipts::One(r) => Some(r.clone()),
            Receipts::Unreadable(_) => None,
        }
    }

    /// As the send log keeps them.
    pub fn list(&self) -> Vec<String> {
        match self {
            Receipts::PerChild(v) => v.clone(),
            Receipts::One(r) | Receipts::Unreadable(r) => vec![r.clone()],
        }
    }

    /// Reads a 200 answer's body for a request of `n` children.
    pub fn read(body: &str, n: usize) -> Receipts {
        match serde_json::from_str::<serde_json::Value>(body) {
            Ok(serde_json::Value::String(s)) => Receipts::One(s),
            Ok(serde_json::Value::Array(a)) if a.len() == n && a.iter().all(|x| x.is_string()) => {
                Receipts::PerChild(a.into_iter().filter_map(|x| x.as_str().map(String::from)).collect())
            }
            _ => Receipts::Unreadable(shorten(body)),
        }
    }
}

/// Why a run stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Stop {
    #[error("the API refused access (403): {0}; check the supplier key and the authority's registration")]
    Forbidden(String),
    #[error("the API refused the credentials twice (401): {0}")]
    Unauthorised(String),
    #[error("the token endpoint refused the credentials: {0}")]
    Token(String),
    #[error("gave up after {attempts} attempts: {detail}")]
    GaveUp { status: Option<u16>, attempts: u32, detail: String },
}

impl Stop {
    pub fn status(&self) -> Option<u16> {
        match self {
            Stop::Forbidden(_) => Some(403),
            Stop::Unauthorised(_) => Some(401),
            Stop::Token(_) => None,
            Stop::GaveUp { status, .. } => *status,
        }
    }
}

/// What became of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Accepted {
        status: u16,
        receipts: Receipts,
    },
    /// Final: not stored. `children` are the positions the API named (`[n]`), if any.
    Refused {
        status: u16,
        children: Vec<usize>,
        detail: String,
    },
    Stopped(Stop),
}

/// An API answer, kept short for the send log and messages.
fn shorten(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(500) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The positions `[n]` an error answer names (below `n`), in order, without repeats.
pub fn named_positions(body: &str, n: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('[') {
        rest = &rest[open + 1..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty()
            && rest[digits.len()..].starts_with(']')
            && let Ok(i) = digits.parse::<usize>()
            && i < n
            && !out.contains(&i)
        {
            out.push(i);
        }
    }
    out
}

/// `Retry-After`: seconds, or an HTTP date.
fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let v = value.trim();
    if let Ok(s) = v.parse::<u64>() {
        return Some(Duration::from_secs(s));
    }
    let when = DateTime::parse_from_rfc2822(v).ok()?.with_timezone(&Utc);
    Some((when - now).to_std().unwrap_or(Duration::ZERO))
}

/// One HTTP answer.
struct Reply {
    status: u16,
    body: String,
    retry_after: Option<String>,
}

/// A client of the API for one run: one agent, one token, refreshed when refused.
pub struct Client {
    agent: ureq::Agent,
    endpoint: Endpoint,
    policy: Policy,
    token: Option<String>,
}

impl Client {
    pub fn new(endpoint: Endpoint, policy: Policy) -> Client {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(endpoint.timeout))
            .http_status_as_error(false)
            .user_agent(concat!("carefile/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client { agent, endpoint, policy, token: None }
    }

    /// A token from the OAuth2 endpoint (client credentials grant).
    fn fetch_token(&mut self) -> Result<String, String> {
        let e = &self.endpoint;
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", e.client_id.as_str()),
            ("client_secret", e.client_secret.as_str()),
            ("scope", e.scope.as_str()),
        ];
        let mut resp = self.agent.post(&e.token_url).send_form(form).map_err(|err| err.to_string())?;
        let status = resp.status().as_u16();
        let body = resp.body_mut().read_to_string().map_err(|err| err.to_string())?;
        if status != 200 {
            return Err(format!("{status}: {}", shorten(&body)));
        }
        let v: serde_json::Value =
            serde_json::from_str(&body).map_err(|_| "the token endpoint's answer is not JSON".to_string())?;
        v["access_token"]
            .as_str()
            .map(String::from)
            .ok_or_else(|| "the token endpoint's answer has no access_token".into())
    }

    fn post(&mut self, token: &str, body: &[u8]) -> Result<Reply, String> {
        let mut resp = self
            .agent
            .post(&self.endpoint.children_url())
            .header("Authorization", &format!("Bearer {token}"))
            .header("SupplierKey", &self.endpoint.supplier_key)
            .content_type("application/json")
            .send(body)
            .map_err(|err| err.to_string())?;
        let status = resp.status().as_u16();
        let retry_after = resp.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(String::from);
        let body = resp.body_mut().read_to_string().unwrap_or_default();
        Ok(Reply { status, body, retry_after })
    }

    /// Sends one request body of `n` children. `attempted` hears of every attempt that did not
    /// settle it (status, what happened), for the send log.
    pub fn send(
        &mut self,
        body: &[u8],
        n: usize,
        waiter: &dyn Waiter,
        attempted: &mut dyn FnMut(Option<u16>, &str),
    ) -> Answer {
        let mut refreshed = false;
        let mut attempts = 0;
        let mut backoff = self.policy.backoff;
        loop {
            let token = match self.token.clone() {
                Some(t) => t,
                None => match self.fetch_token() {
                    Ok(t) => {
                        self.token = Some(t.clone());
                        t
                    }
                    Err(e) => return Answer::Stopped(Stop::Token(e)),
                },
            };
            attempts += 1;
            let reply = self.post(&token, body);
            let give_up =
                |status: Option<u16>, detail: String| Answer::Stopped(Stop::GaveUp { status, attempts, detail });
            let pause = match reply {
                Ok(Reply { status: 200, body, .. }) => {
                    return Answer::Accepted { status: 200, receipts: Receipts::read(&body, n) };
                }
                Ok(Reply { status: 401, body, .. }) => {
                    if refreshed {
                        return Answer::Stopped(Stop::Unauthorised(shorten(&body)));
                    }
                    attempted(Some(401), "token refused: refreshing it");
                    refreshed = true;
                    self.token = None;
                    continue;
                }
                Ok(Reply { status: 403, body, .. }) => return Answer::Stopped(Stop::Forbidden(shorten(&body))),
                Ok(Reply { status: status @ (204 | 400 | 413), body, .. }) => {
                    return Answer::Refused { status, children: named_positions(&body, n), detail: shorten(&body) };
                }
                Ok(Reply { status: 429, retry_after: after, body, .. }) => {
                    let wait = after.as_deref().and_then(|v| retry_after(v, waiter.now())).unwrap_or(backoff);
                    if wait > self.policy.max_retry_after {
                        return give_up(Some(429), format!("asked to wait {} s", wait.as_secs()));
                    }
                    attempted(
                        Some(429),
                        &format!("too many requests; waiting {} s: {}", wait.as_secs(), shorten(&body)),
                    );
                    (Some(429), wait)
                }
                Ok(Reply { status, body, .. }) if status >= 500 => {
                    attempted(
                        Some(status),
                        &format!("server error; waiting {} s: {}", backoff.as_secs(), shorten(&body)),
                    );
                    (Some(status), backoff)
                }
                Ok(Reply { status, body, .. }) => {
                    return Answer::Refused { status, children: named_positions(&body, n), detail: shorten(&body) };
                }
                Err(e) => {
                    attempted(None, &format!("no answer ({e}); waiting {} s", backoff.as_secs()));
                    (None, backoff)
                }
            };
            if attempts >= self.policy.max_attempts {
                return give_up(pause.0, "the API kept failing".into());
            }
            waiter.wait(pause.1);
            backoff = (backoff * 2).min(self.policy.max_backoff);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipts_are_read_in_either_shape() {
        let uuid = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
        assert_eq!(Receipts::read(&format!("\"{uuid}\""), 2), Receipts::One(uuid.into()));
        let two = r#"["2026-03-31_09:00:00.000001_3fa85f64-5717-4562-b3fc-2c963f66afa6","2026-03-31_09:00:00.000002_1fa85f64-5717-4562-b3fc-2c963f66afa6"]"#;
        let r = Receipts::read(two, 2);
        assert_eq!(r.of(1).unwrap(), "2026-03-31_09:00:00.000002_1fa85f64-5717-4562-b3fc-2c963f66afa6");
        assert!(matches!(Receipts::read(two, 3), Receipts::Unreadable(_)), "one per child or none");
        assert!(matches!(Receipts::read("ok", 1), Receipts::Unreadable(_)));
    }

    #[test]
    fn error_answers_name_children_by_position() {
        let body = "[0].child_details.sex: too long; [3].la_child_id: pattern; [3] again; [250] out of range; [x]";
        assert_eq!(named_positions(body, 100), [0, 3]);
        assert!(named_positions("Payload was malformed", 10).is_empty());
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = DateTime::parse_from_rfc3339("2026-03-31T09:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(retry_after("30", now), Some(Duration::from_secs(30)));
        assert_eq!(retry_after("Tue, 31 Mar 2026 09:01:00 GMT", now), Some(Duration::from_secs(60)));
        assert_eq!(retry_after("Tue, 31 Mar 2026 08:00:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn the_endpoint_hides_its_secrets() {
        let e = Endpoint {
            base_url: "https://x/api/".into(),
            token_url: "https://x/token".into(),
            client_id: "id".into(),
            client_secret: "s3cret".into(),
            scope: "api".into(),
            supplier_key: "k3y".into(),
            la_code: 855,
            timeout: Duration::from_secs(5),
        };
        let shown = format!("{e:?}");
        assert!(!shown.contains("s3cret") && !shown.contains("k3y"), "{shown}");
        assert_eq!(e.children_url(), "https://x/api/children_social_care_data/855/children");
    }
}
