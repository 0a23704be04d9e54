//! Daily deltas on a scripted child: a rerun on the same date sends nothing; a new fact sends the
//! child again; an item withdrawn as entered in error is purged by its ID; a child who leaves the
//! cohort (or whose record is merged into another) is purged whole.

#[allow(dead_code)]
mod support;

use carefile_dfe_api::{Held, Kind, SchemaVersion, delta, payloads};
use carefile_domain::codes::*;
use carefile_domain::journey::{ChildDetails, ChildEvent, ChildRecord};
use carefile_domain::{ChildId, journey::Placement};
use std::collections::BTreeMap;
use support::d;

fn at(s: &str) -> chrono::NaiveDateTime {
    d(s).and_hms_opt(9, 30, 0).unwrap()
}

fn log(events: Vec<ChildEvent>) -> Vec<(u64, ChildEvent)> {
    let details = ChildDetails {
        forename: "Sam".into(),
        surname: "Lee".into(),
        dob: Some(d("2012-05-01")),
        ..Default::default()
    };
    std::iter::once(ChildEvent::Registered { details })
        .chain(events)
        .enumerate()
        .map(|(i, e)| (i as u64 + 1, e))
        .collect()
}

fn record(log: &[(u64, ChildEvent)]) -> ChildRecord {
    ChildRecord::replay(&ChildId::new("C0000001").unwrap(), log).unwrap()
}

fn script() -> Vec<ChildEvent> {
    vec![
        ChildEvent::ReferralReceived {
            referral: 1,
            at: at("2025-06-02"),
            source: ReferralSource::Police,
            contact: None,
            exploitation: vec![],
        },
        ChildEvent::AssessmentStarted { referral: 1, assessment: 1, date: d("2025-06-03") },
        ChildEvent::CareStarted {
            date: d("2025-07-01"),
            legal_status: LegalStatus::V2,
            need: CategoryOfNeed::N1,
            placement: Placement {
                kind: PlacementType::U6,
                provider: Some(PlacementProvider::PR1),
                postcode: Some("le11 3ab".into()),
                urn: None,
                carer: None,
                household: None,
            },
            previous_permanence: None,
        },
    ]
}

/// Accepts every delta: what the DfE holds afterwards.
fn accept(held: &mut BTreeMap<String, Held>, sends: &[carefile_dfe_api::Delta]) {
    for s in sends {
        match &s.then {
            Some(h) => held.insert(s.child.clone(), h.clone()),
            None => held.remove(&s.child),
        };
    }
}

fn send(records: &[ChildRecord], date: &str, held: &BTreeMap<String, Held>) -> Vec<carefile_dfe_api::Delta> {
    let p = payloads(records, d(date), SchemaVersion::V1_0_1);
    delta::deltas(&p.children, held).0
}

