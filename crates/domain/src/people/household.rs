//! Households and families as groups of people: the model that foster carers,
//! adopters and early-help families are built on. A service's own facts about
//! a household live on that service's stream, keyed by the household's id.

use super::PersonRef;
use super::details::Address;
use crate::stream::{Projection, Stamp, StreamEvent, check_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::numbered_id!(
    /// A household or family: `H` and digits.
    HouseholdId, "H", "household ID"
);

crate::code_list! {
    /// What a household is to the service.
    pub enum HouseholdKind ("household kind") {
        Family = "family": "Family",
        Fostering = "fostering": "Fostering household",
        Adoptive = "adoptive": "Adoptive household",
        Kinship = "kinship": "Kinship or connected-person household",
        SupportedLodgings = "supported_lodgings": "Supported lodgings",
        StayingPut = "staying_put": "Staying Put arrangement",
        Other = "other": "Other",
    }
}

crate::code_list! {
    /// A member's place in a household.
    pub enum MemberRole ("household role") {
        Parent = "parent": "Parent",
        Carer = "carer": "Carer",
        Adopter = "adopter": "Adopter",
        Child = "child": "Child",
        ChildOfCarer = "child_of_carer": "Carer's own child",
        PlacedChild = "placed_child": "Child placed",
        OtherAdult = "other_adult": "Other adult",
        OtherChild = "other_child": "Other child",
    }
}

/// Longest household name.
const MAX_NAME: usize = 100;

/// A fact about a household, on the `household` stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HouseholdEvent {
    Formed {
        kind: HouseholdKind,
        /// How workers refer to it ("the Smith family").
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        address: Option<Address>,
        date: NaiveDate,
    },
    MemberJoined {
        member: PersonRef,
        role: MemberRole,
        date: NaiveDate,
    },
    MemberLeft {
        member: PersonRef,
        date: NaiveDate,
    },
    Moved {
        address: Address,
        date: NaiveDate,
    },
    Renamed {
        name: String,
    },
    /// The household no longer exists as a group; members still in it leave on this date.
    Ended {
        date: NaiveDate,
    },
}

impl StreamEvent for HouseholdEvent {
    fn kind(&self) -> &'static str {
        match self {
            HouseholdEvent::Formed { .. } => "formed",
            HouseholdEvent::MemberJoined { .. } => "member_joined",
            HouseholdEvent::MemberLeft { .. } => "member_left",
            HouseholdEvent::Moved { .. } => "moved",
            HouseholdEvent::Renamed { .. } => "renamed",
            HouseholdEvent::Ended { .. } => "ended",
        }
    }

    fn effective_date(&self) -> Option<NaiveDate> {
        match self {
            HouseholdEvent::Renamed { .. } => None,
            HouseholdEvent::Formed { date, .. }
            | HouseholdEvent::MemberJoined { date, .. }
            | HouseholdEvent::MemberLeft { date, .. }
            | HouseholdEvent::Moved { date, .. }
            | HouseholdEvent::Ended { date } => Some(*date),
        }
    }
}

/// A member's time in a household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub member: PersonRef,
    pub role: MemberRole,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

/// A household as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Household {
    pub id: HouseholdId,
    pub kind: HouseholdKind,
    pub name: String,
    pub formed: NaiveDate,
    pub ended: Option<NaiveDate>,
    /// Addresses from their dates, in order.
    pub addresses: Vec<(NaiveDate, Address)>,
    pub members: Vec<Membership>,
}

impl Household {
    /// Members on `date`.
    pub fn members_on(&self, date: NaiveDate) -> impl Iterator<Item = &Membership> {
        self.members.iter().filter(move |m| m.from <= date && m.to.is_none_or(|t| t > date))
    }

    pub fn current_members(&self) -> impl Iterator<Item = &Membership> {
        self.members.iter().filter(|m| m.to.is_none())
    }

    pub fn address_on(&self, date: NaiveDate) -> Option<&Address> {
        self.addresses.iter().rev().find(|(from, _)| *from <= date).map(|(_, a)| a)
    }
}

fn check_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("a household needs a name".into());
    }
    if name.chars().count() > MAX_NAME {
        return Err(format!("a household's name is at most {MAX_NAME} characters"));
    }
    Ok(())
}

impl Projection for Household {
    const STREAM: &'static str = "household";
    type Id = HouseholdId;
    type Event = HouseholdEvent;

    fn start(id: &HouseholdId, at: Stamp, event: &HouseholdEvent) -> Result<Self, String> {
        let HouseholdEvent::Formed { kind, name, address, date } = event else {
            return Err("a household's record starts when it is formed".into());
        };
        check_name(name)?;
        check_date(*date, at)?;
        Ok(Household {
            id: id.clone(),
            kind: *kind,
            name: name.trim().to_string(),
            formed: *date,
            ended: None,
            addresses: address.iter().map(|a| (*date, a.clone())).collect(),
            members: Vec::new(),
        })
    }

