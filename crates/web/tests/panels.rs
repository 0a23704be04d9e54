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
use carefile_domain::panels::{Business, PanelEvent, Recommendation, Sitting, SittingId};
use carefile_domain::people::{Household, HouseholdEvent, HouseholdId, HouseholdKind};
use carefile_domain::stream::changes::{Change, Entry};
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
            ("reasons".to_string(), REASONS.to_string()),
        ]
    };
    // The agency decision maker's reasons are asked: none, and nothing is written.
    let unexplained: Vec<_> = approve("1").into_iter().filter(|(n, _)| n != "reasons").collect();
    let r = post_owned(&mut adm, &format!("/households/{h}/fostering/record/approve"), &unexplained).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("href=\"#f-reasons\""), "the reasons are asked beside their field: {}", r.body);
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
    assert_eq!(c.decided.as_ref().unwrap().reasons, REASONS, "the sitting keeps the reasons given on the household's form");
    assert!(matches!(log.last(), Some(Entry::Event(PanelEvent::AdmDecided { case: 1, .. }))));
    let tray = w.state.tray(&[Owner::Role(AGENCY_DECISION_MAKER.into())]).await.unwrap();
    assert!(!tray.iter().any(|i| i.title.starts_with("Decide: Approval as foster carers")), "off the ADM's tray");
    let page = adm.get(&format!("/panels/{s}")).await;
    assert!(page.body.contains("Approve on ") && page.body.contains(&format!("Reasons: {REASONS}")), "{}", page.body);

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

    // The household's page shows the decision with the agency decision maker's reasons.
    let page = adm.get(&format!("/households/{h}")).await;
    assert!(page.body.contains("Agency decisions") && page.body.contains(REASONS), "{}", page.body);
    assert!(page.body.contains(&format!("/panels/{s}#case-1")), "linked to the case it decides");

    // The sitting's entry cannot be withdrawn alone: the decision is the household's.
    let decided_at = sitting(&w, &s).await.1;
    let r = post(&mut adm, &format!("/panels/{s}/withdraw/{decided_at}"), &[("version", &decided_at.to_string()), ("withdrawal_reason", "Wrong case")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("withdraw it there"), "{}", r.body);
    assert_eq!(sitting(&w, &s).await.1, decided_at, "nothing written");

    // Withdrawn as entered in error on the household's record: the sitting's record of the
    // decision goes with it, in the same transaction, and the case waits for a decision again.
    let hv2 = hv2.to_string();
    let r = post(&mut adm, &format!("/households/{h}/fostering/withdraw/{hv2}"), &[("version", &hv2), ("withdrawal_reason", "Recorded before the panel's minutes were agreed")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(carer(&w, &h).await.0.approval_on(as_of()).is_none(), "the approval is withdrawn");
    let (reopened, v, log) = sitting(&w, &s).await;
    assert_eq!(v, decided_at + 1);
    assert!(matches!(log.last(), Some(Entry::Change(Change::EntryWithdrawn { entry, .. })) if *entry == decided_at), "{log:?}");
    let c = reopened.case(1).unwrap();
    assert!(c.decided.is_none() && c.awaits_decision(), "the case is open again");
    let tray = w.state.tray(&[Owner::Role(AGENCY_DECISION_MAKER.into())]).await.unwrap();
    assert!(tray.iter().any(|i| i.title.starts_with("Decide: Approval as foster carers")), "back on the ADM's tray");
    let page = adm.get(&format!("/households/{h}")).await;
    assert!(!page.body.contains(REASONS), "a withdrawn decision is not shown as standing");
}

const REASONS: &str = "A thorough assessment; I agree with the panel that they can meet a child's needs";

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

/// An adoption match decided on the child's record (decision 007): the agency decision maker
/// opens "Decide: Match" from the adoption panel's case, the child's form filled in from it;
/// the child's `MatchedWithAdopters` names the case and the sitting's entry is written with it in
/// one transaction; the child's chronology and adoption journey show the match; withdrawing the
/// match as entered in error takes the sitting's entry with it, and the case waits again.
#[tokio::test]
async fn an_adoption_match_is_decided_on_the_childs_record_with_the_sittings_entry() {
    let w = world();
    users(&w).await;
    let mut adm = w.signed_in("adm").await;
    let today = as_of().to_string();
    let agreed = as_of() - chrono::Days::new(7);
    // A child looked after for a while, with adoption agreed as the plan a week ago.
    let child = w
        .records
        .iter()
        .find(|r| r.adoptions.is_empty() && r.status_on(as_of()).looked_after && r.status_on(agreed - chrono::Days::new(60)).looked_after)
        .expect("a looked-after child")
        .id
        .clone();
    let at = Recorded::new(as_of().and_hms_opt(8, 0, 0).unwrap().and_utc(), "test", None);
    let formed = HouseholdEvent::Formed { kind: HouseholdKind::Adoptive, name: "The Bello household".into(), address: None, date: d("2024-05-01") };
    let heard = [
        PanelEvent::Scheduled { panel: carefile_domain::panels::Panel::Adoption, date: as_of() },
        PanelEvent::Held {
            attendees: vec![carefile_domain::panels::Attendee { name: "Sue Tribe".into(), role: carefile_domain::panels::PanelRole::Chair, independent: true }],
            quorum: carefile_domain::panels::Quorum { met: true, rule: "test".into(), shortfall: String::new() },
        },
    ];
    let (c, a2) = (child.clone(), at.clone());
    let (h, s) = w
        .state
        .with_store(move |s| {
            let (h, _) = s.create::<Household>(&[(a2.clone(), formed)])?;
            let v = s.child(&c)?.unwrap().1;
            s.append_child(&c, Some(v), &[(a2.clone(), carefile_domain::ChildEvent::AdoptionDecision { date: agreed })])?;
            let mut events: Vec<_> = heard.iter().cloned().map(|e| (a2.clone(), e)).collect();
            events.insert(1, (a2.clone(), PanelEvent::CaseListed { case: 1, business: Business::AdoptionMatch, household: Some(h.clone()), child: Some(c.clone()), about: None }));
            events.push((a2.clone(), PanelEvent::CaseHeard { case: 1, recommendation: Recommendation::Match, reasons: "A good match".into(), quality: None, unanimous: Some(true) }));
            let (s, _) = s.create::<Sitting>(&events)?;
            Ok((h, s))
        })
        .await
        .unwrap();
    w.state.sync().await.unwrap();

    // The case's "Decide: Match" link opens the child's form, filled in from the case.
    let page = adm.get(&format!("/panels/{s}")).await;
    let link = format!("/children/{child}/record/adoption-match?sitting={s}&amp;case=1&amp;household={h}");
    assert!(page.body.contains(&link), "{}", page.body);
    let form = adm.get(&format!("/children/{child}/record/adoption-match?sitting={s}&case=1&household={h}&date={today}")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains(&format!("value=\"{s}\"")) && form.body.contains(&format!("value=\"{h}\"")), "{}", form.body);

    let version = |w: &World| {
        let c = child.clone();
        let state = w.state.clone();
        async move { state.with_store(move |s| Ok(s.child(&c)?.unwrap().1)).await.unwrap() }
    };
    let matched = |v: u64, household: &str| {
        vec![
            ("version".to_string(), v.to_string()),
            ("date".to_string(), today.clone()),
            ("number".to_string(), "2".to_string()),
            ("adopter_sex".to_string(), "MF".to_string()),
            ("adopter_legal_status".to_string(), "L11".to_string()),
            ("household".to_string(), household.to_string()),
            ("sitting".to_string(), s.to_string()),
            ("case".to_string(), "1".to_string()),
        ]
    };
    // Another household than the case's: refused on both records.
    let other = w.state.with_store(move |s| Ok(s.create::<Household>(&[(at.clone(), HouseholdEvent::Formed { kind: HouseholdKind::Adoptive, name: "Other".into(), address: None, date: d("2024-05-01") })])?.0)).await.unwrap();
    let (v0, sv0) = (version(&w).await, sitting(&w, &s).await.1);
    let r = post_owned(&mut adm, &format!("/children/{child}/record/adoption-match"), &matched(v0, other.as_str())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(&format!("is about household {h}")), "{}", r.body);
    assert_eq!((version(&w).await, sitting(&w, &s).await.1), (v0, sv0), "nothing written on either");

    let r = post_owned(&mut adm, &format!("/children/{child}/record/adoption-match"), &matched(v0, h.as_str())).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (decided, sv1, _) = sitting(&w, &s).await;
    assert_eq!(sv1, sv0 + 1);
    assert_eq!(decided.case(1).unwrap().decided.as_ref().map(|d| (d.decision, d.date)), Some((Recommendation::Match, as_of())));
    let c2 = child.clone();
    let (record, v1, seq) = w
        .state
        .with_store(move |s| {
            let (record, v) = s.child(&c2)?.unwrap();
            Ok((record, v, s.child_log(&c2)?.last().unwrap().seq))
        })
        .await
        .unwrap();
    let adoption = record.adoptions.last().unwrap();
    assert_eq!(adoption.matched.map(|(d, _)| d), Some(as_of()));
    assert_eq!(adoption.matched_with.as_ref().and_then(|m| m.panel.as_ref()).map(|p| p.to_string()), Some(format!("{s} case 1")));
    let chronology = adm.get(&format!("/children/{child}/chronology")).await;
    assert!(chronology.body.contains(&format!("Matched with prospective adopters ({h})")), "{}", chronology.body);
    let tray = w.state.tray(&[Owner::Role(AGENCY_DECISION_MAKER.into())]).await.unwrap();
    assert!(!tray.iter().any(|i| i.title.starts_with("Decide: Adoption match")), "off the ADM's tray");

    // Withdrawn as entered in error: the sitting's entry goes with it; the case waits again.
    let r = post(&mut adm, &format!("/children/{child}/withdraw/{seq}"), &[("version", &v1.to_string()), ("withdrawal_reason", "Matched before the panel's minutes were agreed")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (reopened, sv2, log) = sitting(&w, &s).await;
    assert_eq!(sv2, sv1 + 1);
    assert!(matches!(log.last(), Some(Entry::Change(Change::EntryWithdrawn { entry, .. })) if *entry == sv1), "{log:?}");
    assert!(reopened.case(1).unwrap().awaits_decision());
    let tray = w.state.tray(&[Owner::Role(AGENCY_DECISION_MAKER.into())]).await.unwrap();
    assert!(tray.iter().any(|i| i.title.starts_with("Decide: Adoption match")), "back on the ADM's tray");
}
