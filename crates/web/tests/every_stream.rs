//! Every declared kind of every stream beside the child's (a foster carer household's fostering
//! record, prospective adopters' record, a panel sitting, a complaint), from the domain's example
//! of it (`fostering::examples`, `adopters::examples`, `panels::examples`, `complaints::examples`,
//! each built on an exhaustive match): its page form and API route open to a role the access policy lets record it and
//! refused (audited) to one it does not; a bad value in each field refused beside that field,
//! through the page and the API; an identifier not on record refused beside its field; recorded
//! through the page and through the API (once under an idempotency key); corrected (the kind's own
//! permission, a reason) and withdrawn as entered in error, through the page and the API; and its
//! chronology sentence on the subject's page.

mod common;

use axum::http::{Method, StatusCode};
use carefile_domain::access::{AuditAction, Policy, Role, UserEvent};
use carefile_domain::adopters::{AdopterEvent, AdopterRecord};
use carefile_domain::complaints::{Complaint, ComplaintEvent};
use carefile_domain::form::{Declaration, Declared, Input, Subject};
use carefile_domain::fostering::{CarerRecord, FosteringEvent};
use carefile_domain::panels::{PanelEvent, Sitting};
use carefile_domain::people::{Household, HouseholdEvent, HouseholdId, HouseholdKind};
use carefile_domain::stream::changes::{Change, Entry};
use carefile_domain::stream::{Projection, StreamEvent, SubjectId};
use carefile_domain::{Recorded, TeamId, WorkerId};
use carefile_store::{AuditFilter, Expected, Subjects};
use carefile_web::forms::streams::Served;
use common::{Client, World, as_of, world};
use serde_json::{Map, Value, json};

/// The accounts the test signs in, with their roles: one per role that records on these streams,
/// and one that reads them but records nothing.
const USERS: [(&str, &str); 6] = [
    ("ssw", "supervising-social-worker"),
    ("adm", "agency-decision-maker"),
    ("chair", "panel-chair"),
    ("tm", "team-manager"),
    ("member", "panel-member"),
    ("co", "complaints-officer"),
];

static POLICY: std::sync::LazyLock<Policy> = std::sync::LazyLock::new(Policy::default);

fn holds(role: &str, key: &str) -> bool {
    POLICY.permits(&Role::new(role).unwrap(), key)
}

/// A member of staff in post with a team: whom the examples allocate and give actions to.
fn staff(w: &World) -> (WorkerId, TeamId) {
    let org = w.state.org();
    let s = org.staff.values().find(|s| s.in_post(as_of()) && s.team_on(as_of()).is_some()).unwrap();
    (s.id.clone(), s.team_on(as_of()).unwrap().clone())
}

/// The test's accounts, linked to `worker` (whom a reviewing officer's review names).
async fn users(w: &World, worker: &WorkerId) -> Vec<(&'static str, &'static str, Client)> {
    let mut added = Vec::new();
    for (name, role) in USERS {
        if w.state.accounts().users.contains_key(name) {
            continue;
        }
        added.push(UserEvent::UserAdded {
            username: name.into(),
            role: Role::new(role).unwrap(),
            worker: Some(worker.clone()),
            password_hash: carefile_web::auth::password::hash(&common::password(name)).unwrap(),
        });
    }
    w.state.append_users("test", added).await.unwrap();
    let mut out = Vec::new();
    for (name, role) in USERS {
        out.push((name, role, w.signed_in(name).await));
    }
    out
}

fn recorded() -> Recorded {
    Recorded::new(as_of().and_hms_opt(8, 0, 0).unwrap().and_utc(), "test", None)
}

async fn household(w: &World) -> HouseholdId {
    let formed = HouseholdEvent::Formed { kind: HouseholdKind::Fostering, name: "The Carer household".into(), address: None, date: "2020-01-01".parse().unwrap() };
    w.state.with_store(move |s| s.create::<Household>(&[(recorded(), formed)])).await.unwrap().0
}

async fn sitting(w: &World, events: Vec<PanelEvent>) -> String {
    let events: Vec<_> = events.into_iter().map(|e| (recorded(), e)).collect();
    let made = w.state.with_store(move |s| Ok(s.create::<Sitting>(&events).map_err(|e| e.to_string()))).await.unwrap();
    made.unwrap_or_else(|e| panic!("sitting setup: {e}")).0.as_str().to_string()
}

