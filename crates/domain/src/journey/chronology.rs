//! A child's chronology: the journey in date order, in words a social worker uses.

use super::events::*;
use crate::Recorded;
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use std::collections::HashMap;

/// One line of a chronology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// When it happened (the effective date; the time where one was recorded).
    pub date: Option<NaiveDate>,
    pub time: Option<String>,
    pub text: String,
    /// Who recorded it and when.
    pub recorded_by: String,
    pub recorded_on: NaiveDate,
    /// Set when a later correction replaced or withdrew this entry.
    pub superseded: Option<String>,
    /// The stored event's sequence number.
    pub seq: u64,
}

/// The chronology of a log of `(seq, recorded, event)`, in date order (an
/// undated entry, such as a registration, at the date it was recorded; ties in
/// recording order). Corrections appear where they were
/// made, and the entries they changed are marked.
pub fn chronology(log: &[(u64, Recorded, ChildEvent)]) -> Vec<Entry> {
    let mut superseded: HashMap<u64, String> = HashMap::new();
    for (_, r, e) in log {
        match e {
            ChildEvent::Corrected { seq, .. } => {
                superseded.insert(*seq, format!("corrected on {} by {}", r.at.date_naive(), r.by));
            }
            ChildEvent::Retracted { seq } => {
                superseded.insert(*seq, format!("withdrawn on {} by {}", r.at.date_naive(), r.by));
            }
            _ => {}
        }
    }
    let mut entries: Vec<Entry> = log
        .iter()
        .map(|(seq, r, e)| {
            let when = when(e);
            Entry {
                date: when.map(|w| w.0).or_else(|| correction_date(e, r)),
                time: when.and_then(|w| w.1).map(|t| t.format("%H:%M").to_string()),
                text: describe(e),
                recorded_by: r.by.clone(),
                recorded_on: r.at.date_naive(),
                superseded: superseded.get(seq).cloned(),
                seq: *seq,
            }
        })
        .collect();
    entries.sort_by_key(|e| (e.date.unwrap_or(e.recorded_on), e.seq));
    entries
}

fn correction_date(e: &ChildEvent, r: &Recorded) -> Option<NaiveDate> {
    matches!(e, ChildEvent::Corrected { .. } | ChildEvent::Retracted { .. } | ChildEvent::DetailsAmended { .. })
        .then(|| r.at.date_naive())
}

