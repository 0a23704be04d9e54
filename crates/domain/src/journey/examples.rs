//! A valid example of every kind of event, with the record it is recorded on: shown in the
//! API's documentation, and submitted through every route by the tests. `setup` matches every
//! variant with no wildcard, so a new kind cannot be left without an example.

use super::events::*;
use crate::codes::*;
use crate::ids::{TeamId, WorkerId};
use crate::virtual_school::*;
use chrono::{NaiveDate, NaiveDateTime};

/// One kind's example: the child's details, what is recorded before it, and the event.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub details: ChildDetails,
    pub setup: Vec<ChildEvent>,
    pub event: ChildEvent,
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("an example date")
}

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("an example time")
}

/// A ten-year-old, born 2015-06-01.
pub fn child_details() -> ChildDetails {
    ChildDetails {
        forename: "Ada".into(),
        surname: "Example".into(),
        sex: Some(Sex::Female),
        dob: Some(d("2015-06-01")),
        ethnicity: Some(Ethnicity::WBRI),
        ..Default::default()
    }
}

fn care_leaver() -> ChildDetails {
    ChildDetails { forename: "Ben".into(), sex: Some(Sex::Male), dob: Some(d("2006-01-15")), ..child_details() }
}

fn unborn() -> ChildDetails {
    ChildDetails {
        forename: "Unborn".into(),
        sex: None,
        dob: None,
        expected_dob: Some(d("2026-03-20")),
        ethnicity: None,
        ..child_details()
    }
}

fn placement() -> Placement {
    Placement {
        kind: PlacementType::U4,
        provider: Some(PlacementProvider::PR1),
        postcode: Some("LE1 1AA".into()),
        urn: None,
        carer: Some("FC1".into()),
        household: Some(crate::people::HouseholdId::new("H000001").unwrap()),
    }
}

fn referral() -> ChildEvent {
    ChildEvent::ReferralReceived {
        referral: 1,
        at: t("2026-01-05 10:00"),
        source: ReferralSource::Police,
        contact: None,
        exploitation: vec![],
    }
}

fn contact() -> ChildEvent {
    ChildEvent::ContactReceived { contact: 1, at: t("2026-01-05 09:00"), source: ReferralSource::Police }
}

fn strategy() -> Vec<ChildEvent> {
    vec![referral(), ChildEvent::StrategyDiscussionHeld { referral: 1, discussion: 1, at: t("2026-01-06 10:00"), s47: true }]
}

fn s47() -> Vec<ChildEvent> {
    let mut v = strategy();
    v.push(ChildEvent::S47Started { referral: 1, s47: 1, date: d("2026-01-06"), discussion: Some(1) });
    v
}

fn cp_plan() -> Vec<ChildEvent> {
    let mut v = s47();
    v.push(ChildEvent::IcpcHeld { referral: 1, s47: Some(1), date: d("2026-01-20"), plan: true });
    v.push(ChildEvent::CpPlanStarted {
        referral: 1,
        plan: 1,
        date: d("2026-01-20"),
        category: CategoryOfAbuse::Neglect,
        transfer_in: false,
        previous_plans: None,
    });
    v
}

fn care() -> ChildEvent {
    ChildEvent::CareStarted {
        date: d("2026-01-05"),
        legal_status: LegalStatus::C2,
        need: CategoryOfNeed::N1,
        placement: placement(),
        previous_permanence: None,
    }
}

fn missing() -> Vec<ChildEvent> {
    vec![care(), ChildEvent::MissingStarted { episode: 1, at: t("2026-02-01 20:00"), kind: MissingType::Missing }]
}

