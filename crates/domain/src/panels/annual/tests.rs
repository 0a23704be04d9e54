use super::*;
use crate::Recorded;
use crate::panels::quorum::Quorum;
use crate::panels::sitting::{ActionSource, Attendee, Business, PanelEvent, PanelRole};
use crate::people::HouseholdId;
use crate::stream::{Projection, Stamp};
use crate::{Calendar, WorkerId};
use chrono::{NaiveDate, TimeZone};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A sitting from `events`, each recorded by the named user.
fn sitting(id: &str, events: &[(&str, PanelEvent)]) -> Sitting {
    let recs: Vec<Recorded> =
        events.iter().map(|(by, _)| Recorded::new(chrono::Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap(), *by, None)).collect();
    let stamps =
        events.iter().zip(&recs).enumerate().map(|(i, ((_, e), r))| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: r }, e));
    Sitting::replay(&SittingId::new(id).unwrap(), stamps).unwrap().unwrap()
}

fn scheduled(panel: Panel, date: &str) -> (&'static str, PanelEvent) {
    ("adviser", PanelEvent::Scheduled { panel, date: d(date) })
}

fn held() -> (&'static str, PanelEvent) {
    let chair = Attendee { name: "Sue Tribe".into(), role: PanelRole::Chair, independent: true };
    ("adviser", PanelEvent::Held { attendees: vec![chair], quorum: Quorum { met: true, rule: "test".into(), shortfall: String::new() } })
}

fn case(no: u32, business: Business, recommendation: Recommendation, quality: Option<Grade>) -> [(&'static str, PanelEvent); 2] {
    let household = Some(HouseholdId::new(&format!("H{no:06}")).unwrap());
    [
        ("adviser", PanelEvent::CaseListed { case: no, business, household, child: None, about: Some(1) }),
        ("chair", PanelEvent::CaseHeard { case: no, recommendation, reasons: "Heard".into(), quality, unanimous: Some(true) }),
    ]
}

fn decided(no: u32, date: &str, decision: Recommendation) -> (&'static str, PanelEvent) {
    ("adm", PanelEvent::AdmDecided { case: no, date: d(date), decision, reasons: String::new() })
}

fn action(no: u32, due: &str) -> (&'static str, PanelEvent) {
    let owner = WorkerId::new("W1").unwrap();
    ("adviser", PanelEvent::ActionSet { action: no, case: None, from: ActionSource::Panel, what: "Update the policy".into(), owner, due: d(due) })
}

#[test]
fn outcomes_grades_decisions_and_actions_of_a_panels_year() {
    let mut s1 = vec![scheduled(Panel::Fostering, "2025-05-06"), held()];
    s1.extend(case(1, Business::FosteringApproval, Recommendation::Approve, Some(Grade::Good)));
    s1.extend(case(2, Business::FosteringReview, Recommendation::ContinueApproval, Some(Grade::Excellent)));
    s1.extend(case(3, Business::FirstReview, Recommendation::ContinueApproval, Some(Grade::Adequate)));
    // Tue 6 May + 7 working days = Thu 15 May: case 1 in time, case 2 late, case 3 waits.
    s1.extend([decided(1, "2025-05-13", Recommendation::Approve), decided(2, "2025-05-30", Recommendation::ContinueApproval)]);
    s1.extend([action(1, "2025-06-30"), action(2, "2025-07-31")]);
    s1.extend([
        ("sw", PanelEvent::ActionDone { action: 1, date: d("2025-06-20"), note: "Done".into() }),
        ("adviser", PanelEvent::ActionVerified { action: 1, date: d("2025-06-25") }),
    ]);
    let mut s2 = vec![scheduled(Panel::Fostering, "2025-09-09"), held()];
    s2.extend(case(1, Business::FosteringApproval, Recommendation::DoNotApprove, None));
    s2.extend(case(2, Business::FosteringApproval, Recommendation::Deferred, None));
    let s3 = vec![scheduled(Panel::Fostering, "2025-12-02"), ("adviser", PanelEvent::Cancelled { reason: "Not quorate".into() })];
    let mut other = vec![scheduled(Panel::Adoption, "2025-06-03"), held()];
    other.extend(case(1, Business::AdopterApproval, Recommendation::Approve, Some(Grade::Good)));
    let sittings =
        [sitting("S000001", &s1), sitting("S000002", &s2), sitting("S000003", &s3), sitting("S000004", &other)];

    let y = figures(&sittings, Panel::Fostering, Year::financial(2025).unwrap(), &Calendar::england_and_wales(), &Config::default());
    assert_eq!((y.held.count(), y.cancelled.count(), y.heard.count()), (2, 1, 5));
    let outcomes: Vec<(Recommendation, usize, u32)> = y.outcomes.iter().map(|(r, f, p)| (*r, f.count(), *p)).collect();
    assert_eq!(
        outcomes,
        [
            (Recommendation::Approve, 1, 20),
            (Recommendation::DoNotApprove, 1, 20),
            (Recommendation::ContinueApproval, 2, 40),
            (Recommendation::Deferred, 1, 20)
        ]
    );
    // Three reports graded one each: 33.3% apiece, shown as 34 + 33 + 33, not 33 × 3 = 99.
    let grades: Vec<(Grade, u32)> = y.grades.iter().map(|(g, _, p)| (*g, *p)).collect();
    assert_eq!(grades, [(Grade::Excellent, 34), (Grade::Good, 33), (Grade::Adequate, 33)]);
    assert_eq!(y.ungraded.count(), 2);
    assert_eq!((y.decided.count(), y.decided_in_time.count()), (2, 1));
    let s = |id: &str, case| sittings.iter().find(|s| s.id.as_str() == id).unwrap().case_ref(case);
    assert_eq!(y.awaiting.members, [s("S000001", 3), s("S000002", 1)], "deferred cases wait for the panel, not the decision");
    assert_eq!((y.actions_set.count(), y.actions_open.count(), y.actions_overdue.count()), (2, 1, 1));
    assert!(y.checks().iter().all(|c| c.holds), "{:?}", y.checks());
}
