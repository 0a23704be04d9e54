//! The OpenAPI 3.1 document of the API, built by hand: the API is small and
//! this keeps a code generator out of the build. A test checks that every
//! route the router serves is described here, and nothing else.

use serde_json::{Value, json};

/// An operation that needs a session; `params` are its path parameters.
fn op(summary: &str, params: &[&str], ok: Value) -> Value {
    let parameters: Vec<Value> = params
        .iter()
        .map(|p| json!({"name": p, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect();
    json!({
        "summary": summary,
        "security": [{"session": []}],
        "parameters": parameters,
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": ok}}},
            "401": {"description": "no session: sign in first", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "403": {"description": "the access policy refuses (or the record is restricted)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "404": {"description": "no such child, or one the user may not open (the same answer)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
    })
}

/// A POST that opens a record (needs the X-CSRF-Token header).
fn opening(summary: &str, category: bool) -> Value {
    let mut o = op(summary, &["id"], json!({"$ref": "#/components/schemas/Opened"}));
    let required = if category { json!(["category", "reason"]) } else { json!(["reason"]) };
    o["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {
        "type": "object", "required": required,
        "properties": {"category": {"type": "string"}, "reason": {"type": "string"}}
    }}}});
    o["responses"]["400"] = json!({"description": "no category, or a reason too short or not in words", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    o
}

fn array(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

/// Paths as the router names them, in OpenAPI's `{param}` form.
pub const PATHS: [&str; 12] = [
    "/api/v1/session",
    "/api/v1/children",
    "/api/v1/children/{id}",
    "/api/v1/children/{id}/chronology",
    "/api/v1/caseload",
    "/api/v1/indicators",
    "/api/v1/children/{id}/entries/{entry}",
    "/api/v1/children/{id}/entries/{entry}/correction",
    "/api/v1/children/{id}/entries/{entry}/withdrawal",
    "/api/v1/children/{id}/break-glass",
    "/api/v1/children/{id}/reason",
    "/api/v1/access/openings",
];

fn schema_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// A write: `If-Match` and `Idempotency-Key`, a JSON body, and what it may answer.
fn write_op(summary: &str, entry: &str, body: Value) -> Value {
    let error = schema_ref("Error");
    let json_of = |schema: Value| json!({"application/json": {"schema": schema}});
    json!({
        "summary": summary,
        "security": [{"session": []}],
        "parameters": [
            {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "entry", "in": "path", "required": true, "description": entry, "schema": {"type": "string"}},
            {"name": "If-Match", "in": "header", "required": true, "description": "the record's version as GET /api/v1/children/{id} gives it (its ETag): the write is refused with 412 if the record has changed since", "schema": {"type": "string"}},
            {"name": "X-CSRF-Token", "in": "header", "required": true, "description": "the session's CSRF token (from sign-in)", "schema": {"type": "string"}},
            {"name": "Idempotency-Key", "in": "header", "required": false, "description": "a key of the client's (1-255 characters): the same request sent again with it gets the first answer again (for a day), never a second entry", "schema": {"type": "string"}}
        ],
        "requestBody": {"required": true, "content": json_of(body)},
        "responses": {
            "201": {"description": "recorded: the entry's number and the record's new version (also the ETag)", "content": json_of(schema_ref("Written"))},
            "202": {"description": "a step a manager authorises, from a user who may not: sent for authorisation as request `request`", "content": json_of(schema_ref("Proposed"))},
            "400": {"description": "If-Match or Idempotency-Key is not well formed", "content": json_of(error.clone())},
            "401": {"description": "no session: sign in first", "content": json_of(error.clone())},
            "403": {"description": "the access policy or the kind's permission refuses (audited), or the CSRF token is missing", "content": json_of(error.clone())},
            "404": {"description": "no such child, form or entry", "content": json_of(error.clone())},
            "412": {"description": "the record changed since the version in If-Match: nothing was written; the current version is given (and is the ETag)", "content": json_of(schema_ref("Stale"))},
            "422": {"description": "refused: messages beside each field named, and about the entry as a whole; nothing was written", "content": json_of(schema_ref("Invalid"))},
            "428": {"description": "no If-Match", "content": json_of(error)}
        }
    })
}

pub fn openapi() -> Value {
    let error = json!({"$ref": "#/components/schemas/Error"});
    let entries = super::write::kinds();
    let slugs: Vec<&str> = entries.iter().map(|(slug, _, _)| *slug).collect();
    let mut children = op("Children the user may see matching q (ID or part of a name); restricted records without a grant only by exact ID and without a name", &[], array(json!({"$ref": "#/components/schemas/Listed"})));
    children["parameters"] = json!([{"name": "q", "in": "query", "required": false, "schema": {"type": "string"}}]);
    let mut indicators = op("The performance dashboard (aggregates only, any role): every indicator, the funnel and the reconciliation checks", &[], json!({"type": "object"}));
    indicators["parameters"] = json!([
        {"name": "year", "in": "query", "required": false, "description": "financial year starting in April of this year (default: the 12 months to the reference date)", "schema": {"type": "integer"}},
        {"name": "quarter", "in": "query", "required": false, "description": "quarter 1-4 of that year (1 = April-June)", "schema": {"type": "integer"}}
    ]);
    let mut doc = json!({
        "openapi": "3.1.0",
        "info": {"title": "carefile API", "version": "1", "description": "Children's services records. Every view of a child's record is audited; the same record-level access rules apply as in the web pages."},
        "paths": {
            PATHS[0]: {
                "post": {
                    "summary": "Sign in: sets the session cookie and returns the CSRF token for later state-changing calls",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Credentials"}}}},
                    "responses": {
                        "200": {"description": "signed in", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}},
                        "401": {"description": "wrong username or password", "content": {"application/json": {"schema": error}}},
                        "429": {"description": "too many failed sign-ins for this user or address", "content": {"application/json": {"schema": error}}}
                    }
                },
                "delete": {
                    "summary": "Sign out (needs the X-CSRF-Token header)",
                    "security": [{"session": []}],
                    "responses": {"200": {"description": "signed out"}, "401": {"description": "no session"}, "403": {"description": "missing or wrong CSRF token"}}
                }
            },
            PATHS[1]: {"get": children},
            PATHS[2]: {"get": op("A child's summary: status, allocation and what is due (audited)", &["id"], json!({"$ref": "#/components/schemas/Child"}))},
            PATHS[3]: {"get": op("A child's chronology in date order (audited)", &["id"], array(json!({"type": "object"})))},
            PATHS[4]: {"get": op("The user's caseload with what is due and overdue", &[], array(json!({"type": "object"})))},
            PATHS[5]: {"get": indicators},
            PATHS[6]: {"post": write_op(
                "Records an entry of the kind named (its form's slug; the body is that kind's fields, as its schema Entry.<kind> says)",
                &format!("the kind's slug: {}", slugs.join(", ")),
                json!({"oneOf": entries.iter().map(|(_, kind, _)| schema_ref(&format!("Entry.{kind}"))).collect::<Vec<_>>()})
            )},
            PATHS[7]: {"post": write_op(
                "Corrects entry {entry} (a number of the chronology): the fields that change (the rest keep their values; its numbers are kept) and `correction_reason`",
                "the entry's number (seq)",
                json!({"type": "object", "required": ["correction_reason"], "properties": {"correction_reason": {"type": "string", "maxLength": 2000}}, "additionalProperties": true})
            )},
            PATHS[8]: {"post": write_op(
                "Withdraws entry {entry} as entered in error; the entries that depend on it are refused unless `with_dependants` withdraws them in the same step",
                "the entry's number (seq)",
                json!({"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string", "maxLength": 2000}, "with_dependants": {"type": "boolean"}}, "additionalProperties": false})
            )},
            PATHS[9]: {"post": opening("Break glass on a restricted record the user would otherwise open: a category from /api/v1/access/openings and a written reason; opens it for the policy's hours, audited and reviewed by the child's manager", true)},
            PATHS[10]: {"post": opening("Open a record outside the user's scope that a stated reason opens (a front-door worker's long-closed record): audited as view_with_reason", false)},
            PATHS[11]: {"get": op("What break glass and stated reasons ask for: categories, shortest reasons, how long an opening lasts", &[], json!({"type": "object"}))}
        },
        "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": crate::auth::COOKIE}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
                "Credentials": {"type": "object", "required": ["username", "password"], "properties": {"username": {"type": "string"}, "password": {"type": "string"}, "code": {"type": "string", "description": "the second factor's code (a TOTP code or a recovery code), for accounts that have one"}}},
                "Session": {"type": "object", "properties": {"username": {"type": "string"}, "role": {"type": "string"}, "csrf_token": {"type": "string"}}},
                "Opened": {"type": "object", "properties": {"child": {"type": "string"}, "kind": {"type": "string", "enum": ["break_glass", "stated_reason"]}, "until": {"type": "string", "format": "date-time"}}},
                "Listed": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": ["string", "null"]}, "restricted": {"type": "boolean"}}},
                "Child": {"type": "object", "properties": {
                    "id": {"type": "string"}, "name": {"type": "string"}, "dob": {"type": ["string", "null"], "format": "date"},
                    "worker": {"type": ["string", "null"]}, "team": {"type": ["string", "null"]},
                    "status": {"type": "object"}, "care_leaver": {"type": "boolean"},
                    "status_words": array(json!({"type": "string"})), "due": array(json!({"type": "object"})),
                    "version": {"type": "integer", "description": "the record's version: send it in If-Match to write"}
                }},
                "Written": {"type": "object", "properties": {"child": {"type": "string"}, "seq": {"type": "integer"}, "kind": {"type": "string"}, "version": {"type": "integer"}}},
                "Proposed": {"type": "object", "properties": {"child": {"type": "string"}, "request": {"type": "integer"}, "sent_for_authorisation": {"type": "boolean"}}},
                "Stale": {"type": "object", "properties": {"error": {"type": "string"}, "version": {"type": "integer"}}},
                "Invalid": {"type": "object", "properties": {
                    "error": {"type": "string"},
                    "fields": {"type": "object", "additionalProperties": array(json!({"type": "string"}))},
                    "form": array(json!({"type": "string"}))
                }}
            }
        }
    });
    for (_, kind, schema) in entries {
        doc["components"]["schemas"][format!("Entry.{kind}")] = schema;
    }
    streams(&mut doc);
    doc
}