fn when(e: &ChildEvent) -> Option<(NaiveDate, Option<NaiveDateTime>)> {
    use ChildEvent::*;
    let at = match e {
        ContactReceived { at, .. }
        | ContactDecided { at, .. }
        | ReferralReceived { at, .. }
        | ReferralDecided { at, .. }
        | StrategyDiscussionHeld { at, .. }
        | MissingStarted { at, .. }
        | MissingEnded { at, .. } => Some(*at),
        ReturnInterview { offered_at, .. } => Some(*offered_at),
        _ => None,
    };
    match at {
        Some(at) => Some((at.date(), Some(at))),
        None => e.effective_date().map(|d| (d, None)),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn placement_words(p: &Placement) -> String {
    let mut s = format!("{} ({})", p.kind.label(), p.kind.code());
    if let Some(pc) = &p.postcode {
        s.push_str(&format!(", {pc}"));
    }
    s
}

/// The event in one sentence.
pub fn describe(e: &ChildEvent) -> String {
    use ChildEvent::*;
    match e {
        Registered { details } => format!("Record opened for {} {}", details.forename, details.surname),
        DetailsAmended { details } => format!("Personal details amended ({} {})", details.forename, details.surname),
        Died { .. } => "Child died".into(),
        UascStarted { .. } => "Became an unaccompanied asylum-seeking child".into(),
        UascEnded { .. } => "UASC status ended".into(),
        BecameMother { child_dob } => format!("Became a mother (baby born {child_dob})"),
        ContactReceived { contact, source, .. } => format!("Contact {contact} received from {}", source.label()),
        ContactDecided { contact, outcome, .. } => format!(
            "Contact {contact} decided: {}",
            match outcome {
                ContactOutcome::InformationAndAdvice => "information and advice",
                ContactOutcome::EarlyHelp => "early help",
                ContactOutcome::Referral => "referral to children's social care",
                ContactOutcome::NoFurtherAction => "no further action",
            }
        ),
        EarlyHelpRequested { episode, .. } => format!("Early help requested (episode {episode})"),
        EarlyHelpStarted { episode, .. } => format!("Early help started (episode {episode})"),
        EarlyHelpEnded { episode, .. } => format!("Early help ended (episode {episode})"),
        ReferralReceived { referral, source, exploitation, .. } => {
            let mut s = format!("Referral {referral} received from {}", source.label());
            if !exploitation.is_empty() {
                let kinds: Vec<&str> = exploitation
                    .iter()
                    .map(|x| match x {
                        Exploitation::Cse => "CSE",
                        Exploitation::Cce => "CCE",
                    })
                    .collect();
                s.push_str(&format!("; exploitation concerns: {}", kinds.join(", ")));
            }
            s
        }
        ReferralDecided { referral, next, .. } => format!(
            "Manager's decision on referral {referral}: {}",
            match next {
                ReferralNext::Assessment => "single assessment",
                ReferralNext::StrategyDiscussion => "strategy discussion",
                ReferralNext::NoFurtherAction => "no further action",
            }
        ),
        PrimaryNeedRecorded { referral, need } => format!("Primary need for referral {referral}: {}", need.label()),
        AssessmentStarted { assessment, .. } => format!("Single assessment {assessment} started"),
        AssessmentAuthorised { assessment, factors, outcome, .. } => {
            let f: Vec<&str> = factors.iter().map(|f| f.label()).collect();
            format!(
                "Single assessment {assessment} authorised; outcome: {}; factors: {}",
                outcome_words(*outcome),
                f.join("; ")
            )
        }
        StrategyDiscussionHeld { s47, .. } => format!("Strategy discussion held; section 47 enquiry: {}", yes_no(*s47)),
        S47Started { s47, .. } => format!("Section 47 enquiry {s47} started"),
        S47Concluded { s47, icpc_required, .. } => {
            format!("Section 47 enquiry {s47} concluded; initial conference needed: {}", yes_no(*icpc_required))
        }
        IcpcHeld { plan, .. } => {
            format!("Initial child protection conference held; child protection plan: {}", yes_no(*plan))
        }
        CpPlanStarted { plan, category, transfer_in, .. } => format!(
            "Child protection plan {plan} started under {}{}",
            category.label().to_lowercase(),
            if *transfer_in { " (transferred in)" } else { "" }
        ),
        CpCategoryChanged { plan, category, .. } => {
            format!("Child protection plan {plan}: category now {}", category.label().to_lowercase())
        }
        CpReviewHeld { plan, .. } => format!("Child protection review conference (plan {plan})"),
        CpPlanEnded { plan, .. } => format!("Child protection plan {plan} ended"),
        CinPlanStarted { plan, .. } => format!("Child in need plan {plan} started"),
        CinPlanEnded { plan, .. } => format!("Child in need plan {plan} ended"),
        Visited { seen, seen_alone, .. } => {
            format!("Statutory visit; child seen: {}{}", yes_no(*seen), if *seen_alone { ", seen alone" } else { "" })
        }
        PreProceedingsStarted { .. } => "Pre-proceedings (PLO) started".into(),
        PreProceedingsEnded { outcome, .. } => format!(
            "Pre-proceedings ended: {}",
            match outcome {
                PreProceedingsOutcome::ConcernsAddressed => "concerns addressed",
                PreProceedingsOutcome::CareProceedingsIssued => "care proceedings to be issued",
                PreProceedingsOutcome::OtherOutcome => "other outcome",
            }
        ),
        CareProceedingsIssued { .. } => "Care proceedings issued".into(),
        CareProceedingsConcluded { outcome, .. } => {
            format!("Care proceedings concluded: {}", format!("{outcome:?}").to_lowercase())
        }
        CaseClosed { referral, reason, .. } => format!("Case closed (referral {referral}): {}", reason.label()),
        CareStarted { legal_status, placement, .. } => {
            format!(
                "Became looked after: {} ({}); placed in {}",
                legal_status.label(),
                legal_status.code(),
                placement_words(placement)
            )
        }
        LegalStatusChanged { legal_status, .. } => {
            format!("Legal status changed to {} ({})", legal_status.label(), legal_status.code())
        }
        PlacementChanged { placement, reason, .. } => {
            format!("Placement moved to {}; reason: {}", placement_words(placement), reason.label())
        }
        LegalStatusAndPlacementChanged { legal_status, placement, .. } => format!(
            "Legal status changed to {} ({}) and placement moved to {}",
            legal_status.label(),
            legal_status.code(),
            placement_words(placement)
        ),
        CareEnded { reason, .. } => format!("Ceased to be looked after: {}", reason.label()),
        LacReviewHeld { participation, .. } => format!("Looked-after review; participation: {}", participation.label()),
        PermanencePlanMade { plan, .. } => format!("Permanence plan: {}", format!("{plan:?}").to_lowercase()),
        MissingStarted { episode, kind, .. } => format!("{} from placement (episode {episode})", kind.label()),
        MissingEnded { episode, .. } => format!("Returned (episode {episode})"),
        ReturnInterview { episode, accepted, .. } => {
            format!("Return interview offered (episode {episode}); accepted: {}", yes_no(*accepted))
        }
        HealthAssessment { .. } => "Health assessment".into(),
        DentalCheck { .. } => "Dental check".into(),
        Sdq { score, reason, .. } => match (score, reason) {
            (Some(s), _) => format!("SDQ score {s}"),
            (None, Some(r)) => format!("No SDQ score: {}", r.label()),
            _ => "SDQ recorded".into(),
        },
        HealthOutcomesRecorded { .. } => "Annual health outcomes recorded".into(),
        DoloStarted { .. } => "Deprivation of liberty order started".into(),
        DoloEnded { .. } => "Deprivation of liberty order ended".into(),
        AdoptionDecision { .. } => "Agency decision: should be placed for adoption".into(),
        AdoptionPanel { .. } => "Adoption plan to the adoption panel".into(),
        MatchedWithAdopters { .. } => "Matched with prospective adopters".into(),
        AdoptionDecisionReversed { reason, .. } => {
            format!("Decision to place for adoption reversed: {}", reason.label())
        }
        PathwayPlanReviewed { .. } => "Pathway plan reviewed".into(),
        CareLeaverContact { in_touch, activity, accommodation, .. } => {
            let mut s = format!("Care leaver contact; in touch: {}", in_touch.label());
            if let Some(a) = activity {
                s.push_str(&format!("; activity: {}", a.label()));
            }
            if let Some(a) = accommodation {
                s.push_str(&format!("; accommodation: {}", a.label()));
            }
            s
        }
        WorkerAllocated { worker, team, reason, .. } => {
            let mut s = format!("Allocated to {worker} ({team})");
            if let Some(r) = reason {
                s.push_str(&format!("; reason for change: {}", r.label()));
            }
            s
        }
        WorkerDeallocated { .. } => "No allocated worker".into(),
        ManagementOversight { by, note, .. } => format!("Management oversight by {by}: {note}"),
        PanelDecision { panel, decision, .. } => format!("{} decision: {decision}", panel_name(*panel)),
        ComplaintReceived { complaint, stage, .. } => format!("Complaint {complaint} received (stage {stage})"),
        ComplaintAnswered { complaint, .. } => format!("Complaint {complaint} answered"),
        EhcAssessmentRequested { .. } => "EHC needs assessment requested".into(),
        EhcPlanIssued { .. } => "EHC plan issued".into(),
        Corrected { seq, replacement } => format!("Correction of entry {seq}: {}", describe(replacement)),
        Retracted { seq } => format!("Entry {seq} withdrawn as recorded in error"),
    }
}

fn outcome_words(o: AssessmentOutcome) -> &'static str {
    match o {
        AssessmentOutcome::NoFurtherAction => "no further action",
        AssessmentOutcome::EarlyHelp => "early help",
        AssessmentOutcome::ChildInNeedPlan => "child in need plan",
        AssessmentOutcome::StrategyDiscussion => "strategy discussion",
        AssessmentOutcome::LookedAfter => "to be looked after",
        AssessmentOutcome::ContinueExistingPlan => "continue the existing plan",
    }
}

fn panel_name(p: Panel) -> &'static str {
    match p {
        Panel::EarlyHelpTransition => "Early help transition panel",
        Panel::FamilyCareAndProtect => "Family care and protect panel",
        Panel::ChildrensDecisionMeeting => "Children's decision meeting",
        Panel::Permanence => "Permanence panel",
        Panel::AdditionalResource => "Additional resource panel",
        Panel::ShortBreaks => "Short breaks panel",
        Panel::Adoption => "Adoption panel",
        Panel::Fostering => "Fostering panel",
        Panel::Ehcp => "EHCP panel",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn entries_are_in_date_order_and_corrections_mark_what_they_changed() {
        let r = |day: u32, by: &str| Recorded::new(Utc.with_ymd_and_hms(2026, 1, day, 12, 0, 0).unwrap(), by, None);
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let log = vec![
            (
                1,
                r(1, "W1"),
                ChildEvent::Registered {
                    details: ChildDetails {
                        forename: "Ada".into(),
                        surname: "Lee".into(),
                        dob: Some(d("2015-01-01")),
                        ..Default::default()
                    },
                },
            ),
            (2, r(2, "W1"), ChildEvent::DentalCheck { date: d("2025-12-20") }),
            (
                3,
                r(3, "W2"),
                ChildEvent::ReferralReceived {
                    referral: 1,
                    at: NaiveDateTime::parse_from_str("2025-11-03 14:30", "%Y-%m-%d %H:%M").unwrap(),
                    source: ReferralSource::SchoolsEducation,
                    contact: None,
                    exploitation: vec![Exploitation::Cce],
                },
            ),
            (4, r(4, "W1"), ChildEvent::Retracted { seq: 2 }),
        ];
        let c = chronology(&log);
        let texts: Vec<&str> = c.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts[0], "Referral 1 received from Schools; exploitation concerns: CCE");
        assert_eq!(c[0].time.as_deref(), Some("14:30"));
        assert_eq!(texts[1], "Dental check");
        assert_eq!(c[1].superseded.as_deref(), Some("withdrawn on 2026-01-04 by W1"));
        // The registration has no date of its own: it stands at the day it was recorded.
        assert_eq!(texts[2], "Record opened for Ada Lee");
        assert_eq!(c[2].date, None);
        assert_eq!(texts[3], "Entry 2 withdrawn as recorded in error");
    }
}
