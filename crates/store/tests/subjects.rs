//! Streams beside the child's (decision 002), on each backend: a subject's
//! events checked by its projection, optimistic concurrency, identifiers the
//! store hands out, transactions over several streams, and export, import and
//! `check` treating them as they treat a child's log.

mod support;

use carefile_domain::documents::{Document, DocumentEvent, DocumentKind, DocumentMeta, FileInfo, MediaType};
use carefile_domain::journey::ChildDetails;
use carefile_domain::notes::{Note, NoteContent, NoteEvent, NoteKind};
use carefile_domain::people::{
    Household, HouseholdEvent, HouseholdId, HouseholdKind, MemberRole, Person, PersonDetails, PersonEvent, PersonId,
    PersonRef, Relation,
};
use carefile_domain::{ChildEvent, ChildId, Recorded};
use carefile_store::{EventStore, Expected, StoreError, Stream, Subjects, TxSubjects};
use chrono::{NaiveDate, TimeZone, Utc};

fn rec(n: i64) -> Recorded {
    Recorded::new(Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap() + chrono::Duration::seconds(n), "sw", None)
}
fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}
fn jo() -> PersonEvent {
    PersonEvent::Registered {
        details: PersonDetails {
            forename: "Jo".into(),
            surname: "Bloggs".into(),
            dob: Some(d("1990-05-01")),
            ..Default::default()
        },
    }
}
fn amended(surname: &str) -> PersonEvent {
    PersonEvent::DetailsAmended {
        details: PersonDetails {
            forename: "Jo".into(),
            surname: surname.into(),
            former_names: vec!["Jo Bloggs".into()],
            dob: Some(d("1990-05-01")),
            ..Default::default()
        },
    }
}
fn export(s: &dyn EventStore, streams: &[Stream]) -> String {
    let mut out = Vec::new();
    s.export(streams, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}
fn child() -> ChildId {
    ChildId::new("C1").unwrap()
}
fn registered_child() -> ChildEvent {
    ChildEvent::Registered {
        details: ChildDetails {
            forename: "Sam".into(),
            surname: "Bloggs".into(),
            dob: Some(d("2016-02-01")),
            ..Default::default()
        },
    }
}

/// A child, its mother and their household.
fn family(s: &mut dyn EventStore) -> (PersonId, HouseholdId) {
    s.append_child(&child(), None, &[(rec(0), registered_child())]).unwrap();
    let (mother, v) = s.create::<Person>(&[(rec(1), jo())]).unwrap();
    assert_eq!((mother.as_str(), v), ("P000001", 1));
    let formed = HouseholdEvent::Formed {
        kind: HouseholdKind::Family,
        name: "Bloggs family".into(),
        address: None,
        date: d("2016-02-01"),
    };
    let (home, _) = s.create::<Household>(&[(rec(2), formed)]).unwrap();
    s.append::<Household>(
        &home,
        Expected::Version(1),
        &[
            (
                rec(3),
                HouseholdEvent::MemberJoined {
                    member: PersonRef::Adult(mother.clone()),
                    role: MemberRole::Parent,
                    date: d("2016-02-01"),
                },
            ),
            (
                rec(4),
                HouseholdEvent::MemberJoined {
                    member: PersonRef::Child(child()),
                    role: MemberRole::Child,
                    date: d("2016-02-01"),
                },
            ),
        ],
    )
    .unwrap();
    (mother, home)
}

on_both_backends!(a_subject_folds_through_its_projection, |db| {
    let mut s = db.open();
    let (mother, home) = family(s.as_mut());
    s.append::<Person>(&mother, Expected::Version(1), &[(rec(5), amended("Smith"))]).unwrap();
    let (p, v) = s.subject::<Person>(&mother).unwrap().unwrap();
    assert_eq!((p.details.surname.as_str(), v), ("Smith", 2));
    let log = s.subject_log::<Person>(&mother).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].event, jo(), "the details before the amendment stay in the log");
    let (h, _) = s.subject::<Household>(&home).unwrap().unwrap();
    assert_eq!(h.current_members().count(), 2);
    assert!(s.subject::<Person>(&PersonId::new("P000009").unwrap()).unwrap().is_none());
    // Numbers are handed out per stream.
    let (second, _) = s.create::<Person>(&[(rec(6), jo())]).unwrap();
    assert_eq!(second.as_str(), "P000002");
    assert_eq!(s.subjects::<Person>(None).unwrap().len(), 2);
    let report = s.check().unwrap();
    assert!(report.is_clean(), "{:?}", report.problems);
});

