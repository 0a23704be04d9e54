//! Backups prove themselves whole (issue #20), on each backend: a damaged
//! backup is refused with a message naming what is missing, and leaves the
//! target empty; an interrupted import resumes from its journal and ends as an
//! uninterrupted one; documents' bytes travel with the backup.

mod support;
use support::{TestDb, opts, unframed};

use carefile_domain::access::{AuditAction, AuditEntry, Role, UserEvent};
use carefile_domain::documents::{Document, DocumentEvent, DocumentKind, DocumentMeta, FileInfo, MediaType};
use carefile_domain::journey::ChildDetails;
use carefile_domain::{ChildEvent, ChildId, Recorded};
use carefile_store::{EventStore, ImportOptions, Source, Stream, Subjects, TxSubjects};
use chrono::{Duration, TimeZone, Utc};
use std::io::BufRead;

fn rec(n: i64) -> Recorded {
    Recorded::new(Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap() + Duration::seconds(n), "sw", None)
}

fn child(n: u32) -> ChildId {
    ChildId::new(&format!("C{n}")).unwrap()
}

/// Three children with a few events each, two users, 150 audit entries and a document.
fn populated(db: &TestDb) -> Box<dyn EventStore> {
    let mut s = db.open();
    for n in 1..=3 {
        let details = ChildDetails {
            forename: format!("Child{n}"),
            surname: "Example".into(),
            dob: Some("2015-01-01".parse().unwrap()),
            ..Default::default()
        };
        let events: Vec<_> = std::iter::once((rec(0), ChildEvent::Registered { details }))
            .chain(
                (1..=4).map(|i| (rec(i), ChildEvent::DentalCheck { date: format!("2025-0{i}-01").parse().unwrap() })),
            )
            .collect();
        s.append_child(&child(n), None, &events).unwrap();
    }
    let user = |name: &str| UserEvent::UserAdded {
        username: name.into(),
        role: Role::new("social-worker").unwrap(),
        worker: None,
        password_hash: "$argon2id$x".into(),
    };
    s.append_users(&[(rec(10), user("pat")), (rec(11), user("ann"))]).unwrap();
    let entries: Vec<AuditEntry> = (0..150)
        .map(|i| AuditEntry {
            at: rec(100 + i).at,
            user: "pat".into(),
            action: AuditAction::ViewChild,
            child: Some(child(1)),
            children: Vec::new(),
            detail: format!("GET /children/{{id}} {i}"),
        })
        .collect();
    s.append_audits(&entries).unwrap();
    let pdf = b"%PDF-1.7\na court order\n%%EOF".to_vec();
    s.transaction(&mut |tx| {
        let sha256 = tx.put_blob(&pdf)?;
        let file =
            FileInfo { filename: "order.pdf".into(), media_type: MediaType::Pdf, size: pdf.len() as u64, sha256 };
        let meta = DocumentMeta {
            kind: DocumentKind::CourtOrder,
            title: "Order".into(),
            date: None,
            description: String::new(),
            note: None,
        };
        tx.create::<Document>(&[(rec(300), DocumentEvent::Attached { child: child(1), meta, file })])?;
        Ok(())
    })
    .unwrap();
    s
}