    fn apply(&mut self, at: Stamp, event: &HouseholdEvent) -> Result<(), String> {
        if let Some(d) = event.effective_date() {
            check_date(d, at)?;
            if d < self.formed {
                return Err(format!("{d} is before the household was formed on {}", self.formed));
            }
        }
        if let Some(ended) = self.ended {
            return Err(format!("the household ended on {ended}"));
        }
        match event {
            HouseholdEvent::Formed { .. } => return Err("the household is already formed".into()),
            HouseholdEvent::MemberJoined { member, role, date } => {
                if self.current_members().any(|m| m.member == *member) {
                    return Err(format!("{member} is already a member"));
                }
                if self.members.iter().any(|m| m.member == *member && m.to.is_some_and(|t| t > *date)) {
                    return Err(format!("{member} was a member until after {date}"));
                }
                self.members.push(Membership { member: member.clone(), role: *role, from: *date, to: None });
            }
            HouseholdEvent::MemberLeft { member, date } => {
                let Some(m) = self.members.iter_mut().find(|m| m.member == *member && m.to.is_none()) else {
                    return Err(format!("{member} is not a member"));
                };
                if *date < m.from {
                    return Err(format!("{date} is before {member} joined on {}", m.from));
                }
                m.to = Some(*date);
            }
            HouseholdEvent::Moved { address, date } => {
                if self.addresses.last().is_some_and(|(from, _)| from > date) {
                    return Err(format!("{date} is before the last change of address"));
                }
                self.addresses.push((*date, address.clone()));
            }
            HouseholdEvent::Renamed { name } => {
                check_name(name)?;
                self.name = name.trim().to_string();
            }
            HouseholdEvent::Ended { date } => {
                if let Some(m) = self.current_members().find(|m| m.from > *date) {
                    return Err(format!("{} joined after {date}", m.member));
                }
                for m in self.members.iter_mut().filter(|m| m.to.is_none()) {
                    m.to = Some(*date);
                }
                self.ended = Some(*date);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::PersonId;
    use crate::{ChildId, Recorded};
    use chrono::TimeZone;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn fold(events: &[HouseholdEvent]) -> Result<Option<Household>, crate::stream::StreamError> {
        let r = Recorded::new(chrono::Utc.with_ymd_and_hms(2026, 3, 31, 10, 0, 0).unwrap(), "sw", None);
        let id = HouseholdId::new("H000001").unwrap();
        Household::replay(
            &id,
            events
                .iter()
                .enumerate()
                .map(|(i, e)| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: &r }, e)),
        )
    }
    fn formed() -> HouseholdEvent {
        HouseholdEvent::Formed {
            kind: HouseholdKind::Fostering,
            name: "The Carers".into(),
            address: None,
            date: d("2024-01-01"),
        }
    }

    #[test]
    fn members_join_and_leave_with_dates() {
        let carer = PersonRef::Adult(PersonId::new("P000001").unwrap());
        let child = PersonRef::Child(ChildId::new("C1").unwrap());
        let h = fold(&[
            formed(),
            HouseholdEvent::MemberJoined { member: carer.clone(), role: MemberRole::Carer, date: d("2024-01-01") },
            HouseholdEvent::MemberJoined {
                member: child.clone(),
                role: MemberRole::PlacedChild,
                date: d("2025-01-01"),
            },
            HouseholdEvent::MemberLeft { member: child.clone(), date: d("2025-06-01") },
            HouseholdEvent::Moved {
                address: Address { lines: "2 New Rd".into(), postcode: None },
                date: d("2025-07-01"),
            },
        ])
        .unwrap()
        .unwrap();
        assert_eq!(h.members_on(d("2025-03-01")).count(), 2);
        assert_eq!(h.members_on(d("2025-06-01")).count(), 1);
        assert_eq!(h.address_on(d("2025-08-01")).unwrap().lines, "2 New Rd");

        let refused = |events: &[HouseholdEvent]| fold(events).unwrap_err().message;
        let join =
            HouseholdEvent::MemberJoined { member: carer.clone(), role: MemberRole::Carer, date: d("2024-02-01") };
        assert!(refused(&[formed(), join.clone(), join]).contains("already a member"));
        assert!(
            refused(&[formed(), HouseholdEvent::MemberLeft { member: child, date: d("2025-01-01") }])
                .contains("not a member")
        );
        let early =
            HouseholdEvent::MemberJoined { member: carer.clone(), role: MemberRole::Carer, date: d("2023-01-01") };
        assert!(refused(&[formed(), early]).contains("before the household was formed"));
        let ended = HouseholdEvent::Ended { date: d("2025-01-01") };
        let after = HouseholdEvent::MemberJoined { member: carer, role: MemberRole::Carer, date: d("2025-02-01") };
        assert!(refused(&[formed(), ended, after]).contains("ended"));
    }
}
