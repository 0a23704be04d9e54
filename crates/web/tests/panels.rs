//! Running a fostering panel through the router (decision 007): the panel adviser schedules a
//! sitting, lists the household the record says is ready, and records who attended (refused
//! with the shortfall when not quorate, unless recorded knowingly as such); the chair records
//! the panel's recommendation; the case is on the agency decision maker's tray, due seven
//! working days after the sitting; the decision, made on the household's record, is written
//! with the sitting's entry in one transaction, and refused on both when the case cannot take
//! it. The server's quorum is the authority's `fostering-adoption.toml`.

mod common;

use axum::http::StatusCode;
use carefile_domain::access::{Role, UserEvent};
use carefile_domain::fostering::{CarerRecord, CarerType, FosteringEvent, Stage};
use carefile_domain::panels::{PanelEvent, Recommendation, Sitting, SittingId};
use carefile_domain::people::{Household, HouseholdEvent, HouseholdId, HouseholdKind};
use carefile_domain::stream::changes::Entry;
use carefile_domain::{Recorded, WorkerId};
use carefile_store::{Expected, Subjects};
use carefile_web::Config;
use carefile_work::Owner;
use carefile_work::households::AGENCY_DECISION_MAKER;
use chrono::NaiveDate;
use common::{Client, World, as_of, world};
use std::sync::Arc;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const USERS: [(&str, &str); 3] = [("adviser", "panel-adviser"), ("chair", "panel-chair"), ("adm", "agency-decision-maker")];

async fn users(w: &World) {
    let added = USERS
        .iter()
        .map(|(name, role)| UserEvent::UserAdded {
            username: (*name).into(),
            role: Role::new(role).unwrap(),
            worker: None,
            password_hash: carefile_web::auth::password::hash(&common::password(name)).unwrap(),
        })
        .collect();
    w.state.append_users("test", added).await.unwrap();
}

/// A household whose fostering assessment finished on 2026-03-20, allocated to a worker in post.
async fn assessed(w: &World) -> HouseholdId {
    let (worker, team): (WorkerId, _) = {
        let org = w.state.org();
        let staff = org.staff.values().find(|s| s.in_post(as_of()) && s.team_on(as_of()).is_some()).unwrap();
        (staff.id.clone(), staff.team_on(as_of()).unwrap().clone())
    };
    let at = Recorded::new(as_of().and_hms_opt(8, 0, 0).unwrap().and_utc(), "test", None);
    let formed = HouseholdEvent::Formed { kind: HouseholdKind::Fostering, name: "The Okafor household".into(), address: None, date: d("2025-06-01") };
    let (h, _) = w.state.with_store(move |s| s.create::<Household>(&[(at.clone(), formed)])).await.unwrap();
    let a = 1;
    let events: Vec<_> = [
        FosteringEvent::Enquired { application: a, date: d("2025-06-02"), route: CarerType::Mainstream, channel: None, child: None },
        FosteringEvent::WorkerAllocated { date: d("2025-06-02"), worker, team },
        FosteringEvent::InitialVisit { application: a, date: d("2025-06-16") },
        FosteringEvent::ProgressDecided { application: a, date: d("2025-06-23"), progress: true },
        FosteringEvent::StageStarted { application: a, stage: Stage::Stage1, date: d("2025-07-01") },
        FosteringEvent::StageCompleted { application: a, stage: Stage::Stage1, date: d("2025-09-01") },
        FosteringEvent::StageStarted { application: a, stage: Stage::Stage2, date: d("2025-09-01") },
        FosteringEvent::StageCompleted { application: a, stage: Stage::Stage2, date: d("2026-03-20") },
    ]
    .into_iter()
    .map(|e| (Recorded::new(as_of().and_hms_opt(8, 0, 0).unwrap().and_utc(), "test", None), e))
    .collect();
    let id = h.clone();
    w.state.with_store(move |s| s.append::<CarerRecord>(&id, Expected::New, &events)).await.unwrap();
    w.state.sync().await.unwrap();
    h
}

