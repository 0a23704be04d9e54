//! Every kind of due item on a child's record met in the application (issue 12's check): for each
//! kind, a child of the generated authority with that item open in the due list `carefile due`
//! prints (`timescales::due_list`) and on its owner's tray page (a kind open on no child that day:
//! its starting steps first recorded through their forms on a child fit for them, see [`start`]);
//! the owner, or whoever the policy lets record the step that meets it, signs in through the
//! sign-in page, opens the step's form, and saves it with the form's CSRF token and version, as a
//! person would; the item is then met in the due list and gone from the owner's tray page.

mod common;

use axum::http::StatusCode;
use carefile_domain::access::{Policy, Role, UserEvent};
use carefile_domain::form::{Declared, Input};
use carefile_domain::journey::ReviewerRole;
use carefile_domain::journey::examples::examples;
use carefile_domain::org::StaffRole;
use carefile_domain::timescales::{Deadline, DueRow, Item, Status, TimescaleConfig, deadlines, due_list};
use carefile_domain::{Calendar, ChildEvent, ChildId, ChildRecord, WorkerId};
use carefile_work::Owner;
use chrono::{Duration, NaiveDate};
use common::{Client, World, as_of, world};
use std::collections::BTreeSet;

type Kind = &'static carefile_domain::form::Declaration<ChildEvent>;

static POLICY: std::sync::LazyLock<Policy> = std::sync::LazyLock::new(Policy::default);

fn holds(role: &str, key: &str) -> bool {
    POLICY.permits(&Role::new(role).unwrap(), key)
}

/// The due list as `carefile due` computes it (the shipped calendar and timescales).
async fn due_rows(w: &World) -> Vec<DueRow> {
    let records = w.state.with_store(|s| s.children()).await.unwrap();
    due_list(&records, &Calendar::england_and_wales(), &TimescaleConfig::default(), as_of(), None)
}

/// The rows of that list for one child.
async fn due_rows_of(w: &World, child: &ChildId) -> Vec<DueRow> {
    let record = record_of(w, child).await;
    due_list([&record], &Calendar::england_and_wales(), &TimescaleConfig::default(), as_of(), None)
}

async fn record_of(w: &World, id: &ChildId) -> ChildRecord {
    let id = id.clone();
    w.state.with_store(move |s| s.child(&id)).await.unwrap().unwrap().0
}

/// The child's deadline a due list's row is (a missing episode's return interview is the first
/// of its episode: told apart by its due moment).
fn deadline(record: &ChildRecord, row: &DueRow) -> Option<Deadline> {
    deadlines(record, &Calendar::england_and_wales(), &TimescaleConfig::default(), as_of())
        .into_iter()
        .find(|d| d.item == row.item && d.occurrence == row.occurrence && d.due == row.due)
}

fn same(a: &DueRow, b: &DueRow) -> bool {
    (&a.child, a.item, a.occurrence, a.due) == (&b.child, b.item, b.occurrence, b.due)
}

/// The item's title on a tray, as `carefile_work::due` words it.
fn title(item: Item, occurrence: u32) -> String {
    if occurrence > 1 { format!("{} ({occurrence})", item.label()) } else { item.label().to_string() }
}

/// Text as maud writes it in a page.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Whether `user`'s tray page lists the item of `child` titled `title` due on `due` (looked for on
/// every page).
async fn on_tray(c: &mut Client, child: &ChildId, title: &str, due: chrono::NaiveDate) -> bool {
    let (href, text) = (format!("href=\"/children/{child}/record\""), format!(">{}</a>", escaped(title)));
    let due = format!(">{} ", carefile_web::ui::text::short_date(due));
    for page in 1.. {
        let r = c.get(&format!("/tray?page={page}")).await;
        assert_eq!(r.status, StatusCode::OK, "the tray: {}", r.body);
        if r.body.split("<tr").any(|row| row.contains(&href) && row.contains(&text) && row.contains(&due)) {
            return true;
        }
        if !r.body.contains(&format!("page={}", page + 1)) {
            return false;
        }
    }
    unreachable!()
}

/// Accounts made for the test as it needs them, one per role and member of staff, each signed in
/// once through the sign-in page.
struct Accounts {
    made: Vec<(String, Option<WorkerId>, String, Client)>,
}

