//! What is ready to come to a panel, drawn from the households' records, and where the agency
//! decision maker's decision on each business is recorded.
//!
//! A panel adviser builds a sitting's agenda from the work that is waiting for it, not from
//! identifiers typed in: a fostering application whose assessment is complete (stage 2, or a
//! connected person's full assessment), a review of approval held for the panel and not yet
//! decided, prospective adopters whose stage 2 is complete. Each is ready until it is listed at a
//! sitting that is not cancelled (a case withdrawn, or heard and deferred, is ready again).

use super::sitting::{Business, Case, Recommendation, Sitting};
use super::Panel;
use crate::adopters::AdopterRecord;
use crate::fostering::{CarerRecord, CarerType, ReviewKind};
use crate::ids::ItemNo;
use crate::people::HouseholdId;
use crate::stream::Projection;
use crate::ChildId;
use chrono::NaiveDate;

/// Business waiting to be listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ready {
    pub business: Business,
    pub household: HouseholdId,
    pub child: Option<ChildId>,
    /// The application or review of the household's record it is about.
    pub about: ItemNo,
    /// Since when it has been ready.
    pub since: NaiveDate,
}

impl Business {
    /// Where the agency decision maker's `decision` on this business is recorded, beside the
    /// sitting's own record of it: the household's stream (or the child's, [`CHILD`]) and the
    /// form's slug there. `None`:
    /// the decision is the sitting's alone.
    pub fn recorded_on(self, decision: Recommendation) -> Option<(&'static str, &'static str)> {
        use Business::*;
        use Recommendation as R;
        let (fostering, adopter) = (CarerRecord::STREAM, AdopterRecord::STREAM);
        Some(match (self, decision) {
            (FosteringApproval | ConnectedPersonApproval, R::Approve) => (fostering, "approve"),
            (FosteringApproval | ConnectedPersonApproval, R::DoNotApprove) => (fostering, "not-approved"),
            (FirstReview | FosteringReview | ReviewFollowingConcerns | ChangeOfApproval | ChangeOfCircumstances, _) => {
                (fostering, "review-decision")
            }
            (TemporaryApprovalExtension, R::Extend) => (fostering, "temporary-extension"),
            (AdopterApproval, R::Approve) => (adopter, "approve"),
            (AdopterApproval, R::DoNotApprove) => (adopter, "not-suitable"),
            (AdoptionMatch, R::Match) => (CHILD, "adoption-match"),
            _ => return None,
        })
    }

    /// Whether some decision on it is the sitting's alone (recorded on the sitting's own form).
    pub fn decided_at_the_sitting(self) -> bool {
        self.recommendations().iter().any(|r| self.recorded_on(*r).is_none())
    }
}

/// The child's log, where a decision about the child is recorded (a match).
pub const CHILD: &str = "child";

impl crate::journey::ChildEvent {
    /// The adoption panel's case this entry decides: the agency decision maker's decision on a
    /// match, made on the child's record and mirrored by the sitting's entry.
    pub fn decides(&self) -> Option<super::AdmDecision> {
        match self {
            crate::journey::ChildEvent::MatchedWithAdopters { date, panel: Some(case), .. } => Some(super::AdmDecision {
                case: case.clone(),
                decision: Recommendation::Match,
                date: *date,
                reasons: String::new(),
            }),
            _ => None,
        }
    }
}

/// Whether `case` still stands for its business at `sitting` (listed, not withdrawn, not
/// deferred, the sitting not cancelled).
fn stands(sitting: &Sitting, case: &Case) -> bool {
    sitting.cancelled.is_none()
        && case.withdrawn.is_none()
        && case.heard.as_ref().is_none_or(|h| h.recommendation != Recommendation::Deferred)
}

fn listed(sittings: &[Sitting], household: &HouseholdId, business: &[Business], about: ItemNo) -> bool {
    sittings.iter().any(|s| {
        s.cases.iter().any(|c| {
            c.household.as_ref() == Some(household) && c.about == Some(about) && business.contains(&c.business) && stands(s, c)
        })
    })
}

const REVIEWS: [Business; 5] = [
    Business::FirstReview,
    Business::FosteringReview,
    Business::ReviewFollowingConcerns,
    Business::ChangeOfApproval,
    Business::ChangeOfCircumstances,
];

