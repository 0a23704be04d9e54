//! Every kind of entry through the web application, from the domain's example of it
//! (`carefile_domain::journey::examples`, built on an exhaustive match, so a new kind cannot be
//! left out): recorded through its form and through the API by a role entitled to it and found in
//! the log, refused beside the field given a bad value, and corrected and withdrawn (or refused,
//! audited) as each role's permissions say; the API's If-Match and Idempotency-Key.

mod common;

use axum::http::{Method, StatusCode};
use carefile_domain::access::{AuditAction, Policy, Role};
use carefile_domain::form::{Declaration, Declared};
use carefile_domain::journey::examples::{Example, examples};
use carefile_domain::{ChildEvent, ChildId, Recorded, TeamId, WorkerId};
use common::{Client, ROLES, World, as_of, world};
use serde_json::{Map, Value, json};

/// The social worker's and the manager's staff IDs and their team (the cases' `own` child's).
fn staff(w: &World) -> (WorkerId, WorkerId, TeamId) {
    let own = w.records.iter().find(|r| r.id == w.cases.own).unwrap();
    let a = own.allocation_on(as_of()).unwrap();
    let (sw, team) = (a.worker.clone().unwrap(), a.team.clone().unwrap());
    let org = w.state.org();
    let tm = org.staff.values().find(|s| s.id != sw && s.in_post(as_of()) && s.team_on(as_of()) == Some(&team)).unwrap();
    (sw, tm.id.clone(), team)
}

/// A new child for example `x`, allocated to the social worker's team so its staff can open it,
/// with what the example needs recorded before it.
async fn child_for(w: &World, n: usize, x: &Example, sw: &WorkerId, team: &TeamId) -> ChildId {
    let id = ChildId::new(&format!("E{n:03}")).unwrap();
    let allocated = ChildEvent::WorkerAllocated {
        date: "2026-01-02".parse().unwrap(),
        worker: sw.clone(),
        team: team.clone(),
        reason: None,
    };
    // Its reviewing officer: the reviewing scope opens a child to the officer assigned (decision 001).
    let iro = w.state.accounts().users["iro"].worker.clone().expect("the reviewing officer is staff");
    let reviewer = ChildEvent::ReviewerAssigned {
        date: "2026-01-02".parse().unwrap(),
        worker: iro,
        role: carefile_domain::journey::ReviewerRole::ReviewingOfficer,
    };
    let mut events = vec![ChildEvent::Registered { details: x.details.clone() }, allocated, reviewer];
    events.extend(x.setup.iter().cloned());
    let at = as_of().and_hms_opt(8, 0, 0).unwrap().and_utc();
    let events: Vec<_> = events.into_iter().map(|e| (Recorded::new(at, "test", None), e)).collect();
    let child = id.clone();
    w.state.with_store(move |s| s.append_child(&child, None, &events)).await.unwrap();
    w.state.child_changed(id.clone()).await.unwrap();
    id
}

async fn version(w: &World, id: &ChildId) -> u64 {
    let id = id.clone();
    w.state.with_store(move |s| s.child(&id)).await.unwrap().unwrap().1
}

async fn last(w: &World, id: &ChildId) -> carefile_store::StoredEvent {
    let id = id.clone();
    w.state.with_store(move |s| s.child_log(&id)).await.unwrap().pop().unwrap()
}

