//! The front door and the people around a child, through the router: a
//! search of the whole authority that tolerates misspelling and shows a child
//! outside the user's scope only as far as it may, registration that shows
//! possible duplicates until they are checked, adults with relationships seen
//! from both sides and details amended with their history, and alerts.

mod common;

use axum::http::StatusCode;
use carefile_domain::ChildRecord;
use carefile_domain::access::AuditAction;
use common::{Client, World, world};

fn record<'a>(w: &'a World, id: &carefile_domain::ChildId) -> &'a ChildRecord {
    w.records.iter().find(|r| r.id == *id).unwrap()
}

/// The search's query string for a name and date of birth.
fn search_query(forename: &str, surname: &str, dob: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "forename={forename}&surname={surname}&dob-day={}&dob-month={}&dob-year={}",
        dob.day(),
        dob.month(),
        dob.year()
    )
}

/// The surname with two letters swapped: how it might be heard.
fn misspelt(s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    let n = c.len();
    c.swap(n - 2, n - 1);
    c.into_iter().collect()
}

#[tokio::test]
async fn the_front_door_finds_children_across_the_authority_and_limits_what_it_shows() {
    let w = world();
    let mut sw = w.signed_in("sw").await;
    let own = record(&w, &w.cases.own).clone();
    let d = &own.details;
    let r = sw.get(&format!("/front-door?{}", search_query(&d.forename, &misspelt(&d.surname), d.dob.unwrap()))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains(&format!("href=\"/children/{}\"", own.id)),
        "a misspelt surname still finds the child: {}",
        r.body
    );

    // A child outside the worker's scope: name, date of birth, known to the service, the team to contact;
    // no link, and the record answers as a missing one would (the policy gives a social worker no stated reason).
    let other = record(&w, &w.cases.other).clone();
    let o = &other.details;
    let r = sw.get(&format!("/front-door?{}", search_query(&o.forename, &o.surname, o.dob.unwrap()))).await;
    assert!(r.body.contains("Known to the service; contact"), "{}", r.body);
    assert!(!r.body.contains(&format!("/children/{}", other.id)), "{}", r.body);
    // The search is audited with the children it showed.
    let audit = w.audit(carefile_store::AuditFilter { user: Some("sw".into()), ..Default::default() }).await;
    assert!(audit.iter().any(|a| a.entry.action == AuditAction::ViewList
        && a.entry.detail.starts_with("GET /front-door:")
        && a.entry.children.contains(&other.id)));
    assert_eq!(sw.get(&format!("/children/{}", other.id)).await.status, StatusCode::NOT_FOUND);
    // Roles that never open a record do not search the front door.
    let mut analyst = w.signed_in("analyst").await;
    assert_eq!(analyst.get("/front-door?surname=Smith").await.status, StatusCode::FORBIDDEN);
}

async fn register(
    c: &mut Client,
    forename: &str,
    surname: &str,
    dob: &str,
    extra: &[(&str, &str)],
) -> common::Response {
    let csrf = c.csrf.clone();
    let (y, m, d) = (&dob[..4], &dob[5..7], &dob[8..]);
    let mut pairs = vec![
        ("csrf", csrf.as_str()),
        ("forename", forename),
        ("surname", surname),
        ("dob-day", d),
        ("dob-month", m),
        ("dob-year", y),
    ];
    pairs.extend_from_slice(extra);
    c.post_form("/children/new", &pairs).await
}