/// The writes to the streams beside the child's (`api/entries.rs`): per stream, record, correct
/// and withdraw, each kind's body schema as `Entry.<stream>.<kind>`.
fn streams(doc: &mut Value) {
    let kinds = super::entries::kinds();
    let mut routes: Vec<&str> = kinds.iter().map(|(route, ..)| *route).collect();
    routes.dedup();
    for route in routes {
        let stream = route.trim_start_matches('/').replace("/{id}", "").replace('/', ".");
        let mine: Vec<&(&str, &str, &str, Value)> = kinds.iter().filter(|(r, ..)| *r == route).collect();
        let slugs: Vec<&str> = mine.iter().map(|(_, slug, ..)| *slug).collect();
        let version = "the subject's version (0 before its first entry): the write is refused with 412 if it has changed since";
        let with_version = |mut op: Value| {
            op["parameters"][2]["description"] = json!(version);
            op
        };
        let record = with_version(write_op(
            "Records an entry of the kind named (its form's slug; the body is that kind's fields, as its schema says)",
            &format!("the kind's slug: {}", slugs.join(", ")),
            json!({"oneOf": mine.iter().map(|(_, _, kind, _)| schema_ref(&format!("Entry.{stream}.{kind}"))).collect::<Vec<_>>()}),
        ));
        let correction = with_version(write_op(
            "Corrects entry {entry}: the fields that change (the rest keep their values; its numbers are kept) and `correction_reason`",
            "the entry's number on the subject's record",
            json!({"type": "object", "required": ["correction_reason"], "properties": {"correction_reason": {"type": "string", "maxLength": 2000}}, "additionalProperties": true}),
        ));
        let withdrawal = with_version(write_op(
            "Withdraws entry {entry} as entered in error; the entries that depend on it are refused unless `with_dependants` withdraws them in the same step",
            "the entry's number on the subject's record",
            json!({"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string", "maxLength": 2000}, "with_dependants": {"type": "boolean"}}, "additionalProperties": false}),
        ));
        doc["paths"][format!("/api/v1{route}/entries/{{entry}}")] = json!({"post": record});
        doc["paths"][format!("/api/v1{route}/entries/{{entry}}/correction")] = json!({"post": correction});
        doc["paths"][format!("/api/v1{route}/entries/{{entry}}/withdrawal")] = json!({"post": withdrawal});
        for (_, _, kind, schema) in mine {
            doc["components"]["schemas"][format!("Entry.{stream}.{kind}")] = schema.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use carefile_domain::ChildEvent;
    use carefile_domain::form::Declared;

    /// Every write the document describes (the child's and the other streams': record, correct,
    /// withdraw) asks for `If-Match`, takes an `Idempotency-Key`, and documents the stale (412,
    /// with the current version) and missing (428) version; every kind a form records has its body.
    #[test]
    fn every_write_documents_if_match_and_its_idempotency_key() {
        let doc = openapi();
        let mut writes = 0;
        for (path, ops) in doc["paths"].as_object().unwrap() {
            let Some(post) = ops.get("post").filter(|_| path.contains("/entries/")) else { continue };
            writes += 1;
            let header = |name: &str| post["parameters"].as_array().unwrap().iter().find(|p| p["name"] == name && p["in"] == "header").cloned();
            assert_eq!(header("If-Match").map(|h| h["required"].clone()), Some(json!(true)), "{path}");
            assert!(header("Idempotency-Key").is_some(), "{path}");
            assert_eq!(post["responses"]["412"]["content"]["application/json"]["schema"], schema_ref("Stale"), "{path}");
            assert!(post["responses"]["428"].is_object(), "{path}");
        }
        // The child's three, and three for each stream served beside it.
        let streams = super::super::entries::kinds().iter().map(|(route, ..)| *route).collect::<std::collections::BTreeSet<_>>().len();
        assert_eq!(writes, 3 + 3 * streams);
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        for d in ChildEvent::declarations().iter().filter(|d| d.kind != "registered") {
            assert!(schemas.contains_key(&format!("Entry.{}", d.kind)), "{} has no body schema", d.kind);
        }
    }
}