/// What `e` needs recorded before it, on which child.
fn setup(e: &ChildEvent) -> (ChildDetails, Vec<ChildEvent>) {
    use ChildEvent::*;
    let on = |v: Vec<ChildEvent>| (child_details(), v);
    match e {
        Registered { .. } | DetailsAmended { .. } | Died { .. } | UascStarted { .. } | BecameMother { .. } => on(vec![]),
        Born { .. } => (unborn(), vec![]),
        UascEnded { .. } => on(vec![UascStarted { date: d("2026-01-05") }]),
        ContactReceived { .. } | EarlyHelpRequested { .. } | EarlyHelpStarted { .. } => on(vec![]),
        ContactDecided { .. } => on(vec![contact()]),
        EarlyHelpEnded { .. } => on(vec![EarlyHelpStarted { episode: 1, date: d("2026-01-05") }]),
        ReferralReceived { .. } => on(vec![contact()]),
        ReferralDecided { .. } | PrimaryNeedRecorded { .. } | AssessmentStarted { .. } => on(vec![referral()]),
        StrategyDiscussionHeld { .. } | CinPlanStarted { .. } | CaseClosed { .. } => on(vec![referral()]),
        AssessmentAuthorised { .. } => {
            on(vec![referral(), AssessmentStarted { referral: 1, assessment: 1, date: d("2026-01-06") }])
        }
        S47Started { .. } => on(strategy()),
        S47Concluded { .. } | IcpcHeld { .. } => on(s47()),
        CpPlanStarted { .. } => {
            let mut v = s47();
            v.push(IcpcHeld { referral: 1, s47: Some(1), date: d("2026-01-20"), plan: true });
            on(v)
        }
        CpCategoryChanged { .. } | CpReviewHeld { .. } | CpPlanEnded { .. } => on(cp_plan()),
        CinPlanEnded { .. } => on(vec![referral(), CinPlanStarted { referral: 1, plan: 1, date: d("2026-01-10") }]),
        Visited { .. } | PreProceedingsStarted { .. } | CareProceedingsIssued { .. } => on(vec![]),
        PreProceedingsEnded { .. } => on(vec![PreProceedingsStarted { date: d("2026-01-10") }]),
        CareProceedingsConcluded { .. } => on(vec![CareProceedingsIssued { date: d("2026-01-10") }]),
        CareStarted { .. } | DoloStarted { .. } | HealthAssessment { .. } | DentalCheck { .. } => on(vec![]),
        Sdq { .. } | HealthOutcomesRecorded { .. } | PermanencePlanMade { .. } | CarePlanMade { .. } => on(vec![]),
        LegalStatusChanged { .. } | PlacementChanged { .. } | LegalStatusAndPlacementChanged { .. } => on(vec![care()]),
        CareEnded { .. } | LacReviewHeld { .. } | PlacementPlanMade { .. } | MissingStarted { .. } => on(vec![care()]),
        MissingEnded { .. } => on(missing()),
        ReturnInterview { .. } => {
            let mut v = missing();
            v.push(MissingEnded { episode: 1, at: t("2026-02-02 09:00") });
            on(v)
        }
        DoloEnded { .. } => on(vec![DoloStarted { date: d("2026-01-10") }]),
        AdoptionDecision { .. } => on(vec![care()]),
        AdoptionPanel { .. } | MatchedWithAdopters { .. } | AdoptionDecisionReversed { .. } => {
            on(vec![care(), AdoptionDecision { date: d("2026-02-01") }])
        }
        FamilyFindingStarted { .. } | FamilyFindingEscalated { .. } | AdopterLinked { .. } => {
            on(vec![care(), AdoptionDecision { date: d("2026-01-06") }])
        }
        FamilyFindingUpdated { .. } => {
            on(vec![care(), AdoptionDecision { date: d("2026-01-06") }, FamilyFindingStarted { date: d("2026-01-12") }])
        }
        AdopterLinkEnded { .. } => on(vec![
            care(),
            AdoptionDecision { date: d("2026-01-06") },
            AdopterLinked { link: 1, date: d("2026-02-02"), household: None, agency: crate::adopters::AdopterAgency::Regional },
        ]),
        AdoptionApplicationMade { .. } | AdoptionDisrupted { .. } => on(vec![
            care(),
            AdoptionDecision { date: d("2026-01-06") },
            PlacementChanged {
                date: d("2026-01-12"),
                placement: Placement { kind: PlacementType::A4, carer: Some("AD1".into()), ..placement() },
                reason: ReasonPlaceChange::Carpl,
            },
        ]),
        PathwayPlanReviewed { .. } | AdviserSupportRequested { .. } | CareLeaverContact { .. } => {
            let start = CareStarted {
                date: d("2022-01-10"),
                legal_status: LegalStatus::C2,
                need: CategoryOfNeed::N1,
                placement: placement(),
                previous_permanence: None,
            };
            (care_leaver(), vec![start, CareEnded { date: d("2024-01-15"), reason: ReasonEpisodeCeased::E17 }])
        }
        WorkerAllocated { .. } | WorkerDeallocated { .. } | ManagementOversight { .. } | PanelDecision { .. } => on(vec![]),
        ReviewerAssigned { .. } => on(vec![]),
        ComplaintReceived { .. } | EhcAssessmentRequested { .. } => on(vec![]),
        ComplaintAnswered { .. } => on(vec![ComplaintReceived { complaint: 1, date: d("2026-02-01"), stage: 1 }]),
        EhcPlanIssued { .. } => on(vec![EhcAssessmentRequested { date: d("2026-01-05") }]),
        SendAdviceRequested { .. } => on(vec![]),
        SendAdviceGiven { .. } => on(vec![SendAdviceRequested { request: 1, date: d("2026-01-12") }]),
        EhcReviewAttended { .. } => {
            on(vec![EhcAssessmentRequested { date: d("2025-01-06") }, EhcPlanIssued { date: d("2025-05-19") }])
        }
        SchoolStarted { .. } | LeftSchoolRoll { .. } | EducationOfficerAssigned { .. } | PepHeld { .. } => on(vec![care()]),
        AttendanceRecorded { .. } | ExclusionRecorded { .. } | DestinationRecorded { .. } => on(vec![care()]),
        Corrected { .. } | Retracted { .. } => on(vec![]),
    }
}