#[tokio::test]
async fn registration_shows_possible_duplicates_until_they_are_checked() {
    let w = world();
    let mut sw = w.signed_in("sw").await;
    let r = register(&mut sw, "Jayden", "Smith", "2019-07-01", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let first = r.location().unwrap().trim_start_matches("/children/").to_string();
    assert!(first.starts_with('C') && first.len() == 8, "{first}");
    // Allocated to the registering worker, in the index at once.
    let page = sw.get(&format!("/children/{first}")).await;
    assert_eq!(page.status, StatusCode::OK);

    // Registered again under a misspelt name: the first is shown as a possible duplicate.
    let r = register(&mut sw, "Jaden", "Smyth", "2019-07-01", &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("These records may be the same child") && r.body.contains(&first), "{}", r.body);
    // Only once the worker says they checked is a second record made.
    let r = register(&mut sw, "Jaden", "Smyth", "2019-07-01", &[("checked", "on")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_ne!(r.location().unwrap(), format!("/children/{first}"));
    // And the front door finds the misspelt one from the right name.
    let found = sw.get("/front-door?forename=Jayden&surname=Smith&dob-day=1&dob-month=7&dob-year=2019").await;
    assert!(found.body.contains(r.location().unwrap()), "{}", found.body);

    // An unborn child: the date is the expected date of birth.
    let r = register(&mut sw, "", "Quirk", "2026-06-01", &[("unborn", "on")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = carefile_domain::ChildId::new(r.location().unwrap().trim_start_matches("/children/")).unwrap();
    let (rec, _) = w.state.with_store(move |s| s.child(&id)).await.unwrap().unwrap();
    assert_eq!((rec.details.dob, rec.details.expected_dob), (None, "2026-06-01".parse().ok()));
    // Nothing registered without a date.
    let r = register(&mut sw, "No", "Date", "    -  -  ", &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn adults_relationships_and_alerts_around_a_child() {
    let w = world();
    let own = w.cases.own.clone();
    let mut sw = w.signed_in("sw").await;
    let csrf = sw.csrf.clone();
    let r = sw
        .post_form(
            "/people",
            &[
                ("csrf", &csrf),
                ("child", own.as_str()),
                ("relation", "mother"),
                ("parental_responsibility", "on"),
                ("forename", "Jo"),
                ("surname", "Bloggs"),
                ("postcode", "le1 6zg"),
                ("nhs_number", "943 476 5919"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let people = sw.get(&format!("/children/{own}/people")).await;
    assert!(
        people.body.contains("Jo Bloggs")
            && people.body.contains("Mother")
            && people.body.contains("Parental responsibility"),
        "{}",
        people.body
    );
    let adult = people.body.split("href=\"/people/").nth(1).unwrap()[..7].to_string();
    // The adult's page shows the child from the other side.
    let page = sw.get(&format!("/people/{adult}")).await;
    assert!(
        page.body.contains("Child to this person") && page.body.contains(&format!("/children/{own}")),
        "{}",
        page.body
    );
    assert!(page.body.contains("LE1 6ZG"), "the postcode is kept in its written form");
    // A bad NHS number is refused beside the field.
    let bad = sw
        .post_form("/people", &[("csrf", &csrf), ("forename", "A"), ("surname", "B"), ("nhs_number", "1234567890")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("is not an NHS number"));
    // Amended details keep the earlier ones, and the adult is found by either name.
    let r = sw
        .post_form(
            &format!("/people/{adult}/edit"),
            &[
                ("csrf", &csrf),
                ("version", "1"),
                ("forename", "Jo"),
                ("surname", "Smith"),
                ("former_names", "Jo Bloggs"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = sw.get(&format!("/people/{adult}")).await;
    let replaced = format!("Replaced by {}", w.state.who("sw"));
    assert!(
        page.body.contains("Jo Smith") && page.body.contains("Earlier details") && page.body.contains(&replaced),
        "{}",
        page.body
    );
    let found = sw.get(&format!("/children/{own}/people?q=Jo+Bloggs")).await;
    assert!(found.body.contains("Jo Smith"), "found by the former name: {}", found.body);
    // A stale amendment is caught.
    let stale = sw
        .post_form(
            &format!("/people/{adult}/edit"),
            &[("csrf", &csrf), ("version", "1"), ("forename", "Jo"), ("surname", "Jones")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stale.body.contains("Someone changed these details"));
    // An alert, then ended.
    let r = sw
        .post_form(
            &format!("/children/{own}/people/alert"),
            &[("csrf", &csrf), ("kind", "risk_to_staff"), ("detail", "Dog at the address")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(sw.get(&format!("/children/{own}/people")).await.body.contains("Dog at the address"));
    let page = sw.get(&format!("/children/{own}")).await;
    assert!(
        page.body.contains("Risk to staff: Dog at the address"),
        "whoever opens the record sees the alert: {}",
        page.body
    );
    sw.post_form(&format!("/children/{own}/people/end-alert"), &[("csrf", &csrf), ("no", "1")]).await;
    assert!(!sw.get(&format!("/children/{own}/people")).await.body.contains("Dog at the address"));
    // A relationship ended leaves the current list.
    let r = sw
        .post_form(
            &format!("/children/{own}/people/end-relationship"),
            &[("csrf", &csrf), ("other", &format!("adult:{adult}")), ("relation", "mother")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(!sw.get(&format!("/children/{own}/people")).await.body.contains("Parental responsibility"));
    // Another team's child's people are not this worker's to see.
    let other = w.cases.other.clone();
    assert_eq!(sw.get(&format!("/children/{other}/people")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_manager_merges_a_duplicate_registered_under_a_misspelt_name_and_can_undo_it() {
    use carefile_domain::codes::ReferralSource;
    use carefile_domain::{ChildEvent, ChildId, Recorded};
    let w = world();
    let mut sw = w.signed_in("sw").await;
    let r = register(&mut sw, "Jayden", "Smith", "2019-07-01", &[]).await;
    let first = r.location().unwrap().trim_start_matches("/children/").to_string();
    let r = register(&mut sw, "Jaden", "Smyth", "2019-07-01", &[("checked", "on")]).await;
    let second = r.location().unwrap().trim_start_matches("/children/").to_string();
    // A contact recorded on the duplicate.
    let (dup, at) = (ChildId::new(&second).unwrap(), common::as_of().and_hms_opt(9, 0, 0).unwrap());
    let recorded = Recorded::new(w.state.now(), "sw", None);
    let contact = ChildEvent::ContactReceived { contact: 1, at, source: ReferralSource::Police };
    w.state
        .with_store(move |s| {
            let (_, v) = s.child(&dup)?.unwrap();
            s.append_child(&dup, Some(v), &[(recorded, contact)])
        })
        .await
        .unwrap();
    w.state.sync().await.unwrap();
    let before = (sw.get(&format!("/children/{first}")).await.body, sw.get(&format!("/children/{second}")).await.body);

    // Only a manager merges.
    assert_eq!(sw.get(&format!("/children/{second}/merge")).await.status, StatusCode::FORBIDDEN);
    let mut tm = w.signed_in("tm").await;
    assert_eq!(tm.get(&format!("/children/{second}/merge")).await.status, StatusCode::OK);
    let csrf = tm.csrf.clone();
    let merge = |survivor: &str, reason: &str| {
        let (c, s, r) = (csrf.clone(), survivor.to_string(), reason.to_string());
        let path = format!("/children/{second}/merge");
        (path, vec![("csrf".to_string(), c), ("survivor".to_string(), s), ("reason".to_string(), r)])
    };
    let (path, pairs) = merge(&second, "same child");
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = tm.post_form(&path, &pairs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("cannot be merged into itself"), "{}", r.body);
    let (path, pairs) = merge(&first, "Same child: surname misspelt at the front door");
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = tm.post_form(&path, &pairs).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, Some(format!("/children/{first}").as_str())), "{}", r.body);

    // The old ID opens the record kept, which carries the duplicate's contact and says what was merged.
    let r = sw.get(&format!("/children/{second}")).await;
    assert_eq!(r.location(), Some(format!("/children/{first}").as_str()));
    let page = sw.get(&format!("/children/{first}")).await;
    assert!(page.body.contains("Records merged into this one") && page.body.contains(&second), "{}", page.body);
    assert!(page.body.contains("Contact 1 received from Police") && page.body.contains("Record opened for Jaden Smyth"), "the duplicate's contact is on the chronology: {}", page.body);
    assert!(!page.body.contains(&format!("/children/{second}/unmerge")), "only a manager unmerges");
    let chronology = sw.get(&format!("/children/{first}/chronology")).await;
    assert!(chronology.body.contains("Contact 1 received from Police"), "the whole chronology too: {}", chronology.body);
    // The duplicate's entries say where they were recorded, and are corrected there, not here.
    assert!(page.body.contains(&format!("Recorded on {second}, merged into this record")), "{}", page.body);
    let dup = ChildId::new(&second).unwrap();
    let theirs = w.state.with_store(move |s| s.child_log(&dup)).await.unwrap();
    for e in theirs {
        assert!(!page.body.contains(&format!("/children/{first}/correct/{}\"", e.seq)), "{}", e.seq);
    }
    let found = sw.get("/front-door?forename=Jayden&surname=Smith&dob-day=1&dob-month=7&dob-year=2019").await;
    assert!(found.body.contains(&format!("/children/{first}")) && !found.body.contains(&format!("/children/{second}\"")));
    assert_eq!(w.audit_count("tm", &ChildId::new(&first).unwrap(), AuditAction::ChangeChild).await, 1);
    // The duplicate's: opened as changed by the refused merge into itself (as both records) and by the merge.
    assert_eq!(w.audit_count("tm", &ChildId::new(&second).unwrap(), AuditAction::ChangeChild).await, 3);

    // Unmerged, both pages are as they were.
    let page = tm.get(&format!("/children/{first}")).await;
    assert!(page.body.contains(&format!("/children/{second}/unmerge")));
    let r = tm.post_form(&format!("/children/{second}/unmerge"), &[("csrf", &csrf), ("reason", "Twins, not one child")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = (sw.get(&format!("/children/{first}")).await.body, sw.get(&format!("/children/{second}")).await.body);
    assert!(after == before, "unmerged pages differ from before");
}