/// What is ready to come to `panel`, oldest first.
pub fn ready(panel: Panel, carers: &[CarerRecord], adopters: &[AdopterRecord], sittings: &[Sitting]) -> Vec<Ready> {
    let mut out = Vec::new();
    if panel == Panel::Fostering {
        for r in carers {
            for a in r.applications.iter().filter(|a| a.is_open()) {
                let connected = a.route == CarerType::ConnectedPerson;
                let done = if connected { a.full_assessment.as_ref() } else { a.stage2.as_ref() }.and_then(|s| s.end);
                let business = if connected { Business::ConnectedPersonApproval } else { Business::FosteringApproval };
                if let Some(since) = done.filter(|_| !listed(sittings, &r.id, &[business], a.no)) {
                    out.push(Ready { business, household: r.id.clone(), child: a.child.clone(), about: a.no, since });
                }
            }
            for (i, v) in r.reviews.iter().enumerate().filter(|(_, v)| v.to_panel && v.decided.is_none()) {
                if listed(sittings, &r.id, &REVIEWS, v.no) {
                    continue;
                }
                let business = match v.kind {
                    ReviewKind::Annual if i == 0 => Business::FirstReview,
                    ReviewKind::Annual => Business::FosteringReview,
                    ReviewKind::FollowingConcerns => Business::ReviewFollowingConcerns,
                    ReviewKind::ChangeOfApproval => Business::ChangeOfApproval,
                    ReviewKind::ChangeOfCircumstances => Business::ChangeOfCircumstances,
                };
                out.push(Ready { business, household: r.id.clone(), child: None, about: v.no, since: v.held });
            }
        }
    }
    if panel == Panel::Adoption {
        for r in adopters {
            for a in r.applications.iter().filter(|a| a.is_open()) {
                let done = a.stage2.as_ref().and_then(|s| s.end);
                if let Some(since) = done.filter(|_| !listed(sittings, &r.id, &[Business::AdopterApproval], a.no)) {
                    let business = Business::AdopterApproval;
                    out.push(Ready { business, household: r.id.clone(), child: None, about: a.no, since });
                }
            }
        }
    }
    out.sort_by(|a, b| a.since.cmp(&b.since).then_with(|| a.household.cmp(&b.household)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fostering::FosteringEvent;
    use crate::panels::{PanelEvent, SittingId};
    use crate::stream::Stamp;
    use crate::Recorded;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn replay<P: Projection>(id: &P::Id, events: &[P::Event]) -> P {
        let recorded = Recorded::new(d("2026-03-31").and_hms_opt(12, 0, 0).unwrap().and_utc(), "test", None);
        let stamped = events.iter().enumerate().map(|(i, e)| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: &recorded }, e));
        P::replay(id, stamped).unwrap().unwrap()
    }

    fn assessed(stage2_done: bool) -> CarerRecord {
        use crate::fostering::Stage;
        let mut e = vec![
            FosteringEvent::Enquired { application: 1, date: d("2025-06-02"), route: CarerType::Mainstream, channel: None, child: None },
            FosteringEvent::InitialVisit { application: 1, date: d("2025-06-20") },
            FosteringEvent::ProgressDecided { application: 1, date: d("2025-06-27"), progress: true },
            FosteringEvent::StageStarted { application: 1, stage: Stage::Stage1, date: d("2025-07-01") },
            FosteringEvent::StageCompleted { application: 1, stage: Stage::Stage1, date: d("2025-09-01") },
            FosteringEvent::StageStarted { application: 1, stage: Stage::Stage2, date: d("2025-09-01") },
        ];
        if stage2_done {
            e.push(FosteringEvent::StageCompleted { application: 1, stage: Stage::Stage2, date: d("2026-02-27") });
        }
        replay(&HouseholdId::new("H000001").unwrap(), &e)
    }

    fn sitting(events: &[PanelEvent]) -> Sitting {
        replay(&SittingId::new("S000001").unwrap(), events)
    }

    #[test]
    fn an_assessed_household_is_ready_until_listed_and_again_when_withdrawn() {
        assert!(ready(Panel::Fostering, &[assessed(false)], &[], &[]).is_empty(), "stage 2 is not complete");
        let carers = [assessed(true)];
        let waiting = ready(Panel::Fostering, &carers, &[], &[]);
        assert_eq!(waiting.len(), 1);
        assert_eq!((waiting[0].business, waiting[0].about, waiting[0].since), (Business::FosteringApproval, 1, d("2026-02-27")));
        assert!(ready(Panel::Adoption, &carers, &[], &[]).is_empty(), "the adoption panel does not hear it");

        let mut events = vec![
            PanelEvent::Scheduled { panel: Panel::Fostering, date: d("2026-03-11") },
            PanelEvent::CaseListed {
                case: 1,
                business: Business::FosteringApproval,
                household: Some(carers[0].id.clone()),
                child: None,
                about: Some(1),
            },
        ];
        assert!(ready(Panel::Fostering, &carers, &[], &[sitting(&events)]).is_empty(), "listed");
        events.push(PanelEvent::CaseWithdrawn { case: 1, reason: "Medical awaited".into() });
        assert_eq!(ready(Panel::Fostering, &carers, &[], &[sitting(&events)]).len(), 1, "withdrawn: ready again");
        events.pop();
        events.push(PanelEvent::Cancelled { reason: "Not enough members".into() });
        assert_eq!(ready(Panel::Fostering, &carers, &[], &[sitting(&events)]).len(), 1, "cancelled: ready again");
    }

    #[test]
    fn each_household_or_child_decision_has_its_form_and_the_rest_are_the_sittings() {
        for b in Business::ALL {
            for r in b.recommendations() {
                if let Some((stream, slug)) = b.recorded_on(*r) {
                    let (found, key) = match stream {
                        "fostering" => (<FosteringEvent as crate::form::Declared>::by_slug(slug).map(|k| k.permission), "household.decide"),
                        "adopter" => (<crate::adopters::AdopterEvent as crate::form::Declared>::by_slug(slug).map(|k| k.permission), "household.decide"),
                        CHILD => (<crate::ChildEvent as crate::form::Declared>::by_slug(slug).map(|k| k.permission), "child.decide.adoption"),
                        other => panic!("{other}"),
                    };
                    assert_eq!(found, Some(key), "{b:?} {r:?}: {stream}/{slug}");
                }
            }
        }
        assert!(!Business::FosteringApproval.decided_at_the_sitting());
        assert!(Business::TemporaryApprovalExtension.decided_at_the_sitting(), "do not extend has no household entry");
        assert!(Business::AdoptionMatch.decided_at_the_sitting(), "do not match has no child's entry");
        assert_eq!(Business::AdoptionMatch.recorded_on(Recommendation::Match), Some((CHILD, "adoption-match")));
    }
}
