//! Placement sufficiency (issue #15 item 8): each approved household's capacity and vacancies on
//! a day (its approved number of children, none while placements are paused, less the children
//! placed with it on the children's records), the households that fit a placement request's
//! child, and where looked-after children are placed:
//! with the authority's own carers, with agency foster carers, placed for adoption, in
//! residential care, with parents, or elsewhere.

use super::record::CarerRecord;
use super::terms::CarerType;
use crate::codes::{PlacementProvider, PlacementType};
use crate::ids::ChildId;
use crate::journey::{ChildRecord, Placement};
use crate::people::HouseholdId;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// One household's places on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Places {
    pub household: HouseholdId,
    pub carer_type: CarerType,
    pub ages: (u32, u32),
    pub capacity: u32,
    pub placed: Vec<ChildId>,
}

impl Places {
    /// Places free (none where more children are placed than approved, an exemption's case).
    pub fn vacancies(&self) -> u32 {
        self.capacity.saturating_sub(self.placed.len() as u32)
    }
}

/// The child's placement on `d`, while looked after.
pub fn placement_on(child: &ChildRecord, d: NaiveDate) -> Option<&Placement> {
    let period = child.care.iter().rev().find(|p| p.is_open_on(d))?;
    period.changes.iter().rev().find(|c| c.date <= d).map(|c| &c.placement)
}

/// The places of every household approved on `d`, with the children placed with each.
pub fn places(records: &[CarerRecord], children: &[ChildRecord], d: NaiveDate) -> Vec<Places> {
    let mut placed: BTreeMap<&HouseholdId, Vec<ChildId>> = BTreeMap::new();
    for c in children {
        if let Some(h) = placement_on(c, d).and_then(|p| p.household.as_ref()) {
            placed.entry(h).or_default().push(c.id.clone());
        }
    }
    records
        .iter()
        .filter_map(|r| {
            let terms = r.approval_on(d)?.terms_on(d)?;
            Some(Places {
                household: r.id.clone(),
                carer_type: terms.carer_type,
                ages: (terms.age_from, terms.age_to),
                capacity: r.capacity_on(d),
                placed: placed.remove(&r.id).unwrap_or_default(),
            })
        })
        .collect()
}

/// The households with a place for a child of `age` on the day `places` were counted (a
/// placement request's search), most vacancies first.
pub fn fitting(places: &[Places], age: u32) -> Vec<&Places> {
    let mut out: Vec<&Places> = places.iter().filter(|p| p.vacancies() > 0 && p.ages.0 <= age && age <= p.ages.1).collect();
    out.sort_by_key(|p| std::cmp::Reverse(p.vacancies()));
    out
}

crate::code_list! {
    /// Where a looked-after child lives, for sufficiency.
    pub enum Setting ("placement setting") {
        OwnCarers = "own_carers": "With the authority's own foster carers",
        AgencyCarers = "agency_carers": "With agency foster carers",
        Adoption = "adoption": "Placed for adoption",
        Residential = "residential": "Children's homes and residential care",
        Parents = "parents": "With parents",
        Independent = "independent": "Supported accommodation and independent living",
        Other = "other": "Elsewhere",
    }
}

/// The setting of a placement: a foster placement is with the authority's own carers where it
/// names one of `own` households or the authority provides it (PR1), else with an agency's.
pub fn setting(p: &Placement, own: &dyn Fn(&HouseholdId) -> bool) -> Setting {
    use PlacementType::*;
    match p.kind {
        k if k.is_foster() => {
            let ours = p.household.as_ref().is_some_and(own) || p.provider == Some(PlacementProvider::PR1);
            if ours { Setting::OwnCarers } else { Setting::AgencyCarers }
        }
        k if k.is_adoption() => Setting::Adoption,
        K1 | K2 | R1 | R2 | R5 | S1 => Setting::Residential,
        P1 => Setting::Parents,
        H5 | K3 | P2 | Z11 => Setting::Independent,
        _ => Setting::Other,
    }
}

