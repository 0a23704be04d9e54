//! The organisation: teams, and staff who join and leave (turnover), so that
//! children's workers change when a worker leaves.

use crate::place::{self, LOCALITIES};
use crate::{Scale, time::Rand};
use carefile_domain::org::{OrgEvent, Service, StaffRole};
use carefile_domain::workforce::childrens_social_worker;
use carefile_domain::{Recorded, TeamId, WorkerId};
use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A period in post of one member of staff.
pub(crate) struct Staff {
    pub id: WorkerId,
    pub joined: NaiveDate,
    /// First day no longer in post; `None` = still in post at `as_of`.
    pub left: Option<NaiveDate>,
}

impl Staff {
    pub fn in_post(&self, d: NaiveDate) -> bool {
        self.joined <= d && self.left.is_none_or(|l| l > d)
    }
}

pub(crate) struct Team {
    pub id: TeamId,
    /// Posts of case-holding staff (social workers, PAs, IROs…): each post is a
    /// succession of staff in date order, indices into `Roster::staff`.
    pub posts: Vec<Vec<u32>>,
    /// Team manager posts, filled without gaps.
    pub managers: Vec<Vec<u32>>,
}

/// Teams and staff, read by every child's generator.
pub(crate) struct Roster {
    pub teams: Vec<Team>,
    pub staff: Vec<Staff>,
    pub first_response: usize,
    pub localities: Vec<usize>,
    pub disabled: usize,
    pub in_care: usize,
    pub leavers: usize,
    pub early_help: usize,
    pub reviewing: usize,
}

/// Which staff of a team.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Post {
    Caseholder,
    Manager,
}

impl Roster {
    /// A member of `team` in post on `d` (a manager where every post is vacant). A case goes to a
    /// caseholder staying at least a week more: nobody is given a case on their last days.
    pub fn pick(&self, team: usize, post: Post, d: NaiveDate, rng: &mut ChaCha8Rng) -> u32 {
        let t = &self.teams[team];
        let first = if post == Post::Caseholder { &t.posts } else { &t.managers };
        let leaving = |s: &Staff| post == Post::Caseholder && s.left.is_some_and(|l| l <= d + Duration::days(7));
        // Someone staying on first; failing that (every post vacant or its holder
        // leaving within the week) anyone still in post: never a person who has left.
        for staying in [true, false] {
            for posts in [first, &t.managers] {
                if posts.is_empty() {
                    continue;
                }
                let start = rng.gen_range(0..posts.len());
                for k in 0..posts.len() {
                    let post = &posts[(start + k) % posts.len()];
                    let i = post.partition_point(|&s| self.staff[s as usize].joined <= d);
                    let Some(&holder) = i.checked_sub(1).and_then(|i| post.get(i)) else { continue };
                    let s = &self.staff[holder as usize];
                    if s.in_post(d) && !(staying && leaving(s)) {
                        return holder;
                    }
                }
            }
        }
        // Managers' posts are never vacant from the service's start: only a date
        // before it lands here.
        t.managers[0][0]
    }

    pub fn worker(&self, i: u32) -> &Staff {
        &self.staff[i as usize]
    }
}

struct TeamPlan {
    key: String,
    name: String,
    service: Service,
    locality: Option<&'static str>,
    role: StaffRole,
    posts: usize,
    managers: usize,
}

fn plans(scale: f64) -> Vec<TeamPlan> {
    let n = |x: f64| ((x * scale).round() as usize).max(1);
    let plan = |key: &str, name: &str, service, role, posts: f64, managers: f64| TeamPlan {
        key: key.into(),
        name: name.into(),
        service,
        locality: None,
        role,
        posts: n(posts),
        managers: n(managers),
    };
    let mut v = vec![plan("FR", "First Response", Service::FirstResponse, StaffRole::SocialWorker, 30.0, 3.0)];
    for l in LOCALITIES {
        let mut t = plan(
            &format!("LOC-{}", l.key),
            &format!("{} Locality", l.name),
            Service::Locality,
            StaffRole::SocialWorker,
            2.4 * f64::from(l.weight),
            2.0,
        );
        t.locality = Some(l.name);
        v.push(t);
    }
    v.extend([
        plan("DCT", "Disabled Children", Service::DisabledChildren, StaffRole::SocialWorker, 14.0, 2.0),
        plan("CIC", "Children in Care", Service::ChildrenInCare, StaffRole::SocialWorker, 34.0, 3.0),
        plan("CLT", "Care Leavers", Service::CareLeavers, StaffRole::PersonalAdviser, 18.0, 2.0),
        plan(
            "EH",
            "Early Help (Children and Family Wellbeing)",
            Service::EarlyHelp,
            StaffRole::EarlyHelpWorker,
            40.0,
            4.0,
        ),
        plan("SRU", "Safeguarding and Reviewing", Service::Reviewing, StaffRole::ReviewingOfficer, 18.0, 2.0),
    ]);
    v
}

