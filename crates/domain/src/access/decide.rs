//! The one question every route asks: may this viewer do this (a permission
//! key) to this record? Pure, so it is tested exhaustively.

use super::accounts::Role;
use super::policy::{Policy, Scope};
use crate::ids::{TeamId, WorkerId};
use crate::journey::ChildRecord;
use crate::org::Service;
use chrono::{DateTime, NaiveDate, Utc};

/// Who is asking: their role, and the member of staff their account is
/// linked to, with that person's team and service on the reference date.
#[derive(Debug, Clone, Copy)]
pub struct Viewer<'a> {
    pub role: &'a Role,
    pub worker: Option<&'a WorkerId>,
    pub team: Option<&'a TeamId>,
    pub service: Option<Service>,
}

/// What kind of record a subject is (its permission keys' resource).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKind {
    Child,
    Household,
}

impl SubjectKind {
    /// The resource of its keys: `child`, `household`.
    pub fn resource(self) -> &'static str {
        match self {
            SubjectKind::Child => "child",
            SubjectKind::Household => "household",
        }
    }
}

/// The facts about one record, on the reference date, that decide who opens it.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub kind: SubjectKind,
    /// The allocated worker and team (`None`: unallocated), and the team's service.
    pub worker: Option<&'a WorkerId>,
    pub team: Option<&'a TeamId>,
    pub service: Option<Service>,
    /// Open work: an open case, looked after, proceedings, a care leaver, an
    /// open early help episode or a contact awaiting its decision.
    pub open: bool,
    /// When work last ended, for a record with no open work.
    pub closed_on: Option<NaiveDate>,
    /// Looked after or a care leaver (the Virtual School's roll).
    pub looked_after: bool,
    /// Reviewing officers and conference chairs assigned while the child is
    /// on a child protection plan or looked after.
    pub reviewers: &'a [WorkerId],
    /// For a household: its supervising or assessing workers.
    pub supervisors: &'a [WorkerId],
    pub restricted: bool,
    /// The viewer holds an explicit grant for this record.
    pub granted: bool,
    /// The reference date the facts are about.
    pub as_of: NaiveDate,
}

/// The answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    Allow,
    /// Outside the viewer's scope, but they may open it by stating why
    /// (`view_with_reason`): a front-door worker's long-closed record, or a
    /// role whose entry says `reason_widens`.
    NeedsReason,
    /// A restricted record the viewer would otherwise open: only by breaking
    /// glass (a category, a written reason, a time limit, a review).
    BreakGlass,
    Deny,
}

/// Whether the scope covers the subject: yes, only with a stated reason, or no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cover {
    Yes,
    WithReason,
    No,
}

fn covers(scope: Scope, v: &Viewer, s: &Subject, policy: &Policy) -> Cover {
    let same = |a: Option<&WorkerId>, list: &[WorkerId]| a.is_some_and(|w| list.contains(w));
    let own = v.worker.is_some() && v.worker == s.worker;
    let team = v.team.is_some() && v.team == s.team;
    let service = v.service.is_some() && v.service == s.service && s.team.is_some();
    let yes = |b: bool| if own || b { Cover::Yes } else { Cover::No };
    match scope {
        Scope::None => Cover::No,
        Scope::Own => yes(false),
        Scope::Team => yes(team),
        Scope::Service => yes(team || service),
        Scope::FrontDoor => {
            let days = i64::from(policy.settings.front_door_closed_days);
            let recent = s.closed_on.is_some_and(|c| (s.as_of - c).num_days() <= days);
            match yes(s.open || recent) {
                Cover::No => Cover::WithReason,
                c => c,
            }
        }
        Scope::Reviewing => yes(same(v.worker, s.reviewers)),
        Scope::LookedAfter => yes(s.looked_after),
        Scope::Household => yes(same(v.worker, s.supervisors)),
        Scope::Authority => Cover::Yes,
    }
}