async fn complaint(w: &World, events: Vec<ComplaintEvent>) -> String {
    let events: Vec<_> = events.into_iter().map(|e| (recorded(), e)).collect();
    let made = w.state.with_store(move |s| Ok(s.create::<Complaint>(&events).map_err(|e| e.to_string()))).await.unwrap();
    let id = made.unwrap_or_else(|e| panic!("complaint setup: {e}")).0.as_str().to_string();
    w.state.sync().await.unwrap();
    id
}

/// The example's sitting (none where it names none) twice: its case about household `page`, and
/// about `api` for the API's write (a decision on the household's record is written with the
/// sitting's, on a case about that household).
async fn sittings(w: &World, events: &[PanelEvent], page: &HouseholdId, api: &HouseholdId) -> (Option<String>, Option<String>) {
    if events.is_empty() {
        return (None, None);
    }
    let about = |h: &HouseholdId| -> Vec<PanelEvent> {
        events
            .iter()
            .cloned()
            .map(|e| match e {
                PanelEvent::CaseListed { case, business, household: Some(_), child, about } => {
                    PanelEvent::CaseListed { case, business, household: Some(h.clone()), child, about }
                }
                e => e,
            })
            .collect()
    };
    (Some(sitting(w, about(page)).await), Some(sitting(w, about(api)).await))
}

async fn start<P: Projection>(w: &World, id: &str, setup: Vec<P::Event>) {
    if setup.is_empty() {
        return;
    }
    let id = P::Id::parse(id).unwrap();
    let events: Vec<_> = setup.into_iter().map(|e| (recorded(), e)).collect();
    let set_up = w.state.with_store(move |s| Ok(s.append::<P>(&id, Expected::New, &events).map_err(|e| e.to_string()))).await.unwrap();
    set_up.unwrap_or_else(|e| panic!("{} setup: {e}", P::STREAM));
    w.state.sync().await.unwrap();
}

/// The subject's version and entries.
async fn entries<P: Projection>(w: &World, id: &str) -> (u64, Vec<Entry<P::Event>>) {
    let Ok(id) = P::Id::parse(id) else { return (0, vec![]) };
    w.state
        .with_store(move |s| {
            let version = s.subject::<P>(&id)?.map_or(0, |(_, v)| v);
            let log = if version > 0 { s.subject_entries::<P>(&id)? } else { vec![] };
            Ok((version, log.into_iter().map(|e| e.event).collect()))
        })
        .await
        .unwrap()
}

/// Identifiers the example names, put to ones on record: the household, the sitting, a child.
struct Known {
    household: String,
    sitting: Option<String>,
    child: String,
    /// The sitting the API's write names: an agency decision is made once on each case.
    sitting_api: Option<String>,
}

impl Known {
    fn for_api(&self) -> Known {
        let sitting = self.sitting_api.clone().or_else(|| self.sitting.clone());
        Known { household: self.household.clone(), sitting, child: self.child.clone(), sitting_api: None }
    }

    fn of(&self, what: Subject) -> Option<&str> {
        match what {
            Subject::Household => Some(&self.household),
            Subject::Sitting => self.sitting.as_deref(),
            Subject::Child => Some(&self.child),
            Subject::Person => None,
        }
    }
}

/// The example with its identifiers put to ones on record (those the test has).
fn known<E: Declared>(kind: &Declaration<E>, e: &E, k: &Known) -> E {
    let mut v = serde_json::to_value(e).unwrap();
    for f in kind.fields {
        if let Input::Id(what) = f.input
            && let Some(slot) = v.pointer_mut(&f.pointer())
            && let Some(id) = k.of(what).filter(|_| !slot.is_null())
        {
            *slot = json!(id);
        }
    }
    serde_json::from_value(v).unwrap()
}