/// The pairs a form posts for `e`, with the CSRF token, the version and `extra`.
fn posted(c: &Client, version: u64, kind: &Declaration<ChildEvent>, e: &ChildEvent, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut p = vec![("csrf".to_string(), c.csrf.clone()), ("version".to_string(), version.to_string())];
    // An amendment of the details says why.
    if kind.prefill.is_some() {
        p.push(("amendment_reason".to_string(), "checked with the family".to_string()));
    }
    for (name, values) in kind.values(e) {
        p.extend(values.into_iter().map(|v| (name.to_string(), v)));
    }
    p.extend(extra.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    p
}

/// The example as the API takes it: each field the user fills in, one value or (several choices) a list.
fn body(kind: &Declaration<ChildEvent>, e: &ChildEvent) -> Map<String, Value> {
    let mut out = Map::new();
    if kind.prefill.is_some() {
        out.insert("amendment_reason".into(), json!("checked with the family"));
    }
    for (name, values) in kind.values(e) {
        let Some(f) = kind.fields.iter().find(|f| f.name == name && !f.assigned()) else { continue };
        let several = matches!(f.input, carefile_domain::form::Input::Choices(_));
        let v = match values.as_slice() {
            [one] if !several => json!(one),
            _ => json!(values),
        };
        out.insert(name.to_string(), v);
    }
    out
}

/// A write through the API with `If-Match` (where given) and an idempotency key (where given).
async fn api(c: &mut Client, path: &str, if_match: Option<u64>, key: Option<&str>, body: &Value) -> (StatusCode, Value, Option<String>) {
    let csrf = c.csrf.clone();
    let version = if_match.map(|v| format!("\"{v}\""));
    let mut headers = vec![("x-csrf-token", csrf.as_str())];
    headers.extend(version.as_deref().map(|v| ("if-match", v)));
    headers.extend(key.map(|k| ("idempotency-key", k)));
    let r = c.send(Method::POST, path, Some("application/json"), &headers, body.to_string()).await;
    let etag = r.headers.get("etag").and_then(|v| v.to_str().ok()).map(String::from);
    (r.status, serde_json::from_str(&r.body).unwrap_or(Value::Null), etag)
}

async fn post(c: &mut Client, path: &str, pairs: &[(String, String)]) -> common::Response {
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    c.post_form(path, &pairs).await
}

/// Whether `role` may open the child: staff of its team, its reviewing officer (assigned to every
/// test child) while it is on a child protection plan or looked after (decision 001).
fn in_scope(role: &str, seen: Seen) -> bool {
    match role {
        "social-worker" | "team-manager" | "agency-decision-maker" => true,
        "reviewing-officer" => seen.by_reviewers,
        "virtual-school-officer" => seen.by_virtual_school,
        _ => false,
    }
}

static POLICY: std::sync::LazyLock<Policy> = std::sync::LazyLock::new(Policy::default);

/// Whether `role` holds `key` in the shipped policy (the world's).
fn holds(role: &str, key: &str) -> bool {
    POLICY.permits(&Role::new(role).unwrap(), key)
}

/// Whether `role` may send a step of `kind` for authorisation (as `carefile_web::forms::may_propose`).
fn may_propose(role: &str, kind: &Declaration<ChildEvent>) -> bool {
    kind.authorises.is_some() && POLICY.role(&Role::new(role).unwrap()).is_some_and(|r| r.holds_any("child.record"))
}

/// Which scopes beyond a team's hold the child today.
#[derive(Debug, Clone, Copy)]
struct Seen {
    /// On a child protection plan or looked after.
    by_reviewers: bool,
    /// Looked after or a care leaver (the Virtual School's roll).
    by_virtual_school: bool,
}

async fn seen(w: &World, id: &ChildId) -> Seen {
    let id = id.clone();
    let rec = w.state.with_store(move |s| s.child(&id)).await.unwrap().unwrap().0;
    let s = rec.status_on(as_of());
    Seen { by_reviewers: s.cp_plan || s.looked_after, by_virtual_school: s.looked_after || rec.is_care_leaver_on(as_of()) }
}

#[tokio::test]
async fn every_kind_is_recorded_refused_corrected_and_withdrawn_as_the_policy_says() {
    let w = world();
    let (sw, tm, team) = staff(&w);
    // A reviewing officer in post (the form offers staff in post), never the child's worker.
    let reviewer = w
        .state
        .org()
        .staff
        .values()
        .find(|s| s.role == carefile_domain::org::StaffRole::ReviewingOfficer && s.in_post(as_of()) && s.team_on(as_of()).is_some())
        .map(|s| s.id.clone())
        .expect("a reviewing officer in post");
    // The world's roles, the agency decision maker, who alone decides on adoption, and the Virtual
    // School's officer, who alone records a looked-after child's education.
    let extra = [("adm", "agency-decision-maker"), ("vso", "virtual-school-officer")];
    let added = extra.iter().map(|(name, role)| carefile_domain::access::UserEvent::UserAdded {
        username: (*name).into(),
        role: Role::new(role).unwrap(),
        worker: None,
        password_hash: carefile_web::auth::password::hash(&common::password(name)).unwrap(),
    });
    w.state.append_users("test", added.collect()).await.unwrap();
    let roles: Vec<(&str, &str)> = ROLES.iter().copied().chain(extra).collect();
    let mut clients = Vec::new();
    for &(name, role) in &roles {
        clients.push((name, role, w.signed_in(name).await));
    }
    let mut recorded_kinds = Vec::new();
    for (n, x) in examples(&sw, &team).into_iter().enumerate() {
        // A new record is registered by the front door's page, not by a form on a record.
        let Some(kind) = x.event.declaration().filter(|d| d.kind != "registered") else { continue };
        let id = child_for(&w, n, &x, &sw, &team).await;
        let cp_or_la = seen(&w, &id).await;
        // Recording: whoever holds the kind's key, or proposes the step for authorisation; changing
        // it: whoever holds the key.
        let may = |role: &str| in_scope(role, cp_or_la) && holds(role, kind.permission);
        let may_open = |role: &str| may(role) || (in_scope(role, cp_or_la) && may_propose(role, kind));
        let recorder = roles.iter().position(|(_, r)| may(r));
        let Some(who) = recorder else {
            panic!("{}: no role may record it ({} on a child seen so: {cp_or_la:?})", kind.kind, kind.permission);
        };
        // The example as its recorder would enter it: oversight names whoever records it.
        let expected = match (&x.event, roles[who].1) {
            (ChildEvent::ManagementOversight { date, note, .. }, "team-manager") => {
                ChildEvent::ManagementOversight { date: *date, by: tm.clone(), note: note.clone() }
            }
            // A reviewer is never the child's worker (domain::reviewing).
            (ChildEvent::ReviewerAssigned { date, role, .. }, _) => {
                ChildEvent::ReviewerAssigned { date: *date, worker: reviewer.clone(), role: *role }
            }
            (e, _) => e.clone(),
        };

        // Every role: the form opens only for those the policy lets record it; refusals are audited.
        for (name, role, c) in clients.iter_mut() {
            let denied = w.audit_count(name, &id, AuditAction::Denied).await;
            let r = c.get(&format!("/children/{id}/record/{}", kind.slug)).await;
            if may_open(*role) {
                assert_eq!(r.status, StatusCode::OK, "{} as {name}: {}", kind.kind, r.body);
            } else {
                // Outside the role's scope the record answers as a missing one would.
                let refused = if in_scope(role, cp_or_la) { StatusCode::FORBIDDEN } else { StatusCode::NOT_FOUND };
                assert_eq!(r.status, refused, "{} as {name}", kind.kind);
                assert_eq!(w.audit_count(name, &id, AuditAction::Denied).await, denied + 1, "{} as {name}", kind.kind);
            }
        }

        let (name, _, c) = &mut clients[who];
        // A bad value in each field the user fills in: refused, with the message beside that field.
        let v = version(&w, &id).await;
        for f in kind.fields {
            let Some(value) = f.input.refused_example() else { continue };
            // Through the API: named under `fields`.
            let mut sent = body(kind, &expected);
            sent.insert(f.name.to_string(), json!(value));
            let (status, answer, _) = api(c, &format!("/api/v1/children/{id}/entries/{}", kind.slug), Some(v), None, &Value::Object(sent)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}.{} through the API: {answer}", kind.kind, f.name);
            assert!(answer["fields"][f.name].is_array(), "{}.{}: {answer}", kind.kind, f.name);
            let mut pairs = posted(c, v, kind, &expected, &[]);
            pairs.retain(|(n, _)| n != f.name);
            pairs.push((f.name.to_string(), value));
            let r = post(c, &format!("/children/{id}/record/{}", kind.slug), &pairs).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}.{} as {name}", kind.kind, f.name);
            assert!(r.body.contains(&format!("id=\"f-{}-error\"", f.name)), "{}.{}: no message beside it: {}", kind.kind, f.name, r.body);
        }
        assert_eq!(version(&w, &id).await, v, "{}: a refused form wrote nothing", kind.kind);

        // The example through its form, as the recorder.
        let r = post(c, &format!("/children/{id}/record/{}", kind.slug), &posted(c, v, kind, &expected, &[])).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{} as {name}: {}", kind.kind, r.body);
        let entry = last(&w, &id).await;
        assert_eq!(entry.event, expected, "{}", kind.kind);
        assert_eq!(entry.recorded.by, *name);
        recorded_kinds.push(kind.kind);

        // The same example through the API, on a child of its own: written once under its key.
        let api_id = child_for(&w, 500 + n, &x, &sw, &team).await;
        let (name, _, c) = &mut clients[who];
        let v = version(&w, &api_id).await;
        let path = format!("/api/v1/children/{api_id}/entries/{}", kind.slug);
        let sent = Value::Object(body(kind, &expected));
        let key = format!("first-{}", kind.kind);
        let (status, answer, etag) = api(c, &path, Some(v), Some(&key), &sent).await;
        assert_eq!(status, StatusCode::CREATED, "{} through the API as {name}: {answer}", kind.kind);
        let stored = last(&w, &api_id).await;
        assert_eq!(stored.event, expected, "{} through the API", kind.kind);
        assert_eq!((answer["seq"].as_u64(), answer["version"].as_u64()), (Some(stored.seq), Some(v + 1)));
        assert_eq!(etag, Some(format!("\"{}\"", v + 1)));
        let again = api(c, &path, Some(v), Some(&key), &sent).await;
        assert_eq!((again.0, &again.1), (StatusCode::CREATED, &answer), "{}: a retry gets the first answer", kind.kind);
        assert_eq!(version(&w, &api_id).await, v + 1, "{}: and writes nothing", kind.kind);
        // A correction that changes nothing is refused, through the API as through the form.
        let seq_api = stored.seq;
        if holds(roles[who].1, "child.correct") {
            let path = format!("/api/v1/children/{api_id}/entries/{seq_api}/correction");
            let (status, answer, _) = api(c, &path, Some(v + 1), None, &json!({"correction_reason": "checking"})).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {answer}", kind.kind);
            assert!(answer["error"].as_str().unwrap().starts_with("Nothing was changed"), "{}: {answer}", kind.kind);
        }

        // Correcting and withdrawing it: open to whoever may record the kind and holds the key
        // (reviewing officers see the child once it is on a plan or looked after).
        let seq = entry.seq;
        let cp_or_la = seen(&w, &id).await;
        let may = |role: &str| in_scope(role, cp_or_la) && holds(role, kind.permission);
        for (name, role, c) in clients.iter_mut() {
            for (path, key) in [("correct", "child.correct"), ("withdraw", "child.withdraw")] {
                let denied = w.audit_count(name, &id, AuditAction::Denied).await;
                let r = c.get(&format!("/children/{id}/{path}/{seq}")).await;
                if may(*role) && holds(*role, key) {
                    assert_eq!(r.status, StatusCode::OK, "{path} {} as {name}: {}", kind.kind, r.body);
                } else {
                    let refused = if in_scope(role, cp_or_la) { StatusCode::FORBIDDEN } else { StatusCode::NOT_FOUND };
                    assert_eq!(r.status, refused, "{path} {} as {name}", kind.kind);
                    assert_eq!(w.audit_count(name, &id, AuditAction::Denied).await, denied + 1, "{path} {} as {name}", kind.kind);
                }
            }
        }

        // The recorder withdraws it as entered in error, where they may: it stays in the log, withdrawn.
        let (name, role, c) = &mut clients[who];
        if holds(*role, "child.withdraw") {
            let v = version(&w, &id).await;
            let pairs = [
                ("csrf".to_string(), c.csrf.clone()),
                ("version".to_string(), v.to_string()),
                ("withdrawal_reason".to_string(), "entered on the wrong child".to_string()),
            ];
            let r = post(c, &format!("/children/{id}/withdraw/{seq}"), &pairs).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "withdraw {} as {name}: {}", kind.kind, r.body);
            let entry = last(&w, &id).await;
            assert_eq!(entry.event, ChildEvent::Retracted { seq, also: vec![] }, "{}", kind.kind);
            assert_eq!(entry.recorded.reason.as_deref(), Some("entered on the wrong child"));
        }
    }
    let declared = ChildEvent::declarations().len() - 1;
    assert_eq!(recorded_kinds.len(), declared, "every declared kind but registration was recorded");
    // Every kind of due item names the form that meets it (decision 003), and that form was recorded
    // above, through the page and the API, by a role entitled to it.
    // The complaint stream's items (decision 008) are met by that stream's own steps, recorded
    // through its forms in every_stream.rs: named here, so that any other item without a form still fails.
    let complaint_steps = ["responded", "panel_held", "panel_reported"];
    for item in carefile_domain::timescales::Item::ALL {
        if complaint_steps.contains(&item.met_by()) {
            continue;
        }
        assert!(recorded_kinds.contains(&item.met_by()), "{}: met by {}, which was not recorded", item.name(), item.met_by());
    }
}