/// The children looked after on `d` by where they live (settings with none left out).
pub fn where_placed(records: &[CarerRecord], children: &[ChildRecord], d: NaiveDate) -> Vec<(Setting, Vec<ChildId>)> {
    let own = |h: &HouseholdId| records.iter().any(|r| &r.id == h && r.agency_urn.is_none());
    let mut by: BTreeMap<usize, Vec<ChildId>> = BTreeMap::new();
    for c in children {
        if let Some(p) = placement_on(c, d) {
            let s = setting(p, &own);
            let i = Setting::ALL.iter().position(|x| *x == s).expect("listed");
            by.entry(i).or_default().push(c.id.clone());
        }
    }
    by.into_iter().map(|(i, v)| (Setting::ALL[i], v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Recorded;
    use crate::codes::*;
    use crate::fostering::FosteringEvent;
    use crate::fostering::examples::mainstream;
    use crate::journey::{ChildEvent, examples::child_details};
    use crate::stream::{Projection, Stamp};
    use chrono::TimeZone;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn h(s: &str) -> HouseholdId {
        HouseholdId::new(s).unwrap()
    }

    fn carer(id: &str, events: &[FosteringEvent]) -> CarerRecord {
        let r = Recorded::new(chrono::Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap(), "sw", None);
        let stamps = events.iter().enumerate().map(|(i, e)| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: &r }, e));
        CarerRecord::replay(&h(id), stamps).unwrap().unwrap()
    }

    fn child(id: &str, started: &str, kind: PlacementType, provider: PlacementProvider, household: Option<&str>) -> ChildRecord {
        let reg = ChildEvent::Registered { details: child_details() };
        let mut r = ChildRecord::register(ChildId::new(id).unwrap(), &reg).unwrap();
        let placement = Placement { kind, provider: Some(provider), postcode: None, urn: None, carer: None, household: household.map(h) };
        r.apply(&ChildEvent::CareStarted { date: d(started), legal_status: LegalStatus::C2, need: CategoryOfNeed::N1, placement, previous_permanence: None })
            .unwrap();
        r
    }

    #[test]
    fn vacancies_are_approved_places_less_children_placed_and_settings_tell_own_carers_from_agencies() {
        let approved = FosteringEvent::ExistingApproval { date: d("2020-01-06"), terms: mainstream() };
        let paused = FosteringEvent::PlacementsPaused { date: d("2026-02-02"), reason: "Bereavement".into() };
        let records = [carer("H000001", &[approved.clone()]), carer("H000002", &[approved, paused])];
        let children = [
            child("C1", "2025-06-02", PlacementType::U6, PlacementProvider::PR1, Some("H000001")),
            child("C2", "2025-07-07", PlacementType::U4, PlacementProvider::PR4, None),
            child("C3", "2025-08-04", PlacementType::K2, PlacementProvider::PR4, None),
            // Placed after the day asked about: not counted.
            child("C4", "2026-03-30", PlacementType::U6, PlacementProvider::PR1, Some("H000001")),
        ];
        let on = d("2026-03-02");
        let p = places(&records, &children, on);
        let capacity = mainstream().children;
        assert_eq!(p.iter().map(|x| (x.capacity, x.placed.len(), x.vacancies())).collect::<Vec<_>>(), [(capacity, 1, capacity - 1), (0, 0, 0)]);
        let (from, to) = (mainstream().age_from, mainstream().age_to);
        assert_eq!(fitting(&p, from).iter().map(|x| &x.household).collect::<Vec<_>>(), [&h("H000001")]);
        assert!(fitting(&p, to + 1).is_empty(), "outside the approved ages");
        let settings: Vec<(Setting, usize)> = where_placed(&records, &children, on).into_iter().map(|(s, v)| (s, v.len())).collect();
        assert_eq!(settings, [(Setting::OwnCarers, 1), (Setting::AgencyCarers, 1), (Setting::Residential, 1)]);
    }
}
