//! Every payload of the county demo, in batches as sent, is valid against the DfE's OpenAPI
//! document (read as a fixture, format assertions on), and the schema refuses what it should.

#[allow(dead_code)]
mod support;

use carefile_dfe_api::{SchemaVersion, delta, payloads};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use support::{body_validator, d, records};

fn errors(v: &jsonschema::Validator, body: &Value) -> Vec<String> {
    v.iter_errors(body).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn every_county_payload_is_valid_in_batches_of_a_hundred() {
    let children = records(carefile_synth::Scale::County, 1);
    let p = payloads(&children, d("2026-03-31"), SchemaVersion::V1_0_1);
    assert!(p.refused.is_empty(), "{:?}", p.refused);
    assert!(p.children.len() > 8_000, "{} children in the cohort", p.children.len());
    let (sends, tally) = delta::deltas(&p.children, &BTreeMap::new());
    assert_eq!(tally.new, p.children.len());
    let v = body_validator("1.0.1");
    let old = body_validator("1.0.0");
    let mut batches = 0;
    for batch in sends.chunks(delta::BATCH) {
        let body = serde_json::to_value(batch.iter().map(|s| &s.payload).collect::<Vec<_>>()).unwrap();
        let e = errors(&v, &body);
        assert!(e.is_empty(), "batch {batches}: {e:?}");
        assert!(errors(&old, &body).is_empty(), "valid against 1.0.0 too");
        batches += 1;
    }
    assert_eq!(batches, p.children.len().div_ceil(100));
    // The payloads carry what the schema has room for.
    let all = serde_json::to_string(&p.children).unwrap();
    for field in [
        "child_looked_after_placements",
        "section_47_assessments",
        "care_worker_details",
        "care_leavers",
        "adoption",
        "sdq_assessments",
        "factors",
    ] {
        assert!(all.contains(field), "no payload has {field}");
    }
}

fn one() -> Value {
    json!([{
        "la_child_id": "C0012345",
        "mis_child_id": "C0012345",
        "child_details": {"date_of_birth": "2015-06-01", "sex": "F"},
        "social_care_episodes": [{"social_care_episode_id": "C0012345-R1", "referral_date": "2025-04-01"}]
    }])
}

#[test]
fn the_schema_refuses_a_bad_date_an_extra_property_and_a_hundred_and_one_children() {
    let v = body_validator("1.0.1");
    assert!(errors(&v, &one()).is_empty());

    let mut bad_date = one();
    bad_date[0]["child_details"]["date_of_birth"] = json!("2015-02-30");
    assert!(!errors(&v, &bad_date).is_empty(), "30 February is not a date");
    let mut bad_date = one();
    bad_date[0]["social_care_episodes"][0]["referral_date"] = json!("01/04/2025");
    assert!(!errors(&v, &bad_date).is_empty(), "dates are ISO");

    let mut extra = one();
    extra[0]["child_details"]["nickname"] = json!("Bo");
    assert!(!errors(&v, &extra).is_empty(), "additionalProperties is false");

    let many = Value::Array((0..101).map(|_| one()[0].clone()).collect());
    assert!(!errors(&v, &many).is_empty(), "at most 100 children");
    let hundred = Value::Array((0..100).map(|_| one()[0].clone()).collect());
    assert!(errors(&v, &hundred).is_empty());

    let mut dashed = one();
    dashed[0]["la_child_id"] = json!("C-12345");
    assert!(!errors(&v, &dashed).is_empty(), "1.0.1: letters and digits");
    assert!(errors(&body_validator("1.0.0"), &dashed).is_empty(), "1.0.0 allowed - and _");
}