/// The API's writes on one child: If-Match required and checked, an idempotency key answering a
/// retry and refusing its reuse for another request, a correction with its reason and a real
/// change, a worker's authorising step sent for authorisation, and the dependants rule.
#[tokio::test]
async fn the_api_writes_once_against_the_version_it_names() {
    let w = world();
    let own = w.cases.own.clone();
    let mut sw = w.signed_in("sw").await;
    let v = version(&w, &own).await;
    let visits = format!("/api/v1/children/{own}/entries/visit");
    let visit = json!({"date": "2026-03-30", "seen": true});
    // The version to name comes with the child.
    let r = sw.get(&format!("/api/v1/children/{own}")).await;
    let child: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(child["version"].as_u64(), Some(v));
    assert_eq!(r.headers.get("etag").unwrap().to_str().unwrap(), format!("\"{v}\""));
    // No If-Match: 428, nothing written.
    let (status, _, _) = api(&mut sw, &visits, None, None, &visit).await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    // A stale one: 412 with the current version.
    let (status, answer, etag) = api(&mut sw, &visits, Some(v - 1), None, &visit).await;
    assert_eq!((status, answer["version"].as_u64(), etag), (StatusCode::PRECONDITION_FAILED, Some(v), Some(format!("\"{v}\""))));
    assert_eq!(version(&w, &own).await, v);
    // Written once; the key's reuse for something else is refused.
    let (status, answer, _) = api(&mut sw, &visits, Some(v), Some("visit-1"), &visit).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let seq = answer["seq"].as_u64().unwrap();
    let (status, _, _) = api(&mut sw, &visits, Some(v), Some("visit-1"), &json!({"date": "2026-03-29", "seen": true})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(version(&w, &own).await, v + 1);
    // A correction names what changes and why; the rest of the entry stands.
    let fix = format!("/api/v1/children/{own}/entries/{seq}/correction");
    let (status, answer, _) = api(&mut sw, &fix, Some(v + 1), None, &json!({"date": "2026-03-27"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["fields"]["correction_reason"][0], "Say why: it is kept with the entry");
    let (status, answer, _) = api(&mut sw, &fix, Some(v + 1), None, &json!({"date": "2026-03-27", "correction_reason": "wrong day"})).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let stored = last(&w, &own).await;
    assert_eq!(stored.recorded.reason.as_deref(), Some("wrong day"));
    let ChildEvent::Corrected { seq: s, replacement } = &stored.event else { panic!("{:?}", stored.event) };
    assert_eq!(*s, seq);
    assert!(matches!(**replacement, ChildEvent::Visited { seen: true, seen_alone: false, .. }), "{replacement:?}");
    // A worker's assessment authorisation is sent for a manager's authorisation (202), not recorded.
    let (worker, _, team) = staff(&w);
    let x = examples(&worker, &team).into_iter().find(|x| x.event.kind() == "assessment_authorised").unwrap();
    let id = child_for(&w, 900, &x, &worker, &team).await;
    let v = version(&w, &id).await;
    let kind = x.event.declaration().unwrap();
    let authorise = format!("/api/v1/children/{id}/entries/{}", kind.slug);
    let (status, answer, _) = api(&mut sw, &authorise, Some(v), None, &Value::Object(body(kind, &x.event))).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{answer}");
    assert_eq!(answer["sent_for_authorisation"], true);
    assert_eq!(version(&w, &id).await, v, "sent, not recorded");
    // The referral carries the assessment: withdrawn alone it is refused, naming it; with it, both go.
    let log = {
        let id = id.clone();
        w.state.with_store(move |s| s.child_log(&id)).await.unwrap()
    };
    let referral = log.iter().find(|e| e.event.kind() == "referral_received").unwrap().seq;
    let assessment = log.iter().find(|e| e.event.kind() == "assessment_started").unwrap().seq;
    let withdraw = format!("/api/v1/children/{id}/entries/{referral}/withdrawal");
    let (status, answer, _) = api(&mut sw, &withdraw, Some(v), None, &json!({"reason": "wrong child"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert!(answer["fields"]["with_dependants"][0].as_str().unwrap().contains(&assessment.to_string()), "{answer}");
    let (status, answer, _) = api(&mut sw, &withdraw, Some(v), None, &json!({"reason": "wrong child", "with_dependants": true})).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(last(&w, &id).await.event, ChildEvent::Retracted { seq: referral, also: vec![assessment] });
}

/// The child's details (name, date of birth, ethnicity, postcode, UPN) are put right through their
/// form, prefilled with what the record holds, saying why: refused without a reason, kept with the
/// entry and shown on the chronology. The registration itself is not corrected: its correction
/// points to that form.
#[tokio::test]
async fn the_details_are_put_right_through_their_form_saying_why() {
    let w = world();
    let own = w.cases.own.clone();
    let mut sw = w.signed_in("sw").await;
    let registration = {
        let id = own.clone();
        w.state.with_store(move |s| s.child_log(&id)).await.unwrap().remove(0)
    };
    let r = sw.get(&format!("/children/{own}/correct/{}", registration.seq)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains(&format!("/children/{own}/record/details")), "{}", r.body);
    let path = format!("/children/{own}/record/details");
    let page = sw.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let id = own.clone();
    let held = w.state.with_store(move |s| s.child(&id)).await.unwrap().unwrap().0.details;
    assert!(page.body.contains(&format!("value=\"{}\"", held.surname)), "prefilled: {}", page.body);
    assert!(page.body.contains("name=\"amendment_reason\""), "{}", page.body);
    let kind = ChildEvent::by_kind("details_amended").unwrap();
    let fixed = ChildEvent::DetailsAmended {
        details: carefile_domain::journey::ChildDetails { surname: "Corrected".into(), home_postcode: Some("LE1 7RH".into()), ..held.clone() },
    };
    let v = version(&w, &own).await;
    let mut unexplained = posted(&sw, v, kind, &fixed, &[]);
    unexplained.retain(|(n, _)| n != "amendment_reason");
    let r = post(&mut sw, &path, &unexplained).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"f-amendment_reason-error\""), "{}", r.body);
    assert_eq!(version(&w, &own).await, v, "nothing written");
    let mut explained = unexplained.clone();
    explained.push(("amendment_reason".into(), "surname misspelt at the front door".into()));
    let r = post(&mut sw, &path, &explained).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stored = last(&w, &own).await;
    assert_eq!(stored.event, fixed);
    assert_eq!(stored.recorded.reason.as_deref(), Some("surname misspelt at the front door"));
    let page = sw.get(&format!("/children/{own}")).await;
    assert!(page.body.contains("Why: surname misspelt at the front door"), "on the chronology: {}", page.body);
    // Through the API the same: the reason required.
    let api_path = format!("/api/v1/children/{own}/entries/details");
    let mut sent = body(kind, &fixed);
    sent.remove("amendment_reason");
    let (status, answer, _) = api(&mut sw, &api_path, Some(v + 1), None, &Value::Object(sent)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert!(answer["fields"]["amendment_reason"].is_array(), "{answer}");
}

/// The chronology names the staff its entries name (#12): "Allocated to" reads the worker's name
/// from the organisation, a leaver's too, never their ID; on the page and through the API.
#[tokio::test]
async fn the_chronology_names_staff_a_leaver_too() {
    let w = world();
    let org = w.state.org().clone();
    let left = |wk: &WorkerId| org.staff.get(wk).is_some_and(|s| s.left.is_some_and(|l| l <= as_of()));
    // Children once allocated to a worker who has since left, as the team manager may see them.
    let candidates: Vec<(ChildId, WorkerId)> = w
        .records
        .iter()
        .filter_map(|r| r.allocations.iter().filter_map(|a| a.worker.clone()).find(|wk| left(wk)).map(|wk| (r.id.clone(), wk)))
        .collect();
    let mut tm = w.signed_in("tm").await;
    let mut shown = None;
    for (id, leaver) in candidates {
        let page = tm.get(&format!("/children/{id}/chronology")).await;
        if page.status == StatusCode::OK {
            shown = Some((id, leaver, page.body));
            break;
        }
    }
    let (id, leaver, page) = shown.expect("a child of the manager's team once allocated to a leaver");
    let name = &org.staff[&leaver].name;
    let html = name.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    assert!(page.contains(&format!("Allocated to {html}")), "{name} not named: {page}");
    assert!(!page.contains(&format!("Allocated to {leaver}")), "an ID where a name belongs");
    let api = tm.get(&format!("/api/v1/children/{id}/chronology")).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let entries: Vec<Value> = serde_json::from_str(&api.body).unwrap();
    let texts: Vec<&str> = entries.iter().filter_map(|e| e["text"].as_str()).collect();
    assert!(texts.contains(&format!("Allocated to {name}").as_str()), "{texts:?}");
    assert!(!texts.contains(&format!("Allocated to {leaver}").as_str()), "{texts:?}");
}
