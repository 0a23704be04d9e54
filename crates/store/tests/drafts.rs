//! Drafts on each backend: saved, replaced, listed newest first, only the
//! author's, deleted, and purged by age.

mod support;

use carefile_store::Draft;
use chrono::{Duration, TimeZone, Utc};

fn draft(author: &str, key: &str, minutes: i64, text: &str) -> Draft {
    Draft {
        author: author.into(),
        key: key.into(),
        title: format!("Case note for {key}"),
        child: Some("C1".into()),
        base: Some(3),
        fields: vec![("title".into(), "Home visit".into()), ("text".into(), text.into())],
        saved_at: Utc.with_ymd_and_hms(2026, 3, 31, 9, 0, 0).unwrap() + Duration::minutes(minutes),
    }
}

on_both_backends!(drafts_are_kept_per_author_and_form, |db| {
    let mut s = db.open();
    s.draft_save(&draft("sw", "/children/C1/notes", 0, "Saw Ada")).unwrap();
    s.draft_save(&draft("sw", "/children/C1/notes", 5, "Saw Ada at home, café")).unwrap();
    s.draft_save(&draft("sw", "/children/C2/notes", 1, "Other")).unwrap();
    s.draft_save(&draft("tm", "/children/C1/notes", 2, "The manager's")).unwrap();
    let mine = s.draft("sw", "/children/C1/notes").unwrap().unwrap();
    assert_eq!(mine, draft("sw", "/children/C1/notes", 5, "Saw Ada at home, café"), "replaced, exactly as typed");
    let keys: Vec<String> = s.drafts_of("sw").unwrap().into_iter().map(|d| d.key).collect();
    assert_eq!(keys, ["/children/C1/notes", "/children/C2/notes"], "newest first, the author's only");
    s.draft_delete("sw", "/children/C2/notes").unwrap();
    assert!(s.draft("sw", "/children/C2/notes").unwrap().is_none());
    // Kept for a configurable time: older ones go.
    let cut = Utc.with_ymd_and_hms(2026, 3, 31, 9, 3, 0).unwrap();
    assert_eq!(s.drafts_purge(cut).unwrap(), 1);
    assert!(s.draft("tm", "/children/C1/notes").unwrap().is_none());
    assert!(s.draft("sw", "/children/C1/notes").unwrap().is_some());
    // Reopened (a restart), still there.
    drop(s);
    assert!(db.open().draft("sw", "/children/C1/notes").unwrap().is_some());
});
