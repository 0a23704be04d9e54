//! Every form, from the domain's example of its kind: the example submitted reads as itself,
//! each required field left out and each field sent a bad value is named beside it, and the
//! domain's refusals land beside the field they concern; corrections and withdrawals.

use super::*;
use carefile_domain::codes::*;
use carefile_domain::form::Input as DeclaredInput;
use carefile_domain::journey::examples::{Example, examples};
use carefile_domain::{TeamId, WorkerId};

const TODAY: &str = "2026-03-31";

/// A log as the store reads it, every entry recorded under the journey's order rules.
fn bound(log: &[(u64, ChildEvent)]) -> Vec<(u64, ChildEvent, Order)> {
    log.iter().map(|(s, e)| (*s, e.clone(), Order::Enforced)).collect()
}

fn staff() -> (WorkerId, TeamId) {
    (WorkerId::new("W1").unwrap(), TeamId::new("T1").unwrap())
}

fn record(x: &Example) -> ChildRecord {
    let id = ChildId::new("C1").unwrap();
    let mut rec = ChildRecord::register(id, &ChildEvent::Registered { details: x.details.clone() }).unwrap();
    for e in &x.setup {
        rec.apply(e).unwrap_or_else(|err| panic!("setup {e:?}: {err}"));
    }
    rec
}

fn with_ctx<R>(rec: &ChildRecord, f: impl FnOnce(&Context) -> R) -> R {
    let (w, t) = staff();
    let workers = vec![(w.clone(), t, "Sam Worker".to_string())];
    f(&Context { today: TODAY.parse().unwrap(), record: rec, user: Some(&w), workers: &workers, correcting: None })
}

/// The pairs a browser (with the date boxes joined) or a script posts for `e`.
fn posted(kind: FormKind, e: &ChildEvent) -> Vec<(String, String)> {
    pairs(kind.values(e))
}

/// Every example but registration (a new record is registered by the front door's page).
fn cases() -> Vec<(FormKind, Example)> {
    let (w, t) = staff();
    examples(&w, &t)
        .into_iter()
        .filter(|x| !matches!(x.event, ChildEvent::Registered { .. }))
        .map(|x| (kind_of_event(&x.event).unwrap(), x))
        .collect()
}

#[test]
fn every_example_submitted_reads_as_itself() {
    for (kind, x) in cases() {
        let rec = record(&x);
        let got = with_ctx(&rec, |ctx| submit(kind, ctx, &posted(kind, &x.event)));
        let got = got.unwrap_or_else(|r| panic!("{}: {:?}", kind.kind, r.errors));
        assert_eq!(got.event, x.event, "{}", kind.kind);
        assert_eq!(got.reason, None);
        // What is drawn is what is read: every value sent has a field.
        let fields = with_ctx(&rec, |ctx| fields(kind, ctx));
        for (name, _) in posted(kind, &x.event) {
            let assigned = kind.fields.iter().any(|f| f.name == name && f.assigned());
            assert!(assigned || fields.iter().any(|f| f.name == name), "{}: {name} not drawn", kind.kind);
        }
    }
}

#[test]
fn each_required_field_left_out_is_named_beside_it() {
    for (kind, x) in cases() {
        let rec = record(&x);
        let all = posted(kind, &x.event);
        let required = kind.fields.iter().filter(|f| {
            f.required && !f.assigned() && !matches!(f.input, DeclaredInput::Check | DeclaredInput::Choices(_))
                && !matches!(&f.input, DeclaredInput::Item(i) if i.new.is_some())
        });
        for f in required {
            let sent: Vec<_> = all.iter().filter(|(n, _)| n != f.name).cloned().collect();
            let r = with_ctx(&rec, |ctx| submit(kind, ctx, &sent)).expect_err(f.name);
            let beside: Vec<&str> = r.errors.for_field(f.name).collect();
            assert_eq!(beside, [format!("{} is required", f.label)], "{}.{}", kind.kind, f.name);
        }
    }
}

