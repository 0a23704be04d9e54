//! A receiving server on loopback standing in for the DfE's: an OAuth2 token endpoint (client
//! credentials) and `POST /api/children_social_care_data/{la_code}/children`, each request checked
//! against the DfE's OpenAPI document (the path's parameter schema, JSON content, the bearer token,
//! the `SupplierKey` header, the body against `components.schemas.CSC` with format assertions) and
//! answered with the documented statuses. Injected answers (401, 403, 429 with `Retry-After`, 500,
//! a slow answer) come from a script. Accepted children are kept as the DfE would hold them: purges
//! remove a child or an item, anything else replaces by ID, so a test can compare what the server
//! ends up holding with what the record says.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const CLIENT_ID: &str = "carefile-test";
pub const CLIENT_SECRET: &str = "not-a-real-secret";
pub const SUPPLIER_KEY: &str = "supplier-key-for-tests";

/// An answer the script imposes on the next data request.
#[derive(Debug, Clone)]
pub enum Inject {
    /// Answer with this status (and an error body), whatever the request.
    Status(u16),
    /// 429 with `Retry-After` in seconds.
    TooMany(u64),
    /// Hold the request this long before handling it normally.
    Slow(Duration),
}

/// How receipts are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptShape {
    /// One UUID string (the OpenAPI document).
    One,
    /// One per child, in request order (the service today).
    PerChild,
}

/// One data request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub status: u16,
    /// The `la_child_id`s of the body, when it parsed.
    pub children: Vec<String>,
    pub purges: usize,
}

#[derive(Default)]
pub struct Inner {
    pub tokens_issued: usize,
    valid_tokens: Vec<String>,
    pub script: VecDeque<Inject>,
    pub receipts: Option<ReceiptShape>,
    pub seen: Vec<Seen>,
    /// What the "DfE" holds, by la_child_id.
    pub held: BTreeMap<String, Value>,
    receipt_no: u64,
    validator: Option<jsonschema::Validator>,
}

/// A running server.
pub struct Server {
    pub base_url: String,
    pub token_url: String,
    pub state: Arc<Mutex<Inner>>,
    _runtime: tokio::runtime::Runtime,
}

impl Server {
    /// Starts a server checking requests against the OpenAPI document `openapi`.
    pub fn start(openapi: &Value) -> Server {
        let schema = openapi["components"]["schemas"]["CSC"].clone();
        let validator =
            jsonschema::options().should_validate_formats(true).build(&schema).expect("the CSC schema compiles");
        assert_eq!(
            openapi["paths"]["/children_social_care_data/{la_code}/children"]["parameters"][0]["schema"],
            json!({"type": "integer", "maximum": 999}),
            "the path parameter this server checks"
        );
        let state = Arc::new(Mutex::new(Inner {
            validator: Some(validator),
            receipts: Some(ReceiptShape::PerChild),
            ..Default::default()
        }));
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new()
            .route("/token", post(token))
            .route("/api/children_social_care_data/{la_code}/children", post(children))
            .with_state(state.clone());
        runtime.spawn(async move { axum::serve(listener, app).await.unwrap() });
        Server {
            base_url: format!("http://{addr}/api"),
            token_url: format!("http://{addr}/token"),
            state,
            _runtime: runtime,
        }
    }

    pub fn inject(&self, answers: impl IntoIterator<Item = Inject>) {
        self.state.lock().unwrap().script.extend(answers);
    }

    /// Makes every token issued so far invalid (as when one expires).
    pub fn expire_tokens(&self) {
        self.state.lock().unwrap().valid_tokens.clear();
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    pub fn held(&self) -> BTreeMap<String, Value> {
        self.state.lock().unwrap().held.clone()
    }
}

fn form_field<'a>(body: &'a str, name: &str) -> Option<&'a str> {
    body.split('&').find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
}

