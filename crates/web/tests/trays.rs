//! Trays and authorisation through the router: what lands on whose tray, the
//! separation-of-duties matrix (each step a manager authorises × who tries),
//! tasks set by a manager, and a manager's view of the team.

mod common;

use axum::http::StatusCode;
use carefile_domain::access::{Role, UserEvent};
use carefile_domain::codes::*;
use carefile_domain::journey::*;
use carefile_domain::{ChildEvent, ChildId, Recorded, TeamId, WorkerId};
use carefile_work::{Owner, Subject, Target, TrayItem};
use chrono::{NaiveDate, NaiveDateTime};
use common::{Client, World, world};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}
fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// The social worker's staff record and team.
fn sw_worker(w: &World) -> (WorkerId, TeamId) {
    let worker = w.state.accounts().users["sw"].worker.clone().unwrap();
    let team = w.state.org().staff[&worker].team_on(common::as_of()).unwrap().clone();
    (worker, team)
}

/// A second manager of the social worker's team.
async fn second_manager(w: &World) {
    let tm_worker = w.state.accounts().users["tm"].worker.clone();
    let added = UserEvent::UserAdded {
        username: "tm2".into(),
        role: Role::new("team-manager").unwrap(),
        worker: tm_worker,
        password_hash: carefile_web::auth::password::hash(&common::password("tm2")).unwrap(),
    };
    w.state.append_users("test", vec![added]).await.unwrap();
}

/// A new child allocated to the social worker, with `events` after registration, each recorded by its user.
async fn child(w: &World, id: &str, events: Vec<(&str, ChildEvent)>) -> ChildId {
    let (worker, team) = sw_worker(w);
    let details = ChildDetails {
        forename: "Mat".into(),
        surname: format!("Rix {id}"),
        dob: Some(d("2015-01-01")),
        ..Default::default()
    };
    let at = w.state.now();
    let mut all = vec![
        (Recorded::new(at, "test", None), ChildEvent::Registered { details }),
        (
            Recorded::new(at, "test", None),
            ChildEvent::WorkerAllocated { date: d("2026-03-01"), worker, team, reason: None },
        ),
    ];
    all.extend(events.into_iter().map(|(by, e)| (Recorded::new(at, by, None), e)));
    let id = ChildId::new(id).unwrap();
    let child = id.clone();
    w.state.with_store(move |s| s.append_child(&child, None, &all)).await.unwrap();
    w.state.sync().await.unwrap();
    id
}

fn referral(no: u32) -> ChildEvent {
    ChildEvent::ReferralReceived {
        referral: no,
        at: t("2026-03-02 10:00"),
        source: ReferralSource::Police,
        contact: None,
        exploitation: vec![],
    }
}

