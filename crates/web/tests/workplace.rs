//! The practitioner's workplace through the router: case notes (final once
//! saved, amendments keep the original, a stale amendment refused), documents
//! (type by content, size bounded, downloads audited) and the chronology that
//! puts them with the record's entries.

mod common;

use axum::http::{Method, StatusCode};
use carefile_domain::access::AuditAction;
use common::{Client, World, world};

fn today_parts() -> [(&'static str, &'static str); 3] {
    [("date-day", "30"), ("date-month", "3"), ("date-year", "2026")]
}

async fn write_note(c: &mut Client, child: &str, extra: &[(&str, &str)]) -> common::Response {
    let csrf = c.csrf.clone();
    let mut pairs =
        vec![("csrf", csrf.as_str()), ("kind", "visit"), ("title", "Home visit"), ("text", "Saw Ada at home.")];
    pairs.extend(today_parts());
    // What `extra` names replaces the defaults, as a browser sends each field once.
    pairs.retain(|(k, _)| !extra.iter().any(|(e, _)| e == k));
    pairs.extend_from_slice(extra);
    c.post_form(&format!("/children/{child}/notes"), &pairs).await
}

async fn notes_of(w: &World, child: &carefile_domain::ChildId) -> Vec<carefile_domain::notes::Note> {
    use carefile_store::Subjects;
    let about = child.to_string();
    w.state.with_store(move |s| s.subjects(Some(&about))).await.unwrap().into_iter().map(|(n, _)| n).collect()
}

