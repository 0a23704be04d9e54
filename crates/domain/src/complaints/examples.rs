//! A valid example of every kind of [`ComplaintEvent`], with what is recorded on the complaint
//! before it. Submitted through every route by the web's tests; `setup` matches every variant,
//! so no kind is left without an example.

use super::*;

/// One kind's example.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Recorded on the complaint first (empty when the event starts it).
    pub setup: Vec<ComplaintEvent>,
    pub event: ComplaintEvent,
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("an example date")
}

/// A children's complaint about child `C0000001` received on 2026-01-05, answered by `handler`'s team.
pub fn received(handler: Option<&WorkerId>, team: Option<&TeamId>) -> ComplaintEvent {
    ComplaintEvent::Received {
        kind: ComplaintKind::Children,
        about: About::Child(ChildId::new("C0000001").expect("a child ID")),
        complainant: Complainant::Parent,
        date: d("2026-01-05"),
        matter: Some(d("2025-12-01")),
        themes: vec![Theme::Communication, Theme::FamilyTime],
        summary: "No one returned my calls about family time".into(),
        team: team.cloned(),
        handler: handler.cloned(),
    }
}

fn responded(date: &str) -> ComplaintEvent {
    ComplaintEvent::Responded { date: d(date), finding: Finding::PartlyUpheld, summary: "An apology; calls returned weekly".into() }
}

fn lesson(owner: &WorkerId) -> ComplaintEvent {
    ComplaintEvent::LessonAgreed { no: 1, what: "Return calls within two working days".into(), owner: owner.clone(), by: Some(d("2026-06-30")) }
}

/// What is recorded before `e`: the receipt, and the stages `e` needs.
fn setup(e: &ComplaintEvent, handler: &WorkerId) -> Vec<ComplaintEvent> {
    use ComplaintEvent::*;
    let first = received(None, None);
    let stage3 = || vec![received(None, None), responded("2026-01-19"), Escalated { date: d("2026-01-26") }, responded("2026-02-20"), Escalated { date: d("2026-02-23") }];
    match e {
        Received { .. } => vec![],
        Acknowledged { .. } | Allocated { .. } | Extended { .. } | Responded { .. } | Withdrawn { .. } => vec![first],
        LateAccepted { .. } => {
            let Received { kind, about, complainant, date, themes, summary, team, handler, .. } = first else { unreachable!("a receipt") };
            vec![Received { kind, about, complainant, date, matter: Some(d("2024-10-01")), themes, summary, team, handler }]
        }
        Escalated { .. } | Ombudsman { .. } => vec![first, responded("2026-01-19")],
        PanelHeld { .. } => stage3(),
        PanelReported { .. } => [stage3(), vec![PanelHeld { date: d("2026-03-16"), finding: Finding::Upheld }]].concat(),
        LessonAgreed { .. } => vec![first, responded("2026-01-19")],
        LessonDone { .. } => vec![first, responded("2026-01-19"), lesson(handler)],
    }
}

/// Every kind's example: `handler` is a member of staff who can hold cases (answers, owns lessons).
pub fn examples(handler: &WorkerId, team: &TeamId) -> Vec<Example> {
    use ComplaintEvent::*;
    let events = [
        received(Some(handler), Some(team)),
        Acknowledged { date: d("2026-01-06") },
        Allocated { handler: handler.clone() },
        LateAccepted { reason: "The complainant was in hospital for most of the year".into() },
        Extended { date: d("2026-01-12"), reason: "The worker concerned is on leave until 19 January".into() },
        responded("2026-01-15"),
        Escalated { date: d("2026-01-28") },
        PanelHeld { date: d("2026-03-16"), finding: Finding::PartlyUpheld },
        PanelReported { date: d("2026-03-20") },
        Ombudsman { date: d("2026-03-25"), decision: OmbudsmanDecision::FaultInjustice, remedy: "Apologise and pay 150 pounds".into() },
        lesson(handler),
        LessonDone { no: 1, date: d("2026-03-30") },
        Withdrawn { date: d("2026-01-09"), reason: "Resolved by a phone call with the manager".into() },
    ];
    events.into_iter().map(|event| Example { setup: setup(&event, handler), event }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Recorded;
    use crate::form::Declared;
    use chrono::{TimeZone, Utc};

    /// Each example folds after its setup, and every declared kind has one.
    #[test]
    fn every_example_is_accepted_after_its_setup() {
        let (w, t) = (WorkerId::new("W1").unwrap(), TeamId::new("T1").unwrap());
        let rec = Recorded::new(Utc.with_ymd_and_hms(2026, 3, 31, 9, 0, 0).unwrap(), "co", None);
        let id = ComplaintId::new("CM000001").unwrap();
        let all = examples(&w, &t);
        for x in &all {
            let events: Vec<&ComplaintEvent> = x.setup.iter().chain([&x.event]).collect();
            let stamped = events.iter().enumerate().map(|(i, e)| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: &rec }, *e));
            Complaint::replay(&id, stamped).unwrap_or_else(|e| panic!("{}: {e:?}", x.event.kind()));
            // Read back through its own form.
            let kind = x.event.declaration().unwrap();
            assert_eq!(kind.kind, x.event.kind());
        }
        for d in ComplaintEvent::declarations() {
            assert!(all.iter().any(|x| x.event.kind() == d.kind), "{} has no example", d.kind);
        }
    }
}