#[test]
fn each_bad_value_is_refused_beside_its_field_and_nothing_else() {
    for (kind, x) in cases() {
        let rec = record(&x);
        let all = posted(kind, &x.event);
        for f in kind.fields {
            let Some(value) = f.input.refused_example() else { continue };
            let mut sent: Vec<_> = all.iter().filter(|(n, _)| n != f.name).cloned().collect();
            sent.push((f.name.to_string(), value.clone()));
            let r = with_ctx(&rec, |ctx| submit(kind, ctx, &sent)).expect_err(f.name);
            let beside: Vec<&str> = r.errors.for_field(f.name).collect();
            assert_eq!(beside.len(), 1, "{}.{}: {:?}", kind.kind, f.name, r.errors);
            assert!(r.errors.fields.iter().all(|(n, _)| *n == f.name), "{}.{}: {:?}", kind.kind, f.name, r.errors);
            // What was sent is drawn again.
            let drawn = r.fields.iter().find(|d| d.name == f.name).unwrap();
            assert!(drawn.sent.contains(&value), "{}.{}", kind.kind, f.name);
        }
    }
}

#[test]
fn a_refusal_of_the_domain_is_put_beside_the_field_it_names() {
    let (kind, x) = cases().into_iter().find(|(k, _)| k.kind == "cp_review_held").unwrap();
    let rec = record(&x);
    // The plan started on 2026-01-20: a review on that day is refused, beside the date.
    let mut sent = posted(kind, &x.event);
    sent.retain(|(n, _)| n != "date");
    sent.push(("date".into(), "2026-01-20".into()));
    let r = with_ctx(&rec, |ctx| submit(kind, ctx, &sent)).unwrap_err();
    let beside: Vec<&str> = r.errors.for_field("date").collect();
    assert_eq!(beside, ["a review on 2026-01-20 must come after the plan started on 2026-01-20"]);
    // A strategy discussion earlier than the referral on the same day: beside the time.
    let (kind, x) = cases().into_iter().find(|(k, _)| k.kind == "strategy_discussion_held").unwrap();
    let rec = record(&x);
    let mut sent = posted(kind, &x.event);
    sent.retain(|(n, _)| n != "at");
    sent.push(("at".into(), "2026-01-05T09:00".into()));
    let r = with_ctx(&rec, |ctx| submit(kind, ctx, &sent)).unwrap_err();
    assert!(r.errors.for_field("at").next().unwrap().contains("before referral 1 was received"), "{:?}", r.errors);
}

fn contact(no: u32, at: &str) -> ChildEvent {
    let at = chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M").unwrap();
    ChildEvent::ContactReceived { contact: no, at, source: ReferralSource::Police }
}