on_both_backends!(refused_and_stale_writes_store_nothing, |db| {
    let mut s = db.open();
    let (mother, home) = family(s.as_mut());
    let before = export(s.as_ref(), Stream::ALL);
    // The projection refuses: the whole batch goes, even the good first event.
    let err = s
        .append::<Person>(
            &mother,
            Expected::Version(1),
            &[(rec(5), amended("Smith")), (rec(6), PersonEvent::AlertEnded { no: 4, date: d("2026-01-01") })],
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Stream(ref e) if e.message.contains("no alert 4")), "{err}");
    // A stale version is a conflict naming the stream and subject.
    let err = s.append::<Person>(&mother, Expected::Version(7), &[(rec(5), amended("Smith"))]).unwrap_err();
    assert!(err.to_string().contains("person P000001 changed since you loaded it"), "{err}");
    let err = s.append::<Person>(&mother, Expected::New, &[(rec(5), jo())]).unwrap_err();
    assert!(matches!(err, StoreError::SubjectConflict { actual: Some(1), .. }), "{err}");
    // A transaction over two streams: the second append fails, so the first is not stored either.
    let err = s
        .transaction(&mut |tx| {
            tx.append_child(&child(), Some(1), &[(rec(7), ChildEvent::DentalCheck { date: d("2025-10-01") })])?;
            let left = HouseholdEvent::MemberLeft {
                member: PersonRef::Adult(PersonId::new("P000042").unwrap()),
                date: d("2025-01-01"),
            };
            tx.append::<Household>(&home, Expected::Any, &[(rec(8), left)])?;
            Ok(())
        })
        .unwrap_err();
    assert!(err.to_string().contains("P000042 is not a member"), "{err}");
    assert_eq!(export(s.as_ref(), Stream::ALL), before);
    // And the same transaction with a good second append stores both.
    s.transaction(&mut |tx| {
        tx.append_child(&child(), Some(1), &[(rec(7), ChildEvent::DentalCheck { date: d("2025-10-01") })])?;
        let rel = PersonEvent::RelationshipRecorded {
            other: PersonRef::Child(child()),
            relation: Relation::Child,
            from: Some(d("2016-02-01")),
            parental_responsibility: false,
        };
        tx.append::<Person>(&mother, Expected::Version(1), &[(rec(8), rel)])?;
        Ok(())
    })
    .unwrap();
    assert_eq!(s.child(&child()).unwrap().unwrap().1, 2);
    assert_eq!(s.subject::<Person>(&mother).unwrap().unwrap().1, 2);
});

