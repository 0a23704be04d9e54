//! Every kind of entry through the web application, from the domain's example of it
//! (`carefile_domain::journey::examples`, built on an exhaustive match, so a new kind cannot be
//! left out): recorded through its form by a role entitled to it and found in the log, refused
//! beside the field given a bad value, and corrected and withdrawn (or refused, audited) as each
//! role's permissions say; an entry others depend on is withdrawn only with them.

mod common;

use axum::http::StatusCode;
use carefile_domain::access::{AuditAction, Role};
use carefile_domain::form::{Declaration, Declared};
use carefile_domain::journey::examples::{Example, examples};
use carefile_domain::{ChildEvent, ChildId, Recorded, TeamId, WorkerId};
use carefile_web::forms::{holds, may_propose};
use common::{Client, ROLES, World, as_of, world};

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
    let mut events = vec![ChildEvent::Registered { details: x.details.clone() }, allocated];
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
    for (name, values) in kind.values(e) {
        p.extend(values.into_iter().map(|v| (name.to_string(), v)));
    }
    p.extend(extra.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    p
}

async fn post(c: &mut Client, path: &str, pairs: &[(String, String)]) -> common::Response {
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    c.post_form(path, &pairs).await
}

/// Whether `role` may open the child: staff of its team, reviewing officers while it is on a
/// child protection plan or looked after (decision 001).
fn in_scope(role: Role, cp_or_looked_after: bool) -> bool {
    match role {
        Role::SocialWorker | Role::TeamManager => true,
        Role::ReviewingOfficer => cp_or_looked_after,
        Role::Analyst | Role::Admin | Role::Councillor => false,
    }
}

/// Whether the child is on a child protection plan or looked after today.
async fn seen_by_reviewers(w: &World, id: &ChildId) -> bool {
    let id = id.clone();
    let rec = w.state.with_store(move |s| s.child(&id)).await.unwrap().unwrap().0;
    let s = rec.status_on(as_of());
    s.cp_plan || s.looked_after
}

#[tokio::test]
async fn every_kind_is_recorded_refused_corrected_and_withdrawn_as_the_policy_says() {
    let w = world();
    let (sw, tm, team) = staff(&w);
    let mut clients = Vec::new();
    for (name, role) in ROLES {
        clients.push((name, role, w.signed_in(name).await));
    }
    let mut recorded_kinds = 0;
    for (n, x) in examples(&sw, &team).into_iter().enumerate() {
        // A new record is registered by the front door's page, not by a form on a record.
        let Some(kind) = x.event.declaration().filter(|d| d.kind != "registered") else { continue };
        let id = child_for(&w, n, &x, &sw, &team).await;
        let cp_or_la = seen_by_reviewers(&w, &id).await;
        // Recording: whoever holds the kind's key, or proposes the step for authorisation; changing
        // it: whoever holds the key.
        let may = |role: Role| in_scope(role, cp_or_la) && holds(role, kind.permission);
        let may_open = |role: Role| may(role) || (in_scope(role, cp_or_la) && may_propose(role, kind));
        let recorder = ROLES.iter().position(|(_, r)| may(*r));
        let Some(who) = recorder else {
            panic!("{}: no role may record it ({} on a child the reviewing officer sees: {cp_or_la})", kind.kind, kind.permission);
        };
        // The example as its recorder would enter it: oversight names whoever records it.
        let expected = match (&x.event, ROLES[who].1) {
            (ChildEvent::ManagementOversight { date, note, .. }, Role::TeamManager) => {
                ChildEvent::ManagementOversight { date: *date, by: tm.clone(), note: note.clone() }
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
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{} as {name}", kind.kind);
                assert_eq!(w.audit_count(name, &id, AuditAction::Denied).await, denied + 1, "{} as {name}", kind.kind);
            }
        }

        let (name, _, c) = &mut clients[who];
        // A bad value in each field the user fills in: refused, with the message beside that field.
        let v = version(&w, &id).await;
        for f in kind.fields {
            let Some(value) = f.input.refused_example() else { continue };
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
        recorded_kinds += 1;

        // Correcting and withdrawing it: open to whoever may record the kind and holds the key
        // (reviewing officers see the child once it is on a plan or looked after).
        let seq = entry.seq;
        let cp_or_la = seen_by_reviewers(&w, &id).await;
        let may = |role: Role| in_scope(role, cp_or_la) && holds(role, kind.permission);
        for (name, role, c) in clients.iter_mut() {
            for (path, key) in [("correct", "child.correct"), ("withdraw", "child.withdraw")] {
                let denied = w.audit_count(name, &id, AuditAction::Denied).await;
                let r = c.get(&format!("/children/{id}/{path}/{seq}")).await;
                if may(*role) && holds(*role, key) {
                    assert_eq!(r.status, StatusCode::OK, "{path} {} as {name}: {}", kind.kind, r.body);
                } else {
                    assert_eq!(r.status, StatusCode::FORBIDDEN, "{path} {} as {name}", kind.kind);
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
    assert_eq!(recorded_kinds, declared, "every declared kind but registration was recorded");
}