/// The pairs a form posts for `e`.
fn posted<E: Declared>(c: &Client, version: u64, kind: &Declaration<E>, e: &E, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut p = vec![("csrf".to_string(), c.csrf.clone()), ("version".to_string(), version.to_string())];
    for (name, values) in kind.values(e) {
        if kind.fields.iter().any(|f| f.name == name && !f.assigned()) {
            p.extend(values.into_iter().map(|v| (name.to_string(), v)));
        }
    }
    p.extend(extra.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    p
}

/// The example as the API takes it.
fn body<E: Declared>(kind: &Declaration<E>, e: &E) -> Map<String, Value> {
    let mut out = Map::new();
    for (name, values) in kind.values(e) {
        let Some(f) = kind.fields.iter().find(|f| f.name == name && !f.assigned()) else { continue };
        let v = match (values.as_slice(), &f.input) {
            (_, Input::Choices(_)) => json!(values),
            ([one], Input::Check) => json!(one == "on"),
            ([], Input::Check) => continue,
            ([one], Input::YesNo) => json!(one == "yes"),
            ([one], Input::Number { .. } | Input::New(_)) => json!(one.parse::<u64>().unwrap()),
            ([one], Input::Item(i)) if !i.dated => json!(one.parse::<u64>().unwrap()),
            ([one], _) => json!(one),
            ([], _) => continue,
            (_, _) => json!(values),
        };
        out.insert(name.to_string(), v);
    }
    out
}

async fn api(c: &mut Client, path: &str, if_match: u64, key: Option<&str>, body: &Value) -> (StatusCode, Value) {
    let csrf = c.csrf.clone();
    let version = format!("\"{if_match}\"");
    let mut headers = vec![("x-csrf-token", csrf.as_str()), ("if-match", version.as_str())];
    headers.extend(key.map(|k| ("idempotency-key", k)));
    let r = c.send(Method::POST, path, Some("application/json"), &headers, body.to_string()).await;
    (r.status, serde_json::from_str(&r.body).unwrap_or(Value::Null))
}

async fn post(c: &mut Client, path: &str, pairs: &[(String, String)]) -> common::Response {
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    c.post_form(path, &pairs).await
}

async fn denied(w: &World, user: &str) -> usize {
    w.audit(AuditFilter { user: Some(user.into()), action: Some(AuditAction::Denied), ..AuditFilter::default() }).await.len()
}

/// A correction of `e`: its first text field (free text first) with more words, or a reference's
/// last digit changed, if it has one.
fn corrected<E: Declared>(kind: &Declaration<E>, e: &E) -> Option<(&'static str, String, E)> {
    let text_field = |long: bool| kind.fields.iter().find(move |f| matches!(f.input, Input::Text { long: l, .. } if l == long));
    let f = text_field(true).or_else(|| text_field(false))?;
    let mut v = serde_json::to_value(e).unwrap();
    let slot = v.pointer_mut(&f.pointer())?;
    let was = slot.as_str()?;
    let text = match was.chars().last().and_then(|c| c.to_digit(10)) {
        Some(d) => format!("{}{}", &was[..was.len() - 1], (d + 1) % 10),
        None => format!("{was} (as the family told us)"),
    };
    *slot = json!(text);
    Some((f.name, text, serde_json::from_value(v).unwrap()))
}

/// One kind of stream `P` on subject `raw` (and, through the API, on `raw_api`): the whole round.
async fn round<P>(w: &World, clients: &mut [(&'static str, &'static str, Client)], (raw, raw_api): (&str, &str), example: &P::Event, k: &Known)
where
    P: Served,
    P::Event: Declared<Record = P> + PartialEq,
{
    let kind = example.declaration().unwrap();
    let expected = known(kind, example, k);
    let expected_api = known(kind, example, &k.for_api());
    let base = |raw: &str| P::ROUTE.replace("{id}", raw);
    let may = |role: &str| holds(role, P::READ) && holds(role, kind.permission);
    let who = clients.iter().position(|(_, role, _)| may(role)).unwrap_or_else(|| panic!("{}.{}: no role may record it ({})", P::STREAM, kind.kind, kind.permission));

    // Every role: the form opens only for those the policy lets record it; a refusal is audited.
    for (name, role, c) in clients.iter_mut() {
        let before = denied(w, name).await;
        let r = c.get(&format!("{}/record/{}", base(raw), kind.slug)).await;
        if may(role) {
            assert_eq!(r.status, StatusCode::OK, "{}.{} as {name}: {}", P::STREAM, kind.kind, r.body);
        } else {
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}.{} as {name}", P::STREAM, kind.kind);
            assert_eq!(denied(w, name).await, before + 1, "{}.{} as {name}: audited", P::STREAM, kind.kind);
        }
    }

    let (name, _, c) = &mut clients[who];
    let (v, _) = entries::<P>(w, raw).await;
    // A bad value in each field: refused beside it, through the API and the page; nothing written.
    for f in kind.fields {
        let mut bad: Vec<String> = f.input.refused_example().into_iter().collect();
        if let Input::Id(what) = f.input {
            // Well formed, but not on record.
            bad.push(format!("{}999999", &what.example()[..1]));
        }
        for value in bad {
            let mut sent = body(kind, &expected);
            sent.insert(f.name.to_string(), json!(value));
            let (status, answer) = api(c, &format!("/api/v1{}/entries/{}", base(raw), kind.slug), v, None, &Value::Object(sent)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}.{} = {value:?} through the API: {answer}", kind.kind, f.name);
            assert!(answer["fields"][f.name].is_array(), "{}.{} = {value:?}: {answer}", kind.kind, f.name);
            let mut pairs = posted(c, v, kind, &expected, &[]);
            pairs.retain(|(n, _)| n != f.name);
            pairs.push((f.name.to_string(), value.clone()));
            let r = post(c, &format!("{}/record/{}", base(raw), kind.slug), &pairs).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}.{} = {value:?} as {name}", kind.kind, f.name);
            assert!(r.body.contains(&format!("id=\"f-{}-error\"", f.name)), "{}.{}: no message beside it: {}", kind.kind, f.name, r.body);
            assert!(r.body.contains("govuk-error-summary"), "{}.{}: no error summary", kind.kind, f.name);
        }
    }
    assert_eq!(entries::<P>(w, raw).await.0, v, "{}: a refused form wrote nothing", kind.kind);

    // Through the page form: written as the example, by the recorder.
    let r = post(c, &format!("{}/record/{}", base(raw), kind.slug), &posted(c, v, kind, &expected, &[])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}.{} as {name}: {}", P::STREAM, kind.kind, r.body);
    // A sitting scheduled as `new` is numbered by the store: the page it leads to names it.
    let raw = r.location().unwrap().split('/').nth(2).unwrap().to_string();
    let (version, log) = entries::<P>(w, &raw).await;
    assert_eq!(log.last(), Some(&Entry::Event(expected.clone())), "{}.{}", P::STREAM, kind.kind);
    // Its chronology sentence on the subject's page.
    let page = c.get(&format!("{}/record", base(&raw))).await;
    assert_eq!(page.status, StatusCode::OK);
    let sentence = maud::html! { (kind.sentence(&expected)) }.into_string();
    assert!(page.body.contains(&sentence), "{}.{}: '{sentence}' is not on the page", P::STREAM, kind.kind);

    // Through the API: written once under its key, a retry answered as the first.
    let path = format!("/api/v1{}/entries/{}", base(raw_api), kind.slug);
    let (v_api, _) = entries::<P>(w, raw_api).await;
    let sent = Value::Object(body(kind, &expected_api));
    let key = format!("{}-{}", P::STREAM, kind.kind);
    let (status, answer) = api(c, &path, v_api, Some(&key), &sent).await;
    assert_eq!(status, StatusCode::CREATED, "{}.{} through the API as {name}: {answer}", P::STREAM, kind.kind);
    let raw_api = answer["subject"].as_str().unwrap().to_string();
    let (v_after, log) = entries::<P>(w, &raw_api).await;
    assert_eq!(log.last(), Some(&Entry::Event(expected_api.clone())), "{}.{} through the API", P::STREAM, kind.kind);
    assert_eq!(answer["version"].as_u64(), Some(v_after));
    let again = api(c, &path, v_api, Some(&key), &sent).await;
    assert_eq!((again.0, &again.1), (StatusCode::CREATED, &answer), "{}: a retry gets the first answer", kind.kind);
    assert_eq!(entries::<P>(w, &raw_api).await.0, v_after, "{}: and writes nothing", kind.kind);

    // Correcting and withdrawing it: open to the roles that may record it, refused to the others.
    for (name, role, c) in clients.iter_mut() {
        for action in ["correct", "withdraw"] {
            if action == "withdraw" && version == 1 {
                continue;
            }
            let before = denied(w, name).await;
            let r = c.get(&format!("{}/{action}/{version}", base(&raw))).await;
            if may(role) {
                assert_eq!(r.status, StatusCode::OK, "{action} {}.{} as {name}: {}", P::STREAM, kind.kind, r.body);
            } else {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{action} {}.{} as {name}", P::STREAM, kind.kind);
                assert_eq!(denied(w, name).await, before + 1, "{action} {}.{} as {name}: audited", P::STREAM, kind.kind);
            }
        }
    }

    let (name, _, c) = &mut clients[who];
    // A correction that changes nothing is refused; one that does is written with its reason.
    let nothing = posted(c, version, kind, &expected, &[("correction_reason", "checking")]);
    let r = post(c, &format!("{}/correct/{version}", base(&raw)), &nothing).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}.{}: {}", P::STREAM, kind.kind, r.body);
    assert!(r.body.contains("Nothing was changed"), "{}.{}", P::STREAM, kind.kind);
    if let Some((field, text, fixed)) = corrected(kind, &expected) {
        let without_reason = posted(c, version, kind, &fixed, &[]);
        let r = post(c, &format!("{}/correct/{version}", base(&raw)), &without_reason).await;
        assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("id=\"f-correction_reason-error\""), "{}.{}", P::STREAM, kind.kind);
        let r = post(c, &format!("{}/correct/{version}", base(&raw)), &posted(c, version, kind, &fixed, &[("correction_reason", "misheard")])).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "correct {}.{} as {name}: {}", P::STREAM, kind.kind, r.body);
        let (_, log) = entries::<P>(w, &raw).await;
        assert_eq!(log.last(), Some(&Entry::Change(Change::EntryCorrected { entry: version, replacement: fixed.clone() })));
        // Shown on the page as from → to.
        let page = c.get(&format!("{}/record", base(&raw))).await;
        assert!(page.body.contains("misheard") && page.body.contains(&maud::html! { (text) }.into_string()), "{}.{}", P::STREAM, kind.kind);
        // Through the API, naming only what changes.
        let (v, _) = entries::<P>(w, &raw_api).await;
        let path = format!("/api/v1{}/entries/{v}/correction", base(&raw_api));
        let (status, answer) = api(c, &path, v, None, &json!({ field: text, "correction_reason": "misheard" })).await;
        assert_eq!(status, StatusCode::CREATED, "correct {}.{} through the API: {answer}", P::STREAM, kind.kind);
        assert_eq!(entries::<P>(w, &raw_api).await.0, v + 1);
    }

    // Withdrawn as entered in error, through the page and the API; the entry that started the
    // record is refused (it is corrected instead).
    let (now, _) = entries::<P>(w, &raw).await;
    let entry = entries::<P>(w, &raw).await.1.iter().rposition(|e| matches!(e, Entry::Event(_))).unwrap() as u64 + 1;
    let pairs = [("csrf".to_string(), c.csrf.clone()), ("version".to_string(), now.to_string()), ("withdrawal_reason".to_string(), "entered on the wrong record".to_string())];
    let r = post(c, &format!("{}/withdraw/{entry}", base(&raw)), &pairs).await;
    if entry == 1 {
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}.{}", P::STREAM, kind.kind);
        assert!(r.body.contains("started the record cannot be withdrawn"), "{}.{}: {}", P::STREAM, kind.kind, r.body);
    } else {
        assert_eq!(r.status, StatusCode::SEE_OTHER, "withdraw {}.{} as {name}: {}", P::STREAM, kind.kind, r.body);
        let (_, log) = entries::<P>(w, &raw).await;
        assert_eq!(log.last(), Some(&Entry::Change(Change::EntryWithdrawn { entry, also: vec![] })), "{}.{}", P::STREAM, kind.kind);
        let page = c.get(&format!("{}/record", base(&raw))).await;
        assert!(page.body.contains("Withdrawn"), "{}.{}", P::STREAM, kind.kind);
    }
    let (v, log) = entries::<P>(w, &raw_api).await;
    let entry = log.iter().position(|e| *e == Entry::Event(expected_api.clone())).unwrap() as u64 + 1;
    let (status, answer) = api(c, &format!("/api/v1{}/entries/{entry}/withdrawal", base(&raw_api)), v, None, &json!({"reason": "entered on the wrong record"})).await;
    if entry == 1 {
        assert_eq!(status, StatusCode::BAD_REQUEST, "{}.{}: {answer}", P::STREAM, kind.kind);
    } else {
        assert_eq!(status, StatusCode::CREATED, "withdraw {}.{} through the API: {answer}", P::STREAM, kind.kind);
    }
}