on_both_backends!(subject_streams_export_import_and_check_like_the_rest, |db| {
    let mut s = db.open();
    let (mother, _) = family(s.as_mut());
    let text = export(s.as_ref(), Stream::ALL);
    assert!(text.contains("\"stream\":\"person\",\"subject\":\"P000001\""), "{text}");
    assert!(export(s.as_ref(), Stream::RECORD).contains("\"stream\":\"household\""), "people are part of the record");
    let copy_db = db.fresh("subjects_copy");
    let mut copy = copy_db.open();
    copy.import("backup.jsonl", &mut text.as_bytes(), &support::opts()).unwrap();
    assert_eq!(export(copy.as_ref(), Stream::ALL), text);
    assert_eq!(copy.subject::<Person>(&mother).unwrap(), s.subject::<Person>(&mother).unwrap());
    assert!(copy.check().unwrap().is_clean());
    // Numbering carries on after the import, past the imported subjects.
    let (next, _) = copy.create::<Person>(&[(rec(9), jo())]).unwrap();
    assert_eq!(next.as_str(), "P000002");

    // A bad line names itself, and nothing is imported (lines as an older
    // carefile wrote them: no checksum, so the import's own checks refuse).
    let text = support::unframed(&text);
    let cases = [
        (
            text.replace("\"forename\":\"Jo\",\"surname\":\"Bloggs\"", "\"forename\":\"\",\"surname\":\"\""),
            "needs a name",
        ),
        (text.replace("\"subject\":\"P000001\"", "\"subject\":\"X1\""), "'X1' is not a valid person ID"),
        (text.replace("\"kind\":\"member_joined\"", "\"kind\":\"moved\""), "does not match"),
    ];
    for (bad, needle) in cases {
        let fresh_db = db.fresh("subjects_bad");
        let mut fresh = fresh_db.open();
        let err = fresh.import("bad.jsonl", &mut bad.as_bytes(), &support::unverified()).unwrap_err().to_string();
        assert!(err.starts_with("bad.jsonl line "), "{err}");
        assert!(err.contains(needle), "{err}");
        assert_eq!(support::unframed(&export(fresh.as_ref(), Stream::ALL)), "");
    }
});

on_both_backends!(check_finds_a_tampered_subject_projection, |db| {
    let mut s = db.open();
    family(s.as_mut());
    drop(s);
    db.sql("UPDATE subject_state SET state = replace(state, 'Bloggs', 'Nobody') WHERE stream = 'person'").unwrap();
    db.sql("UPDATE subject_state SET version = 9 WHERE stream = 'household'").unwrap();
    let problems: Vec<String> = db.open().check().unwrap().problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        [
            "household stream, subject H000001: projection is at version 9 but the log has 3 events",
            "person stream, subject P000001: projection differs from the replay of the log",
        ]
    );
});

fn note(child: &ChildId, text: &str) -> NoteEvent {
    NoteEvent::Written {
        child: child.clone(),
        content: NoteContent {
            kind: NoteKind::PhoneCall,
            date: d("2026-01-05"),
            time: None,
            title: "Call from school".into(),
            text: text.into(),
            seen: vec![],
            others_present: String::new(),
            child_seen: None,
            child_seen_alone: None,
            child_views: String::new(),
            significant: false,
            step: None,
        },
    }
}

on_both_backends!(a_childs_notes_and_documents_are_listed_by_the_child, |db| {
    let mut s = db.open();
    family(s.as_mut());
    let other = ChildId::new("C2").unwrap();
    s.create::<Note>(&[(rec(10), note(&child(), "first"))]).unwrap();
    s.create::<Note>(&[(rec(11), note(&other, "not C1's"))]).unwrap();
    s.create::<Note>(&[(rec(12), note(&child(), "second"))]).unwrap();
    let texts: Vec<String> = s.subjects::<Note>(Some("C1")).unwrap().into_iter().map(|(n, _)| n.content.text).collect();
    assert_eq!(texts, ["first", "second"]);

    let pdf = b"%PDF-1.7\nan interim care order\n%%EOF".to_vec();
    let mut made = None;
    s.transaction(&mut |tx| {
        let sha256 = tx.put_blob(&pdf)?;
        let file = FileInfo { filename: "ico.pdf".into(), media_type: MediaType::Pdf, size: pdf.len() as u64, sha256 };
        let meta = DocumentMeta {
            kind: DocumentKind::CourtOrder,
            title: "Interim care order".into(),
            date: Some(d("2026-01-02")),
            description: String::new(),
            note: None,
        };
        made = Some(tx.create::<Document>(&[(rec(13), DocumentEvent::Attached { child: child(), meta, file })])?);
        Ok(())
    })
    .unwrap();
    let (doc_id, _) = made.unwrap();
    let (doc, _) = s.subject::<Document>(&doc_id).unwrap().unwrap();
    assert_eq!(s.blob(&doc.file.sha256).unwrap().unwrap(), pdf);
    assert_eq!(s.subjects::<Document>(Some("C1")).unwrap().len(), 1);
    assert!(s.check().unwrap().is_clean());
    drop(s);
    // Content the log names must be there: check says so when it is not.
    db.sql(&format!("DELETE FROM blobs WHERE sha256 = '{}'", doc.file.sha256)).unwrap();
    let problems: Vec<String> = db.open().check().unwrap().problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        ["document stream, subject D000001: content it names is missing from the store, or of another size"]
    );
});

