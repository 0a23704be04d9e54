//! The procedure's rules and its clocks, worked by hand on the England and
//! Wales calendar (bank holidays named where they matter).

use super::*;
use crate::Calendar;
use crate::Recorded;
use crate::stream::StreamError;
use crate::timescales::{
    Deadline, Item, Moment, Status, TimescaleConfig, complaint_deadlines, complaint_escalation_window,
};
use chrono::{TimeZone, Utc};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn received(kind: ComplaintKind, date: &str) -> ComplaintEvent {
    ComplaintEvent::Received {
        kind,
        about: About::Child(ChildId::new("C1").unwrap()),
        complainant: Complainant::Parent,
        date: d(date),
        matter: None,
        themes: vec![Theme::Communication, Theme::Delay, Theme::Communication],
        summary: "No one returned my calls about family time.".into(),
        team: None,
        handler: None,
    }
}

fn responded(date: &str) -> ComplaintEvent {
    ComplaintEvent::Responded {
        date: d(date),
        finding: Finding::PartlyUpheld,
        summary: "Apology; calls weekly.".into(),
    }
}

fn escalated(date: &str) -> ComplaintEvent {
    ComplaintEvent::Escalated { date: d(date) }
}

fn fold(events: &[ComplaintEvent]) -> Result<Complaint, StreamError> {
    let rec = Recorded::new(Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap(), "co", None);
    let id = ComplaintId::new("CM000001").unwrap();
    let stamped =
        events.iter().enumerate().map(|(i, e)| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: &rec }, e));
    Complaint::replay(&id, stamped).map(|c| c.expect("a complaint"))
}

fn clocks(c: &Complaint, as_of: &str) -> Vec<Deadline> {
    complaint_deadlines(c, &Calendar::england_and_wales(), &TimescaleConfig::default(), d(as_of))
}

/// (item, due, met, status) of each clock.
fn due(c: &Complaint, as_of: &str) -> Vec<(Item, NaiveDate, Option<NaiveDate>, Status)> {
    clocks(c, as_of).into_iter().map(|x| (x.item, x.due.date, x.met.map(|m: Moment| m.date), x.status)).collect()
}

#[test]
fn stage_1_in_10_working_days_across_christmas_and_20_once_extended() {
    // Fri 19 Dec 2025: day 10 skips Christmas, Boxing Day and New Year's Day: Wed 7 Jan.
    let c = fold(&[received(ComplaintKind::Children, "2025-12-19")]).unwrap();
    assert_eq!(due(&c, "2026-01-05"), [(Item::ComplaintStage1, d("2026-01-07"), None, Status::Due)]);
    assert_eq!(clocks(&c, "2026-01-05")[0].extended_due, Some(d("2026-01-21")));
    assert_eq!(c.themes, [Theme::Communication, Theme::Delay], "themes once each");
    // Answered on 14 Jan: late against 10 days ...
    let late = fold(&[received(ComplaintKind::Children, "2025-12-19"), responded("2026-01-14")]).unwrap();
    assert_eq!(due(&late, "2026-02-01")[0].3, Status::MetLate);
    // ... in time once the extension (to 20 working days, Wed 21 Jan) is recorded.
    let ext = ComplaintEvent::Extended { date: d("2026-01-06"), reason: "Worker on leave".into() };
    let c = fold(&[received(ComplaintKind::Children, "2025-12-19"), ext, responded("2026-01-14")]).unwrap();
    assert_eq!(due(&c, "2026-02-01"), [(Item::ComplaintStage1, d("2026-01-21"), Some(d("2026-01-14")), Status::Met)]);
}

#[test]
fn the_complainant_has_20_working_days_to_escalate_then_stage_2_runs_25_extendable_to_65() {
    let cal = Calendar::england_and_wales();
    let cfg = TimescaleConfig::default();
    let one = [received(ComplaintKind::Children, "2025-12-19"), responded("2026-01-14")];
    let c = fold(&one).unwrap();
    // Wed 14 Jan + 20 working days = Wed 11 Feb.
    assert_eq!(complaint_escalation_window(&c, &cal, &cfg), Some(d("2026-02-11")));
    assert!(c.is_closed());

    let mut two = one.to_vec();
    two.push(escalated("2026-02-02"));
    let c = fold(&two).unwrap();
    assert!(!c.is_closed());
    assert_eq!(complaint_escalation_window(&c, &cal, &cfg), None, "stage 2 is open");
    // Mon 2 Feb + 25 working days = Mon 9 Mar; extended: + 65 = Thu 7 May (Easter and May Day skipped).
    let s2 = clocks(&c, "2026-03-10").into_iter().find(|x| x.item == Item::ComplaintStage2).unwrap();
    assert_eq!((s2.due.date, s2.extended_due, s2.status), (d("2026-03-09"), Some(d("2026-05-07")), Status::Overdue));
    two.push(ComplaintEvent::Extended { date: d("2026-03-02"), reason: "Independent investigator appointed".into() });
    two.push(responded("2026-04-30"));
    let c = fold(&two).unwrap();
    let s2 = clocks(&c, "2026-05-01").into_iter().find(|x| x.item == Item::ComplaintStage2).unwrap();
    assert_eq!((s2.due.date, s2.status), (d("2026-05-07"), Status::Met));
    // Stage 3 may follow within 20 working days of stage 2's response (Thu 30 Apr), over the
    // May Day and spring bank holidays: Mon 1 Jun.
    assert_eq!(complaint_escalation_window(&c, &cal, &cfg), Some(d("2026-06-01")));
}

