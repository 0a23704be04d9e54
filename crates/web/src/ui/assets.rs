//! The vendored front-end files (`crates/web/assets/dist/`, built by
//! `scripts/build-assets.sh` and committed) and the committee report's
//! stylesheet, embedded in the binary and served
//! under `/assets/`. Pages link them as `/assets/NAME?v=HASH`
//! ([`url`]): such a request is cached for a year, since a new build of a file
//! has a new hash; any other is revalidated by its ETag. Compressed with gzip
//! once, on first use, for browsers that accept it.

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::io::Write;
use std::sync::OnceLock;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: [Asset; 7] = [
    Asset { name: "carefile.css", content_type: "text/css; charset=utf-8", body: include_bytes!("../../assets/dist/carefile.css") },
    Asset { name: "js-enabled.js", content_type: "text/javascript; charset=utf-8", body: include_bytes!("../../assets/dist/js-enabled.js") },
    Asset { name: "app.mjs", content_type: "text/javascript; charset=utf-8", body: include_bytes!("../../assets/dist/app.mjs") },
    Asset {
        name: "govuk-frontend.min.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../assets/dist/govuk-frontend.min.js"),
    },
    Asset { name: "favicon.svg", content_type: "image/svg+xml", body: include_bytes!("../../assets/dist/favicon.svg") },
    // The committee report's own styles (crates/report), for the performance page that embeds it.
    Asset { name: "report.css", content_type: "text/css; charset=utf-8", body: carefile_report::html::STYLE.as_bytes() },
    Asset { name: "htmx.min.js", content_type: "text/javascript; charset=utf-8", body: include_bytes!("../../assets/dist/htmx.min.js") },
];

/// Each asset's content hash (hex) and gzipped body, computed once.
struct Prepared {
    hash: String,
    gzip: Vec<u8>,
}

fn prepared(i: usize) -> &'static Prepared {
    static PREPARED: [OnceLock<Prepared>; ASSETS.len()] = [const { OnceLock::new() }; ASSETS.len()];
    PREPARED[i].get_or_init(|| {
        let body = ASSETS[i].body;
        // FNV-1a: a cache key, not a defence; collisions only cost a stale cache.
        let hash = body.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        // Writing to memory cannot fail.
        gz.write_all(body).expect("gzip to memory");
        Prepared { hash: format!("{hash:016x}"), gzip: gz.finish().expect("gzip to memory") }
    })
}

fn find(name: &str) -> Option<usize> {
    ASSETS.iter().position(|a| a.name == name)
}

/// The URL a page links `name` by (with its content hash, so it is cached until it changes).
///
/// # Panics
/// On a name that is not an asset: a programming error, caught by the layout's tests.
pub fn url(name: &str) -> String {
    let i = find(name).unwrap_or_else(|| panic!("no asset called {name}"));
    format!("/assets/{name}?v={}", prepared(i).hash)
}

/// The embedded files, with their sizes: (name, bytes, gzipped bytes).
pub fn sizes() -> Vec<(&'static str, usize, usize)> {
    (0..ASSETS.len()).map(|i| (ASSETS[i].name, ASSETS[i].body.len(), prepared(i).gzip.len())).collect()
}

/// `GET /assets/{name}`.
pub async fn serve(Path(name): Path<String>, uri: axum::http::Uri, headers: HeaderMap) -> Response {
    let Some(i) = find(&name) else { return StatusCode::NOT_FOUND.into_response() };
    let (asset, prepared) = (&ASSETS[i], prepared(i));
    let etag = format!("\"{}\"", prepared.hash);
    let versioned = uri.query().is_some_and(|q| q == format!("v={}", prepared.hash));
    let cache = if versioned { "public, max-age=31536000, immutable" } else { "no-cache" };
    let mut res = if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag.as_bytes()) {
        StatusCode::NOT_MODIFIED.into_response()
    } else if accepts_gzip(&headers) {
        ([(header::CONTENT_ENCODING, "gzip")], prepared.gzip.clone()).into_response()
    } else {
        asset.body.into_response()
    };
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    res
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).any(|v| {
        v.split(',').any(|part| {
            let mut it = part.split(';');
            let coding = it.next().unwrap_or("").trim();
            let refused = it.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            coding.eq_ignore_ascii_case("gzip") && !refused
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_is_chosen_only_when_accepted() {
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            m
        };
        assert!(accepts_gzip(&h("gzip, deflate, br")));
        assert!(accepts_gzip(&h("br;q=1.0, GZIP;q=0.5")));
        assert!(!accepts_gzip(&h("gzip;q=0")));
        assert!(!accepts_gzip(&h("br")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn every_asset_has_a_url_and_gzips_back_to_itself() {
        use std::io::Read;
        for (i, a) in ASSETS.iter().enumerate() {
            assert!(url(a.name).starts_with(&format!("/assets/{}?v=", a.name)));
            let mut back = Vec::new();
            flate2::read::GzDecoder::new(prepared(i).gzip.as_slice()).read_to_end(&mut back).unwrap();
            assert_eq!(back, a.body, "{}", a.name);
        }
    }
}