on_both_backends!(children_registered_here_get_the_next_free_number, |db| {
    let mut s = db.open();
    for id in ["C0000041", "C0000007", "LA12345", "C12x"] {
        s.append_child(&ChildId::new(id).unwrap(), None, &[(rec(0), registered_child())]).unwrap();
    }
    let mut made = Vec::new();
    for _ in 0..2 {
        s.transaction(&mut |tx| {
            let id = tx.new_child_id("C")?;
            tx.append_child(&id, None, &[(rec(1), registered_child())])?;
            made.push(id);
            Ok(())
        })
        .unwrap();
    }
    let made: Vec<&str> = made.iter().map(|c| c.as_str()).collect();
    assert_eq!(made, ["C0000042", "C0000043"]);
});

on_both_backends!(complaints_are_subjects_of_their_own, |db| {
    use carefile_domain::complaints::*;
    let mut s = db.open();
    let received = |about: About, kind| ComplaintEvent::Received {
        kind,
        about,
        complainant: Complainant::Parent,
        date: d("2026-01-05"),
        matter: None,
        themes: vec![Theme::Delay],
        summary: "Waited weeks for a reply".into(),
        team: None,
        handler: None,
    };
    let (first, _) =
        s.create::<Complaint>(&[(rec(1), received(About::Child(child()), ComplaintKind::Children))]).unwrap();
    s.create::<Complaint>(&[(rec(2), received(About::Service, ComplaintKind::Corporate))]).unwrap();
    assert_eq!(first.as_str(), "CM000001");
    let answered =
        ComplaintEvent::Responded { date: d("2026-01-05"), finding: Finding::Upheld, summary: "Sorry".into() };
    s.append::<Complaint>(&first, Expected::Version(1), &[(rec(3), answered)]).unwrap();
    // The procedure is the projection's: no stage 2 before it is asked for, whatever the caller sends.
    let panel = ComplaintEvent::PanelHeld { date: d("2026-01-05"), finding: Finding::Upheld };
    let refused = s.append::<Complaint>(&first, Expected::Any, &[(rec(4), panel)]).unwrap_err();
    assert!(refused.to_string().contains("stage 1 was answered"), "{refused}");
    let theirs = s.subjects::<Complaint>(Some("C1")).unwrap();
    assert_eq!(theirs.len(), 1);
    assert!(theirs[0].0.is_closed());
    assert_eq!(s.subjects::<Complaint>(None).unwrap().len(), 2);
    assert!(export(s.as_ref(), &[Stream::Subject("complaint")]).contains("\"type\":\"responded\""));
    assert!(s.check().unwrap().is_clean());
});

on_both_backends!(early_help_is_the_familys_own_stream, |db| {
    use carefile_domain::early_help::*;
    let mut s = db.open();
    let (_, home) = family(s.as_mut());
    let opened = EarlyHelpEvent::Opened {
        episode: 1,
        date: d("2026-01-05"),
        children: vec![child()],
        reason: "Parenting support after a school referral".into(),
        lead: None,
        stepped_down: None,
    };
    s.append::<FamilyEarlyHelp>(&home, Expected::New, &[(rec(20), opened)]).unwrap();
    let up = EarlyHelpEvent::SteppedUp {
        episode: 1,
        date: d("2026-01-05"),
        referral: ReferralLink { child: child(), referral: 1 },
    };
    s.append::<FamilyEarlyHelp>(&home, Expected::Version(1), &[(rec(21), up)]).unwrap();
    let (f, version) = s.subject::<FamilyEarlyHelp>(&home).unwrap().unwrap();
    assert_eq!(version, 2);
    assert_eq!(f.episodes[0].stepped_up.as_ref().map(|(_, r)| r.child.clone()), Some(child()));
    // A family's early help is keyed by the household: the household's own record is unchanged.
    assert_eq!(s.subject::<Household>(&home).unwrap().unwrap().1, 3);
    assert!(s.check().unwrap().is_clean());
});