/// Each step a manager authorises: the events that lead to it (the first
/// recorded by `starter`, the rest by `tm`), and the step proposed.
fn step(which: usize, starter: &'static str) -> (&'static str, Vec<(&'static str, ChildEvent)>, ChildEvent) {
    let decided = |next| ChildEvent::ReferralDecided { referral: 1, at: t("2026-03-02 12:00"), next };
    match which {
        0 => (
            "contact decision",
            vec![(
                starter,
                ChildEvent::ContactReceived { contact: 1, at: t("2026-03-02 09:00"), source: ReferralSource::Police },
            )],
            ChildEvent::ContactDecided {
                contact: 1,
                at: t("2026-03-02 15:00"),
                outcome: ContactOutcome::NoFurtherAction,
            },
        ),
        1 => ("referral decision", vec![(starter, referral(1))], decided(ReferralNext::Assessment)),
        2 => (
            "assessment authorisation",
            vec![
                ("tm", referral(1)),
                ("tm", decided(ReferralNext::Assessment)),
                (starter, ChildEvent::AssessmentStarted { referral: 1, assessment: 1, date: d("2026-03-03") }),
            ],
            ChildEvent::AssessmentAuthorised {
                assessment: 1,
                date: d("2026-03-20"),
                completed: None,
                factors: vec![AssessmentFactor::from_code("21").unwrap()],
                outcome: AssessmentOutcome::NoFurtherAction,
            },
        ),
        3 => (
            "S47 outcome",
            vec![
                ("tm", referral(1)),
                ("tm", decided(ReferralNext::StrategyDiscussion)),
                (
                    "tm",
                    ChildEvent::StrategyDiscussionHeld {
                        referral: 1,
                        discussion: 1,
                        at: t("2026-03-02 14:00"),
                        s47: true,
                    },
                ),
                (starter, ChildEvent::S47Started { referral: 1, s47: 1, date: d("2026-03-02"), discussion: Some(1) }),
            ],
            ChildEvent::S47Concluded { s47: 1, date: d("2026-03-10"), icpc_required: false },
        ),
        _ => (
            "closure",
            vec![(starter, referral(1)), ("tm", decided(ReferralNext::NoFurtherAction))],
            ChildEvent::CaseClosed { referral: 1, date: d("2026-03-03"), reason: ReasonForClosure::RC7 },
        ),
    }
}

async fn authorise(c: &mut Client, child: &ChildId, no: u32) -> common::Response {
    let csrf = c.csrf.clone();
    c.post_form(&format!("/children/{child}/authorisations/{no}/authorise"), &[("csrf", &csrf)]).await
}

/// Proposes `event` as the social worker; returns the request's number.
async fn propose(w: &World, child: &ChildId, event: ChildEvent) -> u32 {
    let user = sign_in_state(w, "sw");
    carefile_web::pages::authorisations::propose(&w.state, &user, child, event, "please".into()).await.unwrap().unwrap()
}

fn sign_in_state(w: &World, name: &str) -> carefile_web::auth::SignedIn {
    let u = &w.state.accounts().users[name];
    let team = u.worker.as_ref().and_then(|x| w.state.org().staff[x].team_on(common::as_of()).cloned());
    carefile_web::auth::SignedIn {
        session: String::new(),
        csrf: String::new(),
        username: name.into(),
        role: u.role.clone(),
        worker: u.worker.clone(),
        service: team.as_ref().and_then(|t| w.state.org().teams.get(t).map(|t| t.service)),
        team,
        openings: Default::default(),
        policy: w.state.policy(),
    }
}

async fn last_event(w: &World, child: &ChildId) -> carefile_store::StoredEvent {
    let id = child.clone();
    w.state.with_store(move |s| s.child_log(&id)).await.unwrap().pop().unwrap()
}

/// Separation of duties (decision 001): for each step a manager authorises,
/// who may authorise the social worker's proposal of it: the manager who
/// recorded the step's start may not; the proposer and a reviewing officer
/// may not; another manager may, and the step is then the manager's entry.
#[tokio::test]
async fn separation_of_duties_matrix() {
    let w = world();
    second_manager(&w).await;
    let mut sw = w.signed_in("sw").await;
    let mut tm = w.signed_in("tm").await;
    let mut tm2 = w.signed_in("tm2").await;
    let mut iro = w.signed_in("iro").await;
    for which in 0..5 {
        // The start recorded by tm.
        let (name, lead, proposal) = step(which, "tm");
        let child = child(&w, &format!("M{which}"), lead).await;
        let no = propose(&w, &child, proposal.clone()).await;
        // The proposer: not a manager.
        assert_eq!(authorise(&mut sw, &child, no).await.status, StatusCode::FORBIDDEN, "{name}: proposer");
        // A reviewing officer: independent of the case, never authorises it.
        assert_eq!(authorise(&mut iro, &child, no).await.status, StatusCode::NOT_FOUND, "{name}: reviewing officer (not theirs to review: no such record for them)");
        // The manager who recorded the start (a closure's: the referral's).
        let r = authorise(&mut tm, &child, no).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{name}: recorder");
        assert!(r.body.contains("separation of duties"), "{name}: {}", r.body);
        // Another manager may.
        let r = authorise(&mut tm2, &child, no).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{name}: other manager: {}", r.body);
        let last = last_event(&w, &child).await;
        assert_eq!(last.event, proposal, "{name}: the step is written");
        assert!(last.recorded.by.starts_with("tm"), "{name}: as the manager's entry");
        assert!(last.recorded.reason.as_deref().unwrap().contains(&format!("authorised request {no}, proposed by sw")));
        // Authorised once only.
        assert_eq!(authorise(&mut tm2, &child, no).await.status, StatusCode::BAD_REQUEST, "{name}: twice");
    }
    // A manager recording a step directly: not one whose start they recorded.
    for which in 0..5 {
        let (name, lead, proposal) = step(which, "tm");
        let child = child(&w, &format!("D{which}"), lead).await;
        let r = carefile_web::pages::authorisations::may_record(&w.state, &sign_in_state(&w, "tm"), &child, &proposal)
            .await;
        assert!(r.is_err(), "{name}: tm recorded the start");
        let r = carefile_web::pages::authorisations::may_record(&w.state, &sign_in_state(&w, "tm2"), &child, &proposal)
            .await;
        assert!(r.is_ok(), "{name}: another manager records it directly");
    }
}

#[tokio::test]
async fn requests_and_returns_land_on_the_right_trays() {
    let w = world();
    let (name, lead, proposal) = step(0, "sw");
    let child = child(&w, "T1", lead).await;
    let mut sw = w.signed_in("sw").await;
    let mut tm = w.signed_in("tm").await;
    // The contact decision is a manager's: on the team's queue, not the worker's tray.
    let (worker, team) = sw_worker(&w);
    let of = |items: &[TrayItem]| {
        items.iter().filter(|i| i.subject == Subject::Child(child.clone())).cloned().collect::<Vec<_>>()
    };
    let queue = of(&w.state.tray(&[Owner::Team(team.clone())]).await.unwrap());
    assert_eq!(queue.len(), 1, "{name}: {queue:?}");
    assert_eq!(
        queue[0].target,
        Target::Meet { child: child.clone(), item: carefile_domain::timescales::Item::ContactDecision }
    );
    assert!(of(&w.state.tray(&[Owner::Worker(worker.clone())]).await.unwrap()).is_empty());
    // A request stands in for it, due when it is.
    let no = propose(&w, &child, proposal).await;
    let queue = of(&w.state.tray(&[Owner::Team(team.clone())]).await.unwrap());
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].target, Target::Authorisation { child: child.clone(), no });
    let tray = tm.get("/tray").await;
    assert_eq!(tray.status, StatusCode::OK);
    // Returned: on the proposer's tray.
    let csrf = tm.csrf.clone();
    let r = tm
        .post_form(
            &format!("/children/{child}/authorisations/{no}/return"),
            &[("csrf", &csrf), ("reason", "check with the school")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mine = of(&w.state.tray(&[Owner::User("sw".into())]).await.unwrap());
    assert!(mine[0].title.contains("returned by tm: check with the school"), "{mine:?}");
    let queue = of(&w.state.tray(&[Owner::Team(team)]).await.unwrap());
    assert_eq!(
        queue[0].target,
        Target::Meet { child: child.clone(), item: carefile_domain::timescales::Item::ContactDecision }
    );
    assert!(
        sw.get("/tray").await.body.contains("check with the school"),
        "unless the proposer's tray runs to a second page"
    );
    // The tray is audited, naming the children shown.
    let audit = w.audit(carefile_store::AuditFilter { user: Some("sw".into()), ..Default::default() }).await;
    assert!(audit.iter().any(|a| a.entry.detail.starts_with("GET /tray:") && a.entry.detail.contains(child.as_str())));
}

#[tokio::test]
async fn a_managers_task_is_on_the_workers_tray_until_done() {
    let w = world();
    let own = w.cases.own.clone();
    let (worker, _) = sw_worker(&w);
    let mut tm = w.signed_in("tm").await;
    let mut sw = w.signed_in("sw").await;
    let csrf = sw.csrf.clone();
    // Social workers do not set tasks.
    assert_eq!(
        sw.post_form("/tasks", &[("csrf", &csrf), ("title", "x"), ("owner", "team:T")]).await.status,
        StatusCode::FORBIDDEN
    );
    let owner = format!("worker:{worker}");
    let csrf = tm.csrf.clone();
    let r = tm
        .post_form(
            "/tasks",
            &[
                ("csrf", &csrf),
                ("child", own.as_str()),
                ("title", "Visit at school this week"),
                ("owner", &owner),
                ("due-day", "1"),
                ("due-month", "3"),
                ("due-year", "2026"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let task = r.location().unwrap().to_string();
    let items = w.state.tray(&[Owner::Worker(worker.clone())]).await.unwrap();
    assert!(items.iter().any(|i| i.title == "Visit at school this week"));
    // Most overdue first, then by due date, undated last.
    let dues: Vec<_> = items.iter().map(|i| (i.due.is_none(), i.due)).collect();
    assert!(dues.windows(2).all(|p| p[0] <= p[1]), "{dues:?}");
    let tray = sw.get("/tray").await;
    assert_eq!(tray.status, StatusCode::OK);
    // The manager sees it on the team's view.
    let team = tm.get("/tray/team").await;
    assert_eq!(team.status, StatusCode::OK);
    assert!(team.body.contains(&format!("/tray?worker={worker}")));
    let member = tm.get(&format!("/tray?worker={worker}")).await;
    assert!(member.body.contains("Visit at school this week"));
    // Done by the worker: off the tray.
    let csrf = sw.csrf.clone();
    let r =
        sw.post_form(&format!("{task}/done"), &[("csrf", &csrf), ("version", "1"), ("note", "seen at school")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        !w.state
            .tray(&[Owner::Worker(worker.clone())])
            .await
            .unwrap()
            .iter()
            .any(|i| i.title == "Visit at school this week")
    );
    assert!(sw.get(&task).await.body.contains("Done by sw"));
    // A worker may not look at another's tray, nor the team's.
    assert_eq!(sw.get(&format!("/tray?worker={worker}")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(sw.get("/tray/team").await.status, StatusCode::FORBIDDEN);
    assert_eq!(tm.get("/unallocated").await.status, StatusCode::OK);
}

/// A carer household's overdue review on its worker's tray and escalated to the service
/// managers; a case a fostering panel heard on the agency decision maker's; both pages open.
#[tokio::test]
async fn carers_reviews_and_panel_decisions_reach_the_trays_and_their_pages() {
    use carefile_domain::fostering::{CarerRecord, FosteringEvent, examples::mainstream};
    use carefile_domain::panels::{Attendee, Business, Panel, PanelEvent, PanelRole, Quorum, Recommendation, Sitting, SittingId};
    use carefile_domain::people::HouseholdId;
    use carefile_store::{Expected, Subjects};
    use carefile_work::households::{AGENCY_DECISION_MAKER, SERVICE_MANAGER};
    let w = world();
    let (worker, team) = sw_worker(&w);
    let at = w.state.now();
    let by = |who: &str| Recorded::new(at, who, None);
    let household = HouseholdId::new("H000001").unwrap();
    let carer = vec![
        (by("test"), FosteringEvent::ExistingApproval { date: d("2024-01-08"), terms: mainstream() }),
        (by("test"), FosteringEvent::WorkerAllocated { date: d("2024-01-08"), worker: worker.clone(), team }),
    ];
    let chair = Attendee { name: "Sue Tribe".into(), role: PanelRole::Chair, independent: true };
    let sitting = vec![
        (by("adviser"), PanelEvent::Scheduled { panel: Panel::Fostering, date: d("2026-03-24") }),
        (
            by("adviser"),
            PanelEvent::CaseListed {
                case: 1,
                business: Business::FosteringApproval,
                household: Some(HouseholdId::new("H000002").unwrap()),
                child: None,
                about: Some(1),
            },
        ),
        (by("adviser"), PanelEvent::Held { attendees: vec![chair], quorum: Quorum { met: true, rule: "test".into(), shortfall: String::new() } }),
        (
            by("chair"),
            PanelEvent::CaseHeard { case: 1, recommendation: Recommendation::Approve, reasons: "Heard".into(), quality: None, unanimous: None },
        ),
    ];
    let (h, s) = (household.clone(), SittingId::new("S000001").unwrap());
    w.state
        .with_store(move |st| {
            st.append::<CarerRecord>(&h, Expected::New, &carer)?;
            st.append::<Sitting>(&s, Expected::New, &sitting)
        })
        .await
        .unwrap();
    w.state.sync().await.unwrap();

    let mine = w.state.tray(&[Owner::Worker(worker)]).await.unwrap();
    let review = mine.iter().find(|i| i.title.starts_with("Review of approval")).expect("the review is on the worker's tray");
    assert_eq!(review.subject, Subject::Household(household.clone()));
    let managers = w.state.tray(&[Owner::Role(SERVICE_MANAGER.into())]).await.unwrap();
    assert_eq!(managers.len(), 1, "{managers:?}");
    assert!(managers[0].title.starts_with("Overdue: Review of approval"));
    let adm = w.state.tray(&[Owner::Role(AGENCY_DECISION_MAKER.into())]).await.unwrap();
    assert_eq!(adm.len(), 1, "{adm:?}");
    // Tuesday 24 March + 7 working days = Thursday 2 April (Good Friday is 3 April).
    assert_eq!(adm[0].due, Some(carefile_domain::timescales::Moment::day(d("2026-04-02"))));

    let mut sw = w.signed_in("sw").await;
    let tray = sw.get("/tray").await;
    assert!(tray.body.contains("href=\"/households/H000001\""), "{}", tray.body);
    let page = sw.get("/households/H000001").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Review of approval") && page.body.contains("Overdue"));
    let panel = sw.get("/panels/S000001").await;
    assert_eq!(panel.status, StatusCode::OK, "{}", panel.body);
    assert!(panel.body.contains("Approval as foster carers") && panel.body.contains("Waiting"));
    assert_eq!(sw.get("/households/H000009").await.status, StatusCode::NOT_FOUND);
    let audit = w.audit(carefile_store::AuditFilter { user: Some("sw".into()), ..Default::default() }).await;
    assert!(audit.iter().any(|a| a.entry.detail == "GET /households/{id} H000001"));
}