async fn token(State(state): State<Arc<Mutex<Inner>>>, headers: HeaderMap, body: String) -> Response {
    let form = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let ok = form
        && form_field(&body, "grant_type") == Some("client_credentials")
        && form_field(&body, "client_id") == Some(CLIENT_ID)
        && form_field(&body, "client_secret") == Some(CLIENT_SECRET)
        && form_field(&body, "scope").is_some();
    if !ok {
        return (StatusCode::UNAUTHORIZED, axum::Json(json!({"error": "invalid_client"}))).into_response();
    }
    let mut s = state.lock().unwrap();
    s.tokens_issued += 1;
    let t = format!("token-{}", s.tokens_issued);
    s.valid_tokens.push(t.clone());
    axum::Json(json!({"access_token": t, "token_type": "Bearer", "expires_in": 3600})).into_response()
}

async fn children(
    State(state): State<Arc<Mutex<Inner>>>,
    Path(la_code): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let next = state.lock().unwrap().script.pop_front();
    if let Some(Inject::Slow(d)) = &next {
        tokio::time::sleep(*d).await;
    }
    let mut s = state.lock().unwrap();
    let parsed: Option<Value> = serde_json::from_str(&body).ok();
    let ids: Vec<String> = parsed
        .as_ref()
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|c| c["la_child_id"].as_str().map(String::from)).collect())
        .unwrap_or_default();
    let purges = body.matches("\"purge\":true").count();
    let (status, text, retry_after) = judge(&mut s, next, &la_code, &headers, parsed.as_ref());
    s.seen.push(Seen { status, children: ids, purges });
    let mut resp = (StatusCode::from_u16(status).unwrap(), text).into_response();
    if let Some(secs) = retry_after {
        resp.headers_mut().insert("retry-after", secs.to_string().parse().unwrap());
    }
    resp
}

/// The answer to one data request: status, body, and `Retry-After` seconds for a 429.
fn judge(
    s: &mut Inner,
    next: Option<Inject>,
    la_code: &str,
    headers: &HeaderMap,
    body: Option<&Value>,
) -> (u16, String, Option<u64>) {
    match next {
        Some(Inject::Status(code)) => return (code, format!("injected {code}"), None),
        Some(Inject::TooMany(secs)) => return (429, "Too many requests".into(), Some(secs)),
        Some(Inject::Slow(_)) | None => {}
    }
    // The path parameter: an integer of at most 999.
    if !la_code.parse::<i64>().is_ok_and(|n| n <= 999) {
        return (400, format!("la_code '{la_code}' is not an integer up to 999"), None);
    }
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
    let bearer = header("authorization").strip_prefix("Bearer ").unwrap_or("");
    if !s.valid_tokens.iter().any(|t| t == bearer) {
        return (401, "Unauthorized Access".into(), None);
    }
    if header("supplierkey") != SUPPLIER_KEY {
        return (403, "Forbidden Access".into(), None);
    }
    if !header("content-type").starts_with("application/json") {
        return (400, "Payload was malformed: not JSON".into(), None);
    }
    let Some(body) = body else { return (400, "Payload was malformed: not JSON".into(), None) };
    if body.as_array().is_some_and(|a| a.len() > 100) {
        return (413, "Too many records".into(), None);
    }
    let errors: Vec<String> = s
        .validator
        .as_ref()
        .unwrap()
        .iter_errors(body)
        .map(|e| {
            let path = e.instance_path().to_string();
            let first = path.trim_start_matches('/').split('/').next().unwrap_or("").to_string();
            format!("[{first}]{path}: {e}")
        })
        .collect();
    if !errors.is_empty() {
        return (400, format!("Payload was malformed: {}", errors.join("; ")), None);
    }
    let children = body.as_array().unwrap();
    for c in children {
        hold(&mut s.held, c);
    }
    let receipts: Vec<String> = children
        .iter()
        .map(|_| {
            s.receipt_no += 1;
            format!("2026-03-31_09:00:00.{:06}_00000000-0000-4000-8000-{:012}", s.receipt_no, s.receipt_no)
        })
        .collect();
    let text = match s.receipts.unwrap_or(ReceiptShape::PerChild) {
        ReceiptShape::PerChild => serde_json::to_string(&receipts).unwrap(),
        ReceiptShape::One => format!("\"00000000-0000-4000-8000-{:012}\"", s.receipt_no),
    };
    (200, text, None)
}

