//! Shared by the tests: generated authorities as the store would project them, and the DfE's
//! OpenAPI document read from the outside artefacts.

use carefile_domain::journey::ChildRecord;
use chrono::NaiveDate;
use serde_json::Value;

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The records of a generated authority as of 31 March 2026.
pub fn records(scale: carefile_synth::Scale, seed: u64) -> Vec<ChildRecord> {
    let a = carefile_synth::generate(&carefile_synth::Options { seed, scale, as_of: d("2026-03-31") });
    a.children
        .iter()
        .map(|c| {
            let log: Vec<(u64, _)> = c.events.iter().enumerate().map(|(i, (_, e))| (i as u64 + 1, e.clone())).collect();
            ChildRecord::replay(&c.id, &log).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
}

#[path = "../../../annex-a/tests/support/outside.rs"]
mod outside_files;
#[allow(unused_imports)]
pub use outside_files::outside;

/// The DfE's OpenAPI document of `version` (1.0.0 or 1.0.1).
pub fn openapi(version: &str) -> Value {
    let text = std::fs::read_to_string(outside(&format!("dfe_api/dfe_csc_openapi_{version}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A validator of request bodies (`components.schemas.CSC`) with format assertions on.
pub fn body_validator(version: &str) -> jsonschema::Validator {
    let doc = openapi(version);
    let schema = doc["components"]["schemas"]["CSC"].clone();
    jsonschema::options().should_validate_formats(true).build(&schema).expect("the CSC schema compiles")
}