async fn post(c: &mut Client, path: &str, pairs: &[(&str, &str)]) -> common::Response {
    let csrf = c.csrf.clone();
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(pairs);
    c.post_form(path, &all).await
}

async fn sitting(w: &World, id: &SittingId) -> (Sitting, u64, Vec<Entry<PanelEvent>>) {
    let id = id.clone();
    w.state
        .with_store(move |s| {
            let (sitting, v) = s.subject::<Sitting>(&id)?.unwrap();
            Ok((sitting, v, s.subject_entries::<Sitting>(&id)?.into_iter().map(|e| e.event).collect()))
        })
        .await
        .unwrap()
}

async fn carer(w: &World, h: &HouseholdId) -> (CarerRecord, u64) {
    let h = h.clone();
    w.state.with_store(move |s| s.subject::<CarerRecord>(&h)).await.unwrap().unwrap()
}

/// The attendance: the chair, a social worker member, two members and `extra`.
fn present<'a>(version: &'a str, extra: &[(&'a str, &'a str, bool)]) -> Vec<(String, String)> {
    let mut people = vec![("Sue Tribe", "chair", true), ("Ann Cole", "social_worker", false), ("Raj Patel", "member", false), ("Jo Wren", "member", false)];
    people.extend_from_slice(extra);
    let mut out = vec![("version".to_string(), version.to_string())];
    for (i, (name, role, independent)) in people.iter().enumerate() {
        out.push((format!("name-{}", i + 1), name.to_string()));
        out.push((format!("role-{}", i + 1), role.to_string()));
        if *independent {
            out.push((format!("independent-{}", i + 1), "on".to_string()));
        }
    }
    out
}

async fn post_owned(c: &mut Client, path: &str, pairs: &[(String, String)]) -> common::Response {
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    post(c, path, &borrowed).await
}

