//! The authority's organisation: teams and staff, as events and their projection.

use crate::ids::{TeamId, WorkerId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The service a team belongs to (the dashboard splits timeliness by it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    FirstResponse,
    Locality,
    DisabledChildren,
    ChildrenInCare,
    CareLeavers,
    EarlyHelp,
    Reviewing,
}

impl Service {
    pub fn label(self) -> &'static str {
        match self {
            Service::FirstResponse => "First Response",
            Service::Locality => "Locality",
            Service::DisabledChildren => "Disabled Children",
            Service::ChildrenInCare => "Children in Care",
            Service::CareLeavers => "Care Leavers",
            Service::EarlyHelp => "Early Help",
            Service::Reviewing => "Safeguarding and Reviewing",
        }
    }
}

/// A member of staff's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    SocialWorker,
    PersonalAdviser,
    TeamManager,
    ServiceManager,
    ReviewingOfficer,
    EarlyHelpWorker,
}

/// A fact about the organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OrgEvent {
    /// The authority this database serves (set once; a later one replaces it).
    AuthorityDefined {
        name: String,
        gss: String,
        dfe_number: u16,
        date: NaiveDate,
    },
    TeamFormed {
        team: TeamId,
        name: String,
        service: Service,
        locality: Option<String>,
        date: NaiveDate,
    },
    StaffJoined {
        worker: WorkerId,
        name: String,
        team: TeamId,
        role: StaffRole,
        /// Full-time equivalent, 0 < fte ≤ 1.
        fte: f32,
        agency: bool,
        date: NaiveDate,
    },
    StaffMoved {
        worker: WorkerId,
        team: TeamId,
        date: NaiveDate,
    },
    StaffLeft {
        worker: WorkerId,
        date: NaiveDate,
    },
    /// The team's establishment of children's social work posts from `date`, in FTE
    /// (the workforce census counts a post not filled by an employee as vacant).
    PostsEstablished {
        team: TeamId,
        fte: f32,
        date: NaiveDate,
    },
    /// A statutory return was imported: the period it reports and the kinds of fact it carries.
    CoverageRecorded {
        coverage: crate::coverage::Coverage,
    },
    /// The authority's fostering or adoption agency, registered with Ofsted under `urn` (the
    /// SSDA903 URN of a foster placement with the authority's own carers comes from here).
    AgencyRegistered {
        agency: Agency,
        urn: String,
        date: NaiveDate,
    },
}

/// The authority's regulated agencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agency {
    Fostering,
    Adoption,
}

impl OrgEvent {
    pub fn kind(&self) -> &'static str {
        match self {
            OrgEvent::AuthorityDefined { .. } => "authority_defined",
            OrgEvent::TeamFormed { .. } => "team_formed",
            OrgEvent::StaffJoined { .. } => "staff_joined",
            OrgEvent::StaffMoved { .. } => "staff_moved",
            OrgEvent::StaffLeft { .. } => "staff_left",
            OrgEvent::PostsEstablished { .. } => "posts_established",
            OrgEvent::CoverageRecorded { .. } => "coverage_recorded",
            OrgEvent::AgencyRegistered { .. } => "agency_registered",
        }
    }

    pub fn effective_date(&self) -> NaiveDate {
        match self {
            OrgEvent::AuthorityDefined { date, .. }
            | OrgEvent::TeamFormed { date, .. }
            | OrgEvent::StaffJoined { date, .. }
            | OrgEvent::StaffMoved { date, .. }
            | OrgEvent::StaffLeft { date, .. }
            | OrgEvent::PostsEstablished { date, .. } => *date,
            OrgEvent::CoverageRecorded { coverage } => coverage.from,
            OrgEvent::AgencyRegistered { date, .. } => *date,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub service: Service,
    pub locality: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Staff {
    pub id: WorkerId,
    pub name: String,
    pub role: StaffRole,
    pub fte: f32,
    pub agency: bool,
    pub joined: NaiveDate,
    pub left: Option<NaiveDate>,
    /// Team history: (from, team).
    pub teams: Vec<(NaiveDate, TeamId)>,
    /// Earlier spells in post of a worker who left and came back (turnover counts each leaving).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<Spell>,
}

/// A spell in post that ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spell {
    pub role: StaffRole,
    pub fte: f32,
    pub agency: bool,
    pub joined: NaiveDate,
    pub left: NaiveDate,
    /// The team on the last day.
    pub team: Option<TeamId>,
}

impl Staff {
    /// The worker's team on `date`.
    pub fn team_on(&self, date: NaiveDate) -> Option<&TeamId> {
        self.teams.iter().rev().find(|(from, _)| *from <= date).map(|(_, t)| t)
    }

    /// In post on `date`.
    pub fn in_post(&self, date: NaiveDate) -> bool {
        self.joined <= date && self.left.is_none_or(|l| l > date)
    }
}

/// An organisation event that cannot apply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{event}: {message}")]
pub struct OrgError {
    pub event: &'static str,
    pub message: String,
}

/// The local authority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authority {
    pub name: String,
    /// ONS GSS code, e.g. E10000018.
    pub gss: String,
    /// DfE three-digit LA number, e.g. 855.
    pub dfe_number: u16,
}