#[test]
fn stage_3_panel_in_30_working_days_its_report_in_5_and_the_response_in_15() {
    let mut events = vec![
        received(ComplaintKind::Children, "2026-01-05"),
        responded("2026-01-12"),
        escalated("2026-01-13"),
        responded("2026-03-13"),
        escalated("2026-03-23"),
    ];
    let c = fold(&events).unwrap();
    // Mon 23 Mar + 30 working days, over Good Friday, Easter Monday and May Day: Thu 7 May.
    let panel = |c: &Complaint, as_of| {
        due(c, as_of)
            .into_iter()
            .filter(|x| x.0 != Item::ComplaintStage1 && x.0 != Item::ComplaintStage2)
            .collect::<Vec<_>>()
    };
    assert_eq!(panel(&c, "2026-04-01"), [(Item::ComplaintPanel, d("2026-05-07"), None, Status::Due)]);
    events.push(ComplaintEvent::PanelHeld { date: d("2026-05-06"), finding: Finding::Upheld });
    events.push(ComplaintEvent::PanelReported { date: d("2026-05-13") });
    let c = fold(&events).unwrap();
    // Report: Wed 6 May + 5 = Wed 13 May; response: + 15 over the spring bank holiday = Thu 4 Jun.
    assert_eq!(
        panel(&c, "2026-06-05"),
        [
            (Item::ComplaintPanel, d("2026-05-07"), Some(d("2026-05-06")), Status::Met),
            (Item::ComplaintPanelReport, d("2026-05-13"), Some(d("2026-05-13")), Status::Met),
            (Item::ComplaintResponse, d("2026-06-04"), None, Status::Overdue),
        ]
    );
    events.push(responded("2026-06-03"));
    let c = fold(&events).unwrap();
    assert_eq!(panel(&c, "2026-06-05")[2].3, Status::Met);
    assert!(c.is_closed());
    // No stage after 3, and stage 3 is not extended.
    events.push(escalated("2026-06-10"));
    assert!(fold(&events).unwrap_err().message.contains("no stage after 3"));
}

#[test]
fn a_withdrawal_stops_the_clock_before_it_falls_due() {
    let c = fold(&[
        received(ComplaintKind::Children, "2026-01-05"),
        ComplaintEvent::Withdrawn { date: d("2026-01-09"), reason: "Resolved by a phone call".into() },
    ])
    .unwrap();
    assert!(due(&c, "2026-02-01").is_empty());
    assert!(c.is_closed());
}

#[test]
fn the_procedure_refuses_what_it_does_not_allow() {
    let corporate =
        [received(ComplaintKind::Corporate, "2026-01-05"), responded("2026-01-12"), escalated("2026-01-13")];
    let mut c = corporate.to_vec();
    c.push(responded("2026-02-02"));
    c.push(escalated("2026-02-03"));
    assert!(fold(&c).unwrap_err().message.contains("no stage after 2"), "a corporate complaint has two stages");

    let early = [received(ComplaintKind::Children, "2026-01-05"), escalated("2026-01-06")];
    assert!(fold(&early).unwrap_err().message.contains("stage 1 is not answered yet"));

    let compliment = [received(ComplaintKind::Compliment, "2026-01-05"), responded("2026-01-06")];
    assert!(fold(&compliment).unwrap_err().message.contains("no stages"));
    assert!(due(&fold(&compliment[..1]).unwrap(), "2026-03-01").is_empty(), "no clock on a compliment");

    let unreported = [
        received(ComplaintKind::Children, "2026-01-05"),
        responded("2026-01-06"),
        escalated("2026-01-07"),
        responded("2026-01-08"),
        escalated("2026-01-09"),
        ComplaintEvent::PanelHeld { date: d("2026-02-09"), finding: Finding::NotUpheld },
        responded("2026-02-10"),
    ];
    assert!(fold(&unreported).unwrap_err().message.contains("panel's report"));

    let before = [received(ComplaintKind::Children, "2026-01-05"), responded("2026-01-02")];
    assert!(fold(&before).unwrap_err().message.contains("before"));

    let in_time =
        [received(ComplaintKind::Children, "2026-01-05"), ComplaintEvent::LateAccepted { reason: "x".into() }];
    assert!(fold(&in_time).unwrap_err().message.contains("within a year"));
}

