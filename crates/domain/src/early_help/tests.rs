//! A family's episodes: the assessment, plan and reviews in order, lead
//! practitioners, step-up and step-down linked to the children's referrals,
//! and re-referral within 12 months.

use super::*;
use crate::Recorded;
use crate::stream::StreamError;
use chrono::{TimeZone, Utc};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}
fn child(s: &str) -> ChildId {
    ChildId::new(s).unwrap()
}

fn opened(no: ItemNo, date: &str, stepped_down: Option<ReferralLink>) -> EarlyHelpEvent {
    EarlyHelpEvent::Opened {
        episode: no,
        date: d(date),
        children: vec![child("C2"), child("C1"), child("C2")],
        reason: "School attendance and parenting support".into(),
        lead: Some(Lead::Agency("Oak School, family support worker".into())),
        stepped_down,
    }
}

fn fold(events: &[EarlyHelpEvent]) -> Result<FamilyEarlyHelp, StreamError> {
    let rec = Recorded::new(Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap(), "eh", None);
    let id = HouseholdId::new("H000001").unwrap();
    let stamped =
        events.iter().enumerate().map(|(i, e)| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: &rec }, e));
    FamilyEarlyHelp::replay(&id, stamped).map(|f| f.expect("a family"))
}

#[test]
fn an_episode_runs_assessment_plan_and_reviews_and_steps_up_to_a_childs_referral() {
    let link = ReferralLink { child: child("C1"), referral: 2 };
    let f = fold(&[
        opened(1, "2026-01-05", None),
        EarlyHelpEvent::AssessmentCompleted { episode: 1, date: d("2026-01-20") },
        EarlyHelpEvent::PlanAgreed { episode: 1, date: d("2026-01-27") },
        EarlyHelpEvent::PlanReviewed { episode: 1, date: d("2026-03-02") },
        EarlyHelpEvent::LeadChanged {
            episode: 1,
            date: d("2026-03-02"),
            lead: Lead::Worker(WorkerId::new("W7").unwrap()),
        },
        EarlyHelpEvent::SteppedUp { episode: 1, date: d("2026-04-10"), referral: link.clone() },
    ])
    .unwrap();
    let e = &f.episodes[0];
    assert_eq!(e.children, [child("C1"), child("C2")], "each child once");
    assert_eq!(
        (e.assessed, e.plan, e.reviews.as_slice()),
        (Some(d("2026-01-20")), Some(d("2026-01-27")), &[d("2026-03-02")][..])
    );
    assert_eq!(e.leads.len(), 2);
    assert_eq!(e.stepped_up, Some((d("2026-04-10"), link)));
    assert_eq!(e.closed, Some((d("2026-04-10"), EpisodeEnd::SteppedUp)));
    assert!(e.is_open_on(d("2026-04-09")) && !e.is_open_on(d("2026-04-10")));
}

#[test]
fn a_step_down_opens_an_episode_and_a_return_within_a_year_is_a_re_referral() {
    let down = ReferralLink { child: child("C1"), referral: 1 };
    let close = |no, date: &str| EarlyHelpEvent::Closed { episode: no, date: d(date), end: EpisodeEnd::NeedsMet };
    let f = fold(&[
        opened(1, "2025-01-06", Some(down.clone())),
        close(1, "2025-06-30"),
        // Exactly a year after the closing: a re-referral.
        opened(2, "2026-06-30", None),
    ])
    .unwrap();
    assert_eq!(f.episodes[0].stepped_down, Some(down));
    assert!(!f.is_re_referral(&f.episodes[0]));
    assert!(f.is_re_referral(&f.episodes[1]));
    let later = fold(&[opened(1, "2025-01-06", None), close(1, "2025-06-30"), opened(2, "2026-07-01", None)]).unwrap();
    assert!(!later.is_re_referral(&later.episodes[1]), "a year and a day");
}

#[test]
fn the_order_of_the_work_is_kept() {
    let plan_first = [opened(1, "2026-01-05", None), EarlyHelpEvent::PlanAgreed { episode: 1, date: d("2026-01-06") }];
    assert!(fold(&plan_first).unwrap_err().message.contains("follows the early help assessment"));
    let two_open = [opened(1, "2026-01-05", None), opened(2, "2026-02-05", None)];
    assert!(fold(&two_open).unwrap_err().message.contains("still open"));
    let outsider = [
        opened(1, "2026-01-05", None),
        EarlyHelpEvent::SteppedUp {
            episode: 1,
            date: d("2026-02-01"),
            referral: ReferralLink { child: child("C9"), referral: 1 },
        },
    ];
    assert!(fold(&outsider).unwrap_err().message.contains("not one of this episode's children"));
    let unnamed = [
        opened(1, "2026-01-05", None),
        EarlyHelpEvent::Closed { episode: 1, date: d("2026-02-01"), end: EpisodeEnd::SteppedUp },
    ];
    assert!(fold(&unnamed).unwrap_err().message.contains("names the child's referral"));
    let before =
        [opened(1, "2026-01-05", None), EarlyHelpEvent::AssessmentCompleted { episode: 1, date: d("2026-01-04") }];
    assert!(fold(&before).unwrap_err().message.contains("before episode 1 opened"));
    let closed = [
        opened(1, "2026-01-05", None),
        EarlyHelpEvent::Closed { episode: 1, date: d("2026-02-01"), end: EpisodeEnd::Declined },
        EarlyHelpEvent::AssessmentCompleted { episode: 1, date: d("2026-02-02") },
    ];
    assert!(fold(&closed).unwrap_err().message.contains("closed on 2026-02-01"));
    assert!(fold(&[EarlyHelpEvent::PlanAgreed { episode: 1, date: d("2026-01-06") }]).is_err());
}