/// One example of every kind a form records (corrections and withdrawals have their own
/// steps), in declaration order. `worker` of `team` is the member of staff the examples
/// allocate and whose oversight they record.
pub fn examples(worker: &WorkerId, team: &TeamId) -> Vec<Example> {
    use ChildEvent::*;
    let events = vec![
        Registered { details: child_details() },
        DetailsAmended { details: ChildDetails { home_postcode: Some("LE2 2BB".into()), ..child_details() } },
        Born { date: d("2026-03-15"), forename: Some("Nia".into()), surname: None, sex: Some(Sex::Female), babies: 2 },
        UascStarted { date: d("2026-01-05") },
        UascEnded { date: d("2026-03-01") },
        BecameMother { child_dob: d("2026-02-01") },
        Died { date: d("2026-03-01") },
        ContactReceived { contact: 1, at: t("2026-03-02 09:30"), source: ReferralSource::SchoolsEducation },
        ContactDecided { contact: 1, at: t("2026-01-05 15:00"), outcome: ContactOutcome::Referral },
        EarlyHelpRequested { episode: 1, date: d("2026-01-05") },
        EarlyHelpStarted { episode: 1, date: d("2026-01-05") },
        EarlyHelpEnded { episode: 1, date: d("2026-03-01") },
        ReferralReceived {
            referral: 1,
            at: t("2026-01-05 11:00"),
            source: ReferralSource::Police,
            contact: Some(1),
            exploitation: vec![Exploitation::Cse],
        },
        ReferralDecided { referral: 1, at: t("2026-01-05 16:00"), next: ReferralNext::Assessment },
        PrimaryNeedRecorded { referral: 1, need: PrimaryNeed::N1 },
        AssessmentStarted { referral: 1, assessment: 1, date: d("2026-01-06") },
        AssessmentAuthorised {
            assessment: 1,
            date: d("2026-02-20"),
            completed: Some(d("2026-02-18")),
            factors: vec![AssessmentFactor::F1B, AssessmentFactor::F2A],
            outcome: AssessmentOutcome::ChildInNeedPlan,
        },
        StrategyDiscussionHeld { referral: 1, discussion: 1, at: t("2026-01-05 15:00"), s47: true },
        S47Started { referral: 1, s47: 1, date: d("2026-01-06"), discussion: Some(1) },
        S47Concluded { s47: 1, date: d("2026-01-15"), icpc_required: true },
        IcpcHeld { referral: 1, s47: Some(1), date: d("2026-01-20"), plan: true },
        CpPlanStarted {
            referral: 1,
            plan: 1,
            date: d("2026-01-20"),
            category: CategoryOfAbuse::Emotional,
            transfer_in: false,
            previous_plans: Some(1),
        },
        CpCategoryChanged { plan: 1, date: d("2026-03-01"), category: CategoryOfAbuse::Multiple },
        CpReviewHeld { plan: 1, date: d("2026-03-20") },
        CpPlanEnded { plan: 1, date: d("2026-03-20") },
        CinPlanStarted { referral: 1, plan: 1, date: d("2026-01-10") },
        CinPlanEnded { plan: 1, date: d("2026-03-10") },
        Visited { date: d("2026-03-10"), seen: true, seen_alone: true },
        CaseClosed { referral: 1, date: d("2026-02-01"), reason: ReasonForClosure::RC7 },
        PreProceedingsStarted { date: d("2026-01-10") },
        PreProceedingsEnded { date: d("2026-03-01"), outcome: PreProceedingsOutcome::ConcernsAddressed },
        CareProceedingsIssued { date: d("2026-01-10") },
        CareProceedingsConcluded { date: d("2026-03-01"), outcome: ProceedingsOutcome::CareOrder },
        DoloStarted { date: d("2026-01-10") },
        DoloEnded { date: d("2026-03-01") },
        CareStarted {
            date: d("2026-01-05"),
            legal_status: LegalStatus::V2,
            need: CategoryOfNeed::N1,
            placement: placement(),
            previous_permanence: Some(PreviousPermanenceRecord {
                kind: PreviousPermanence::Z1,
                la: None,
                date: None,
            }),
        },
        LegalStatusChanged { date: d("2026-02-01"), legal_status: LegalStatus::C1 },
        PlacementChanged {
            date: d("2026-02-01"),
            placement: Placement { carer: Some("FC2".into()), ..placement() },
            reason: ReasonPlaceChange::Carpl,
        },
        LegalStatusAndPlacementChanged {
            date: d("2026-02-01"),
            legal_status: LegalStatus::C1,
            placement: Placement { kind: PlacementType::K2, carer: None, ..placement() },
            reason: ReasonPlaceChange::Carpl,
        },
        CareEnded { date: d("2026-03-01"), reason: ReasonEpisodeCeased::E4A },
        LacReviewHeld { date: d("2026-02-02"), participation: ReviewParticipation::PN1 },
        CarePlanMade { date: d("2026-01-06") },
        PlacementPlanMade { date: d("2026-01-07"), placement: d("2026-01-05") },
        PermanencePlanMade { date: d("2026-02-02"), plan: PermanencePlan::LongTermFostering },
        MissingStarted { episode: 1, at: t("2026-02-01 20:00"), kind: MissingType::Absent },
        MissingEnded { episode: 1, at: t("2026-02-02 09:00") },
        ReturnInterview { episode: 1, offered_at: t("2026-02-03 10:00"), accepted: true },
        HealthAssessment { date: d("2026-01-20") },
        DentalCheck { date: d("2026-01-20") },
        Sdq { date: d("2026-01-20"), score: Some(14), reason: None },
        HealthOutcomesRecorded {
            date: d("2026-03-31"),
            outcomes: HealthOutcomes {
                immunisations_up_to_date: true,
                substance_misuse: true,
                intervention_received: Some(false),
                intervention_offered: Some(true),
                convicted: false,
                health_assessment: None,
                dental_check: None,
                development_check: None,
                sdq_score: None,
                sdq_reason: None,
            },
        },
        AdoptionDecision { date: d("2026-02-01") },
        AdoptionPanel { date: d("2026-03-01") },
        MatchedWithAdopters {
            date: d("2026-03-10"),
            adopters: Adopters {
                foster_carers: false,
                number: 2,
                sex: AdopterSex::MF,
                legal_status: AdopterLegalStatus::L11,
            },
            household: None,
            agency: Some(crate::adopters::AdopterAgency::Voluntary),
            panel: None,
        },
        AdoptionDecisionReversed { date: d("2026-03-10"), reason: ReasonPlacedCeased::RD3 },
        FamilyFindingStarted { date: d("2026-01-12") },
        FamilyFindingUpdated { date: d("2026-02-12"), activity: "Profiled on Linkmaker; two expressions of interest".into() },
        FamilyFindingEscalated { date: d("2026-03-02"), national_search: true },
        AdopterLinked { link: 1, date: d("2026-03-02"), household: None, agency: crate::adopters::AdopterAgency::Own },
        AdopterLinkEnded { link: 1, date: d("2026-03-02"), reason: "The adopters did not proceed".into() },
        AdoptionApplicationMade { date: d("2026-03-23") },
        AdoptionDisrupted { date: d("2026-03-02") },
        PathwayPlanReviewed { date: d("2026-01-10") },
        AdviserSupportRequested { date: d("2026-01-20") },
        CareLeaverContact {
            date: d("2026-01-20"),
            in_touch: InTouch::Yes,
            activity: Some(Activity::F2),
            accommodation: None,
        },
        WorkerAllocated {
            date: d("2026-01-05"),
            worker: worker.clone(),
            team: team.clone(),
            reason: Some(SocialWorkerChangeReason::Manage),
        },
        WorkerDeallocated { date: d("2026-03-01") },
        ReviewerAssigned { date: d("2026-03-01"), worker: worker.clone(), role: ReviewerRole::ConferenceChair },
        ManagementOversight { date: d("2026-03-01"), by: worker.clone(), note: "Plan reviewed; visits on track.".into() },
        PanelDecision {
            date: d("2026-03-01"),
            panel: Panel::ChildrensDecisionMeeting,
            decision: "Pre-proceedings threshold met.".into(),
        },
        ComplaintReceived { complaint: 1, date: d("2026-02-01"), stage: 1 },
        ComplaintAnswered { complaint: 1, date: d("2026-02-10") },
        EhcAssessmentRequested { date: d("2026-01-05") },
        EhcPlanIssued { date: d("2026-03-01") },
        SendAdviceRequested { request: 1, date: d("2026-01-12") },
        SendAdviceGiven { request: 1, date: d("2026-02-16") },
        EhcReviewAttended { date: d("2026-03-02") },
        SchoolStarted {
            date: d("2026-01-12"),
            school: "Oak Primary School".into(),
            urn: Some("120001".into()),
            year_group: Some(YearGroup::Y5),
        },
        LeftSchoolRoll { date: d("2026-02-02"), missing_education: false },
        EducationOfficerAssigned { date: d("2026-01-12"), officer: worker.clone() },
        PepHeld {
            pep: 1,
            date: d("2026-01-22"),
            phase: PepPhase::School,
            ratings: PepRatings {
                attendance: Some(Rating::Green),
                progress: Some(Rating::Amber),
                wellbeing: Some(Rating::Green),
                targets: Some(Rating::Gold),
                pupil_premium: Some(Rating::Green),
                voice: Some(Rating::Red),
                overall: Some(Rating::Green),
            },
            targets: "Read two chapter books with her carer by Easter; join the lunchtime chess club.".into(),
            ppp_planned: Some(650),
            ppp_spent: Some(0),
            progress: Some("First PEP since becoming looked after.".into()),
        },
        AttendanceRecorded { from: d("2026-01-12"), to: d("2026-02-13"), possible: 50, attended: 46 },
        ExclusionRecorded {
            date: d("2026-02-24"),
            kind: ExclusionKind::Suspension,
            reason: ExclusionReason::PersistentDisruptive,
            sessions: Some(2),
        },
        DestinationRecorded { date: d("2026-03-02"), destination: Destination::Education },
    ];
    events
        .into_iter()
        .map(|event| {
            let (details, setup) = setup(&event);
            Example { details, setup, event }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{Base, Cx, Declared};
    use crate::ids::ChildId;
    use crate::journey::ChildRecord;

    fn staff() -> (WorkerId, TeamId) {
        (WorkerId::new("W1").unwrap(), TeamId::new("T1").unwrap())
    }

    fn record(x: &Example) -> ChildRecord {
        let id = ChildId::new("C1").unwrap();
        let mut rec = ChildRecord::register(id, &ChildEvent::Registered { details: x.details.clone() }).unwrap();
        for e in &x.setup {
            rec.apply(e).unwrap_or_else(|err| panic!("{}: setup {err}", x.event.kind()));
        }
        rec
    }

    #[test]
    fn every_declared_kind_has_an_example_the_domain_accepts() {
        let (w, team) = staff();
        let examples = examples(&w, &team);
        let kinds: Vec<&str> = examples.iter().map(|x| x.event.kind()).collect();
        let declared: Vec<&str> = ChildEvent::declarations().iter().map(|d| d.kind).collect();
        assert_eq!(kinds, declared);
        for x in &examples {
            if matches!(x.event, ChildEvent::Registered { .. }) {
                continue;
            }
            record(x).apply(&x.event).unwrap_or_else(|e| panic!("{}: {e}", x.event.kind()));
        }
    }

    /// The declarations are the forms: an event's values read back as the same event, on
    /// the record it is recorded on, and every declared field's name and path are distinct.
    #[test]
    fn every_example_round_trips_through_its_form() {
        let (w, team) = staff();
        let staff = [(w.clone(), team.clone(), "A Worker".to_string())];
        let today = d("2026-03-31");
        for x in examples(&w, &team) {
            let decl = x.event.declaration().expect("declared");
            let rec = record(&x);
            let cx = Cx { today, record: &rec, user: Some(&w), staff: &staff };
            let sent: Vec<(String, String)> = decl
                .values(&x.event)
                .into_iter()
                .flat_map(|(name, values)| values.into_iter().map(move |v| (name.to_string(), v)))
                .collect();
            let read = decl.read(&cx, &sent, Base::Blank).unwrap_or_else(|e| panic!("{}: {e:?}", decl.kind));
            assert_eq!(read.event, x.event, "{}", decl.kind);
            assert!(!decl.sentence(&x.event).is_empty());
            let mut names: Vec<&str> = decl.fields.iter().map(|f| f.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), decl.fields.len(), "{}: a field name is used twice", decl.kind);
            // The schema lists every field a client sends.
            let schema = decl.schema();
            for (name, _) in &sent {
                let assigned = decl.fields.iter().any(|f| f.name == name && f.assigned());
                assert!(assigned || schema["properties"].get(name.as_str()).is_some(), "{}: {name}", decl.kind);
            }
        }
    }

    #[test]
    fn slugs_and_kinds_are_unique_and_every_key_is_a_child_permission() {
        let decls = ChildEvent::declarations();
        for (i, a) in decls.iter().enumerate() {
            for b in &decls[i + 1..] {
                assert_ne!(a.slug, b.slug);
                assert_ne!(a.kind, b.kind);
            }
            assert!(a.permission.starts_with("child."), "{}", a.permission);
            if let Some(auth) = a.authorises {
                let step = ChildEvent::by_kind(auth.kind).expect("the authorised step is declared");
                assert!(step.fields.iter().any(|f| f.name == auth.field), "{}", a.kind);
                assert!(a.fields.iter().any(|f| f.name == auth.field), "{}", a.kind);
            }
        }
    }
}