/// The organisation from `start` (when the service began recording here) to `as_of`.
pub(crate) fn build(
    seed: u64,
    scale: Scale,
    start: NaiveDate,
    as_of: NaiveDate,
) -> (Roster, Vec<(Recorded, OrgEvent)>) {
    let mut rng = crate::rng_for(seed, u64::MAX);
    let mut events: Vec<(NaiveDate, OrgEvent)> = vec![(
        start,
        OrgEvent::AuthorityDefined {
            name: crate::NAME.into(),
            gss: crate::GSS.into(),
            dfe_number: crate::DFE_NUMBER,
            date: start,
        },
    )];
    let mut roster = Roster {
        teams: vec![],
        staff: vec![],
        first_response: 0,
        localities: vec![],
        disabled: 0,
        in_care: 0,
        leavers: 0,
        early_help: 0,
        reviewing: 0,
    };
    for (ti, p) in plans(scale.volume()).into_iter().enumerate() {
        let team = TeamId::new(&p.key).expect("team keys are valid IDs");
        events.push((
            start,
            OrgEvent::TeamFormed {
                team: team.clone(),
                name: p.name,
                service: p.service,
                locality: p.locality.map(str::to_string),
                date: start,
            },
        ));
        match p.service {
            Service::FirstResponse => roster.first_response = ti,
            Service::Locality => roster.localities.push(ti),
            Service::DisabledChildren => roster.disabled = ti,
            Service::ChildrenInCare => roster.in_care = ti,
            Service::CareLeavers => roster.leavers = ti,
            Service::EarlyHelp => roster.early_help = ti,
            Service::Reviewing => roster.reviewing = ti,
        }
        let mut fill = |role: StaffRole, vacancies: bool| -> Vec<u32> {
            let mut post = vec![];
            let mut d = start;
            while d <= as_of {
                // About half of new starters are agency staff, who stay far shorter:
                // in post at any time, about one in six is agency.
                let agency = role != StaffRole::TeamManager && rng.chance(0.45);
                let mean_days = if agency { 300.0 } else { 1500.0 };
                let stay = rng.exp_days(mean_days).max(60);
                let left = d + Duration::days(stay);
                let i = roster.staff.len() as u32;
                let id = WorkerId::new(&format!("W{:06}", i + 1)).expect("worker IDs are valid");
                let fte = if rng.chance(0.8) { 1.0 } else { [0.5, 0.6, 0.8, 0.9][rng.gen_range(0..4)] };
                events.push((
                    d,
                    OrgEvent::StaffJoined {
                        worker: id.clone(),
                        name: place::staff_name(&mut rng),
                        team: team.clone(),
                        role,
                        fte,
                        agency,
                        date: d,
                    },
                ));
                let left = (left <= as_of).then_some(left);
                if let Some(l) = left {
                    events.push((l, OrgEvent::StaffLeft { worker: id.clone(), date: l }));
                }
                roster.staff.push(Staff { id, joined: d, left });
                post.push(i);
                let Some(l) = left else { break };
                d = if vacancies && rng.chance(0.5) { l + Duration::days(rng.gen_range(14..120)) } else { l };
            }
            post
        };
        let posts = (0..p.posts).map(|_| fill(p.role, true)).collect();
        let mut managers: Vec<Vec<u32>> = (0..p.managers).map(|_| fill(StaffRole::TeamManager, false)).collect();
        if matches!(p.service, Service::FirstResponse | Service::ChildrenInCare | Service::Reviewing)
            || p.key.ends_with("CHARNWOOD")
        {
            managers.push(fill(StaffRole::ServiceManager, false));
        }
        // The establishment the workforce census counts vacancies against: every social work post,
        // whoever (employee, agency worker or no one) fills it.
        let established = managers.len() + if childrens_social_worker(p.role) { p.posts } else { 0 };
        events.push((start, OrgEvent::PostsEstablished { team: team.clone(), fte: established as f32, date: start }));
        roster.teams.push(Team { id: team, posts, managers });
    }
    // Date order; on one day, a leaver's departure before a starter's arrival.
    events.sort_by_key(|(d, e)| {
        (
            *d,
            !matches!(e, OrgEvent::AuthorityDefined { .. } | OrgEvent::TeamFormed { .. }),
            !matches!(e, OrgEvent::StaffLeft { .. }),
        )
    });
    let mut last = None;
    let recorded = events
        .into_iter()
        .map(|(d, e)| {
            let at = crate::time::stamp(&mut rng, d, &mut last, crate::time::Delay::Prompt);
            (Recorded::new(at, "hr-import", None), e)
        })
        .collect();
    (roster, recorded)
}