/// Teams and staff as they stand.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    pub authority: Option<Authority>,
    pub teams: BTreeMap<TeamId, Team>,
    pub staff: BTreeMap<WorkerId, Staff>,
    /// The returns imported, each once (empty for a record kept in carefile from the start).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coverage: Vec<crate::coverage::Coverage>,
    /// The Ofsted URN of the authority's fostering agency, where registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fostering_urn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adoption_urn: Option<String>,
    /// Each team's establishment of posts in FTE: (from, fte), in date order.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub posts: BTreeMap<TeamId, Vec<(NaiveDate, f32)>>,
}

impl Organisation {
    pub fn apply(&mut self, e: &OrgEvent) -> Result<(), OrgError> {
        let err = |m: String| OrgError { event: e.kind(), message: m };
        match e {
            OrgEvent::AuthorityDefined { name, gss, dfe_number, .. } => {
                if !(100..=999).contains(dfe_number) {
                    return Err(err(format!("DfE number {dfe_number} must have three digits")));
                }
                self.authority = Some(Authority { name: name.clone(), gss: gss.clone(), dfe_number: *dfe_number });
            }
            OrgEvent::TeamFormed { team, name, service, locality, .. } => {
                if self.teams.contains_key(team) {
                    return Err(err(format!("team {team} already exists")));
                }
                self.teams.insert(
                    team.clone(),
                    Team { id: team.clone(), name: name.clone(), service: *service, locality: locality.clone() },
                );
            }
            OrgEvent::StaffJoined { worker, name, team, role, fte, agency, date } => {
                if !self.teams.contains_key(team) {
                    return Err(err(format!("unknown team {team}")));
                }
                if !(*fte > 0.0 && *fte <= 1.0) {
                    return Err(err(format!("fte {fte} must be more than 0 and at most 1")));
                }
                if self.staff.get(worker).is_some_and(|s| s.left.is_none()) {
                    return Err(err(format!("{worker} is already in post")));
                }
                let earlier = match self.staff.remove(worker) {
                    Some(mut before) => {
                        let left = before.left.expect("checked: not in post");
                        if *date < left {
                            return Err(err(format!("{worker} left on {left} and cannot rejoin on {date}")));
                        }
                        let team = before.team_on(left).cloned();
                        let spell = Spell {
                            role: before.role,
                            fte: before.fte,
                            agency: before.agency,
                            joined: before.joined,
                            left,
                            team,
                        };
                        before.earlier.push(spell);
                        before.earlier
                    }
                    None => vec![],
                };
                self.staff.insert(
                    worker.clone(),
                    Staff {
                        id: worker.clone(),
                        name: name.clone(),
                        role: *role,
                        fte: *fte,
                        agency: *agency,
                        joined: *date,
                        left: None,
                        teams: vec![(*date, team.clone())],
                        earlier,
                    },
                );
            }
            OrgEvent::StaffMoved { worker, team, date } => {
                if !self.teams.contains_key(team) {
                    return Err(err(format!("unknown team {team}")));
                }
                let s = self.staff.get_mut(worker).ok_or_else(|| err(format!("unknown worker {worker}")))?;
                if *date < s.teams.last().map_or(s.joined, |t| t.0) {
                    return Err(err(format!("{date} is before {worker}'s last move")));
                }
                s.teams.push((*date, team.clone()));
            }
            OrgEvent::StaffLeft { worker, date } => {
                let s = self.staff.get_mut(worker).ok_or_else(|| err(format!("unknown worker {worker}")))?;
                if *date < s.joined {
                    return Err(err(format!("{worker} cannot leave on {date}, before joining on {}", s.joined)));
                }
                s.left = Some(*date);
            }
            OrgEvent::PostsEstablished { team, fte, date } => {
                if !self.teams.contains_key(team) {
                    return Err(err(format!("unknown team {team}")));
                }
                if !(fte.is_finite() && *fte >= 0.0 && *fte <= 10_000.0) {
                    return Err(err(format!("{fte} posts: a number of FTE from 0 to 10,000 expected")));
                }
                let history = self.posts.entry(team.clone()).or_default();
                if history.last().is_some_and(|(from, _)| *date < *from) {
                    return Err(err(format!("{date} is before the team's last establishment")));
                }
                history.push((*date, *fte));
            }
            OrgEvent::CoverageRecorded { coverage } => {
                if coverage.to < coverage.from {
                    return Err(err(format!("the period {} to {} ends before it starts", coverage.from, coverage.to)));
                }
                if !self.coverage.contains(coverage) {
                    self.coverage.push(coverage.clone());
                }
            }
            OrgEvent::AgencyRegistered { agency, urn, .. } => {
                if !((6..=8).contains(&urn.len()) && urn.bytes().all(|b| b.is_ascii_alphanumeric())) {
                    return Err(err(format!("'{urn}' is not an Ofsted URN (6 to 8 letters and digits, e.g. SC123456)")));
                }
                let slot = match agency {
                    Agency::Fostering => &mut self.fostering_urn,
                    Agency::Adoption => &mut self.adoption_urn,
                };
                *slot = Some(urn.clone());
            }
        }
        Ok(())
    }
}
