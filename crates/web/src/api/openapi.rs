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
            "404": {"description": "no such child", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
    })
}

fn array(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

/// Paths as the router names them, in OpenAPI's `{param}` form.
pub const PATHS: [&str; 6] = [
    "/api/v1/session",
    "/api/v1/children",
    "/api/v1/children/{id}",
    "/api/v1/children/{id}/chronology",
    "/api/v1/caseload",
    "/api/v1/indicators",
];

pub fn openapi() -> Value {
    let error = json!({"$ref": "#/components/schemas/Error"});
    let mut children = op("Children the user may see matching q (ID or part of a name); restricted records without a grant only by exact ID and without a name", &[], array(json!({"$ref": "#/components/schemas/Listed"})));
    children["parameters"] = json!([{"name": "q", "in": "query", "required": false, "schema": {"type": "string"}}]);
    let mut indicators = op("The performance dashboard (aggregates only, any role): every indicator, the funnel and the reconciliation checks", &[], json!({"type": "object"}));
    indicators["parameters"] = json!([
        {"name": "year", "in": "query", "required": false, "description": "financial year starting in April of this year (default: the 12 months to the reference date)", "schema": {"type": "integer"}},
        {"name": "quarter", "in": "query", "required": false, "description": "quarter 1-4 of that year (1 = April-June)", "schema": {"type": "integer"}}
    ]);
    json!({
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
            PATHS[5]: {"get": indicators}
        },
        "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": crate::auth::COOKIE}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
                "Credentials": {"type": "object", "required": ["username", "password"], "properties": {"username": {"type": "string"}, "password": {"type": "string"}}},
                "Session": {"type": "object", "properties": {"username": {"type": "string"}, "role": {"type": "string"}, "csrf_token": {"type": "string"}}},
                "Listed": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": ["string", "null"]}, "restricted": {"type": "boolean"}}},
                "Child": {"type": "object", "properties": {
                    "id": {"type": "string"}, "name": {"type": "string"}, "dob": {"type": ["string", "null"], "format": "date"},
                    "worker": {"type": ["string", "null"]}, "team": {"type": ["string", "null"]},
                    "status": {"type": "object"}, "care_leaver": {"type": "boolean"},
                    "status_words": array(json!({"type": "string"})), "due": array(json!({"type": "object"}))
                }}
            }
        }
    })
}