on_both_backends!(corrections_and_withdrawals_fold_the_subject_again_in_appends_imports_and_check, |db| {
    use carefile_domain::panels::examples::examples;
    use carefile_domain::panels::{PanelEvent, Sitting};
    use carefile_domain::stream::changes::{Change, Entry};
    let at = |n: i64| Recorded::new(Utc.with_ymd_and_hms(2026, 3, 31, 9, 0, 0).unwrap() + chrono::Duration::seconds(n), "sw", None);
    let mut s = db.open();
    let owner = carefile_domain::WorkerId::new("W1").unwrap();
    // A sitting held, its case heard, an action set and done (by "sw").
    let x = examples(&owner).into_iter().find(|x| matches!(x.event, PanelEvent::ActionVerified { .. })).unwrap();
    let events: Vec<_> = x.setup.iter().cloned().enumerate().map(|(i, e)| (at(i as i64), e)).collect();
    let (id, v) = s.create::<Sitting>(&events).unwrap();
    let change = |c: Change<PanelEvent>, by: i64| (at(by), serde_json::to_string(&Entry::Change(c)).unwrap());
    let write = |s: &mut dyn EventStore, expected: u64, c: (Recorded, String)| {
        let mut version = 0;
        s.transaction(&mut |tx| {
            version = tx.append_raw("panel", id.as_str(), Expected::Version(expected), std::slice::from_ref(&c))?;
            Ok(())
        })
        .map(|()| version)
    };
    // Corrected: the action's note as it should have been; the projection is folded again.
    let note = PanelEvent::ActionDone { action: 1, date: d("2026-01-10"), note: "Shared with the school too".into() };
    let v = write(s.as_mut(), v, change(Change::EntryCorrected { entry: v, replacement: note }, 20)).unwrap();
    let (sitting, _) = s.subject::<Sitting>(&id).unwrap().unwrap();
    assert!(format!("{:?}", sitting.actions[0].status).contains("Shared with the school too"));
    // The action set cannot go alone (its done depends on it): refused, nothing stored.
    let set = v - 2;
    let err = write(s.as_mut(), v, change(Change::EntryWithdrawn { entry: set, also: vec![] }, 21)).unwrap_err();
    assert!(matches!(err, StoreError::Stream(ref e) if e.message.contains("no action 1")), "{err}");
    let v = write(s.as_mut(), v, change(Change::EntryWithdrawn { entry: set, also: vec![set + 1] }, 21)).unwrap();
    assert!(s.subject::<Sitting>(&id).unwrap().unwrap().0.actions.is_empty());
    let log = s.subject_entries::<Sitting>(&id).unwrap();
    assert_eq!((log.len() as u64, log.last().unwrap().event.clone()), (v, Entry::Change(Change::EntryWithdrawn { entry: set, also: vec![set + 1] })));
    assert!(s.check().unwrap().is_clean(), "{:?}", s.check().unwrap().problems);
    // Exported and imported, the copy folds to the same sitting.
    let text = export(s.as_ref(), Stream::ALL);
    let copy_db = db.fresh("subjects_changes_copy");
    let mut copy = copy_db.open();
    copy.import("backup.jsonl", &mut text.as_bytes(), &support::opts()).unwrap();
    assert_eq!(copy.subject::<Sitting>(&id).unwrap(), s.subject::<Sitting>(&id).unwrap());
    assert!(copy.check().unwrap().is_clean());
    // A stream that takes no changes refuses one.
    let (_, home) = family(s.as_mut());
    let mut refused = Ok(());
    let _ = s.transaction(&mut |tx| {
        let c = change(Change::EntryWithdrawn { entry: 2, also: vec![] }, 30);
        refused = tx.append_raw("household", home.as_str(), Expected::Version(3), std::slice::from_ref(&c)).map(drop);
        Ok(())
    });
    assert!(matches!(&refused, Err(StoreError::Stream(e)) if e.message.contains("not corrected or withdrawn")), "{refused:?}");
});
