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

/// A manager of another team (not the social worker's), as user `tmb`, and a social worker of that team.
async fn other_team(w: &World) -> (TeamId, WorkerId) {
    use carefile_domain::org::StaffRole;
    let (_, home) = sw_worker(w);
    let today = common::as_of();
    let (manager, team, worker) = {
        let org = w.state.org();
        let in_team = |t: &TeamId, role: StaffRole| {
            org.staff.values().find(|s| s.role == role && s.in_post(today) && s.team_on(today) == Some(t)).map(|s| s.id.clone())
        };
        org.teams
            .keys()
            .filter(|t| **t != home)
            .find_map(|t| Some((in_team(t, StaffRole::TeamManager)?, t.clone(), in_team(t, StaffRole::SocialWorker)?)))
            .expect("another team with a manager and a social worker")
    };
    let added = UserEvent::UserAdded {
        username: "tmb".into(),
        role: Role::new("team-manager").unwrap(),
        worker: Some(manager),
        password_hash: carefile_web::auth::password::hash(&common::password("tmb")).unwrap(),
    };
    w.state.append_users("test", vec![added]).await.unwrap();
    (team, worker)
}

/// The child's items on a team's queue.
async fn on_queue(w: &World, team: &TeamId, child: &ChildId) -> Vec<TrayItem> {
    let items = w.state.tray(&[Owner::Team(team.clone())]).await.unwrap();
    items.into_iter().filter(|i| i.subject == Subject::Child(child.clone())).collect()
}

/// An acceptance's fields: `worker` from 31 March 2026.
fn accepting(worker: &WorkerId) -> Vec<(&'static str, String)> {
    let mut v = vec![("worker", worker.to_string())];
    v.extend([("date-day", "31"), ("date-month", "3"), ("date-year", "2026")].map(|(k, x)| (k, x.to_string())));
    v
}

fn borrowed<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, x)| (*k, x.as_str())).collect()
}

async fn transfer_step(c: &mut Client, child: &ChildId, no: u32, action: &str, more: &[(&str, &str)]) -> common::Response {
    post_step(c, &format!("/children/{child}/transfers/{no}/{action}"), more).await
}

/// Posts a form with the client's CSRF token.
async fn post_step(c: &mut Client, path: &str, more: &[(&str, &str)]) -> common::Response {
    let csrf = c.csrf.clone();
    let mut pairs = vec![("csrf", csrf.as_str())];
    pairs.extend_from_slice(more);
    c.post_form(path, &pairs).await
}

async fn propose_transfer(c: &mut Client, child: &ChildId, to: &TeamId) -> common::Response {
    let csrf = c.csrf.clone();
    let pairs = [("csrf", csrf.as_str()), ("to", to.as_str()), ("reason", "TSPROC"), ("note", "Long-term child in need work")];
    c.post_form(&format!("/children/{child}/transfers"), &pairs).await
}