fn every<E: Declared>(recorded: &[&str]) {
    for d in E::declarations() {
        assert!(recorded.contains(&d.kind), "{} has no example recorded", d.kind);
    }
}

#[tokio::test]
async fn every_kind_of_every_stream_is_recorded_refused_corrected_and_withdrawn() {
    let w = world();
    let (worker, team) = staff(&w);
    let mut clients = users(&w, &worker).await;
    let child = w.cases.own.as_str().to_string();

    let mut done = Vec::new();
    for x in carefile_domain::fostering::examples::examples(&worker, &team) {
        let (page, api) = (household(&w).await, household(&w).await);
        let (sitting, sitting_api) = sittings(&w, &x.sitting, &page, &api).await;
        let k = Known { household: page.to_string(), sitting, child: child.clone(), sitting_api };
        let setup: Vec<_> = x.setup.iter().map(|e| known(e.declaration().unwrap(), e, &k)).collect();
        start::<CarerRecord>(&w, page.as_str(), setup.clone()).await;
        start::<CarerRecord>(&w, api.as_str(), setup).await;
        round::<CarerRecord>(&w, &mut clients, (page.as_str(), api.as_str()), &x.event, &k).await;
        done.push(x.event.kind());
    }
    every::<FosteringEvent>(&done);

    let mut done = Vec::new();
    for x in carefile_domain::adopters::examples::examples(&worker, &team) {
        let (page, api) = (household(&w).await, household(&w).await);
        let (sitting, sitting_api) = sittings(&w, &x.sitting, &page, &api).await;
        let k = Known { household: page.to_string(), sitting, child: child.clone(), sitting_api };
        let setup: Vec<_> = x.setup.iter().map(|e| known(e.declaration().unwrap(), e, &k)).collect();
        start::<AdopterRecord>(&w, page.as_str(), setup.clone()).await;
        start::<AdopterRecord>(&w, api.as_str(), setup).await;
        round::<AdopterRecord>(&w, &mut clients, (page.as_str(), api.as_str()), &x.event, &k).await;
        done.push(x.event.kind());
    }
    every::<AdopterEvent>(&done);

    let mut done = Vec::new();
    let h = household(&w).await;
    for x in carefile_domain::panels::examples::examples(&worker) {
        // A sitting is scheduled as `new`; the others are recorded on a sitting set up for them.
        let (page, api) = if x.setup.is_empty() {
            ("new".to_string(), "new".to_string())
        } else {
            (sitting(&w, x.setup.clone()).await, sitting(&w, x.setup.clone()).await)
        };
        let k = Known { household: h.to_string(), sitting: None, child: child.clone(), sitting_api: None };
        round::<Sitting>(&w, &mut clients, (&page, &api), &x.event, &k).await;
        done.push(x.event.kind());
    }
    every::<PanelEvent>(&done);

    let mut done = Vec::new();
    for x in carefile_domain::complaints::examples::examples(&worker, &team) {
        // A complaint is received as `new`; the others are recorded on one set up for them.
        let k = Known { household: h.to_string(), sitting: None, child: child.clone(), sitting_api: None };
        let (page, api) = if x.setup.is_empty() {
            ("new".to_string(), "new".to_string())
        } else {
            let setup: Vec<_> = x.setup.iter().map(|e| known(e.declaration().unwrap(), e, &k)).collect();
            (complaint(&w, setup.clone()).await, complaint(&w, setup).await)
        };
        round::<Complaint>(&w, &mut clients, (&page, &api), &x.event, &k).await;
        done.push(x.event.kind());
    }
    every::<ComplaintEvent>(&done);
}