impl Accounts {
    /// The account's name and its browser.
    async fn of(&mut self, w: &World, role: &str, worker: Option<&WorkerId>) -> (String, Client) {
        if let Some((_, _, name, c)) = self.made.iter().find(|(r, wk, _, _)| r == role && wk.as_ref() == worker) {
            return (name.clone(), c.clone());
        }
        let name = format!("u{}", self.made.len());
        let added = UserEvent::UserAdded {
            username: name.clone(),
            role: Role::new(role).unwrap(),
            worker: worker.cloned(),
            password_hash: carefile_web::auth::password::hash(&common::password(&name)).unwrap(),
        };
        w.state.append_users("test", vec![added]).await.unwrap();
        let c = browser(w, &name).await;
        self.made.push((role.to_string(), worker.cloned(), name.clone(), c.clone()));
        (name, c)
    }
}

/// A browser signed in through the sign-in page.
async fn browser(w: &World, user: &str) -> Client {
    let mut c = w.client();
    let r = c.page_sign_in(user, &common::password(user)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "sign in as {user}: {}", r.body);
    c
}

/// The role a member of staff signs in with.
fn role_of(role: StaffRole) -> &'static str {
    match role {
        StaffRole::SocialWorker => "social-worker",
        StaffRole::PersonalAdviser => "personal-adviser",
        StaffRole::TeamManager => "team-manager",
        StaffRole::ServiceManager => "service-manager",
        StaffRole::ReviewingOfficer => "reviewing-officer",
        StaffRole::EarlyHelpWorker => "early-help-worker",
    }
}

/// Who may act on a child: its tray item's owner first, then the child's team manager, its
/// reviewers, the Virtual School and the agency decision maker, as `(role, member of staff)`.
fn people(w: &World, record: &ChildRecord, owner: &Owner, item: Item) -> Vec<(&'static str, Option<WorkerId>)> {
    let today = as_of();
    let org = w.state.org();
    let in_post = |id: &WorkerId| org.staff.get(id).is_some_and(|s| s.in_post(today));
    let team = record.allocation_on(today).and_then(|a| a.team.clone());
    let manager = |team: &carefile_domain::TeamId| {
        org.staff
            .values()
            .find(|s| s.role == StaffRole::TeamManager && s.in_post(today) && s.team_on(today) == Some(team))
            .map(|s| s.id.clone())
    };
    let mut out = Vec::new();
    match owner {
        Owner::Worker(id) if carefile_work::due::for_virtual_school(item) => out.push(("virtual-school-officer", Some(id.clone()))),
        Owner::Worker(id) => out.extend(org.staff.get(id).map(|s| (role_of(s.role), Some(id.clone())))),
        Owner::Team(t) => out.extend(manager(t).map(|m| ("team-manager", Some(m)))),
        Owner::Role(r) if r == carefile_work::due::VIRTUAL_SCHOOL_OFFICER => out.push(("virtual-school-officer", None)),
        other => panic!("{}: no tray page shows {other:?}", item.name()),
    }
    out.extend(team.as_ref().and_then(manager).map(|m| ("team-manager", Some(m))));
    for r in record.reviewers_on(today).into_iter().filter(|r| in_post(&r.worker)) {
        let role = match r.role {
            ReviewerRole::ReviewingOfficer => "reviewing-officer",
            ReviewerRole::ConferenceChair => "conference-chair",
        };
        out.push((role, Some(r.worker.clone())));
    }
    out.push(("agency-decision-maker", None));
    out
}

/// The form's values for a step (meeting `d`, where given), as its recorder fills them in: the
/// domain's example of the kind, dated `on` (a time after what it answers), with the record's
/// item it is about, and the values `set`.
fn filled(kind: Kind, record: &ChildRecord, d: Option<&Deadline>, on: NaiveDate, set: &[(&str, &str)], page: &str) -> Vec<(String, String)> {
    let (sw, team) = (WorkerId::new("W1").unwrap(), carefile_domain::TeamId::new("T1").unwrap());
    let example = examples(&sw, &team).into_iter().find(|x| x.event.kind() == kind.kind).expect("an example of every kind");
    let noon = on.and_hms_opt(12, 0, 0).unwrap();
    let at = d.and_then(|d| d.from.at.datetime()).map_or(noon, |from| noon.max(from + chrono::Duration::minutes(1)));
    let mut sent = Vec::new();
    for (name, values) in kind.values(&example.event) {
        let f = kind.fields.iter().find(|f| f.name == name).unwrap();
        let values = match f.input {
            Input::Date { .. } => vec![on.to_string()],
            Input::DateTime => vec![at.format("%Y-%m-%dT%H:%M").to_string()],
            // The item the due item is about: the one dated as it counts from, else the only one.
            Input::Item(items) => {
                let listed = (items.list)(record);
                let from = d.map(|d| d.from.at.date.to_string());
                let chosen = listed.iter().find(|(v, text)| from.as_ref().is_some_and(|f| v == f || text.contains(f))).or(listed.first());
                match chosen {
                    Some((v, _)) => {
                        assert!(page.contains(&format!("value=\"{v}\"")), "{}: the form offers {name} {v}", kind.kind);
                        vec![v.clone()]
                    }
                    None => vec![],
                }
            }
            _ => values,
        };
        sent.extend(values.into_iter().map(|v| (name.to_string(), v)));
    }
    for (name, value) in set {
        sent.retain(|(n, _)| n != name);
        sent.push((name.to_string(), value.to_string()));
    }
    sent
}

fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let at = page.find(&marker).unwrap_or_else(|| panic!("a hidden {name}")) + marker.len();
    page[at..at + page[at..].find('"').unwrap()].to_string()
}

/// Records `kind` on `child` through its form, as `user` in browser `c`: the page opened, its CSRF
/// token and version posted back with the values filled in.
async fn through_form(w: &World, (user, mut c): (String, Client), child: &ChildId, kind: Kind, d: Option<&Deadline>, on: NaiveDate, set: &[(&str, &str)]) {
    let path = format!("/children/{child}/record/{}", kind.slug);
    let page = c.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{} as {user}: {}", kind.kind, page.body);
    let record = record_of(w, child).await;
    let mut sent = vec![("csrf".to_string(), common::hidden_csrf(&page.body)), ("version".into(), hidden(&page.body, "version"))];
    sent.extend(filled(kind, &record, d, on, set, &page.body));
    let pairs: Vec<(&str, &str)> = sent.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let r = c.post_form(&path, &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{} as {user} on {child}: {sent:?}\n{}", kind.kind, r.body);
    let id = child.clone();
    let log = w.state.with_store(move |s| s.child_log(&id)).await.unwrap();
    let entry = log.last().unwrap();
    assert_eq!((entry.event.kind(), entry.recorded.by.as_str()), (kind.kind, user.as_str()));
}


/// Meets the due list's `row` through the form of the step that meets it, checking it before on its
/// owner's tray page, and after, met in the due list and gone from that page; `Err` says why the
/// child cannot be used (no tray page shows it, no one in post may record the step).
async fn meet(w: &World, accounts: &mut Accounts, row: &DueRow, kind: Kind) -> Result<(), String> {
    let item = row.item;
    let record = record_of(w, &row.child).await;
    let Some(d) = deadline(&record, row) else { panic!("{}: the due list's row has a deadline", item.name()) };
    let tray = carefile_work::due::child_items(&record, std::slice::from_ref(&d), None, as_of());
    let owned = tray.first().ok_or("not on a tray")?;
    // A child with no worker, or one whose worker has left, is on no one's tray page.
    let gone = |id: &WorkerId| !w.state.org().staff.get(id).is_some_and(|s| s.in_post(as_of()));
    match &owned.owner {
        Owner::Unallocated => return Err("unallocated".into()),
        Owner::Worker(id) if gone(id) => return Err(format!("{id} has left")),
        _ => {}
    }
    let title = title(item, row.occurrence);
    assert_eq!(owned.title, title);
    let people = people(w, &record, &owned.owner, item);
    // A child whose reviewer has left waits for a new one: another child is taken.
    let Some((role, worker)) = people.iter().find(|(role, _)| holds(role, kind.permission)).cloned() else {
        return Err(format!("no one in post may record {} ({})", kind.kind, kind.permission));
    };
    // The item is open on its owner's tray page.
    let (owner_role, owner_worker) = people[0].clone();
    let (owner, mut owner_browser) = accounts.of(w, owner_role, owner_worker.as_ref()).await;
    assert!(on_tray(&mut owner_browser, &row.child, &title, row.due.date).await, "{}: on {owner}'s tray ({owner_role})", item.name());

    // Its recorder saves the step's form.
    let recorder = accounts.of(w, role, worker.as_ref()).await;
    // An early years PEP for a child below reception.
    let set: &[(&str, &str)] = if item == Item::PepEarlyYears { &[("phase", "early_years")] } else { &[] };
    through_form(w, recorder, &row.child, kind, Some(&d), as_of(), set).await;

    // Met in the due list `carefile due` prints, and gone from the owner's tray page.
    let after = due_rows_of(w, &row.child).await;
    assert!(!after.iter().any(|r| same(r, row)), "{}: still due for {}", item.name(), row.child);
    let now = deadline(&record_of(w, &row.child).await, row).expect("the deadline stays, met");
    assert!(matches!(now.status, Status::Met | Status::MetLate), "{}: {now:?}", item.name());
    assert_eq!(now.met.map(|m| m.date), Some(as_of()), "{}", item.name());
    assert!(!on_tray(&mut owner_browser, &row.child, &title, row.due.date).await, "{}: still on {owner}'s tray", item.name());
    Ok(())
}

/// What starts an item on a child `fit` for it: steps, each recorded `days` before today with values `set`.
struct Start {
    fit: fn(&ChildRecord, NaiveDate) -> bool,
    steps: &'static [Step],
}

struct Step {
    kind: &'static str,
    days: i64,
    set: &'static [(&'static str, &'static str)],
}

/// A school-age child whose case is open, neither looked after nor on a plan.
fn open_case(r: &ChildRecord, today: NaiveDate) -> bool {
    let s = r.status_on(today);
    let age = r.details.dob.map(|dob| today.years_since(dob).unwrap_or(0));
    s.open_case && !s.cp_plan && !s.looked_after && age.is_some_and(|a| (6..14).contains(&a))
}

/// Looked after, with an adoption decision standing a week.
fn to_be_adopted(r: &ChildRecord, today: NaiveDate) -> bool {
    let week = today - Duration::days(7);
    r.status_on(today).looked_after && r.adoptions.iter().any(|a| a.decision <= week && a.reversed.is_none())
}

/// Looked after, with an adoption decision, family finding not begun and no match.
fn to_be_matched(r: &ChildRecord, today: NaiveDate) -> bool {
    r.status_on(today).looked_after
        && r.adoptions.iter().any(|a| a.decision <= today && a.reversed.is_none() && a.family_finding.is_none() && a.matched.is_none())
}

/// Aged three six weeks ago, with an open case, neither looked after nor on a plan.
fn three(r: &ChildRecord, today: NaiveDate) -> bool {
    let before = today - Duration::days(42);
    let s = r.status_on(before);
    s.open_case && !s.cp_plan && !s.looked_after && !r.status_on(today).looked_after
        && r.details.dob.and_then(|dob| before.years_since(dob)) == Some(3)
}

/// The steps that start `item`, where the generated authority has no child with it open on the day.
fn start(item: Item) -> Option<Start> {
    const NOW: i64 = 0;
    let on = |fit, steps| Some(Start { fit, steps });
    match item {
        Item::ContactDecision => on(open_case, &[Step { kind: "contact_received", days: NOW, set: &[] }]),
        Item::ComplaintStage1 => on(open_case, &[Step { kind: "complaint_received", days: NOW, set: &[] }]),
        Item::SendAdvice => on(open_case, &[Step { kind: "send_advice_requested", days: NOW, set: &[] }]),
        Item::CarePlan | Item::PermanencePlan | Item::PlacementPlan | Item::PepInitial => {
            on(open_case, &[Step { kind: "care_started", days: NOW, set: &[] }])
        }
        Item::FamilyFindingUpdate => on(to_be_matched, &[Step { kind: "family_finding_started", days: NOW, set: &[] }]),
        Item::AdoptionPlacementReview => on(
            to_be_adopted,
            &[Step { kind: "placement_changed", days: 7, set: &[("placement", "A4"), ("carer", "AD1"), ("reason", "CARPL")] }],
        ),
        // Into care six weeks ago, a first PEP a month ago: the next is due six months after it.
        Item::PepEarlyYears => on(
            three,
            &[
                Step { kind: "care_started", days: 42, set: &[] },
                Step { kind: "pep_held", days: 30, set: &[("phase", "early_years")] },
            ],
        ),
        Item::ReferralDecision
        | Item::EarlyHelpScreening
        | Item::Assessment
        | Item::Icpc
        | Item::CpReview
        | Item::CpVisit
        | Item::LacReview
        | Item::InitialHealthAssessment
        | Item::HealthAssessment
        | Item::DentalCheck
        | Item::LacVisit
        | Item::AdoptionBestInterest
        | Item::FamilyFinding
        | Item::ReturnInterview
        | Item::MissingEscalation
        | Item::PathwayPlan
        | Item::PathwayPlanReview
        | Item::EhcPlan
        | Item::ComplaintStage2
        | Item::ComplaintPanel
        | Item::ComplaintPanelReport
        | Item::ComplaintResponse
        | Item::PepTermly => None,
    }
}

#[tokio::test]
async fn every_kind_of_due_item_is_met_through_its_form() {
    let w = world();
    // The day's recording happens before its end; facts are dated today.
    w.clock.advance(chrono::Duration::hours(14));
    let mut accounts = Accounts { made: Vec::new() };
    let rows = due_rows(&w).await;
    let mut used: BTreeSet<ChildId> = BTreeSet::from([w.cases.restricted.clone()]);
    let (mut met, mut started, mut missing, mut passed) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // First each kind open in the generated authority, on a child of its own; then the others.
    let mut unopened = Vec::new();
    for item in Item::ALL {
        // The complaint stream's items are on the complaint's record, not the child's (decision 008):
        // met by that stream's steps, which have no forms yet (#16); named, so nothing else slips by.
        let Some(kind) = ChildEvent::by_kind(item.met_by()) else {
            assert!(item.name().starts_with("complaint_"), "{}: met by {}, which no form on the child's record records", item.name(), item.met_by());
            continue;
        };
        // Items not yet overdue first: a termly PEP is met only in its term.
        let mut candidates: Vec<&DueRow> = rows.iter().filter(|r| r.item == item && !used.contains(&r.child)).collect();
        candidates.sort_by_key(|r| r.status == Status::Overdue);
        let mut done = false;
        for row in candidates {
            match meet(&w, &mut accounts, row, kind).await {
                Ok(()) => {
                    used.insert(row.child.clone());
                    met.push(item.name());
                    done = true;
                    break;
                }
                Err(why) => passed.push(format!("{} {}: {why}", item.name(), row.child)),
            }
        }
        if !done {
            unopened.push((item, kind));
        }
    }
    for (item, kind) in unopened {
        // None open on the day: its starting step recorded through its form on a child fit for it,
        // by its worker, their manager or the Virtual School, whoever may.
        let Some(first) = start(item) else {
            missing.push(item.name());
            continue;
        };
        let today = as_of();
        // The record as it stands: a child whose item was met above may be the one fit for this one.
        let now_records = w.state.with_store(|s| s.children()).await.unwrap();
        let org = w.state.org();
        let staffed = |r: &&ChildRecord| {
            let a = r.allocation_on(today);
            let worker = a.and_then(|a| a.worker.as_ref()).and_then(|wk| org.staff.get(wk));
            worker.is_some_and(|s| s.in_post(today) && s.role == StaffRole::SocialWorker) && a.is_some_and(|a| a.team.is_some())
        };
        let fit = |r: &&ChildRecord| (first.fit)(r, today);
        let child = now_records.iter().filter(|r| r.id != w.cases.restricted).filter(staffed).find(fit);
        let child = child.unwrap_or_else(|| panic!("{}: no child fit for its start", item.name()));
        let a = child.allocation_on(today).unwrap();
        let (worker, team) = (a.worker.clone().unwrap(), a.team.clone().unwrap());
        let tm = org.staff.values().find(|s| s.role == StaffRole::TeamManager && s.in_post(today) && s.team_on(today) == Some(&team));
        let tm = tm.map(|s| s.id.clone());
        let recorders = [("social-worker", Some(worker)), ("team-manager", tm.clone()), ("virtual-school-officer", None)];
        drop(org);
        for step in first.steps {
            let kind = ChildEvent::by_kind(step.kind).expect("a declared kind");
            let (role, who) = recorders.iter().find(|(role, _)| holds(role, kind.permission)).expect("someone may start it");
            let user = accounts.of(&w, role, who.as_ref()).await;
            through_form(&w, user, &child.id, kind, None, today - Duration::days(step.days), step.set).await;
        }
        let now = due_rows_of(&w, &child.id).await;
        let row = now.iter().find(|r| r.child == child.id && r.item == item);
        let row = row.unwrap_or_else(|| panic!("{}: not due after its start was recorded", item.name()));
        if let Err(why) = meet(&w, &mut accounts, row, kind).await {
            // The child's reviewing officer has left: the manager assigns one in post, as they would.
            assert_eq!(kind.permission, "child.record.review", "{}: {why}", item.name());
            let manager = tm.expect("the team's manager");
            let org = w.state.org();
            let iro = org.staff.values().find(|s| s.role == StaffRole::ReviewingOfficer && s.in_post(today) && s.team_on(today).is_some());
            let iro = iro.map(|s| s.id.to_string()).expect("a reviewing officer in post");
            drop(org);
            let user = accounts.of(&w, "team-manager", Some(&manager)).await;
            let reviewer = ChildEvent::by_kind("reviewer_assigned").unwrap();
            through_form(&w, user, &child.id, reviewer, None, today, &[("worker", &iro), ("role", "reviewing_officer")]).await;
            meet(&w, &mut accounts, row, kind).await.unwrap_or_else(|why| panic!("{}: {why}", item.name()));
        }
        started.push(item.name());
    }
    // A new kind of item fails here until a generated child has it open, or `start` names its step.
    assert!(missing.is_empty(), "not met: {missing:?}\n(met: {met:?}; started and met: {started:?}; children passed over: {passed:#?})");
}
