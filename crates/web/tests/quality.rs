//! The team's data-quality page: a fault planted on a child's record through a form appears with
//! a link that opens the form that fixes it; once that form is saved the finding is gone. The page
//! is the team manager's and is audited as a list. A manager accepts a finding for a while (why,
//! until when): it stays listed apart and is not counted, until the acceptance ends. The counts
//! over time come from the log: today's writes move today's figures and never a past week's. A
//! value a return needs and the record lacks is a tray item for the child's worker.

mod common;

use axum::http::StatusCode;
use carefile_domain::access::AuditAction;
use carefile_domain::form::Declared;
use carefile_domain::{ChildEvent, ChildId, CollectionYear, Recorded};
use carefile_work::{Kind, Owner, Subject, Target, TrayItem};
use carefile_store::AuditFilter;
use common::{Client, World, world};

async fn version(w: &World, id: &ChildId) -> u64 {
    let id = id.clone();
    w.state.with_store(move |s| s.child(&id)).await.unwrap().unwrap().1
}

/// Saves the child's details form as `e` fills it in.
async fn save_details(w: &World, c: &mut Client, id: &ChildId, e: &ChildEvent) -> common::Response {
    let form = ChildEvent::declarations().iter().find(|d| d.kind == "details_amended").unwrap();
    let mut pairs = vec![("csrf".to_string(), c.csrf.clone()), ("version".to_string(), version(w, id).await.to_string())];
    pairs.push(("amendment_reason".to_string(), "checked with the family".to_string()));
    for (name, values) in form.values(e) {
        pairs.extend(values.into_iter().map(|v| (name.to_string(), v)));
    }
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    c.post_form(&format!("/children/{id}/record/{}", form.slug), &pairs).await
}

/// The rows of the findings table naming `child` and `rule`.
fn rows_for(page: &str, child: &ChildId, rule: &str) -> Vec<String> {
    let table = page.split("id=\"findings\"").nth(1).expect("the findings table").split("</table>").next().unwrap();
    table
        .split("<tr")
        .filter(|r| r.contains(&format!("href=\"/children/{child}\"")) && r.contains(&format!(" {rule}<br")))
        .map(str::to_string)
        .collect()
}

/// The counts over time, newest first: (day, findings, children, accepted).
fn over_time(page: &str) -> Vec<(String, usize, usize, usize)> {
    let table = page.split("id=\"over-time\"").nth(1).expect("the counts over time").split("</table>").next().unwrap();
    let cells = |row: &str| -> Vec<String> {
        row.split("<td").skip(1).map(|c| c.split_once('>').unwrap().1.split("</td>").next().unwrap().trim().replace(',', "")).collect()
    };
    let number = |c: &str| c.parse::<usize>().unwrap_or_else(|_| panic!("a count, not {c}"));
    table
        .split("<tr")
        .skip(1)
        .map(cells)
        .filter(|c| c.len() == 4)
        .map(|c| (c[0].clone(), number(&c[1]), number(&c[2]), number(&c[3])))
        .collect()
}