/// The ID field of an item in each list of an episode.
const ITEM_IDS: &[(&str, &str)] = &[
    ("child_and_family_assessments", "child_and_family_assessment_id"),
    ("child_in_need_plans", "child_in_need_plan_id"),
    ("section_47_assessments", "section_47_assessment_id"),
    ("child_protection_plans", "child_protection_plan_id"),
    ("child_looked_after_placements", "child_looked_after_placement_id"),
];

fn is_purge(v: &Value) -> bool {
    v["purge"] == json!(true)
}

/// Merges `incoming` list items into `held` by their ID: a purge removes, anything else replaces.
fn merge_items(held: &mut Vec<Value>, incoming: &[Value], id: &str) {
    for item in incoming {
        held.retain(|h| h[id] != item[id]);
        if !is_purge(item) {
            held.push(item.clone());
        }
    }
}

/// Holds one child as the DfE would: a purge removes it; otherwise each section replaces what was held.
fn hold(held: &mut BTreeMap<String, Value>, child: &Value) {
    let id = child["la_child_id"].as_str().unwrap().to_string();
    if is_purge(child) {
        held.remove(&id);
        return;
    }
    let mut now = held.remove(&id).unwrap_or_else(|| json!({"la_child_id": id}));
    for key in ["mis_child_id", "child_details"] {
        if let Some(v) = child.get(key) {
            now[key] = v.clone();
        }
    }
    if let Some(h) = child.get("health_and_wellbeing") {
        if is_purge(h) {
            now.as_object_mut().unwrap().remove("health_and_wellbeing");
        } else {
            now["health_and_wellbeing"] = h.clone();
        }
    }
    let mut episodes: Vec<Value> = now["social_care_episodes"].as_array().cloned().unwrap_or_default();
    for e in child["social_care_episodes"].as_array().into_iter().flatten() {
        let eid = &e["social_care_episode_id"];
        let existing = episodes.iter().position(|x| x["social_care_episode_id"] == *eid);
        if is_purge(e) {
            if let Some(i) = existing {
                episodes.remove(i);
            }
            continue;
        }
        let mut ep = existing.map(|i| episodes.remove(i)).unwrap_or_else(|| json!({}));
        let obj: &mut Map<String, Value> = ep.as_object_mut().unwrap();
        for (k, v) in e.as_object().unwrap() {
            if let Some((_, item_id)) = ITEM_IDS.iter().find(|(list, _)| list == k) {
                let mut items = obj.get(k).and_then(Value::as_array).cloned().unwrap_or_default();
                merge_items(&mut items, v.as_array().unwrap(), item_id);
                obj.insert(k.clone(), Value::Array(items));
            } else if matches!(k.as_str(), "adoption" | "care_leavers") && is_purge(v) {
                obj.remove(k);
            } else {
                obj.insert(k.clone(), v.clone());
            }
        }
        obj.retain(|_, v| !v.as_array().is_some_and(Vec::is_empty));
        episodes.push(ep);
    }
    if episodes.is_empty() {
        now.as_object_mut().unwrap().remove("social_care_episodes");
    } else {
        now["social_care_episodes"] = Value::Array(episodes);
    }
    held.insert(id, now);
}

/// A child's data in a comparable form: lists of items and episodes sorted by their IDs.
pub fn normalised(child: &Value) -> Value {
    let mut c = child.clone();
    if let Some(eps) = c.get_mut("social_care_episodes").and_then(Value::as_array_mut) {
        for e in eps.iter_mut() {
            for (list, id) in ITEM_IDS {
                if let Some(items) = e.get_mut(*list).and_then(Value::as_array_mut) {
                    items.sort_by(|a, b| a[*id].as_str().cmp(&b[*id].as_str()));
                }
            }
        }
        eps.sort_by(|a, b| a["social_care_episode_id"].as_str().cmp(&b["social_care_episode_id"].as_str()));
    }
    c
}