fn export(s: &dyn EventStore, streams: &[Stream]) -> String {
    let mut out = Vec::new();
    s.export(streams, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Imports `text` into a fresh database; the error, if refused (checking the target stayed empty).
fn refused(db: &TestDb, text: &str) -> String {
    refused_with(db, text, &opts())
}

fn refused_with(db: &TestDb, text: &str, options: &ImportOptions) -> String {
    let fresh_db = db.fresh("backup_damaged");
    let mut fresh = fresh_db.open();
    let err = fresh.import("damaged.jsonl", &mut text.as_bytes(), options).expect_err("a damaged backup is refused");
    assert_eq!(unframed(&export(fresh.as_ref(), Stream::ALL)), "", "a refused backup left events behind");
    assert!(fresh.journal_unfinished().unwrap().is_empty(), "a refused backup left a journal entry");
    err.to_string()
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

fn join(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

on_both_backends!(a_whole_backup_restores_exactly_with_its_documents, |db| {
    let s = populated(db);
    let text = export(s.as_ref(), Stream::ALL);
    assert!(text.starts_with("{\"carefile_backup\":{\"format\":2,"), "{}", &text[..80]);
    assert!(text.contains("{\"blob\":{\"sha256\":"), "the document's bytes are in the backup");
    assert!(lines(&text).last().unwrap().starts_with("{\"end\":{\"events\":"));
    let copy_db = db.fresh("backup_copy");
    let mut copy = copy_db.open();
    let summary = copy.import("backup.jsonl", &mut text.as_bytes(), &opts()).unwrap();
    assert_eq!((summary.children, summary.events), (3, 15 + 2 + 150 + 1));
    assert_eq!(export(copy.as_ref(), Stream::ALL), text, "exported again, the same bytes");
    assert!(copy.check().unwrap().is_clean(), "documents' contents came too");
    let docs = copy.subjects::<Document>(Some("C1")).unwrap();
    assert_eq!(copy.blob(&docs[0].0.file.sha256).unwrap().unwrap(), b"%PDF-1.7\na court order\n%%EOF");
    // The journal says it finished, and the same file is not imported twice.
    assert!(copy.journal_unfinished().unwrap().is_empty());
    let err = copy.import("backup.jsonl", &mut text.as_bytes(), &opts()).unwrap_err().to_string();
    assert!(err.contains("already imported"), "{err}");
});

on_both_backends!(every_damaged_backup_is_refused_naming_what_is_missing, |db| {
    let s = populated(db);
    let all = export(s.as_ref(), Stream::ALL);
    let record = export(s.as_ref(), Stream::RECORD);
    let l = lines(&all);
    let n = l.len();
    let drop_where =
        |text: &str, f: &dyn Fn(&str) -> bool| join(&lines(text).into_iter().filter(|x| !f(x)).collect::<Vec<_>>());

    // Cut at a line boundary: no closing record.
    for keep in [1, n / 2, n - 1] {
        let err = refused(db, &join(&l[..keep]));
        assert!(err.contains("ends without its closing record") && err.contains("cut short"), "{keep}: {err}");
    }
    // One child's events removed: every stream is in the file, so the gap in seq says so.
    let err = refused(db, &drop_where(&all, &|x| x.contains("\"subject\":\"C2\"")));
    assert!(err.contains("missing"), "{err}");
    // The same from a backup of the record only (gaps expected there): the counts say so.
    let err = refused(db, &drop_where(&record, &|x| x.contains("\"subject\":\"C2\"")));
    assert!(err.contains("counts 15 child events but the file holds 10: 5 are missing"), "{err}");
    // The last 100 audit entries removed (the closing record kept).
    let audit: Vec<usize> = (0..n).filter(|i| l[*i].contains("\"stream\":\"audit\"")).collect();
    let cut: std::collections::BTreeSet<usize> = audit[audit.len() - 100..].iter().copied().collect();
    let without: Vec<&str> = (0..n).filter(|i| !cut.contains(i)).map(|i| l[i]).collect();
    let err = refused(db, &join(&without));
    assert!(err.contains("100 are missing") || err.contains("missing"), "{err}");
    // The same with only the audit stream exported: the counts catch it.
    let audit_only = export(s.as_ref(), &[Stream::Audit]);
    let al = lines(&audit_only);
    let mut short = al[..al.len() - 101].to_vec();
    short.push(al[al.len() - 1]);
    let err = refused(db, &join(&short));
    assert!(err.contains("counts 150 audit events but the file holds 50: 100 are missing"), "{err}");
    // A value changed inside a line: the checksum.
    let err = refused(db, &all.replace("\"2025-03-01\"", "\"2025-03-02\""));
    assert!(err.contains("checksum does not match"), "{err}");
    // Lines removed and the closing record's counts lowered to suit: the checksum again.
    let forged = drop_where(&record, &|x| x.contains("\"subject\":\"C3\""));
    let mut forged_lines = lines(&forged);
    let mut end: serde_json::Value = serde_json::from_str(forged_lines.pop().unwrap()).unwrap();
    end["end"]["counts"]["child"] = 10.into();
    end["end"]["events"] = (end["end"]["events"].as_u64().unwrap() - 5).into();
    let end = end.to_string();
    forged_lines.push(&end);
    let err = refused(db, &join(&forged_lines));
    assert!(err.contains("checksum does not match"), "{err}");
    // Anything after the closing record.
    let err = refused(db, &format!("{all}{}\n", l[1]));
    assert!(err.contains("more after the closing record"), "{err}");
    // A document's bytes altered.
    let blob = l.iter().position(|x| x.starts_with("{\"blob\":")).unwrap();
    let mut altered = l.clone();
    let changed = l[blob].replacen("\"content\":\"J", "\"content\":\"K", 1);
    altered[blob] = &changed;
    let err = refused(db, &join(&altered));
    assert!(err.contains("does not match its size and hash"), "{err}");
    // Lines without any header (as carefile wrote before format 2): refused unless accepted knowingly.
    let plain = [Stream::Child, Stream::Org, Stream::Users, Stream::Audit];
    let old = unframed(&export(s.as_ref(), &plain));
    let err = refused(db, &old);
    assert!(err.contains("no header") && err.contains("--accept-unverified"), "{err}");
    let ok_db = db.fresh("backup_unverified");
    let mut ok = ok_db.open();
    let unverified = ImportOptions { accept_unverified: true, ..opts() };
    ok.import("old.jsonl", &mut old.as_bytes(), &unverified).unwrap();
    assert_eq!(unframed(&export(ok.as_ref(), &plain)), old);
});

/// A source whose reader fails partway through its `fail_on`th opening (the
/// kill of a process, as the import sees it: nothing after that point happens).
struct Interrupted {
    text: String,
    opened: std::cell::Cell<u32>,
    fail_on: u32,
    fail_after: usize,
}

impl Source for Interrupted {
    fn name(&self) -> &str {
        "backup.jsonl"
    }

    fn open(&self) -> std::io::Result<Box<dyn BufRead>> {
        self.opened.set(self.opened.get() + 1);
        let bytes = self.text.clone().into_bytes();
        if self.opened.get() == self.fail_on {
            let ok = std::io::Cursor::new(bytes[..self.fail_after].to_vec());
            let broken = std::io::Read::chain(ok, Failing);
            return Ok(Box::new(std::io::BufReader::with_capacity(64, broken)));
        }
        Ok(Box::new(std::io::Cursor::new(bytes)))
    }
}

struct Failing;

impl std::io::Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(std::io::Error::other("the process was killed"))
    }
}

on_both_backends!(an_interrupted_import_resumes_to_the_same_end, |db| {
    let s = populated(db);
    let text = export(s.as_ref(), Stream::ALL);
    let small = ImportOptions { chunk: 7, ..opts() };
    for fail_after in [text.len() / 3, text.len() / 2, text.len() - 10] {
        let target_db = db.fresh("backup_resume");
        let mut target = target_db.open();
        // Opened once to hash, once to validate, then to commit: fail while committing.
        let first = Interrupted { text: text.clone(), opened: 0.into(), fail_on: 3, fail_after };
        assert!(target.restore(&first, &small, &mut |_| {}).is_err());
        let unfinished = target.journal_unfinished().unwrap();
        assert_eq!(unfinished.len(), 1, "the interrupted import is in the journal");
        let committed = unfinished[0].position;
        assert!(committed > 0, "some chunks were committed before the interruption");
        assert!(target.last_seq().unwrap() > 0, "and are in the database");
        // A different file is not imported on top of it.
        let other = export(populated(&db.fresh("backup_other")).as_ref(), &[Stream::Child]);
        let err = target.import("other.jsonl", &mut other.as_bytes(), &small).unwrap_err().to_string();
        assert!(err.contains("did not finish: run it again to resume it"), "{err}");
        // Run again: it resumes after the committed lines and ends as an uninterrupted import.
        let again = Interrupted { text: text.clone(), opened: 0.into(), fail_on: 0, fail_after: 0 };
        let summary = target.restore(&again, &small, &mut |_| {}).unwrap();
        assert_eq!(summary.resumed_after, committed);
        assert_eq!(export(target.as_ref(), Stream::ALL), text);
        assert!(target.check().unwrap().is_clean());
        assert!(target.journal_unfinished().unwrap().is_empty());
    }
});

// A backup from before the journey's order rules (#12): a strategy discussion then accepted
// before its referral imports, the database checks clean with the entry listed as a finding,
// corrections replay around it and one recorded now puts it right; new entries stay strict;
// the same entry recorded under the rules is refused with the rule's message.
on_both_backends!(entries_from_before_the_order_rules_import_as_findings, |db| {
    use carefile_domain::codes::ReferralSource;
    let t = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    let details = ChildDetails { forename: "Old".into(), surname: "Log".into(), dob: Some("2015-01-01".parse().unwrap()), ..Default::default() };
    let referral = |source| ChildEvent::ReferralReceived { referral: 1, at: t("2025-05-02 10:00"), source, contact: None, exploitation: vec![] };
    let discussion = |no, at: &str| ChildEvent::StrategyDiscussionHeld { referral: 1, discussion: no, at: t(at), s47: true };
    let old = "2026-11-02T09:00:00.000000Z";
    let line = |seq: u64, at: &str, event: &ChildEvent| {
        serde_json::json!({
            "seq": seq, "stream": "child", "subject": "C1", "version": seq, "kind": event.kind(),
            "effective": event.effective_date().map(|d| d.to_string()), "recorded_at": at,
            "recorded_by": "sw", "reason": null, "payload": event,
        })
        .to_string()
    };
    let log = |third: &str| {
        let entries = [
            line(1, old, &ChildEvent::Registered { details: details.clone() }),
            line(2, old, &referral(ReferralSource::Police)),
            line(3, third, &discussion(1, "2025-05-02 09:00")),
        ];
        join(&entries.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let kept_db = db.fresh("order_kept");
    let mut s = kept_db.open();
    s.import("old.jsonl", &mut log(old).as_bytes(), &support::unverified()).unwrap();
    let findings = |s: &dyn EventStore| {
        let report = s.check().unwrap();
        assert!(report.is_clean(), "{:?}", report.problems);
        report.findings.iter().map(ToString::to_string).collect::<Vec<_>>()
    };
    let listed = "child C1 entry 3 (strategy_discussion_held): rule strategy-discussion-after-referral: the strategy \
                  discussion at 2025-05-02 09:00:00 is before referral 1 was received at 2025-05-02 10:00:00";
    assert_eq!(findings(s.as_ref()), [listed]);
    let c1 = child(1);
    assert_eq!(s.child(&c1).unwrap().unwrap().0.referrals[0].discussions.len(), 1);
    // New entries stay strict, whatever the clock says.
    let now = |n: i64| Recorded::new(Utc.with_ymd_and_hms(2026, 12, 8, 9, 0, 0).unwrap() + Duration::seconds(n), "sw", Some("put right".into()));
    let err = s.append_child(&c1, Some(3), &[(rec(0), discussion(2, "2025-05-02 08:00"))]).unwrap_err().to_string();
    assert!(err.contains("is before referral 1 was received"), "{err}");
    // A correction of another entry replays the log around the old one, which stays listed.
    let fix = |seq, e| ChildEvent::Corrected { seq, replacement: Box::new(e) };
    s.append_child(&c1, Some(3), &[(now(0), fix(2, referral(ReferralSource::SchoolsEducation)))]).unwrap();
    assert_eq!(findings(s.as_ref()), [listed]);
    // A correction recorded now is bound by the rules: out of order still, refused; in order, the finding goes.
    let err = s.append_child(&c1, Some(4), &[(now(1), fix(3, discussion(1, "2025-05-02 09:59")))]).unwrap_err().to_string();
    assert!(err.contains("is before referral 1 was received"), "{err}");
    s.append_child(&c1, Some(4), &[(now(2), fix(3, discussion(1, "2025-05-02 11:00")))]).unwrap();
    assert_eq!(findings(s.as_ref()), Vec::<String>::new());
    // The same entry recorded under the rules is refused, and the import leaves nothing.
    let err = refused_with(db, &log("2026-12-07T09:00:00.000000Z"), &support::unverified());
    assert!(err.contains("strategy_discussion_held for child C1: the strategy discussion at 2025-05-02 09:00:00 is before referral 1"), "{err}");
});

