//! Two records of one child merged and unmerged (decision 002), on each
//! backend: the survivor reads as both logs folded, the duplicate's id resolves
//! to it and takes no writes, and an unmerge leaves both records exactly as
//! they were; a merge the two histories cannot bear is refused and stores nothing.

mod support;

use carefile_domain::codes::ReferralSource;
use carefile_domain::journey::{ChildDetails, ContactOutcome};
use carefile_domain::{ChildEvent, ChildId, ChildRecord, Recorded};
use carefile_store::{EventStore, StoreError, Stream};
use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};

fn rec(n: i64) -> Recorded {
    Recorded::new(Utc.with_ymd_and_hms(2026, 2, 2, 9, 0, 0).unwrap() + chrono::Duration::seconds(n), "mgr", None)
}
fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}
fn id(s: &str) -> ChildId {
    ChildId::new(s).unwrap()
}
fn registered(surname: &str) -> ChildEvent {
    ChildEvent::Registered {
        details: ChildDetails {
            forename: "Sam".into(),
            surname: surname.into(),
            dob: NaiveDate::from_ymd_opt(2016, 2, 1),
            ..Default::default()
        },
    }
}
fn contact(when: &str) -> ChildEvent {
    ChildEvent::ContactReceived { contact: 1, at: at(when), source: ReferralSource::Police }
}
fn referral(when: &str) -> ChildEvent {
    ChildEvent::ReferralReceived {
        referral: 1,
        at: at(when),
        source: ReferralSource::Police,
        contact: None,
        exploitation: vec![],
    }
}

/// Sam Bloggs (C1) with a contact; the same child registered again as Sam
/// Blogs (C2) with a contact decided; and C3 with an open referral.
fn two_records_of_one_child(s: &mut dyn EventStore) {
    s.append_child(&id("C1"), None, &[(rec(0), registered("Bloggs")), (rec(1), contact("2026-01-05 09:00"))])
        .unwrap();
    let decided = ChildEvent::ContactDecided { contact: 1, at: at("2026-01-06 10:00"), outcome: ContactOutcome::NoFurtherAction };
    s.append_child(
        &id("C2"),
        None,
        &[(rec(2), registered("Blogs")), (rec(3), contact("2026-01-06 09:00")), (rec(4), decided)],
    )
    .unwrap();
    s.append_child(&id("C3"), None, &[(rec(5), registered("Bloggs")), (rec(6), referral("2026-01-07 09:00"))])
        .unwrap();
}