#[tokio::test]
async fn a_note_is_final_and_an_amendment_keeps_the_original() {
    let w = world();
    let own = w.cases.own.clone();
    let mut sw = w.signed_in("sw").await;
    let form = sw.get(&format!("/children/{own}/notes/new")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let changes = w.audit_count("sw", &own, AuditAction::ChangeChild).await;

    let r = write_note(
        &mut sw,
        own.as_str(),
        &[("child_seen", "yes"), ("child_seen_alone", "yes"), ("child_views", "Likes school")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let notes = notes_of(&w, &own).await;
    assert_eq!(notes.len(), 1);
    let note = &notes[0];
    assert_eq!((note.author.as_str(), note.content.child_views.as_str()), ("sw", "Likes school"));
    assert_eq!(r.location(), Some(format!("/children/{own}/notes/{}", note.id).as_str()));
    assert_eq!(w.audit_count("sw", &own, AuditAction::ChangeChild).await, changes + 1);

    // Bad fields are shown beside themselves, and nothing is written.
    let r = write_note(&mut sw, own.as_str(), &[("title", ""), ("date-day", "31"), ("date-month", "2")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("The date must be a real date"), "{}", r.body);
    let r = write_note(&mut sw, own.as_str(), &[("child_seen", "no"), ("child_seen_alone", "yes")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("the child cannot be seen alone without being seen"), "{}", r.body);
    assert_eq!(notes_of(&w, &own).await.len(), 1);

    // An amendment needs a reason, replaces the text and keeps the original.
    let path = format!("/children/{own}/notes/{}/amend", note.id);
    let form = sw.get(&path).await;
    assert!(form.body.contains("Saw Ada at home."), "prefilled: {}", form.body);
    let csrf = sw.csrf.clone();
    let mut pairs = vec![("csrf", csrf.as_str()), ("version", "1"), ("kind", "visit"), ("title", "Home visit")];
    pairs.extend(today_parts());
    pairs.push(("text", "Saw Ada and her mother at home."));
    let r = sw.post_form(&path, &pairs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("an amendment says why"), "{}", r.body);
    pairs.push(("reason", "mother was there"));
    let r = sw.post_form(&path, &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = sw.get(r.location().unwrap()).await;
    assert!(page.body.contains("Saw Ada and her mother at home."));
    assert!(page.body.contains("Earlier versions") && page.body.contains("Saw Ada at home."), "{}", page.body);
    assert!(page.body.contains("mother was there"));

    // Someone else's amendment in between: the form comes back with the text typed and says so.
    let mut tm = w.signed_in("tm").await;
    let csrf = tm.csrf.clone();
    let mut theirs = pairs.clone();
    theirs[0] = ("csrf", csrf.as_str());
    theirs[1] = ("version", "2");
    let text_pos = theirs.iter().position(|(k, _)| *k == "text").unwrap();
    theirs[text_pos] = ("text", "Saw Ada, her mother and her brother.");
    assert_eq!(tm.post_form(&path, &theirs).await.status, StatusCode::SEE_OTHER);
    pairs[text_pos] = ("text", "My late change");
    let r = sw.post_form(&path, &pairs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Someone amended this note since you opened it") && r.body.contains("My late change"));
    assert_eq!(notes_of(&w, &own).await[0].amendments.len(), 2);
}

#[tokio::test]
async fn notes_follow_the_access_policy_and_the_child() {
    let w = world();
    let (own, other) = (w.cases.own.clone(), w.cases.other.clone());
    let mut sw = w.signed_in("sw").await;
    // Another team's child: the same answer as a child that does not exist.
    assert_eq!(sw.get(&format!("/children/{other}/notes")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(write_note(&mut sw, other.as_str(), &[]).await.status, StatusCode::NOT_FOUND);
    assert!(w.audit_count("sw", &other, AuditAction::Denied).await >= 2);
    // A note is found only under its own child.
    let mut tm = w.signed_in("tm").await;
    let r = write_note(&mut sw, own.as_str(), &[]).await;
    let note = r.location().unwrap().rsplit('/').next().unwrap().to_string();
    let team = w.cases.team.clone();
    assert_eq!(tm.get(&format!("/children/{team}/notes/{note}")).await.status, StatusCode::NOT_FOUND);
    // Supervision notes are a manager's.
    assert_eq!(write_note(&mut sw, own.as_str(), &[("kind", "supervision")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(write_note(&mut tm, own.as_str(), &[("kind", "supervision")]).await.status, StatusCode::SEE_OTHER);
    // Roles that never open a record write no notes.
    let mut analyst = w.signed_in("analyst").await;
    assert_eq!(write_note(&mut analyst, own.as_str(), &[]).await.status, StatusCode::FORBIDDEN);
}

fn multipart(boundary: &str, fields: &[(&str, &str)], file: Option<(&str, &str)>) -> String {
    let mut body = String::new();
    for (name, value) in fields {
        body += &format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
    }
    if let Some((name, content)) = file {
        body += &format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n{content}\r\n"
        );
    }
    body + &format!("--{boundary}--\r\n")
}

async fn upload(c: &mut Client, child: &str, file: Option<(&str, &str)>) -> common::Response {
    let csrf = c.csrf.clone();
    let fields = [
        ("csrf", csrf.as_str()),
        ("kind", "court_order"),
        ("title", "Interim care order"),
        ("date-day", "2"),
        ("date-month", "3"),
        ("date-year", "2026"),
    ];
    let body = multipart("xYz", &fields, file);
    let path = format!("/children/{child}/documents");
    c.send(Method::POST, &path, Some("multipart/form-data; boundary=xYz"), &[], body).await
}

#[tokio::test]
async fn documents_are_checked_kept_and_downloaded_with_an_audit_entry() {
    let w = world();
    let own = w.cases.own.clone();
    let mut sw = w.signed_in("sw").await;
    let pdf = "%PDF-1.7\nthe order\n%%EOF";
    let r = upload(&mut sw, own.as_str(), Some(("ico.pdf", pdf))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let doc = r.location().unwrap().to_string();
    let list = sw.get(&format!("/children/{own}/documents")).await;
    assert!(list.body.contains("Interim care order"), "{}", list.body);

    let views = w.audit_count("sw", &own, AuditAction::ViewChild).await;
    let file = sw.get(&format!("{doc}/file")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.body, pdf);
    assert_eq!(file.headers["content-type"], "application/pdf");
    assert!(file.headers["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert_eq!(w.audit_count("sw", &own, AuditAction::ViewChild).await, views + 1, "the download is audited");

    // Known by content: an executable is refused, and so is a text file called .pdf.
    let r = upload(&mut sw, own.as_str(), Some(("report.pdf", "MZ\u{1}\u{2} program"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("The file must be one of"), "{}", r.body);
    let r = upload(&mut sw, own.as_str(), Some(("report.pdf", "just some words"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("but its name does not end .txt"), "{}", r.body);
    let r = upload(&mut sw, own.as_str(), None).await;
    assert!(r.body.contains("Select a file"));
    // Bounded as it is read.
    let big = format!("%PDF-{}", "a".repeat(carefile_web::pages::documents::MAX_DOCUMENT));
    let r = upload(&mut sw, own.as_str(), Some(("big.pdf", &big))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("The file must be smaller than 20.0 MB"), "{}", r.body);

    // Withdrawn: no longer listed or downloadable, still in the log.
    let csrf = sw.csrf.clone();
    let r = sw.post_form(&format!("{doc}/withdraw"), &[("csrf", &csrf), ("reason", "wrong child")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(!sw.get(&format!("/children/{own}/documents")).await.body.contains("Interim care order"));
    assert_eq!(sw.get(&format!("{doc}/file")).await.status, StatusCode::NOT_FOUND);
    // Another child's worker cannot reach it.
    let other = w.cases.other.clone();
    let mut tm = w.signed_in("tm").await;
    assert_eq!(tm.get(&format!("/children/{other}/documents")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_chronology_puts_entries_notes_and_documents_together_and_filters_them() {
    let w = world();
    let own = w.cases.own.clone();
    let mut sw = w.signed_in("sw").await;
    write_note(&mut sw, own.as_str(), &[("significant", "on"), ("title", "Disclosure at school")]).await;
    upload(&mut sw, own.as_str(), Some(("ico.pdf", "%PDF-1.7\n"))).await;
    let path = format!("/children/{own}/chronology");
    let all = sw.get(&path).await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.body.contains("Visit: Disclosure at school"), "{}", all.body);
    assert!(all.body.contains("Document (Court order): Interim care order"));
    assert!(all.body.contains("Referral"), "the record's own entries: {}", all.body);
    let notes_only = sw.get(&format!("{path}?show=notes")).await;
    assert!(notes_only.body.contains("Disclosure at school") && !notes_only.body.contains("Interim care order"));
    let significant = sw.get(&format!("{path}?show=notes&show=documents&significant=on")).await;
    assert!(significant.body.contains("Disclosure at school") && !significant.body.contains("Interim care order"));
    let later = sw.get(&format!("{path}?from-day=31&from-month=3&from-year=2026")).await;
    assert!(!later.body.contains("Disclosure at school"), "dated 30 March");
    let bad = sw.get(&format!("{path}?from-day=1&from-month=4&from-year=2026&to-day=1&to-month=3&to-year=2026")).await;
    assert!(bad.body.contains("The last date must be on or after the first date"));
    let print = sw.get(&format!("{path}?show=notes&print=1")).await;
    assert!(print.body.contains("printed") && !print.body.contains("Printable version"));
}

async fn plan_form(c: &mut Client, path: &str, extra: &[(&str, &str)]) -> common::Response {
    let csrf = c.csrf.clone();
    let mut pairs = vec![
        ("csrf", csrf.as_str()),
        ("kind", "child_protection"),
        ("summary", "Neglect at home"),
        ("need-1-no", "1"),
        ("need-1-text", "Regular meals"),
        ("outcome-1-no", "1"),
        ("outcome-1-need", "1"),
        ("outcome-1-text", "Three meals a day"),
        ("action-1-no", "1"),
        ("action-1-what", "Visit weekly"),
        ("action-1-other", "Social worker"),
        ("action-1-by-day", "30"),
        ("action-1-by-month", "4"),
        ("action-1-by-year", "2026"),
    ];
    pairs.retain(|(k, _)| !extra.iter().any(|(e, _)| e == k));
    pairs.extend_from_slice(extra);
    c.post_form(path, &pairs).await
}

#[tokio::test]
async fn a_plan_is_drafted_signed_off_by_another_reviewed_and_printed() {
    let w = world();
    let own = w.cases.own.clone();
    let mut sw = w.signed_in("sw").await;
    let mut tm = w.signed_in("tm").await;
    let r = plan_form(&mut sw, &format!("/children/{own}/plans"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let plan = r.location().unwrap().to_string();
    let page = sw.get(&plan).await;
    assert!(page.body.contains("Need 1: Regular meals") && page.body.contains("Visit weekly"), "{}", page.body);
    // An outcome must answer a need the plan has: said, nothing stored.
    let bad = plan_form(&mut sw, &format!("/children/{own}/plans"), &[("outcome-1-need", "7")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("need 7, which the plan does not have"), "{}", bad.body);

    let step = |path: &str, s: &str| format!("{path}/{s}");
    let csrf = sw.csrf.clone();
    assert_eq!(
        sw.post_form(&step(&plan, "submit"), &[("csrf", &csrf), ("version", "1")]).await.status,
        StatusCode::SEE_OTHER
    );
    // The worker may not sign off; a manager who did not write it does.
    assert_eq!(
        sw.post_form(&step(&plan, "sign-off"), &[("csrf", &csrf), ("version", "2")]).await.status,
        StatusCode::FORBIDDEN
    );
    let tcsrf = tm.csrf.clone();
    let r = tm.post_form(&step(&plan, "sign-off"), &[("csrf", &tcsrf), ("version", "2")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(tm.get(&plan).await.body.contains("signed off by tm"));

    // A manager's own plan needs another manager.
    let r = plan_form(&mut tm, &format!("/children/{own}/plans"), &[("kind", "child_in_need")]).await;
    let own_plan = r.location().unwrap().to_string();
    tm.post_form(&step(&own_plan, "submit"), &[("csrf", &tcsrf), ("version", "1")]).await;
    let r = tm.post_form(&step(&own_plan, "sign-off"), &[("csrf", &tcsrf), ("version", "2")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("separation of duties"), "{}", r.body);

    // Reviewed: a new version in force; an action done.
    let review = [
        ("version", "3"),
        ("review_date-day", "31"),
        ("review_date-month", "3"),
        ("review_date-year", "2026"),
        ("review", "cp_review"),
        ("review_summary", "Some progress; meals improving"),
    ];
    let r = plan_form(&mut sw, &format!("{plan}/edit"), &review).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = sw.post_form(&step(&plan, "action-1"), &[("csrf", &csrf), ("version", "4"), ("done", "yes")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = sw.get(&plan).await;
    assert!(
        page.body.contains("Version 2") && page.body.contains("agreed at the child protection review conference"),
        "{}",
        page.body
    );
    assert!(page.body.contains(">Done</strong>"), "{}", page.body);
    // The controls are not printed.
    assert!(page.body.contains("govuk-!-display-none-print"));
    // Someone else's change in between is caught.
    let r = sw
        .post_form(&step(&plan, "action-1"), &[("csrf", &csrf), ("version", "4"), ("done", "no"), ("reason", "x")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}
