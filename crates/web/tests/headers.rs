//! Decision 005: every response carries a Content-Security-Policy: pages the
//! strict one, everything else (JSON, errors under /api/, health, assets) one
//! that allows nothing; a route's own stricter policy (a downloaded document's
//! sandbox) is kept.

mod common;

use axum::http::StatusCode;
use carefile_web::{DATA_CSP, PAGE_CSP};
use common::world;

fn csp(r: &common::Response) -> &str {
    r.headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("(none)")
}

#[tokio::test]
async fn every_response_carries_a_content_security_policy() {
    let w = world();
    let mut anonymous = w.client();
    let mut sw = w.signed_in("sw").await;
    let mut admin = w.signed_in("admin").await;
    let own = format!("/children/{}", w.cases.own);
    let asset = carefile_web::ui::assets::url("js-enabled.js");
    // (who, path, status, an HTML page?)
    let mut seen = 0;
    for (who, path, status, page) in [
        ("anonymous", "/signin", StatusCode::OK, true),
        ("anonymous", "/caseload", StatusCode::SEE_OTHER, false),
        ("anonymous", "/healthz", StatusCode::OK, false),
        ("anonymous", asset.as_str(), StatusCode::OK, false),
        ("anonymous", "/api/v1/caseload", StatusCode::UNAUTHORIZED, false),
        ("sw", "/caseload", StatusCode::OK, true),
        ("sw", own.as_str(), StatusCode::OK, true),
        ("sw", "/children/C9999999", StatusCode::NOT_FOUND, true),
        ("sw", "/no-such-page", StatusCode::NOT_FOUND, false),
        ("sw", "/api/v1/caseload", StatusCode::OK, false),
        ("sw", "/api/v1/children/C9999999", StatusCode::NOT_FOUND, false),
        ("admin", "/admin/audit", StatusCode::OK, true),
    ] {
        let client = match who {
            "anonymous" => &mut anonymous,
            "sw" => &mut sw,
            _ => &mut admin,
        };
        let r = client.get(path).await;
        assert_eq!(r.status, status, "{who} {path}: {}", r.body);
        let html = r.headers.get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
        assert_eq!(html, page, "{who} {path}: an HTML page or not");
        let expected = if page { PAGE_CSP } else { DATA_CSP };
        assert_eq!(csp(&r), expected, "{who} {path}");
        seen += 1;
    }
    assert_eq!(seen, 12);
    // The page policy allows no inline script or style and no framing.
    for part in ["script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "default-src 'none'"] {
        assert!(PAGE_CSP.contains(part), "{part}");
    }
    assert!(!PAGE_CSP.contains("unsafe"), "{PAGE_CSP}");
}
