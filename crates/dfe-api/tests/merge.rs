//! Two records of one child merged in the store (decision 002): the next delta purges the
//! merged-away child from what the DfE holds and sends the survivor with both histories.

use carefile_dfe_api::{Kind, SchemaVersion, delta, payloads};
use carefile_domain::codes::{ReasonForClosure, ReferralSource};
use carefile_domain::journey::{ChildDetails, ReferralNext};
use carefile_domain::{ChildEvent, ChildId, Recorded};
use carefile_store::EventStore;
use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
use std::collections::BTreeMap;

fn rec(n: i64) -> Recorded {
    Recorded::new(Utc.with_ymd_and_hms(2026, 2, 2, 9, 0, 0).unwrap() + chrono::Duration::seconds(n), "mgr", None)
}

/// A child referred on `referred`, the referral closed with no further action the next day if `closed`.
fn child(s: &mut dyn EventStore, id: &str, surname: &str, referred: &str, closed: bool, n: i64) {
    let details = ChildDetails {
        forename: "Sam".into(),
        surname: surname.into(),
        dob: NaiveDate::from_ymd_opt(2016, 2, 1),
        ..Default::default()
    };
    let at = NaiveDateTime::parse_from_str(referred, "%Y-%m-%d %H:%M").unwrap();
    let referral = ChildEvent::ReferralReceived { referral: 1, at, source: ReferralSource::Police, contact: None, exploitation: vec![] };
    let mut events = vec![(rec(n), ChildEvent::Registered { details }), (rec(n + 1), referral)];
    if closed {
        let next = at + chrono::Duration::days(1);
        events.push((rec(n + 2), ChildEvent::ReferralDecided { referral: 1, at: next, next: ReferralNext::NoFurtherAction }));
        events.push((rec(n + 3), ChildEvent::CaseClosed { referral: 1, date: next.date(), reason: ReasonForClosure::RC7 }));
    }
    s.append_child(&ChildId::new(id).unwrap(), None, &events).unwrap();
}

#[test]
fn a_merged_away_child_is_purged_and_the_survivor_sent_with_both_histories() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = carefile_store::open(dir.path().join("m.db").to_str().unwrap()).unwrap();
    child(store.as_mut(), "C1", "Bloggs", "2026-01-05 09:00", true, 0);
    child(store.as_mut(), "C2", "Blogs", "2026-01-20 09:00", false, 4);
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
    let first = payloads(&store.children().unwrap(), as_of, SchemaVersion::V1_0_1);
    let (sends, tally) = delta::deltas(&first.children, &BTreeMap::new());
    assert_eq!(tally.new, 2);
    let mut held: BTreeMap<String, delta::Held> = sends.iter().map(|s| (s.child.clone(), s.then.clone().unwrap())).collect();

    store.merge_children(&ChildId::new("C2").unwrap(), &ChildId::new("C1").unwrap(), &rec(10), "same child").unwrap();
    let after = payloads(&store.children().unwrap(), as_of, SchemaVersion::V1_0_1);
    let (sends, tally) = delta::deltas(&after.children, &held);
    assert_eq!((tally.left, tally.updated, tally.new), (1, 1, 0), "{tally:?}");
    let gone = sends.iter().find(|s| s.child == "C2").unwrap();
    assert_eq!(gone.kind, Kind::Left);
    assert_eq!(serde_json::to_value(&gone.payload).unwrap(), serde_json::json!({"la_child_id": "C2", "mis_child_id": "C2", "purge": true}));
    let kept = sends.iter().find(|s| s.child == "C1").unwrap();
    assert_eq!(kept.kind, Kind::Updated);
    let referrals: Vec<_> = kept.payload.social_care_episodes.iter().filter_map(|e| e.referral_date).collect();
    assert_eq!(referrals.len(), 2, "both records' referrals: {referrals:?}");
    for s in &sends {
        match &s.then {
            Some(h) => held.insert(s.child.clone(), h.clone()),
            None => held.remove(&s.child),
        };
    }
    assert_eq!(held.keys().collect::<Vec<_>>(), ["C1"]);
}