fn pairs(p: &[(String, String)]) -> Vec<(&str, &str)> {
    p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[tokio::test]
async fn a_planted_fault_links_to_the_form_that_fixes_it_and_is_gone_once_fixed() {
    let w = world();
    let own = w.cases.own.clone();
    let record = w.records.iter().find(|r| r.id == own).unwrap().clone();
    assert!(
        carefile_cin::export::episodes_in(&record, CollectionYear::containing(common::as_of())).next().is_some(),
        "the social worker's child is in this year's CIN census"
    );
    assert!(record.details.ethnicity.is_some(), "the demo records the child's ethnicity");
    let mut tm = w.signed_in("tm").await;
    let before = tm.get("/team/quality").await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    assert!(rows_for(&before.body, &own, "4220").is_empty(), "no ethnicity finding before the fault");

    // The worker saves the child's details with the ethnicity emptied.
    let mut sw = w.signed_in("sw").await;
    let mut faulty = record.details.clone();
    faulty.ethnicity = None;
    let r = save_details(&w, &mut sw, &own, &ChildEvent::DetailsAmended { details: faulty }).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let page = tm.get("/team/quality").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let (weeks, today) = (over_time(&before.body), over_time(&page.body));
    assert_eq!(weeks.len(), 8, "today and seven weeks back: {weeks:?}");
    assert_eq!(weeks[1..], today[1..], "a write made today leaves every past week's figures as they were");
    assert!(today[0].1 > weeks[0].1, "today's findings count the fault: {today:?} after {weeks:?}");
    assert!(weeks[1..].iter().any(|w| w.1 > 0), "past weeks are drawn from the record as it stood: {weeks:?}");
    let rows = rows_for(&page.body, &own, "4220");
    assert_eq!(rows.len(), 1, "one CIN 4220 finding for the child: {}", page.body);
    let fix = format!("/children/{own}/record/details");
    assert!(rows[0].contains(&format!("href=\"{fix}\"")), "{}", rows[0]);
    assert!(rows[0].contains("Child&#39;s details") || rows[0].contains("Child's details"), "the form's title: {}", rows[0]);
    assert!(page.body.contains("Ethnicity is missing or invalid"), "the rule's words");
    let listed = w.audit(AuditFilter { user: Some("tm".into()), ..Default::default() }).await;
    assert!(
        listed.iter().map(|a| &a.entry).any(|a| a.action == AuditAction::ViewList && a.detail.starts_with("GET /team/quality") && a.children.contains(&own)),
        "the list is audited with the children it showed"
    );

    // The manager accepts the finding for now: it is listed apart and no longer counted.
    let accept = rows[0].split("href=\"").filter_map(|h| h.split('"').next()).find(|h| h.starts_with("/team/quality/finding?")).expect("an accept link").replace("&amp;", "&");
    let form = tm.get(&accept).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("Ethnicity is missing or invalid") && form.body.contains("name=\"reason\""), "{}", form.body);
    let csrf = tm.csrf.clone();
    let fields = |action: &str, extra: &[(&str, &str)]| {
        let q: Vec<(String, String)> = form_urlencoded::parse(accept.split_once('?').unwrap().1.as_bytes()).into_owned().collect();
        let mut pairs: Vec<(String, String)> = vec![("csrf".into(), csrf.clone()), ("action".into(), action.into())];
        pairs.extend(q);
        pairs.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        pairs
    };
    let until = [("until-day", "30"), ("until-month", "4"), ("until-year", "2026")];
    let blank = fields("accept", &until);
    let r = tm.post_form("/team/quality/finding", &pairs(&blank)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a reason is needed");
    assert!(r.body.contains("Enter why the finding is accepted"), "{}", r.body);
    let past = fields("accept", &[("reason", "the family declined to say"), ("until-day", "1"), ("until-month", "3"), ("until-year", "2026")]);
    let r = tm.post_form("/team/quality/finding", &pairs(&past)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("before the day it is made"), "{}", r.body);
    let mut ok = fields("accept", &until);
    ok.push(("reason".into(), "the family declined to say".into()));
    let r = tm.post_form("/team/quality/finding", &pairs(&ok)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let accepted = tm.get("/team/quality").await;
    assert!(rows_for(&accepted.body, &own, "4220").is_empty(), "not among the findings counted");
    let listed = accepted.body.split("id=\"accepted\"").nth(1).expect("the accepted findings");
    assert!(listed.contains(&format!("href=\"/children/{own}\"")) && listed.contains("the family declined to say") && listed.contains("30 Apr 2026"), "{listed}");
    let counted = over_time(&accepted.body);
    assert_eq!((counted[0].1, counted[0].3), (weeks[0].1, weeks[0].3 + 1), "counted apart: {counted:?} after {weeks:?}");
    let changes = w.audit(AuditFilter { user: Some("tm".into()), ..Default::default() }).await;
    assert!(
        changes.iter().map(|a| &a.entry).any(|a| a.action == AuditAction::ChangeChild && a.detail.starts_with("POST /team/quality/finding") && a.child.as_ref() == Some(&own)),
        "the acceptance is audited as a change of the child"
    );
    // Ended early, it counts again.
    let mut end = fields("end", &[]);
    end.push(("end-reason".into(), "the family told us after all".into()));
    let r = tm.post_form("/team/quality/finding", &pairs(&end)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let again = tm.get("/team/quality").await;
    assert_eq!(rows_for(&again.body, &own, "4220").len(), 1, "counted again");
    assert_eq!(over_time(&again.body)[0], today[0]);
    let history = tm.get(&accept).await;
    assert!(history.body.contains("Ended by tm") && history.body.contains("the family told us after all"), "{}", history.body);

    // The link opens the details form, and saving it with the ethnicity fixes the finding.
    let form = sw.get(&fix).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("name=\"ethnicity\""), "{}", form.body);
    let r = save_details(&w, &mut sw, &own, &ChildEvent::DetailsAmended { details: record.details.clone() }).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = tm.get("/team/quality").await;
    assert_eq!(after.status, StatusCode::OK);
    assert!(rows_for(&after.body, &own, "4220").is_empty(), "the finding is gone once fixed");
    assert_eq!(over_time(&after.body), weeks, "and the counts are today's as before the fault");
    for user in ["sw", "analyst"] {
        assert_ne!(w.signed_in(user).await.get(&accept).await.status, StatusCode::OK, "{user} may not accept findings");
    }

    a_missing_urn_is_on_the_workers_tray(&w).await;

    // The page is for those who allocate the team's work.
    for user in ["sw", "analyst", "councillor"] {
        assert_eq!(w.signed_in(user).await.get("/team/quality").await.status, StatusCode::FORBIDDEN, "{user}");
    }
}

/// A placement that needs an Ofsted URN loses it (its entry corrected): the export leaves it blank
/// (CF-URN) and the child's worker finds a tray item linking to the placement form; the URN put
/// back, the item is gone.
async fn a_missing_urn_is_on_the_workers_tray(w: &World) {
    let today = common::as_of();
    let placed = |e: &ChildEvent| match e {
        ChildEvent::CareStarted { placement, .. }
        | ChildEvent::PlacementChanged { placement, .. }
        | ChildEvent::LegalStatusAndPlacementChanged { placement, .. } => Some(placement.clone()),
        _ => None,
    };
    let mut found = None;
    for r in w.records.iter().filter(|r| r.status_on(today).looked_after) {
        let Some(worker) = r.allocation_on(today).and_then(|a| a.worker.clone()) else { continue };
        let id = r.id.clone();
        let log = w.state.with_store(move |s| s.child_log(&id)).await.unwrap();
        let last = log.iter().rev().find_map(|e| placed(&e.event).map(|p| (e, p)));
        if let Some((e, p)) = last.filter(|(_, p)| p.urn.is_some() && p.kind.is_foster()) {
            found = Some((r.id.clone(), worker, e.seq, e.event.clone(), p));
            break;
        }
    }
    let (id, worker, seq, event, placement) = found.expect("a looked-after child whose foster placement has a URN");
    let with_urn = |urn: Option<String>| {
        let mut e = event.clone();
        if let ChildEvent::CareStarted { placement: p, .. }
        | ChildEvent::PlacementChanged { placement: p, .. }
        | ChildEvent::LegalStatusAndPlacementChanged { placement: p, .. } = &mut e
        {
            p.urn = urn;
        }
        ChildEvent::Corrected { seq, replacement: Box::new(e) }
    };
    let correct = |e: ChildEvent| {
        let (id, at) = (id.clone(), w.state.now());
        w.state.with_store(move |s| {
            let version = s.child(&id)?.map(|(_, v)| v);
            s.append_child(&id, version, &[(Recorded::new(at, "sw", Some("the placement's URN checked".into())), e)])
        })
    };
    let data_quality = |items: Vec<TrayItem>| -> Vec<TrayItem> {
        items.into_iter().filter(|i| i.kind == Kind::DataQuality && i.subject == Subject::Child(id.clone())).collect()
    };
    let owner = [Owner::Worker(worker.clone())];
    assert!(data_quality(w.state.tray(&owner).await.unwrap()).is_empty(), "nothing missing before");

    correct(with_urn(None)).await.unwrap();
    w.state.sync().await.unwrap();
    let items = data_quality(w.state.tray(&owner).await.unwrap());
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0].target, Target::Fix { child: id.clone(), form: "placement_changed" });
    assert!(items[0].title.contains("No Ofsted URN") && items[0].title.contains("CF-URN"), "{}", items[0].title);
    let records: Vec<_> = w.state.with_store(|s| s.children()).await.unwrap();
    let year = CollectionYear::containing(today);
    let gaps = carefile_ssda903::export::gaps(&records, year);
    assert!(gaps.iter().any(|f| f.child.as_deref() == Some(id.as_str()) && f.rule.code == "CF-URN"), "the export's finding");

    correct(with_urn(placement.urn.clone())).await.unwrap();
    w.state.sync().await.unwrap();
    assert!(data_quality(w.state.tray(&owner).await.unwrap()).is_empty(), "gone once the URN is recorded again");
}