/// May `viewer` do `key` (a key of [`super::KEYS`] about this kind of
/// record, e.g. `child.read`, `child.record.visit`) to `subject`?
/// - the role must hold the key; an account whose role the policy does not
///   define is refused everything;
/// - the record must be in the role's scope, or the viewer must hold a grant
///   for it; outside it, a stated reason opens it where the scope or the
///   role's `reason_widens` allows;
/// - a restricted record without a grant opens only by breaking glass, and
///   only to a role holding `<resource>.break_glass` that would otherwise open it.
pub fn decide(policy: &Policy, viewer: &Viewer, subject: &Subject, key: &str) -> Access {
    debug_assert!(super::KEYS.contains(&key), "'{key}' is not in access::KEYS");
    let Some(role) = policy.role(viewer.role) else { return Access::Deny };
    if !role.holds(key) {
        return Access::Deny;
    }
    if subject.granted {
        return Access::Allow;
    }
    let open = match covers(role.scope, viewer, subject, policy) {
        Cover::Yes => Access::Allow,
        Cover::WithReason => Access::NeedsReason,
        Cover::No if role.reason_widens => Access::NeedsReason,
        Cover::No => return Access::Deny,
    };
    if subject.restricted {
        let glass = format!("{}.break_glass", subject.kind.resource());
        return if role.holds(&glass) { Access::BreakGlass } else { Access::Deny };
    }
    open
}

/// How a viewer opened a record beyond what their role allows by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpeningKind {
    StatedReason,
    BreakGlass,
}

/// An opening in force until `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opening {
    pub kind: OpeningKind,
    pub until: DateTime<Utc>,
}

/// The answer once the viewer's openings are counted: a live stated reason
/// or break glass answers [`Access::NeedsReason`]; only a live break glass
/// answers [`Access::BreakGlass`].
pub fn settle(access: Access, opening: Option<&Opening>, now: DateTime<Utc>) -> Access {
    match (access, opening) {
        (Access::NeedsReason, Some(o)) if o.until > now => Access::Allow,
        (Access::BreakGlass, Some(o)) if o.kind == OpeningKind::BreakGlass && o.until > now => Access::Allow,
        (a, _) => a,
    }
}

/// Longest reason kept.
pub const MAX_REASON_CHARS: usize = 1000;

/// Checks a written reason: at least `min` characters (at most
/// [`MAX_REASON_CHARS`]), at least four words, and not a run of the same few
/// characters ("aaaaaaaaaa").
pub fn check_reason(reason: &str, min: u32) -> Result<&str, String> {
    let r = reason.trim();
    let n = r.chars().count();
    if n < min as usize {
        return Err(format!("say why in at least {min} characters"));
    }
    if n > MAX_REASON_CHARS {
        return Err(format!("keep the reason to {MAX_REASON_CHARS} characters"));
    }
    let words = r.split_whitespace().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2).count();
    let distinct: std::collections::BTreeSet<char> = r.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect();
    if words < 4 || distinct.len() < 8 {
        return Err("say why in words: what has happened and why you need this record".into());
    }
    Ok(r)
}

/// The facts about a child that the policy reads, on `as_of`, owned so an
/// index can keep them (the caller adds the team's service, restriction and grant).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChildFacts {
    pub worker: Option<WorkerId>,
    pub team: Option<TeamId>,
    pub open: bool,
    pub closed_on: Option<NaiveDate>,
    pub looked_after: bool,
    pub reviewers: Vec<WorkerId>,
}

impl ChildFacts {
    /// The facts on `as_of`, a reviewer's part ending the day the plan or care ends.
    pub fn of(r: &ChildRecord, as_of: NaiveDate) -> ChildFacts {
        ChildFacts::with_minutes(r, as_of, |ended| ended)
    }