#[tokio::test]
async fn a_fostering_panel_is_run_from_its_schedule_to_the_agency_decision() {
    let w = world();
    users(&w).await;
    let h = assessed(&w).await;
    let (mut adviser, mut chair, mut adm) = (w.signed_in("adviser").await, w.signed_in("chair").await, w.signed_in("adm").await);
    let today = as_of().to_string();

    // The adviser schedules a sitting for today; the household waits to be listed.
    let list = adviser.get("/panels").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.body.contains("Fostering panel: 1 household ready for the panel"), "{}", list.body);
    let r = post(&mut adviser, "/panels/new/record/schedule", &[("version", "0"), ("panel", "fostering"), ("date", &today)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let s = SittingId::new(r.location().unwrap().split('/').nth(2).unwrap()).unwrap();
    let page = adviser.get(&format!("/panels/{s}")).await;
    assert!(page.body.contains("Ready for this panel") && page.body.contains(h.as_str()), "{}", page.body);
    let r = post(&mut adviser, &format!("/panels/{s}/record/list"), &[("version", "1"), ("business", "fostering_approval"), ("household", h.as_str()), ("about", "1")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = adviser.get(&format!("/panels/{s}")).await;
    assert!(!page.body.contains("Ready for this panel"), "listed: no longer waiting");
    assert!(page.body.contains("Approval as foster carers"));

    // The chair cannot record a recommendation before the attendance.
    let heard = [("version", "3"), ("case", "1"), ("recommendation", "approve"), ("reasons", "A thorough assessment; strong references"), ("quality", "good"), ("unanimous", "yes")];
    let r = post(&mut chair, &format!("/panels/{s}/record/hear"), &[("version", "2"), ("case", "1"), ("recommendation", "approve"), ("reasons", "x")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("record who attended the sitting"), "{}", r.body);

    // Four members and no independent one: refused with the shortfall and the rule; nothing written.
    let form = adviser.get(&format!("/panels/{s}/held")).await;
    assert_eq!(form.status, StatusCode::OK);
    let r = post_owned(&mut adviser, &format!("/panels/{s}/held"), &present("2", &[("Kim Lo", "panel_adviser", false)])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("The panel is not quorate: 4 members of 5. It needs 5 members"), "{}", r.body);
    assert!(r.body.contains("reg 24"), "the rule cites its regulation");
    assert_eq!(sitting(&w, &s).await.1, 2);
    // A role without panel.record cannot record it.
    assert_eq!(adm.get(&format!("/panels/{s}/held")).await.status, StatusCode::FORBIDDEN);
    let r = post_owned(&mut adviser, &format!("/panels/{s}/held"), &present("2", &[("Tom Hale", "member", true), ("Kim Lo", "panel_adviser", false)])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (held, _, _) = sitting(&w, &s).await;
    assert!(held.quorum.as_ref().is_some_and(|q| q.met) && held.attendees.len() == 6);

    // The chair records the panel's recommendation from the case's link.
    let page = chair.get(&format!("/panels/{s}")).await;
    assert!(page.body.contains(&format!("/panels/{s}/record/hear?case=1")), "{}", page.body);
    let r = post(&mut chair, &format!("/panels/{s}/record/hear"), &heard).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // On the agency decision maker's tray: Tuesday 31 March + 7 working days, Easter left out, is Monday 13 April.
    let tray = w.state.tray(&[Owner::Role(AGENCY_DECISION_MAKER.into())]).await.unwrap();
    let item = tray.iter().find(|i| i.title.starts_with("Decide: Approval as foster carers")).expect("the case is on the ADM's tray");
    assert_eq!(item.due, Some(carefile_domain::timescales::Moment::day(d("2026-04-13"))));
    let page = adm.get("/tray").await;
    assert!(page.body.contains(&format!("/panels/{s}#case-1")), "{}", page.body);

    // Not on the sitting's own form: the decision is the household's, with the sitting's beside it.
    let (_, v, _) = sitting(&w, &s).await;
    let r = post(&mut adm, &format!("/panels/{s}/record/decide"), &[("version", &v.to_string()), ("case", "1"), ("date", &today), ("decision", "approve")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(sitting(&w, &s).await.1, v, "nothing written");

    // The ADM opens the case's "Decide: Approve" link: the household's form, filled in.
    let page = adm.get(&format!("/panels/{s}")).await;
    let link = format!("/households/{h}/fostering/record/approve?sitting={s}&amp;case=1");
    assert!(page.body.contains(&link), "{}", page.body);
    let form = adm.get(&format!("/households/{h}/fostering/record/approve?sitting={s}&case=1&application=1&date={today}")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains(&format!("value=\"{s}\"")), "the sitting is filled in");
    let (_, hv) = carer(&w, &h).await;
    let (hv, sv) = (hv.to_string(), v);
    let approve = |case: &'static str| {
        vec![
            ("version".to_string(), hv.clone()),
            ("application".to_string(), "1".to_string()),
            ("date".to_string(), today.clone()),
            ("carer_type".to_string(), "mainstream".to_string()),
            ("age_from".to_string(), "0".to_string()),
            ("age_to".to_string(), "10".to_string()),
            ("children".to_string(), "2".to_string()),
            ("sitting".to_string(), s.to_string()),
            ("case".to_string(), case.to_string()),
        ]
    };
    // A case the sitting does not have: refused, nothing written on either record.
    let r = post_owned(&mut adm, &format!("/households/{h}/fostering/record/approve"), &approve("2")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("has no case 2"), "{}", r.body);
    let r = post_owned(&mut adm, &format!("/households/{h}/fostering/record/approve"), &approve("1")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Both written, in one transaction: the household approved naming the case, the sitting's case decided.
    let (record, _) = carer(&w, &h).await;
    assert!(record.approval_on(as_of()).is_some(), "approved");
    let (decided, v_after, log) = sitting(&w, &s).await;
    assert_eq!(v_after, sv + 1);
    let c = decided.case(1).unwrap();
    assert_eq!(c.decided.as_ref().map(|d| (d.decision, d.date, d.by.as_str())), Some((Recommendation::Approve, as_of(), "adm")));
    assert!(matches!(log.last(), Some(Entry::Event(PanelEvent::AdmDecided { case: 1, .. }))));
    let tray = w.state.tray(&[Owner::Role(AGENCY_DECISION_MAKER.into())]).await.unwrap();
    assert!(!tray.iter().any(|i| i.title.starts_with("Decide: Approval as foster carers")), "off the ADM's tray");
    let page = adm.get(&format!("/panels/{s}")).await;
    assert!(page.body.contains("Approve on "), "{}", page.body);

    // The application is decided: a second decision is refused, and nothing is written on either record.
    let (_, hv2) = carer(&w, &h).await;
    let again = vec![
        ("version".to_string(), hv2.to_string()),
        ("application".to_string(), "1".to_string()),
        ("date".to_string(), today.clone()),
        ("sitting".to_string(), s.to_string()),
        ("case".to_string(), "1".to_string()),
    ];
    let r = post_owned(&mut adm, &format!("/households/{h}/fostering/record/not-approved"), &again).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((carer(&w, &h).await.1, sitting(&w, &s).await.1), (hv2, v_after), "nothing written on either");
}

/// The server's quorum is the authority's: three members make a fostering panel quorate where
/// its `fostering-adoption.toml` says so, and not on the shipped rules.
#[tokio::test]
async fn the_server_checks_the_quorum_the_authority_configures() {
    let w = world();
    users(&w).await;
    let file = "[panels.quorum.fostering]\nmembers = 3\nchair_or_vice = true\nsocial_workers = 1\nindependent = 0\nsource = \"Local terms of reference, 2026\"\n";
    let cfg = carefile_domain::fostering::Config::from_toml(file).unwrap();
    let (app, _) = w.another_server(Config { fostering: Arc::new(cfg), ..Config::default() });
    let mut local = w.client_of(&app);
    let r = local.post_json("/api/v1/session", &serde_json::json!({"username": "adviser", "password": common::password("adviser")})).await;
    assert_eq!(r.status, StatusCode::OK);
    local.csrf = serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["csrf_token"].as_str().unwrap().to_string();
    let mut shipped = w.signed_in("adviser").await;

    let three = |v: &str| {
        vec![
            ("version".to_string(), v.to_string()),
            ("name-1".to_string(), "Sue Tribe".to_string()),
            ("role-1".to_string(), "chair".to_string()),
            ("name-2".to_string(), "Ann Cole".to_string()),
            ("role-2".to_string(), "social_worker".to_string()),
            ("name-3".to_string(), "Raj Patel".to_string()),
            ("role-3".to_string(), "member".to_string()),
        ]
    };
    let today = as_of().to_string();
    let r = post(&mut shipped, "/panels/new/record/schedule", &[("version", "0"), ("panel", "fostering"), ("date", &today)]).await;
    let s = r.location().unwrap().split('/').nth(2).unwrap().to_string();
    let r = post_owned(&mut shipped, &format!("/panels/{s}/held"), &three("1")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "the shipped rule needs five");
    assert!(r.body.contains("Fostering Services (England) Regulations 2011 reg 24"), "{}", r.body);
    let page = local.get(&format!("/panels/{s}/held")).await;
    assert!(page.body.contains("Local terms of reference, 2026"), "{}", page.body);
    let r = post_owned(&mut local, &format!("/panels/{s}/held"), &three("1")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (held, _, _) = sitting(&w, &SittingId::new(&s).unwrap()).await;
    assert!(held.quorum.as_ref().is_some_and(|q| q.met && q.rule.contains("Local terms of reference")));
}