#[test]
fn deltas_follow_the_record_day_by_day() {
    let mut events = script();
    let mut held = BTreeMap::new();
    let c = record(&log(events.clone()));
    let first = send(&[c.clone()], "2025-07-10", &held);
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].kind, Kind::New);
    accept(&mut held, &first);
    assert!(send(&[c.clone()], "2025-07-10", &held).is_empty(), "a rerun on the same date sends nothing");
    assert!(send(&[c.clone()], "2025-07-20", &held).is_empty(), "nothing happened since: nothing to send");

    // The assessment is authorised: the child is sent again, whole.
    events.push(ChildEvent::AssessmentAuthorised {
        assessment: 1,
        date: d("2025-07-21"),
        completed: None,
        factors: vec![AssessmentFactor::F16A],
        outcome: carefile_domain::journey::AssessmentOutcome::LookedAfter,
    });
    let c = record(&log(events.clone()));
    let second = send(&[c.clone()], "2025-07-22", &held);
    assert_eq!((second.len(), second[0].kind), (1, Kind::Updated));
    let body = serde_json::to_value(&second[0].payload).unwrap();
    assert_eq!(body["social_care_episodes"][0]["child_and_family_assessments"][0]["authorisation_date"], "2025-07-21");
    assert_eq!(body["social_care_episodes"][0]["child_looked_after_placements"][0]["postcode"], "LE11 3AB");
    accept(&mut held, &second);

    // A placement change is recorded, then withdrawn as entered in error: the placement is purged by its ID.
    events.push(ChildEvent::PlacementChanged {
        date: d("2025-08-01"),
        placement: Placement {
            kind: PlacementType::K2,
            provider: Some(PlacementProvider::PR4),
            postcode: None,
            urn: None,
            carer: None,
            household: None,
        },
        reason: ReasonPlaceChange::Carpl,
    });
    let mut l = log(events.clone());
    let c = record(&l);
    let third = send(&[c], "2025-08-02", &held);
    accept(&mut held, &third);
    let wrong = l.last().unwrap().0;
    l.push((wrong + 1, ChildEvent::Retracted { seq: wrong, also: vec![] }));
    let c = record(&l);
    let fourth = send(&[c.clone()], "2025-08-03", &held);
    assert_eq!(fourth.len(), 1);
    let body = serde_json::to_value(&fourth[0].payload).unwrap();
    let placements = body["social_care_episodes"][0]["child_looked_after_placements"].as_array().unwrap().clone();
    assert_eq!(placements.len(), 2, "{placements:?}");
    assert_eq!(
        placements[1],
        serde_json::json!({"child_looked_after_placement_id": "C0000001-L20250801", "purge": true})
    );
    assert!(placements[0].get("end_date").is_none(), "the first placement is open again");
    accept(&mut held, &fourth);
    assert!(send(&[c.clone()], "2025-08-03", &held).is_empty());

    // The record is merged into another child's (or erased): gone from the cohort, purged whole.
    let fifth = send(&[], "2025-08-04", &held);
    assert_eq!(fifth.len(), 1);
    assert_eq!(fifth[0].kind, Kind::Left);
    assert_eq!(
        serde_json::to_value(&fifth[0].payload).unwrap(),
        serde_json::json!({"la_child_id": "C0000001", "mis_child_id": "C0000001", "purge": true})
    );
    accept(&mut held, &fifth);
    assert!(held.is_empty());
}

#[test]
fn a_child_ages_out_of_the_cohort_and_is_purged() {
    // Born 1990: 25 until 2016; looked after 2014-2015. The window for 2017 starts April 2015.
    let events = vec![
        ChildEvent::ReferralReceived {
            referral: 1,
            at: at("2014-03-01"),
            source: ReferralSource::Police,
            contact: None,
            exploitation: vec![],
        },
        ChildEvent::ReferralDecided {
            referral: 1,
            at: at("2014-03-01"),
            next: carefile_domain::journey::ReferralNext::NoFurtherAction,
        },
        ChildEvent::CaseClosed { referral: 1, date: d("2015-06-01"), reason: ReasonForClosure::RC7 },
    ];
    let details =
        ChildDetails { forename: "A".into(), surname: "B".into(), dob: Some(d("1990-01-01")), ..Default::default() };
    let l: Vec<(u64, ChildEvent)> = std::iter::once(ChildEvent::Registered { details })
        .chain(events)
        .enumerate()
        .map(|(i, e)| (i as u64 + 1, e))
        .collect();
    let c = ChildRecord::replay(&ChildId::new("C0000002").unwrap(), &l).unwrap();
    let mut held = BTreeMap::new();
    let first = send(&[c.clone()], "2016-03-31", &held);
    assert_eq!(first.len(), 1, "aged 26 on 1 January 2016, but 25 in the window from April 2013");
    accept(&mut held, &first);
    let later = send(&[c], "2018-06-01", &held);
    assert_eq!(later.iter().map(|s| s.kind).collect::<Vec<_>>(), [Kind::Left]);
}