    /// The facts on `as_of`, a reviewing officer or chair keeping the child
    /// after the plan or care ended on a day until `minutes_due(that day)`: they
    /// record the last conference or review and issue its minutes.
    pub fn with_minutes(r: &ChildRecord, as_of: NaiveDate, minutes_due: impl Fn(NaiveDate) -> NaiveDate) -> ChildFacts {
        let status = r.status_on(as_of);
        let leaver = r.is_care_leaver_on(as_of);
        let by = |d: NaiveDate| d <= as_of;
        let early_help_open = r.early_help.iter().any(|e| e.start.is_some_and(by) && e.end.is_none_or(|d| d > as_of));
        let contact_waiting = r.contacts.iter().any(|c| by(c.at.date()) && c.decided.is_none_or(|(at, _)| at.date() > as_of));
        let open = status.open_case
            || status.looked_after
            || status.pre_proceedings
            || status.proceedings
            || leaver
            || early_help_open
            || contact_waiting;
        let ended = r
            .referrals
            .iter()
            .flat_map(|x| {
                let decided = x.decided.map(|(at, _)| at.date());
                let plans = x.cp_plans.iter().filter_map(|p| p.end).chain(x.cin_plans.iter().filter_map(|p| p.end));
                x.closed.map(|(d, _)| d).into_iter().chain(decided).chain(plans)
            })
            .chain(r.contacts.iter().filter_map(|c| c.decided.map(|(at, _)| at.date())))
            .chain(r.early_help.iter().filter_map(|e| e.end))
            .chain(r.care.iter().filter_map(|p| p.end_date()))
            .chain(r.care_leaver_contacts.iter().map(|c| c.date))
            .filter(|d| by(*d))
            .max();
        let allocation = r.allocation_on(as_of);
        let reviewed = status.cp_plan || status.looked_after;
        ChildFacts {
            worker: allocation.and_then(|a| a.worker.clone()),
            team: allocation.and_then(|a| a.team.clone()),
            open,
            closed_on: if open { None } else { ended },
            looked_after: status.looked_after || leaver,
            reviewers: if reviewed {
                r.reviewers_on(as_of).into_iter().map(|a| a.worker.clone()).collect()
            } else {
                reviewers_outside_a_plan(r, as_of, minutes_due)
            },
        }
    }

    /// The subject these facts describe.
    pub fn subject(&self, service: Option<Service>, restricted: bool, granted: bool, as_of: NaiveDate) -> Subject<'_> {
        Subject {
            kind: SubjectKind::Child,
            worker: self.worker.as_ref(),
            team: self.team.as_ref(),
            service,
            open: self.open,
            closed_on: self.closed_on,
            looked_after: self.looked_after,
            reviewers: &self.reviewers,
            supervisors: &[],
            restricted,
            granted,
            as_of,
        }
    }
}

/// Reviewers' part outside a plan or care that stands on `as_of`, each for
/// their own meetings and only if assigned in that piece of work (not a chair
/// of an earlier plan): the conference chair while a child protection
/// conference is awaited (an enquiry concluded that one is needed and none was
/// held, or a conference decided on a plan not yet started), which they hold
/// and record; the chair after a plan, and the reviewing officer after a
/// period of care, ended, until the minutes of the last meeting are due.
fn reviewers_outside_a_plan(r: &ChildRecord, as_of: NaiveDate, minutes_due: impl Fn(NaiveDate) -> NaiveDate) -> Vec<WorkerId> {
    use crate::journey::ReviewerRole::{ConferenceChair, ReviewingOfficer};
    let by = |d: NaiveDate| d <= as_of;
    let lately = |end: Option<NaiveDate>| end.is_some_and(|e| by(e) && as_of <= minutes_due(e));
    let current = r.reviewers_on(as_of);
    let mut out: Vec<WorkerId> = Vec::new();
    let mut add = |role, since: NaiveDate| {
        out.extend(current.iter().filter(|a| a.role == role && a.from >= since).map(|a| a.worker.clone()));
    };
    for x in r.referrals.iter().filter(|x| by(x.date())) {
        let awaited = x.is_open_on(as_of)
            && (x.s47s.iter().any(|s| matches!(s.concluded, Some((d, true)) if by(d)) && s.icpc.is_none_or(|d| !by(d)))
                || x.icpcs.iter().any(|i| i.plan && by(i.date) && !x.cp_plans.iter().any(|p| p.start >= i.date && by(p.start))));
        if awaited || x.cp_plans.iter().any(|p| lately(p.end)) {
            add(ConferenceChair, x.date());
        }
    }
    for c in r.care.iter().filter(|c| lately(c.end_date())) {
        add(ReviewingOfficer, c.start);
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests;