/// A transfer between teams: proposed by the holding team's manager, on the
/// receiving team's queue, opened by its manager only for the transfer, and
/// accepted with one of their workers (the allocation written as theirs, in
/// one transaction); the sending team keeps the child until then. A decline
/// goes back to the sending team's queue until noted; a withdrawal ends it.
#[tokio::test]
async fn a_transfer_waits_for_the_receiving_team_and_allocates_on_acceptance() {
    use carefile_store::Subjects;
    use carefile_work::{Kind, TransferStatus, Transfers};
    let w = world();
    let (_, home) = sw_worker(&w);
    let (to, their_worker) = other_team(&w).await;
    let (mut sw, mut tm, mut tmb) = (w.signed_in("sw").await, w.signed_in("tm").await, w.signed_in("tmb").await);
    let child = child(&w, "X1", vec![("sw", referral(1))]).await;
    assert_eq!(tmb.get(&format!("/children/{child}")).await.status, StatusCode::NOT_FOUND, "not their team's child yet");
    // What the record holds: an alert for whoever visits, and a case note only the record shows.
    let csrf = sw.csrf.clone();
    let alert = [("csrf", csrf.as_str()), ("kind", "risk_to_staff"), ("detail", "Dog at the address")];
    assert_eq!(sw.post_form(&format!("/children/{child}/people/alert"), &alert).await.status, StatusCode::SEE_OTHER);
    let mut note = vec![("csrf", csrf.as_str()), ("kind", "visit"), ("title", "Home visit"), ("text", "Mat showed me his drawings.")];
    note.extend([("date-day", "30"), ("date-month", "3"), ("date-year", "2026")]);
    assert_eq!(sw.post_form(&format!("/children/{child}/notes"), &note).await.status, StatusCode::SEE_OTHER);
    // A social worker does not transfer children.
    assert_eq!(propose_transfer(&mut sw, &child, &to).await.status, StatusCode::FORBIDDEN);
    let r = propose_transfer(&mut tm, &child, &to).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), Some(format!("/children/{child}/transfers/1").as_str()));
    let again = propose_transfer(&mut tm, &child, &home).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("Select the team"), "the holding team is not offered");
    assert!(propose_transfer(&mut tm, &child, &to).await.body.contains("already waiting"));
    // On the receiving queue; the sending team keeps the child meanwhile.
    let items = on_queue(&w, &to, &child).await;
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!((items[0].kind, &items[0].target), (Kind::Transfer, &Target::Transfer { child: child.clone(), no: 1 }));
    assert!(!items[0].title.contains(home.as_str()), "teams by name: {}", items[0].title);
    assert_eq!(w.state.index().await.unwrap().child(&child).unwrap().team(), Some(&home));
    assert_eq!(sw.get(&format!("/children/{child}")).await.status, StatusCode::OK);
    // The receiving manager opens the transfer, not the record; audited as an incoming transfer.
    let page = tmb.get(&format!("/children/{child}/transfers/1")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Accept and allocate") && page.body.contains("Long-term child in need work"));
    // A summary: who the child is, the risk to staff and the work owed; not the record's notes or chronology.
    for shown in ["Mat Rix X1", "Risk to staff: Dog at the address", "decision on the referral", "opens to your team when you accept"] {
        assert!(page.body.contains(shown), "the summary lacks '{shown}': {}", page.body);
    }
    assert!(!page.body.contains("showed me his drawings") && !page.body.contains("id=\"chronology\""), "{}", page.body);
    for part in ["", "/chronology", "/notes", "/plans", "/documents", "/people"] {
        let r = tmb.get(&format!("/children/{child}{part}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{part} before accepting");
    }
    let audit = w.audit(carefile_store::AuditFilter { user: Some("tmb".into()), ..Default::default() }).await;
    assert!(audit.iter().any(|a| a.entry.detail.contains("(incoming transfer 1)")), "{audit:?}");
    // Only the receiving team accepts, and only with its own worker.
    let (sw_id, _) = sw_worker(&w);
    let (theirs, wrong) = (accepting(&their_worker), accepting(&sw_id));
    let (refs, wrong) = (borrowed(&theirs), borrowed(&wrong));
    assert_eq!(transfer_step(&mut tm, &child, 1, "accept", &refs).await.status, StatusCode::FORBIDDEN, "the sending manager");
    let r = transfer_step(&mut tmb, &child, 1, "accept", &wrong).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Select a worker of your team"));
    let r = transfer_step(&mut tmb, &child, 1, "accept", &refs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let last = last_event(&w, &child).await;
    assert_eq!(
        last.event,
        ChildEvent::WorkerAllocated {
            date: d("2026-03-31"),
            worker: their_worker.clone(),
            team: to.clone(),
            reason: Some(SocialWorkerChangeReason::Tsproc)
        }
    );
    assert_eq!(last.recorded.by, "tmb");
    assert!(last.recorded.reason.as_deref().unwrap().contains("accepted transfer 1"));
    let id = child.clone();
    let (transfers, _) = w.state.read_store(move |s| s.subject::<Transfers>(&id)).await.unwrap().unwrap();
    assert!(matches!(&transfers.transfers[0].status, TransferStatus::Accepted { seq, .. } if *seq == last.seq));
    // Off the receiving queue; the work the child is owed (the referral's decision) moves there with the child.
    let queue = on_queue(&w, &to, &child).await;
    assert!(!queue.is_empty() && queue.iter().all(|i| i.kind == Kind::Due), "{queue:?}");
    // The full record after: the chronology with the referral, the case note, the alert.
    let record = tmb.get(&format!("/children/{child}")).await;
    assert_eq!(record.status, StatusCode::OK, "theirs now");
    assert!(record.body.contains("id=\"chronology\"") && record.body.contains("Dog at the address"), "{}", record.body);
    let notes = tmb.get(&format!("/children/{child}/chronology")).await;
    assert!(notes.body.contains("Home visit"), "{}", notes.body);
    let first = tmb.get(&format!("/children/{child}/notes")).await;
    let prefix = format!("href=\"/children/{child}/notes/");
    let listed = first.body.split(&prefix).skip(1).map(|s| s.split('"').next().unwrap());
    let href = listed.into_iter().find(|n| *n != "new").expect("the note is listed").to_string();
    let note = tmb.get(&format!("/children/{child}/notes/{href}")).await;
    assert!(note.body.contains("showed me his drawings"), "{}", note.body);
    // The summary no longer stands in for the record once decided.
    assert!(!tmb.get(&format!("/children/{child}/transfers/1")).await.body.contains("opens to your team"));
    assert_eq!(sw.get(&format!("/children/{child}")).await.status, StatusCode::NOT_FOUND, "no longer the worker's");
    assert_eq!(transfer_step(&mut tmb, &child, 1, "accept", &refs).await.status, StatusCode::UNPROCESSABLE_ENTITY, "once");

    // Declined: back on the sending team's queue until noted.
    let second = self::child(&w, "X2", vec![]).await;
    assert_eq!(propose_transfer(&mut tm, &second, &to).await.status, StatusCode::SEE_OTHER);
    let r = transfer_step(&mut tmb, &second, 1, "decline", &[("reason", "The family lives outside our locality")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let back = w.state.tray(&[Owner::Team(home.clone())]).await.unwrap();
    assert!(back.iter().any(|i| i.kind == Kind::Transfer && i.title.contains("outside our locality")), "{back:?}");
    assert_eq!(tmb.get(&format!("/children/{second}/transfers/1")).await.status, StatusCode::NOT_FOUND, "decided: not theirs");
    assert_eq!(transfer_step(&mut tm, &second, 1, "note", &[]).await.status, StatusCode::SEE_OTHER);
    assert!(!w.state.tray(&[Owner::Team(home.clone())]).await.unwrap().iter().any(|i| i.kind == Kind::Transfer));
    assert_eq!(last_event(&w, &second).await.event, ChildEvent::WorkerAllocated { date: d("2026-03-01"), worker: sw_id, team: home, reason: None });

    // Withdrawn by the sending team: off the receiving queue.
    assert_eq!(propose_transfer(&mut tm, &second, &to).await.status, StatusCode::SEE_OTHER);
    assert_eq!(transfer_step(&mut tmb, &second, 2, "withdraw", &[("reason", "x")]).await.status, StatusCode::FORBIDDEN);
    let r = transfer_step(&mut tm, &second, 2, "withdraw", &[("reason", "The family moved back")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(on_queue(&w, &to, &second).await.is_empty());
    let list = tm.get(&format!("/children/{second}/transfers")).await;
    assert!(list.body.contains("Withdrawn") && list.body.contains("Declined") && list.body.contains("Propose the transfer"));
}

/// The reviewing officer's own record: a looked-after review they chaired owes
/// its minutes on their tray until they record them issued; their visits,
/// midway checks and disputes (with stages that only go up) on the record's
/// page; only a reviewer assigned to the child writes it; and a reviewer is
/// never allocated as the child's worker.
#[tokio::test]
async fn a_reviewers_record_minutes_visits_midway_checks_and_disputes() {
    use carefile_domain::reviewing::{ContactKind, ReviewingRecord};
    use carefile_store::Subjects;
    let w = world();
    let iro_worker = w.state.accounts().users["iro"].worker.clone().unwrap();
    let care = ChildEvent::CareStarted {
        date: d("2026-01-05"),
        legal_status: LegalStatus::C2,
        need: CategoryOfNeed::N1,
        placement: Placement {
            kind: PlacementType::U4,
            provider: Some(PlacementProvider::PR1),
            postcode: None,
            urn: None,
            carer: None,
            household: None,
        },
        previous_permanence: None,
    };
    let assigned = ChildEvent::ReviewerAssigned { date: d("2026-01-06"), worker: iro_worker.clone(), role: ReviewerRole::ReviewingOfficer };
    let review = ChildEvent::LacReviewHeld { date: d("2026-03-02"), participation: ReviewParticipation::from_code("PN1").unwrap() };
    let child = child(&w, "L1", vec![("tm", care), ("tm", assigned), ("tm", review)]).await;
    // The minutes are on the IRO's tray, due 20 working days after the review.
    let minutes = |items: Vec<TrayItem>| items.into_iter().filter(|i| i.subject == Subject::Child(child.clone()) && i.title.starts_with("Minutes")).collect::<Vec<_>>();
    let owed = minutes(w.state.tray(&[Owner::Worker(iro_worker.clone())]).await.unwrap());
    assert_eq!(owed.len(), 1, "{owed:?}");
    assert_eq!(owed[0].due, Some(carefile_domain::timescales::Moment::day(d("2026-03-30"))));
    assert_eq!(owed[0].target, Target::Reviewing { child: child.clone() });
    let mut iro = w.signed_in("iro").await;
    let page = iro.get(&format!("/children/{child}/reviewing")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Overdue") && page.body.contains("Record minutes issued"));
    let date = |prefix: &'static str| -> Vec<(&'static str, &'static str)> {
        match prefix {
            "minutes" => vec![("minutes-date-day", "27"), ("minutes-date-month", "3"), ("minutes-date-year", "2026")],
            "contact" => vec![("contact-date-day", "20"), ("contact-date-month", "3"), ("contact-date-year", "2026")],
            "midway" => vec![("midway-date-day", "16"), ("midway-date-month", "3"), ("midway-date-year", "2026")],
            "dispute" => vec![("dispute-date-day", "17"), ("dispute-date-month", "3"), ("dispute-date-year", "2026")],
            "escalate" => vec![("escalate-date-day", "24"), ("escalate-date-month", "3"), ("escalate-date-year", "2026")],
            _ => vec![("resolve-date-day", "30"), ("resolve-date-month", "3"), ("resolve-date-year", "2026")],
        }
    };
    let with = |mut v: Vec<(&'static str, &'static str)>, more: &[(&'static str, &'static str)]| {
        v.extend_from_slice(more);
        v
    };
    // Someone who is not the child's reviewer cannot write it, even a manager who may open the child.
    let path = |action: &str| format!("/children/{child}/reviewing/{action}");
    let r = post_step(&mut w.signed_in("tm").await, &path("contact"), &with(date("contact"), &[("contact-kind", "visit")])).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let steps: [(&'static str, Vec<(&'static str, &'static str)>, StatusCode); 7] = [
        ("minutes", with(date("minutes"), &[("meeting", "lac_review:2026-03-02")]), StatusCode::SEE_OTHER),
        ("contact", with(date("contact"), &[("contact-kind", "visit"), ("contact-alone", "on")]), StatusCode::SEE_OTHER),
        ("midway", with(date("midway"), &[("midway-track", "no")]), StatusCode::UNPROCESSABLE_ENTITY),
        ("midway", with(date("midway"), &[("midway-track", "no"), ("midway-note", "No school place yet")]), StatusCode::SEE_OTHER),
        ("dispute", with(date("dispute"), &[("dispute-stage", "team_manager"), ("dispute-concern", "No school place after 10 weeks")]), StatusCode::SEE_OTHER),
        ("escalate", with(date("escalate"), &[("no", "1"), ("escalate-stage", "informal")]), StatusCode::UNPROCESSABLE_ENTITY),
        ("escalate", with(date("escalate"), &[("no", "1"), ("escalate-stage", "head_of_service")]), StatusCode::SEE_OTHER),
    ];
    for (action, pairs, status) in steps {
        let r = post_step(&mut iro, &path(action), &pairs).await;
        assert_eq!(r.status, status, "{action}: {}", r.body);
    }
    let resolved = with(date("resolve"), &[("no", "1"), ("resolve-outcome", "Place agreed at the local academy")]);
    let r = post_step(&mut iro, &path("resolve"), &resolved).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(minutes(w.state.tray(&[Owner::Worker(iro_worker.clone())]).await.unwrap()).is_empty(), "issued: off the tray");
    let id = child.clone();
    let (record, _) = w.state.read_store(move |s| s.subject::<ReviewingRecord>(&id)).await.unwrap().unwrap();
    assert_eq!(record.last_visit(common::as_of()), Some(d("2026-03-20")));
    assert_eq!(record.contacts[0].kind, ContactKind::Visit);
    assert_eq!(record.disputes[0].stages.len(), 2);
    assert!(record.open_disputes().next().is_none());
    let page = iro.get(&format!("/children/{child}/reviewing")).await;
    assert!(page.body.contains("Issued 27 Mar 2026") && page.body.contains("20 March 2026") && page.body.contains("Place agreed"));
    // Never the child's worker.
    let id = child.clone();
    let allocated = ChildEvent::WorkerAllocated { date: d("2026-03-31"), worker: iro_worker, team: sw_worker(&w).1, reason: None };
    let at = w.state.now();
    let refused = w
        .state
        .with_store(move |s| {
            let version = s.child(&id)?.map(|(_, v)| v);
            Ok(s.append_child(&id, version, &[(Recorded::new(at, "tm", None), allocated)]).map_err(|e| e.to_string()))
        })
        .await
        .unwrap()
        .expect_err("a reviewer allocated as the worker");
    assert!(refused.to_string().contains("never the child's worker"), "{refused}");
}

/// A head of service's tray holds their officers' queue because the policy adds it to the role
/// (`queues`), and no one else's tray holds it.
#[tokio::test]
async fn a_heads_tray_holds_the_queues_the_policy_adds_to_the_role() {
    let w = world();
    let add = |name: &str, role: &str| UserEvent::UserAdded {
        username: name.into(),
        role: Role::new(role).unwrap(),
        worker: None,
        password_hash: carefile_web::auth::password::hash(&common::password(name)).unwrap(),
    };
    let accounts = vec![add("vsh", "virtual-school-head"), add("vso", "virtual-school-officer"), add("cm", "complaints-manager")];
    w.state.append_users("test", accounts).await.unwrap();
    let owners = |name: &str| carefile_web::trays::owners(&sign_in_state(&w, name));
    let peps = Owner::Role(carefile_work::due::VIRTUAL_SCHOOL_OFFICER.into());
    let complaints = Owner::Role(carefile_work::complaints::COMPLAINTS_OFFICER.into());
    assert!(owners("vsh").contains(&peps) && owners("vso").contains(&peps));
    assert!(owners("cm").contains(&complaints) && !owners("cm").contains(&peps));
    for other in ["sw", "tm", "iro", "admin"] {
        assert!(!owners(other).contains(&peps) && !owners(other).contains(&complaints), "{other}");
    }
    let waiting = w.state.tray(&[peps]).await.unwrap();
    assert!(!waiting.is_empty(), "the world has PEPs waiting for an education officer");
    let head = w.state.tray(&owners("vsh")).await.unwrap();
    assert!(waiting.iter().all(|i| head.contains(i)), "the head's tray holds the officers' queue");
}

/// A tray narrowed by kind, overdue items only and one child, still in tray
/// order (most overdue first, then by due date, undated last), paged with the
/// filter kept in every page link; a manager filters a member's tray the same way.
#[tokio::test]
async fn the_tray_filters_by_kind_overdue_and_child_and_pages_what_it_shows() {
    use carefile_work::Kind;
    let w = world();
    let (own, mate) = (w.cases.own.clone(), w.cases.team.clone());
    let (worker, _) = sw_worker(&w);
    let mut tm = w.signed_in("tm").await;
    let mut sw = w.signed_in("sw").await;
    let owner = format!("worker:{worker}");
    let set = |title: String, child: &ChildId, due: Option<(&'static str, &'static str)>| {
        let mut pairs = vec![("child".to_string(), child.to_string()), ("title".to_string(), title), ("owner".to_string(), owner.clone())];
        if let Some((day, month)) = due {
            pairs.extend([("due-day".to_string(), day.to_string()), ("due-month".to_string(), month.to_string()), ("due-year".to_string(), "2026".to_string())]);
        }
        pairs
    };
    let mut tasks = vec![
        set("Overdue task for the own child".into(), &own, Some(("2", "3"))),
        set("Overdue task for the team's child".into(), &mate, Some(("20", "3"))),
    ];
    // Enough undated tasks to fill more than a page of tasks alone.
    tasks.extend((1..=carefile_web::ui::paging::PER_PAGE).map(|n| set(format!("Check the file, part {n:02}"), &own, None)));
    for pairs in &tasks {
        let csrf = tm.csrf.clone();
        let mut form: Vec<(&str, &str)> = vec![("csrf", &csrf)];
        form.extend(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let r = tm.post_form("/tasks", &form).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let today = common::as_of();
    let all = w.state.tray(&[Owner::Worker(worker.clone()), Owner::User("sw".into())]).await.unwrap();
    let count = |f: &dyn Fn(&TrayItem) -> bool| all.iter().filter(|i| f(i)).count();
    let showing = |n: usize| format!("Showing {n} item{} of {}.", if n == 1 { "" } else { "s" }, all.len());

    // By kind: the tasks only, two pages of them, the filter kept on the way.
    let tasks_n = count(&|i| i.kind == Kind::Task);
    assert_eq!(tasks_n, carefile_web::ui::paging::PER_PAGE + 2);
    let page = sw.get("/tray?kind=task").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&showing(tasks_n)), "{}", page.body);
    assert!(page.body.contains("href=\"/tray?kind=task&amp;page=2\""), "the next page keeps the filter: {}", page.body);
    let first = page.body.find("Overdue task for the own child").expect("the most overdue task first");
    let second = page.body.find("Overdue task for the team&#39;s child").or_else(|| page.body.find("Overdue task for the team's child")).unwrap();
    let undated = page.body.find("Check the file, part 01").unwrap();
    assert!(first < second && second < undated, "most overdue, then by due date, undated last");
    let due = all.iter().find(|i| i.kind == Kind::Due).map(|i| i.title.clone());
    if let Some(title) = &due {
        assert!(!page.body.contains(&format!(">{title}<")), "no due item among the tasks: {title}");
    }
    let two = sw.get("/tray?kind=task&page=2").await;
    assert!(two.body.contains("Check the file, part") && !two.body.contains("Overdue task for the own child"), "{}", two.body);

    // Overdue only: the two overdue tasks, none of the undated ones.
    let overdue_n = count(&|i| i.is_overdue(today));
    let page = sw.get("/tray?overdue=on").await;
    assert!(page.body.contains(&showing(overdue_n)), "{}", page.body);
    assert!(page.body.contains("Overdue task for the own child") && !page.body.contains("Check the file, part"));

    // One child: the team's child's items only, chosen by name from the children the tray holds.
    let mate_n = count(&|i| i.subject == Subject::Child(mate.clone()));
    let name = w.state.index().await.unwrap().child(&mate).unwrap().name.clone();
    let page = sw.get(&format!("/tray?child={mate}")).await;
    assert!(page.body.contains(&showing(mate_n)), "{}", page.body);
    assert!(page.body.contains(&format!("<option value=\"{mate}\" selected>{name}</option>")), "{}", page.body);
    assert!(!page.body.contains("Overdue task for the own child") && !page.body.contains("Check the file, part"));

    // All three together: one item.
    let page = sw.get(&format!("/tray?kind=task&overdue=on&child={own}")).await;
    assert!(page.body.contains(&showing(1)) && page.body.contains("Overdue task for the own child"), "{}", page.body);
    // A kind that is not one shows nothing rather than everything.
    assert!(sw.get("/tray?kind=anything").await.body.contains("No item matches the filter."));

    // The manager filters the worker's tray and stays on it.
    let page = tm.get(&format!("/tray?worker={worker}&kind=task&overdue=on")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("<input type=\"hidden\" name=\"worker\" value=\"{worker}\">")), "{}", page.body);
    assert!(page.body.contains("Overdue task for the team") && !page.body.contains("Check the file, part"), "{}", page.body);
}

/// A member of staff for a new account: in post, outside the social worker's
/// team and not managing it, and not among `not`.
fn independent_staff(w: &World, not: &[WorkerId]) -> WorkerId {
    let (sw, team) = sw_worker(w);
    let org = w.state.org();
    let manages = |s: &carefile_domain::org::Staff| {
        s.team_on(common::as_of()) == Some(&team) || matches!(s.role, carefile_domain::org::StaffRole::ServiceManager | carefile_domain::org::StaffRole::TeamManager)
    };
    org.staff
        .values()
        .find(|s| s.in_post(common::as_of()) && s.left.is_none() && s.id != sw && !manages(s) && !not.contains(&s.id))
        .expect("staff outside the team")
        .id
        .clone()
}

async fn add_user(w: &World, name: &str, role: &str, worker: &WorkerId) {
    let added = UserEvent::UserAdded {
        username: name.into(),
        role: Role::new(role).unwrap(),
        worker: Some(worker.clone()),
        password_hash: carefile_web::auth::password::hash(&common::password(name)).unwrap(),
    };
    w.state.append_users("test", vec![added]).await.unwrap();
}

/// Separation of duties for the reviewers' own records: the conference chair
/// assigned to the child records the initial conference (from the enquiry that
/// concluded one is needed), the plan it decided, its review and its end, and
/// keeps the child until the last conference's minutes are due; the reviewing
/// officer records the looked-after review. For each step: the social worker
/// (not theirs to record), a chair or reviewing officer not assigned to the
/// child (no such record for them) and the other kind of reviewer are refused
/// and nothing is written; the assigned one records it.
#[tokio::test]
async fn the_chair_and_the_reviewing_officer_record_their_own_conferences_and_reviews() {
    let w = world();
    let iro_worker = w.state.accounts().users["iro"].worker.clone().unwrap();
    let chair_worker = independent_staff(&w, std::slice::from_ref(&iro_worker));
    let other_chair = independent_staff(&w, &[iro_worker.clone(), chair_worker.clone()]);
    add_user(&w, "chair", "conference-chair", &chair_worker).await;
    add_user(&w, "chair2", "conference-chair", &other_chair).await;
    let decided = ChildEvent::ReferralDecided { referral: 1, at: t("2026-03-02 12:00"), next: ReferralNext::StrategyDiscussion };
    let enquiry = vec![
        ("tm", referral(1)),
        ("tm", decided),
        ("tm", ChildEvent::StrategyDiscussionHeld { referral: 1, discussion: 1, at: t("2026-03-02 14:00"), s47: true }),
        ("sw", ChildEvent::S47Started { referral: 1, s47: 1, date: d("2026-03-02"), discussion: Some(1) }),
        ("tm", ChildEvent::ReviewerAssigned { date: d("2026-03-03"), worker: chair_worker.clone(), role: ReviewerRole::ConferenceChair }),
    ];
    let cp = child(&w, "CH1", enquiry).await;
    let mut chair = w.signed_in("chair").await;
    // While the enquiry goes on, no conference is asked for: the child is not the chair's yet.
    let early = chair.get(&format!("/children/{cp}")).await;
    assert_eq!(early.status, StatusCode::NOT_FOUND, "{}", early.body);
    let id = cp.clone();
    let at = w.state.now();
    let concluded = ChildEvent::S47Concluded { s47: 1, date: d("2026-03-10"), icpc_required: true };
    w.state
        .with_store(move |s| {
            let v = s.child(&id)?.map(|(_, v)| v);
            s.append_child(&id, v, &[(Recorded::new(at, "tm", None), concluded)])
        })
        .await
        .unwrap();
    w.state.sync().await.unwrap();

    let version = |id: ChildId| {
        let state = w.state.clone();
        async move { state.with_store(move |s| s.child(&id)).await.unwrap().unwrap().1 }
    };
    let mut sw = w.signed_in("sw").await;
    let mut iro = w.signed_in("iro").await;
    let mut chair2 = w.signed_in("chair2").await;
    let steps: [(&str, Vec<(&str, &str)>); 4] = [
        ("icpc", vec![("referral", "1"), ("s47", "1"), ("date", "2026-03-20"), ("plan", "on")]),
        ("cp-plan-start", vec![("referral", "1"), ("date", "2026-03-20"), ("category", "NEG")]),
        ("cp-review", vec![("plan", "1"), ("date", "2026-03-27")]),
        ("cp-plan-end", vec![("plan", "1"), ("date", "2026-03-30")]),
    ];
    for (slug, fields) in &steps {
        let path = format!("/children/{cp}/record/{slug}");
        for (who, c, refused) in [
            ("the social worker", &mut sw, StatusCode::FORBIDDEN),
            ("a reviewing officer not assigned", &mut iro, StatusCode::NOT_FOUND),
            ("a chair not assigned", &mut chair2, StatusCode::NOT_FOUND),
        ] {
            let v = version(cp.clone()).await.to_string();
            let mut pairs = vec![("version", v.as_str())];
            pairs.extend_from_slice(fields);
            let r = post_step(c, &path, &pairs).await;
            assert_eq!(r.status, refused, "{slug}: {who}: {}", r.body);
            assert_eq!(version(cp.clone()).await.to_string(), v, "{slug}: {who}: nothing written");
        }
        let v = version(cp.clone()).await.to_string();
        let mut pairs = vec![("version", v.as_str())];
        pairs.extend_from_slice(fields);
        let r = post_step(&mut chair, &path, &pairs).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{slug}: the chair: {}", r.body);
        let last = last_event(&w, &cp).await;
        assert_eq!(last.recorded.by, "chair", "{slug}: the chair's own entry");
        // Where the save takes the chair: the record is still theirs.
        let back = chair.get(r.location().unwrap()).await;
        assert_eq!(back.status, StatusCode::OK, "{slug}: {}", back.body);
    }
    // After the plan ended the chair keeps the child until the review's minutes are due:
    // the minutes are on their tray and their record of the child opens.
    let owed: Vec<_> = w.state.tray(&[Owner::Worker(chair_worker.clone())]).await.unwrap().into_iter().filter(|i| i.subject == Subject::Child(cp.clone())).collect();
    assert!(owed.iter().any(|i| i.title.starts_with("Minutes of the")), "{owed:?}");
    let page = chair.get(&format!("/children/{cp}/reviewing")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Record minutes issued"), "{}", page.body);
    // And no longer: a plan that ended in January, its minutes due long since, is closed to its chair.
    let ended = vec![
        ("tm", ChildEvent::ReferralReceived { referral: 1, at: t("2025-10-01 10:00"), source: ReferralSource::Police, contact: None, exploitation: vec![] }),
        ("tm", ChildEvent::ReferralDecided { referral: 1, at: t("2025-10-01 12:00"), next: ReferralNext::StrategyDiscussion }),
        ("tm", ChildEvent::StrategyDiscussionHeld { referral: 1, discussion: 1, at: t("2025-10-01 14:00"), s47: true }),
        ("sw", ChildEvent::S47Started { referral: 1, s47: 1, date: d("2025-10-01"), discussion: Some(1) }),
        ("tm", ChildEvent::S47Concluded { s47: 1, date: d("2025-10-10"), icpc_required: true }),
        ("tm", ChildEvent::ReviewerAssigned { date: d("2025-10-10"), worker: chair_worker.clone(), role: ReviewerRole::ConferenceChair }),
        ("chair", ChildEvent::IcpcHeld { referral: 1, s47: Some(1), date: d("2025-10-20"), plan: true }),
        ("chair", ChildEvent::CpPlanStarted { referral: 1, plan: 1, date: d("2025-10-20"), category: CategoryOfAbuse::Neglect, transfer_in: false, previous_plans: None }),
        ("chair", ChildEvent::CpPlanEnded { plan: 1, date: d("2026-01-05") }),
    ];
    let past = child(&w, "CH2", ended).await;
    let late = chair.get(&format!("/children/{past}")).await;
    assert_eq!(late.status, StatusCode::NOT_FOUND, "{}", late.body);

    // The reviewing officer's looked-after review.
    let care = ChildEvent::CareStarted {
        date: d("2026-01-05"),
        legal_status: LegalStatus::C2,
        need: CategoryOfNeed::N1,
        placement: Placement { kind: PlacementType::U4, provider: Some(PlacementProvider::PR1), postcode: None, urn: None, carer: None, household: None },
        previous_permanence: None,
    };
    let assigned = ChildEvent::ReviewerAssigned { date: d("2026-01-06"), worker: iro_worker, role: ReviewerRole::ReviewingOfficer };
    let lac = child(&w, "LR1", vec![("tm", care), ("tm", assigned)]).await;
    let path = format!("/children/{lac}/record/lac-review");
    for (who, c, refused) in [("the social worker", &mut sw, StatusCode::FORBIDDEN), ("a chair", &mut chair, StatusCode::NOT_FOUND)] {
        let v = version(lac.clone()).await.to_string();
        let r = post_step(c, &path, &[("version", &v), ("date", "2026-03-25"), ("participation", "PN1")]).await;
        assert_eq!(r.status, refused, "lac review: {who}: {}", r.body);
    }
    let v = version(lac.clone()).await.to_string();
    let r = post_step(&mut iro, &path, &[("version", &v), ("date", "2026-03-25"), ("participation", "PN1")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "lac review: the reviewing officer: {}", r.body);
    assert_eq!(last_event(&w, &lac).await.recorded.by, "iro");
}

/// The staff IDs (`W` and six digits) a page shows as text, outside its tags.
fn staff_ids_shown(html: &str) -> Vec<String> {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for i in 0..chars.len() {
        let boundary = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_none_or(|c| !c.is_ascii_alphanumeric());
        if chars[i] == 'W'
            && boundary(i.checked_sub(1))
            && chars.get(i + 1..i + 7).is_some_and(|d| d.iter().all(char::is_ascii_digit))
            && boundary(Some(i + 7))
        {
            found.push(chars[i..i + 7].iter().collect());
        }
    }
    found
}

#[test]
fn staff_ids_are_found_in_text_not_in_tags() {
    let page = "<a href=\"/tray?worker=W000010\">Ann Lee</a> <td>W000335</td><p>AW0000011 W12345</p>";
    assert_eq!(staff_ids_shown(page), ["W000335"]);
}

/// Names, not staff IDs, wherever a person sees who did something or whose
/// work it is, and names, not account names, for who did it: trays (the worker's, the team's, a member's),
/// the team's pages, the unallocated list, the child's page and chronology,
/// notes, requests for authorisation, tasks, transfers, plans, documents,
/// people, the reviewer's record and who has seen the record.
#[tokio::test]
async fn people_see_staff_by_name_on_every_page_of_their_work() {
    let w = world();
    let own = w.cases.own.clone();
    let (worker, _) = sw_worker(&w);
    let (sw_name, tm_name) = {
        let (org, accounts) = (w.state.org(), w.state.accounts());
        let tm = accounts.users["tm"].worker.clone().unwrap();
        (org.staff[&worker].name.clone(), org.staff[&tm].name.clone())
    };
    let mut sw = w.signed_in("sw").await;
    let mut tm = w.signed_in("tm").await;
    // A note by the worker, a request the manager returns, a task the manager sets, a transfer proposed.
    let csrf = sw.csrf.clone();
    let note = sw
        .post_form(
            &format!("/children/{own}/notes"),
            &[("csrf", &csrf), ("kind", "visit"), ("title", "Home visit"), ("text", "Seen at home."), ("date-day", "30"), ("date-month", "3"), ("date-year", "2026")],
        )
        .await;
    assert_eq!(note.status, StatusCode::SEE_OTHER, "{}", note.body);
    let note = note.location().unwrap().to_string();
    let (_, lead, proposal) = step(0, "sw");
    let asked = child(&w, "NM1", lead).await;
    let no = propose(&w, &asked, proposal).await;
    let r = post_step(&mut tm, &format!("/children/{asked}/authorisations/{no}/return"), &[("reason", "check with the school")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let owner = format!("worker:{worker}");
    let r = post_step(&mut tm, "/tasks", &[("child", own.as_str()), ("title", "Visit at school"), ("owner", &owner)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let task = r.location().unwrap().to_string();
    let (team, _) = other_team(&w).await;
    let r = propose_transfer(&mut tm, &own, &team).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let named = [
        ("sw", note.clone(), Some(&sw_name)),
        ("tm", format!("/children/{asked}/authorisations/{no}"), Some(&tm_name)),
        ("tm", format!("/children/{asked}/authorisations"), Some(&sw_name)),
        ("sw", task.clone(), Some(&tm_name)),
        ("tm", format!("/children/{own}/transfers"), Some(&tm_name)),
        ("tm", format!("/children/{own}/transfers/1"), Some(&tm_name)),
        ("tm", format!("/tray?worker={worker}"), Some(&sw_name)),
        ("tm", "/tray/team".to_string(), Some(&sw_name)),
        ("tm", "/tray".to_string(), None),
        ("sw", "/tray".to_string(), None),
        ("tm", "/unallocated".to_string(), None),
        ("tm", "/team".to_string(), None),
        ("tm", "/team/overdue".to_string(), None),
        ("tm", "/team/activity".to_string(), None),
        ("tm", "/team/unallocated".to_string(), None),
        ("sw", "/caseload".to_string(), None),
        ("sw", format!("/children/{own}/notes"), Some(&sw_name)),
        ("sw", format!("/children/{own}/plans"), None),
        ("sw", format!("/children/{own}/documents"), None),
        ("sw", format!("/children/{own}/people"), None),
        ("tm", format!("/children/{own}/viewers"), None),
    ];
    for (who, path, name) in named {
        let c = if who == "sw" { &mut sw } else { &mut tm };
        let page = c.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        assert_eq!(staff_ids_shown(&page.body), Vec::<String>::new(), "{path} shows staff IDs: {}", page.body);
        if let Some(name) = name {
            assert!(page.body.contains(name.as_str()), "{path} names {name}: {}", page.body);
        }
        // Outside the trays, whose items' titles still name the account that proposed or returned a request.
        for account in ["sw", "tm"].into_iter().filter(|_| !path.starts_with("/tray")) {
            assert!(!page.body.contains(&format!(" by {account} ")) && !page.body.contains(&format!(">{account}<")), "{path} shows the account {account}");
        }
    }
    // The chronology names who recorded each entry; its sentences (#12's declarations) still
    // name the worker allocated or overseen by staff ID, so they are not checked for IDs here.
    for path in [format!("/children/{asked}"), format!("/children/{asked}/chronology")] {
        let page = tm.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.body.contains(sw_name.as_str()) && !page.body.contains(">sw<"), "{path}: the contact recorded by {sw_name}");
    }
    let mut iro = w.signed_in("iro").await;
    for path in [format!("/children/{}/reviewing", w.cases.cp), "/tray".to_string()] {
        let page = iro.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(staff_ids_shown(&page.body), Vec::<String>::new(), "{path} shows staff IDs");
    }
}
