//! The child's adoption steps: a carer household as the carer's identity, links and matches with
//! the adopters' household, the ten weeks before an adoption application.

use super::*;
use crate::adopters::AdopterAgency;
use crate::codes::*;
use crate::ids::ChildId;
use crate::people::HouseholdId;
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn h(s: &str) -> HouseholdId {
    HouseholdId::new(s).unwrap()
}

fn placed(kind: PlacementType, household: Option<&str>, carer: Option<&str>) -> Placement {
    Placement {
        kind,
        provider: Some(PlacementProvider::PR1),
        postcode: None,
        urn: None,
        carer: carer.map(str::to_string),
        household: household.map(h),
    }
}

fn record(events: &[ChildEvent]) -> Result<ChildRecord, InvariantError> {
    let reg = ChildEvent::Registered { details: examples::child_details() };
    let mut r = ChildRecord::register(ChildId::new("C1").unwrap(), &reg)?;
    for e in events {
        r.apply(e)?;
    }
    Ok(r)
}

fn care(on: &str, p: Placement) -> ChildEvent {
    ChildEvent::CareStarted { date: d(on), legal_status: LegalStatus::C2, need: CategoryOfNeed::N1, placement: p, previous_permanence: None }
}

fn moved(on: &str, p: Placement) -> ChildEvent {
    ChildEvent::PlacementChanged { date: d(on), placement: p, reason: ReasonPlaceChange::Carpl }
}

#[test]
fn the_household_is_the_carers_identity_where_the_placement_names_one() {
    // The same household under a new placement type: same carer (903 RNE T), whatever the free text says.
    let r = record(&[
        care("2025-01-06", placed(PlacementType::U3, Some("H000001"), Some("FC1"))),
        moved("2025-06-02", placed(PlacementType::U1, Some("H000001"), Some("renamed"))),
        moved("2025-09-01", placed(PlacementType::U4, Some("H000002"), Some("FC1"))),
    ])
    .unwrap();
    let reasons: Vec<ReasonNewEpisode> = r.care[0].changes.iter().map(|c| c.reason).collect();
    assert_eq!(reasons, [ReasonNewEpisode::Started, ReasonNewEpisode::PlacementOnly, ReasonNewEpisode::PlacementAndCarer]);
    // Without households, the recorded carer decides as before.
    let r = record(&[
        care("2025-01-06", placed(PlacementType::U3, None, Some("FC1"))),
        moved("2025-06-02", placed(PlacementType::U1, None, Some("FC1"))),
    ])
    .unwrap();
    assert_eq!(r.care[0].changes[1].reason, ReasonNewEpisode::PlacementOnly);
}

#[test]
fn an_adoption_application_comes_ten_weeks_after_the_placement() {
    let steps = vec![
        care("2025-01-06", placed(PlacementType::U4, None, Some("FC1"))),
        ChildEvent::AdoptionDecision { date: d("2025-03-03") },
        moved("2025-09-01", placed(PlacementType::A4, Some("H000007"), None)),
    ];
    let mut early = steps.clone();
    early.push(ChildEvent::AdoptionApplicationMade { date: d("2025-11-09") });
    let e = record(&early).unwrap_err();
    assert!(e.message.contains("so from 2025-11-10"), "{e}");
    let mut ok = steps.clone();
    ok.push(ChildEvent::AdoptionApplicationMade { date: d("2025-11-10") });
    let r = record(&ok).unwrap();
    assert_eq!(r.adoptions[0].application, Some(d("2025-11-10")));
    // Not while placed in foster care.
    let mut foster = steps[..2].to_vec();
    foster.push(ChildEvent::AdoptionApplicationMade { date: d("2025-11-10") });
    assert!(record(&foster).unwrap_err().message.contains("placed for adoption"));
}

#[test]
fn family_finding_links_and_the_match_name_the_adopters() {
    let mut steps = vec![
        care("2025-01-06", placed(PlacementType::U4, None, Some("FC1"))),
        ChildEvent::AdoptionDecision { date: d("2025-03-03") },
        ChildEvent::FamilyFindingUpdated { date: d("2025-04-01"), activity: "Profiled".into() },
    ];
    assert!(record(&steps).unwrap_err().message.contains("family finding has not begun"));
    steps.pop();
    steps.push(ChildEvent::FamilyFindingStarted { date: d("2025-03-10") });
    steps.push(ChildEvent::FamilyFindingUpdated { date: d("2025-04-10"), activity: "Profiled on Linkmaker".into() });
    steps.push(ChildEvent::AdopterLinked { link: 1, date: d("2025-05-01"), household: Some(h("H000007")), agency: AdopterAgency::Own });
    steps.push(ChildEvent::AdopterLinked { link: 2, date: d("2025-05-02"), household: Some(h("H000007")), agency: AdopterAgency::Own });
    assert!(record(&steps).unwrap_err().message.contains("already linked"));
    steps.pop();
    let adopters = Adopters { foster_carers: false, number: 2, sex: AdopterSex::MF, legal_status: AdopterLegalStatus::L11 };
    steps.push(ChildEvent::MatchedWithAdopters {
        date: d("2025-07-01"),
        adopters,
        household: Some(h("H000007")),
        agency: Some(AdopterAgency::Own),
        panel: None,
    });
    let r = record(&steps).unwrap();
    let a = &r.adoptions[0];
    assert_eq!((a.family_finding, a.updates.len(), a.links.len()), (Some(d("2025-03-10")), 1, 1));
    assert_eq!(a.matched_with.as_ref().unwrap().household, Some(h("H000007")));
    steps.push(ChildEvent::AdopterLinked { link: 3, date: d("2025-07-02"), household: None, agency: AdopterAgency::Voluntary });
    assert!(record(&steps).unwrap_err().message.contains("already matched"));
}

#[test]
fn the_placement_form_reads_the_carer_household_and_refuses_a_bad_one() {
    use crate::form::{Base, Cx, Declared};
    let rec = record(&[care("2025-01-06", placed(PlacementType::U3, None, Some("FC1")))]).unwrap();
    let decl = ChildEvent::by_slug("placement-change").unwrap();
    let cx = Cx { today: d("2026-03-31"), record: &rec, user: None, staff: &[] };
    let sent = |household: &str| -> Vec<(String, String)> {
        [("date", "2026-02-02"), ("placement", "U4"), ("reason", "CARPL"), ("household", household)]
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    };
    let read = decl.read(&cx, &sent("H000042"), Base::Blank).unwrap();
    let ChildEvent::PlacementChanged { placement, .. } = read.event else { panic!("{:?}", read.event) };
    assert_eq!(placement.household, Some(h("H000042")));
    // Refused beside the field, with what was wrong.
    let refused = decl.read(&cx, &sent("42"), Base::Blank).unwrap_err();
    assert_eq!(refused.for_field("household").collect::<Vec<_>>(), ["'42' is not a household's ID: expected 'H' and up to 12 digits, e.g. H000012"]);
}