#[test]
fn a_complaint_made_more_than_a_year_after_the_matter_is_flagged_until_accepted() {
    let mut late = received(ComplaintKind::Children, "2026-03-02");
    if let ComplaintEvent::Received { matter, .. } = &mut late {
        *matter = Some(d("2025-03-01"));
    }
    let c = fold(std::slice::from_ref(&late)).unwrap();
    assert!(c.out_of_time() && c.late_accepted.is_none());
    let c = fold(&[late.clone(), ComplaintEvent::LateAccepted { reason: "The child was in hospital".into() }]).unwrap();
    assert_eq!(c.late_accepted.as_deref(), Some("The child was in hospital"));
    // Exactly a year is in time.
    if let ComplaintEvent::Received { matter, .. } = &mut late {
        *matter = Some(d("2025-03-02"));
    }
    assert!(!fold(&[late]).unwrap().out_of_time());
}

#[test]
fn lessons_have_owners_and_are_done_once_and_the_ombudsman_decides_once() {
    let w = WorkerId::new("W1").unwrap();
    let mut e = vec![
        received(ComplaintKind::Children, "2026-01-05"),
        responded("2026-01-12"),
        ComplaintEvent::LessonAgreed {
            no: 1,
            what: "Return calls within a day".into(),
            owner: w,
            by: Some(d("2026-02-27")),
        },
        ComplaintEvent::LessonDone { no: 1, date: d("2026-02-20") },
        ComplaintEvent::Ombudsman {
            date: d("2026-06-01"),
            decision: OmbudsmanDecision::FaultInjustice,
            remedy: "£150".into(),
        },
    ];
    let c = fold(&e).unwrap();
    assert_eq!(c.lessons[0].done, Some(d("2026-02-20")));
    assert!(c.ombudsman.as_ref().unwrap().1.fault());
    assert_eq!(c.about.id(), Some("C1"));
    e.push(ComplaintEvent::LessonDone { no: 1, date: d("2026-02-21") });
    assert!(fold(&e).unwrap_err().message.contains("was done on"));
}

#[test]
fn each_stage_is_acknowledged_once_and_allocation_moves_the_handler_until_answered() {
    let (a, b) = (WorkerId::new("W1").unwrap(), WorkerId::new("W2").unwrap());
    let ack = |date: &str| ComplaintEvent::Acknowledged { date: d(date) };
    let to = |w: &WorkerId| ComplaintEvent::Allocated { handler: w.clone() };
    let mut e = vec![received(ComplaintKind::Children, "2026-01-05"), ack("2026-01-06"), to(&a), to(&b)];
    let c = fold(&e).unwrap();
    assert_eq!((c.stages[0].acknowledged, c.handler.clone()), (Some(d("2026-01-06")), Some(b.clone())));
    assert!(fold(&[e.clone(), vec![ack("2026-01-07")]].concat()).unwrap_err().message.contains("acknowledged on 2026-01-06"));
    assert!(fold(&[e.clone(), vec![to(&b)]].concat()).unwrap_err().message.contains("already answers"));
    // Stage 2 is acknowledged in its own right; an answered complaint is not allocated.
    e.extend([responded("2026-01-12"), escalated("2026-01-20"), ack("2026-01-21")]);
    assert_eq!(fold(&e).unwrap().stages[1].acknowledged, Some(d("2026-01-21")));
    let answered = [e[..4].to_vec(), vec![responded("2026-01-12"), to(&a)]].concat();
    assert!(fold(&answered).unwrap_err().message.contains("nothing is left to allocate"));
    // Not before the stage started.
    assert!(fold(&[received(ComplaintKind::Children, "2026-01-05"), ack("2026-01-02")]).is_err());
}

#[test]
fn whom_a_complaint_is_about_is_stored_as_the_one_identifier_it_names() {
    let child = About::Child(ChildId::new("C1").unwrap());
    assert_eq!(serde_json::to_value(&child).unwrap(), serde_json::json!({"child": "C1"}));
    assert_eq!(serde_json::to_value(About::Service).unwrap(), serde_json::json!({}));
    assert_eq!(serde_json::from_value::<About>(serde_json::json!({"household": "H000002"})).unwrap(), About::Household(HouseholdId::new("H000002").unwrap()));
    let two = serde_json::from_value::<About>(serde_json::json!({"child": "C1", "person": "P000001"}));
    assert!(two.unwrap_err().to_string().contains("name only one"));
    // A receipt naming none is about the service.
    let mut v = serde_json::to_value(received(ComplaintKind::Corporate, "2026-01-05")).unwrap();
    v.as_object_mut().unwrap().remove("about");
    let ComplaintEvent::Received { about, .. } = serde_json::from_value(v).unwrap() else { panic!("a receipt") };
    assert_eq!(about, About::Service);
}