/// A complaint's whole life in the application: received through its form (numbered by the
/// store), acknowledged, answered at stage 1, taken to stage 2 through the API, the clocks on the
/// working-day calendar shown on its page (stage 2's 25 working days from the request), on the
/// complaints officers' tray and list; refused (audited) to a role that does not handle complaints.
#[tokio::test]
async fn a_complaint_is_received_answered_and_taken_to_stage_two_with_its_clock_shown() {
    let w = world();
    let (worker, _) = staff(&w);
    let mut clients = users(&w, &worker).await;
    let child = w.cases.own.as_str().to_string();
    let co = &mut clients.iter_mut().find(|(n, _, _)| *n == "co").unwrap().2;
    let form = |c: &Client, v: u64, pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        let mut p = vec![("csrf".to_string(), c.csrf.clone()), ("version".to_string(), v.to_string())];
        p.extend(pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())));
        p
    };

    // Naming both a child and a household is refused, and said why.
    let both = form(co, 0, &[("kind", "children"), ("complainant", "parent"), ("date", "2026-01-05"), ("child", child.as_str()), ("household", household(&w).await.as_str()), ("summary", "Calls not returned")]);
    let r = post(co, "/complaints/new/record/receive", &both).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("name only one of them"), "{}", r.body);

    let received = form(co, 0, &[("kind", "children"), ("complainant", "parent"), ("date", "2026-01-05"), ("child", child.as_str()), ("themes", "communication"), ("themes", "family_time"), ("summary", "No one returned my calls about family time")]);
    let r = post(co, "/complaints/new/record/receive", &received).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = r.location().unwrap().split('/').nth(2).unwrap().to_string();
    assert!(id.starts_with("CM"), "{id}");
    for (slug, pairs) in [("acknowledge", vec![("date", "2026-01-06")]), ("respond", vec![("date", "2026-01-15"), ("finding", "partly_upheld"), ("summary", "An apology; calls returned weekly")])] {
        let (v, _) = entries::<Complaint>(&w, &id).await;
        let r = post(co, &format!("/complaints/{id}/record/{slug}"), &form(co, v, &pairs)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{slug}: {}", r.body);
    }
    // Answered on day 8 of 10: met; the complainant has 20 working days to ask for stage 2.
    let page = co.get(&format!("/complaints/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Stage 1 answered") && page.body.contains("Partly upheld"), "{}", page.body);
    assert!(page.body.contains("may ask for stage 2 until <strong>12 February 2026</strong>"), "{}", page.body);
    assert!(page.body.contains("Receipt acknowledged to the complainant on 2026-01-06"), "the chronology");

    // Stage 2 asked for through the API: due 25 working days after the request.
    let (v, _) = entries::<Complaint>(&w, &id).await;
    let (status, answer) = api(co, &format!("/api/v1/complaints/{id}/entries/escalate"), v, None, &json!({"date": "2026-01-28"})).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let page = co.get(&format!("/complaints/{id}")).await;
    assert!(page.body.contains("Stage 2 open"), "{}", page.body);
    assert!(page.body.contains("Complaint stage 2 investigation and response") && page.body.contains("4 March 2026"), "{}", page.body);
    // Extendable to 65 working days: 1 May 2026 (Good Friday and Easter Monday are not working days).
    assert!(page.body.contains("1 May 2026"), "{}", page.body);

    // On the complaints officers' queue (no one is allocated) and their list, with its next clock.
    let tray = co.get("/tray").await;
    assert_eq!(tray.status, StatusCode::OK, "{}", tray.body);
    assert!(tray.body.contains(&format!("/complaints/{id}")), "{}", tray.body);
    let list = co.get("/complaints").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&format!("href=\"/complaints/{id}\"")) && list.body.contains("4 March 2026"), "{}", list.body);
    let listed = w.audit(AuditFilter { user: Some("co".into()), action: Some(AuditAction::ViewList), ..AuditFilter::default() }).await;
    assert!(listed.iter().any(|a| a.entry.children.iter().any(|c| c.as_str() == child)), "the list names the child it showed");

    // Allocated, it leaves the queue for the manager's tray.
    let (v, _) = entries::<Complaint>(&w, &id).await;
    let r = post(co, &format!("/complaints/{id}/record/allocate"), &form(co, v, &[("handler", worker.as_str())])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let queue = w.state.tray(&[carefile_work::Owner::Role("complaints-officer".into())]).await.unwrap();
    assert!(!queue.iter().any(|i| i.title.contains(&id)), "off the officers' queue: {queue:?}");
    let mine = w.state.tray(&[carefile_work::Owner::Worker(worker.clone())]).await.unwrap();
    assert!(mine.iter().any(|i| i.title.contains(&id) && i.due.map(|d| d.date.to_string()) == Some("2026-03-04".into())), "{mine:?}");

    // A team manager does not handle complaints: refused and audited, the page and the list.
    let tm = &mut clients.iter_mut().find(|(n, _, _)| *n == "tm").unwrap().2;
    let before = denied(&w, "tm").await;
    assert_eq!(tm.get(&format!("/complaints/{id}")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(denied(&w, "tm").await, before + 1);
    assert_eq!(tm.get("/complaints").await.status, StatusCode::FORBIDDEN);
}