fn export(s: &dyn EventStore) -> String {
    let mut out = Vec::new();
    s.export(&[Stream::Child], &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn seen(s: &dyn EventStore, child: &str) -> (ChildRecord, u64) {
    s.child(&id(child)).unwrap().unwrap()
}

on_both_backends!(merge_then_unmerge_leaves_both_records_as_before, |db| {
    let mut store = db.open();
    let s = store.as_mut();
    two_records_of_one_child(s);
    let (before, logs) = (s.children().unwrap(), export(s));
    let (c1, c2) = (seen(s, "C1"), seen(s, "C2"));

    s.merge_children(&id("C2"), &id("C1"), &rec(10), "same child: surname misspelt at the front door").unwrap();
    let merged = seen(s, "C1");
    assert_eq!(merged.1, c1.1, "the survivor's own log is at the same version");
    let contacts: Vec<(u32, Option<ContactOutcome>)> =
        merged.0.contacts.iter().map(|c| (c.no, c.decided.map(|d| d.1))).collect();
    assert_eq!(contacts, [(1, None), (2, Some(ContactOutcome::NoFurtherAction))], "both contacts, the duplicate's numbered on");
    assert_eq!(merged.0.details, c1.0.details, "the survivor's details stand");
    assert_eq!(seen(s, "C2"), merged, "the old ID resolves to the survivor");
    assert_eq!(s.merged_into(&id("C2")).unwrap(), Some(id("C1")));
    let listed: Vec<String> = s.children().unwrap().iter().map(|r| r.id.to_string()).collect();
    assert_eq!(listed, ["C1", "C3"], "the duplicate is not listed");
    assert_eq!(s.children().unwrap()[0], merged.0);
    assert_eq!(export(s), logs, "no child's log changed");
    assert!(s.check().unwrap().is_clean());

    s.unmerge_children(&id("C2"), &rec(11), "two different children after all").unwrap();
    assert_eq!(s.children().unwrap(), before, "both records, and what is derived from them, as before");
    assert_eq!((seen(s, "C1"), seen(s, "C2")), (c1, c2));
    assert_eq!(s.merged_into(&id("C2")).unwrap(), None);
    assert!(s.check().unwrap().is_clean());

    // Merged again, the history of both is kept on the duplicate's merge stream.
    s.merge_children(&id("C2"), &id("C1"), &rec(12), "same child after all").unwrap();
    assert_eq!(s.merged_into(&id("C2")).unwrap(), Some(id("C1")));
});

on_both_backends!(while_merged_the_duplicate_takes_no_writes_and_the_survivor_only_what_both_bear, |db| {
    let mut store = db.open();
    let s = store.as_mut();
    two_records_of_one_child(s);
    s.merge_children(&id("C2"), &id("C1"), &rec(10), "same child").unwrap();
    let (_, v2) = seen(s, "C2");
    let err = s.append_child(&id("C2"), Some(v2), &[(rec(11), referral("2026-01-08 09:00"))]).unwrap_err();
    assert!(err.to_string().contains("C2 is merged into C1: record on C1"), "{err}");
    let (_, v1) = seen(s, "C1");
    let v = s.append_child(&id("C1"), Some(v1), &[(rec(12), referral("2026-01-08 09:00"))]).unwrap();
    assert_eq!(seen(s, "C1").0.referrals.len(), 1);
    // Two referrals open at once: refused on the merged record, nothing stored.
    let err = s.append_child(&id("C1"), Some(v), &[(rec(13), ChildEvent::ReferralReceived {
        referral: 2,
        at: at("2026-01-09 09:00"),
        source: ReferralSource::Police,
        contact: None,
        exploitation: vec![],
    })]);
    assert!(matches!(err, Err(StoreError::Invariant(_))), "{err:?}");
    assert_eq!(seen(s, "C1").1, v);
    assert!(s.check().unwrap().is_clean());
});

on_both_backends!(merges_the_records_cannot_bear_are_refused_and_store_nothing, |db| {
    let mut store = db.open();
    let s = store.as_mut();
    two_records_of_one_child(s);
    s.append_child(&id("C4"), None, &[(rec(7), registered("Bloggs")), (rec(8), referral("2026-01-08 09:00"))])
        .unwrap();
    let refused = |s: &mut dyn EventStore, dup: &str, surv: &str| {
        s.merge_children(&id(dup), &id(surv), &rec(20), "same child").unwrap_err().to_string()
    };
    let e = refused(s, "C3", "C4");
    assert!(e.contains("still open"), "two open referrals cannot be one child's: {e}");
    assert_eq!(s.merged_into(&id("C3")).unwrap(), None, "nothing stored");
    assert!(refused(s, "C1", "C1").contains("itself"));
    assert!(refused(s, "C9", "C1").contains("C9"));
    s.merge_children(&id("C2"), &id("C1"), &rec(21), "same child").unwrap();
    assert!(refused(s, "C3", "C2").contains("C2 is itself merged into C1"));
    assert!(refused(s, "C1", "C3").contains("C2 merged into C1: unmerge first"));
    assert!(refused(s, "C2", "C3").contains("already merged into C1"));
    let err = s.merge_children(&id("C3"), &id("C1"), &rec(22), " ").unwrap_err().to_string();
    assert!(err.contains("say why"), "{err}");
    assert!(s.unmerge_children(&id("C3"), &rec(23), "not merged").is_err());
    assert!(s.check().unwrap().is_clean());
});