#[test]
fn a_correction_keeps_the_number_says_why_and_is_tried_on_the_whole_log() {
    let id = ChildId::new("C1").unwrap();
    let (w, t) = staff();
    let x = examples(&w, &t).remove(0);
    let log = vec![
        (1, ChildEvent::Registered { details: x.details.clone() }),
        (2, contact(1, "2026-03-01T09:00")),
        (3, contact(2, "2026-03-02T09:00")),
        (
            4,
            ChildEvent::ReferralReceived {
                referral: 1,
                at: chrono::NaiveDateTime::parse_from_str("2026-03-02T10:00", "%Y-%m-%dT%H:%M").unwrap(),
                source: ReferralSource::Police,
                contact: Some(2),
                exploitation: vec![],
            },
        ),
    ];
    let before = ChildRecord::replay_before(&id, &log, 3).unwrap();
    let kind = kind_of("contact").unwrap();
    let entry = log[2].1.clone();
    let workers = vec![(w.clone(), t.clone(), "Sam".to_string())];
    let log = bound(&log);
    let correcting = Correcting { child: &id, seq: 3, entry: &entry, log: &log };
    let ctx = Context { today: TODAY.parse().unwrap(), record: &before, user: Some(&w), workers: &workers, correcting: Some(correcting) };
    // Drawn filled in with the entry, its number fixed, and the reason's own field.
    let drawn = fields(kind, &ctx);
    let number = drawn.iter().find(|f| f.name == "contact").unwrap();
    assert!(number.fixed && number.sent == ["2"], "{number:?}");
    assert!(drawn.iter().any(|f| f.name == CORRECTION_REASON));
    let sent = |at: &str, why: &str| {
        let mut p = vec![("at".to_string(), at.to_string()), ("source".into(), ReferralSource::Police.code().into())];
        if !why.is_empty() {
            p.push((CORRECTION_REASON.into(), why.into()));
        }
        p
    };
    let r = submit(kind, &ctx, &sent("2026-03-02T08:00", "")).unwrap_err();
    assert_eq!(r.errors.for_field(CORRECTION_REASON).collect::<Vec<_>>(), ["Say why: it is kept with the entry"]);
    // Contact 2 stays contact 2 (a number sent is ignored), and the correction carries its reason.
    let ok = submit(kind, &ctx, &sent("2026-03-02T08:00", "time typed wrong")).unwrap();
    assert_eq!(ok.reason.as_deref(), Some("time typed wrong"));
    let ChildEvent::Corrected { seq: 3, replacement } = &ok.event else { panic!("{:?}", ok.event) };
    assert!(matches!(**replacement, ChildEvent::ContactReceived { contact: 2, .. }));
    // Later than the referral it led to: refused on the whole log, beside the time.
    let r = submit(kind, &ctx, &sent("2026-03-02T11:00", "time typed wrong")).unwrap_err();
    assert!(r.errors.for_field("at").next().unwrap().contains("before contact 2 was received"), "{:?}", r.errors);
    // Nothing changed is not a correction.
    let r = submit(kind, &ctx, &sent("2026-03-02T09:00", "no change")).unwrap_err();
    assert!(r.errors.form[0].starts_with("Nothing was changed"));
}

#[test]
fn a_withdrawal_names_its_dependants_and_takes_them_in_the_same_step() {
    let id = ChildId::new("C1").unwrap();
    let (w, t) = staff();
    let x = examples(&w, &t).into_iter().find(|x| x.event.kind() == "assessment_authorised").unwrap();
    let mut log: Vec<(u64, ChildEvent)> = vec![(1, ChildEvent::Registered { details: x.details.clone() })];
    log.extend(x.setup.iter().cloned().enumerate().map(|(i, e)| (i as u64 + 2, e)));
    log.push((9, x.event.clone()));
    let log = bound(&log);
    // The referral (2) carries the assessment (3) and its authorisation (9).
    assert_eq!(dependants(&id, &log, &[2]).unwrap(), [3, 9]);
    assert!(withdrawal(&id, &log, 2, vec![], None).unwrap_err().contains("no referral 1"));
    let events = withdrawal(&id, &log, 2, vec![3, 9], None).unwrap();
    assert_eq!(events, [ChildEvent::Retracted { seq: 2, also: vec![3, 9] }]);
    // A wrong kind put right: the dental check withdrawn and a health assessment in its place.
    let log = bound(&[(1, log[0].1.clone()), (2, ChildEvent::DentalCheck { date: "2026-03-01".parse().unwrap() })]);
    let right = ChildEvent::HealthAssessment { date: "2026-03-01".parse().unwrap() };
    let events = withdrawal(&id, &log, 2, vec![], Some(&right)).unwrap();
    assert_eq!(events, [ChildEvent::Retracted { seq: 2, also: vec![] }, right]);
}

#[test]
fn an_amendment_of_details_starts_from_the_details_held() {
    let (kind, x) = cases().into_iter().find(|(k, _)| k.kind == "details_amended").unwrap();
    let rec = record(&x);
    let drawn = with_ctx(&rec, |ctx| fields(kind, ctx));
    let surname = drawn.iter().find(|f| f.name == "surname").unwrap();
    assert_eq!(surname.sent, ["Example"]);
}
