//! One child's journey, simulated forward from the first contact: the front
//! door, referrals and what follows, until the child turns 18, the journey
//! ends, or `as_of` is reached (whatever is open then stays open).
//!
//! Each phase emits events dated on or before `as_of` and returns the next
//! phase, or `None` once something would happen after `as_of`.

use crate::care::Route;
use crate::org::{Post, Roster};
use crate::place;
use crate::time::Rand;
use carefile_domain::calendar::{add_months, add_years, age_on};
use carefile_domain::codes::*;
use carefile_domain::journey::*;
use carefile_domain::{Calendar, ItemNo};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What every child's generator reads.
pub(crate) struct Ctx {
    pub seed: u64,
    pub as_of: NaiveDate,
    /// The first day simulated.
    pub start: NaiveDate,
    /// The first day of the history proper (see `BURN_IN_YEARS`).
    pub history: NaiveDate,
    pub children: u64,
    pub roster: Roster,
    pub cal: Calendar,
    /// The school terms (the Virtual School's calendar).
    pub terms: carefile_domain::virtual_school::SchoolTerms,
}

/// Who records an event (resolved to a member of staff when the log is stamped).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Who {
    FrontDoor,
    FrontDoorManager,
    Allocated,
    Manager,
    Reviewer,
    EarlyHelp,
}

pub(crate) struct Ev {
    pub date: NaiveDate,
    /// Time of day, where the event carries one.
    pub time: Option<NaiveTime>,
    pub who: Who,
    pub event: ChildEvent,
    /// For allocations: the worker (index into the roster's staff) and team.
    pub alloc: Option<(u32, usize)>,
}

#[derive(Default)]
pub(crate) struct Counters {
    pub contact: ItemNo,
    pub early_help: ItemNo,
    pub referral: ItemNo,
    pub assessment: ItemNo,
    pub discussion: ItemNo,
    pub s47: ItemNo,
    pub cp: ItemNo,
    pub cin: ItemNo,
    pub missing: ItemNo,
    pub complaint: ItemNo,
    pub pep: ItemNo,
}

fn next(n: &mut ItemNo) -> ItemNo {
    *n += 1;
    *n
}

/// The open referral (CIN episode) and what is open within it.
pub(crate) struct Case {
    pub no: ItemNo,
    /// When the referral was received (a strategy discussion cannot precede it).
    pub received: NaiveDateTime,
    /// The latest date of anything recorded in the referral (closure cannot precede it).
    pub last: NaiveDate,
    pub cin: Option<(ItemNo, NaiveDate)>,
    pub cp: Option<(ItemNo, NaiveDate)>,
    /// An S47, CIN plan or CP plan was recorded (closure cannot be RC8/RC9).
    pub beyond_assessment: bool,
    pub assessed: bool,
}

impl Case {
    pub fn touch(&mut self, d: NaiveDate) {
        self.last = self.last.max(d);
    }
}

/// What comes next within a referral.
pub(crate) enum Phase {
    Assess(NaiveDate),
    Strategy(NaiveDate),
    Cin(NaiveDate),
    Cp(NaiveDate),
    Care(NaiveDate, Route),
    Close(NaiveDate, ReasonForClosure),
}

/// The outcome of a strategy discussion and any S47 enquiry that followed.
enum Enquiry {
    NoS47(NaiveDate),
    NoConference(NaiveDate),
    Conference { date: NaiveDate, plan: bool },
}

pub(crate) struct Gen<'a> {
    pub ctx: &'a Ctx,
    pub rng: ChaCha8Rng,
    /// Date of birth, or the expected date of an unborn child.
    pub dob: NaiveDate,
    pub female: bool,
    pub locality: usize,
    pub disabled: bool,
    /// 0..1: how likely concerns about the child are to be serious.
    pub risk: f64,
    pub evs: Vec<Ev>,
    pub n: Counters,
    /// The team currently holding the case.
    pub team: Option<usize>,
    pub last_care_end: Option<NaiveDate>,
    pub proceedings_issued: Option<NaiveDate>,
    /// Care proceedings issued and not concluded (by `as_of`).
    pub proceedings_open: bool,
    /// Pre-proceedings started and not ended (by `as_of`).
    pub plo_open: bool,
    pub died: bool,
    /// Has had a CP plan (more likely to come back).
    pub ever_cp: bool,
    /// No longer a child for the authority: found to be an adult, or adopted (an adopted child
    /// has a new name and, if ever known again, a new record).
    pub gone: bool,
    pub uasc: bool,
    /// The day the child first came to the front door.
    pub first: NaiveDate,
    early_help_until: Option<NaiveDate>,
    /// A second stream for facts added after the calibration (care and placement plans), so
    /// drawing them leaves every other fact of the child as it was.
    pub aside: ChaCha8Rng,
}

const FACTORS: &[(AssessmentFactor, u32)] = &[
    (AssessmentFactor::F3B, 30),
    (AssessmentFactor::F4B, 24),
    (AssessmentFactor::F3A, 16),
    (AssessmentFactor::F2B, 12),
    (AssessmentFactor::F1B, 12),
    (AssessmentFactor::F8E, 12),
    (AssessmentFactor::F8F, 10),
    (AssessmentFactor::F4A, 10),
    (AssessmentFactor::F18B, 7),
    (AssessmentFactor::F8C, 5),
    (AssessmentFactor::F8D, 5),
    (AssessmentFactor::F5B, 4),
    (AssessmentFactor::F17A, 3),
    (AssessmentFactor::F23A, 3),
    (AssessmentFactor::F11A, 2),
    (AssessmentFactor::F7A, 2),
    (AssessmentFactor::F20, 6),
];

const OVERSIGHT: &[&str] = &[
    "Case discussed in supervision: plan reviewed, actions on track.",
    "Supervision: drift identified, visit frequency to increase.",
    "Management review: risks re-assessed, threshold still met.",
    "Reviewed chronology and genogram; ask for updated school information.",
    "Supervision: consider step-down at next review.",
    "Audit follow-up: recording of the child's voice to improve.",
];

impl<'a> Gen<'a> {
    pub fn new(ctx: &'a Ctx, rng: ChaCha8Rng, dob: NaiveDate) -> Self {
        let aside = ChaCha8Rng::seed_from_u64(rng.clone().r#gen::<u64>() ^ 0x9e37_79b9_7f4a_7c15);
        Gen {
            ctx,
            aside,
            rng,
            dob,
            female: false,
            locality: 0,
            disabled: false,
            risk: 0.0,
            evs: Vec::new(),
            n: Counters::default(),
            team: None,
            last_care_end: None,
            proceedings_issued: None,
            proceedings_open: false,
            plo_open: false,
            died: false,
            ever_cp: false,
            gone: false,
            uasc: false,
            first: ctx.start,
            early_help_until: None,
        }
    }

    // ---- small helpers ----

    /// `d` if it is on or before `as_of`.
    pub fn ok(&self, d: NaiveDate) -> Option<NaiveDate> {
        (d <= self.ctx.as_of).then_some(d)
    }
    pub fn cal(&self) -> &'a Calendar {
        &self.ctx.cal
    }
    pub fn wd(&self, d: NaiveDate, n: i64) -> NaiveDate {
        self.ctx.cal.add_working_days(d, n)
    }
    /// `d` moved on between `lo` and `hi` working days.
    pub fn wd_in(&mut self, d: NaiveDate, lo: i64, hi: i64) -> NaiveDate {
        let n = self.rng.gen_range(lo..=hi);
        self.wd(d, n)
    }
    pub fn days(&mut self, lo: i64, hi: i64) -> Duration {
        Duration::days(self.rng.gen_range(lo..=hi))
    }
    pub fn age(&self, d: NaiveDate) -> i32 {
        age_on(self.dob, d)
    }
    pub fn birthday(&self, years: u32) -> NaiveDate {
        add_years(self.dob, years)
    }
    pub fn push(&mut self, date: NaiveDate, who: Who, event: ChildEvent) {
        debug_assert!(date <= self.ctx.as_of, "{event:?}");
        self.evs.push(Ev { date, time: None, who, event, alloc: None });
    }
    pub fn push_at(&mut self, at: NaiveDateTime, who: Who, event: ChildEvent) {
        debug_assert!(at.date() <= self.ctx.as_of, "{event:?}");
        self.evs.push(Ev { date: at.date(), time: Some(at.time()), who, event, alloc: None });
    }

    /// Allocates a worker of `team` from `d`, unless the team already holds the case.
    pub fn allocate(&mut self, d: NaiveDate, team: usize, reason: Option<SocialWorkerChangeReason>) {
        if self.team == Some(team) {
            return;
        }
        self.allocate_in(d, team, reason.filter(|_| self.team.is_some()));
    }

    /// Allocates a worker of `team` from `d`.
    fn allocate_in(&mut self, d: NaiveDate, team: usize, reason: Option<SocialWorkerChangeReason>) {
        let w = self.ctx.roster.pick(team, Post::Caseholder, d, &mut self.rng);
        let event = ChildEvent::WorkerAllocated {
            date: d,
            worker: self.ctx.roster.worker(w).id.clone(),
            team: self.ctx.roster.teams[team].id.clone(),
            reason,
        };
        self.evs.push(Ev { date: d, time: None, who: Who::Manager, event, alloc: Some((w, team)) });
        self.team = Some(team);
    }

    /// The team that holds a case after the front door.
    pub fn case_team(&self) -> usize {
        let r = &self.ctx.roster;
        if self.disabled { r.disabled } else { r.localities[self.locality] }
    }

    pub fn oversight(&mut self, d: NaiveDate) {
        let team = self.team.unwrap_or(self.ctx.roster.first_response);
        let m = self.ctx.roster.pick(team, Post::Manager, d, &mut self.rng);
        let note = OVERSIGHT[self.rng.gen_range(0..OVERSIGHT.len())].to_string();
        let by = self.ctx.roster.worker(m).id.clone();
        self.push(d, Who::Manager, ChildEvent::ManagementOversight { date: d, by, note });
    }

    pub fn panel(&mut self, d: NaiveDate, panel: Panel, decision: &str) {
        self.push(d, Who::Manager, ChildEvent::PanelDecision { date: d, panel, decision: decision.into() });
    }

    /// Statutory visits every `every` working days (give or take) in `(from, to]`,
    /// stopping at `as_of`; now and then one is missed or late.
    pub fn visits(&mut self, from: NaiveDate, to: NaiveDate, every: i64) {
        let to = to.min(self.ctx.as_of);
        let young = self.age(from) < 4;
        let mut d = self.wd_in(from, 1, every.min(5));
        let mut since_oversight = 0;
        while d <= to {
            if !self.rng.chance(0.03) {
                let seen = self.rng.chance(0.93);
                let alone = seen && !young && self.rng.chance(0.6);
                self.push(d, Who::Allocated, ChildEvent::Visited { date: d, seen, seen_alone: alone });
            }
            if let Some(team) = self.team.filter(|_| self.rng.chance(0.006)) {
                // A new worker in the same team, for one of the everyday reasons.
                use SocialWorkerChangeReason::*;
                let reason = self.rng.weighted(&[(Manage, 4), (Absenc, 2), (Orgrst, 1), (Others, 1)]);
                self.allocate_in(d, team, Some(reason));
            }
            since_oversight += every;
            if since_oversight >= 60 {
                since_oversight = 0;
                self.oversight(d);
            }
            let late = if self.rng.chance(0.1) { self.rng.gen_range(1..=6) } else { 0 };
            d = self.wd_in(d, every - every / 4 + late, every + late);
        }
    }

    // ---- the child's life at the front door ----

    /// The child's journey from the first contact at `first`.
    pub fn run(&mut self, first: NaiveDateTime) {
        let mut next = Some(first);
        while let Some(at) = next {
            if at.date() > self.ctx.as_of
                || self.died
                || self.gone
                || (at.date() >= self.dob && self.age(at.date()) >= 18)
            {
                break;
            }
            next = self.contact(at);
        }
        if !self.died {
            self.ehc();
        }
    }

    fn source(&mut self, unborn: bool) -> ReferralSource {
        use ReferralSource::*;
        if self.uasc {
            return self.rng.weighted(&[(ExternalLa, 6), (Police, 3), (OtherLegalAgency, 1)]);
        }
        if unborn {
            return self.rng.weighted(&[
                (OtherHealth, 6),
                (HealthVisitor, 2),
                (GpHealth, 1),
                (Police, 1),
                (SocialCareOtherLa, 1),
            ]);
        }
        self.rng.weighted(&[
            (Police, 28),
            (SchoolsEducation, 20),
            (OtherHealth, 6),
            (GpHealth, 3),
            (HealthVisitor, 3),
            (SchoolNurse, 1),
            (HospitalAe, 3),
            (Individual, 8),
            (SelfReferral, 1),
            (Acquaintance, 2),
            (Anonymous, 3),
            (Housing, 3),
            (SocialCareOtherLa, 4),
            (ExternalLa, 3),
            (OtherLegalAgency, 3),
            (Other, 5),
            (OtherLa, 2),
        ])
    }

    /// A contact at `at` and whatever it leads to; returns the next contact's time.
    fn contact(&mut self, at: NaiveDateTime) -> Option<NaiveDateTime> {
        let unborn = at.date() < self.dob;
        let source = self.source(unborn);
        let c = next(&mut self.n.contact);
        self.push_at(at, Who::FrontDoor, ChildEvent::ContactReceived { contact: c, at, source });
        // The 24-hour decision: mostly within hours, now and then later.
        let decided = if self.rng.chance(0.93) {
            at + Duration::minutes(self.rng.gen_range(20..900))
        } else {
            at + Duration::minutes(self.rng.gen_range(1450..4300))
        };
        self.ok(decided.date())?;
        let p_referral = if self.uasc {
            1.0
        } else if unborn {
            0.75
        } else {
            0.066 + 0.53 * self.risk + if self.ever_cp { 0.35 } else { 0.0 }
        };
        let outcome = if self.rng.chance(p_referral) {
            ContactOutcome::Referral
        } else if !unborn && self.rng.chance(0.25) {
            ContactOutcome::EarlyHelp
        } else if self.rng.chance(0.55) {
            ContactOutcome::InformationAndAdvice
        } else {
            ContactOutcome::NoFurtherAction
        };
        self.push_at(decided, Who::FrontDoorManager, ChildEvent::ContactDecided { contact: c, at: decided, outcome });
        match outcome {
            ContactOutcome::Referral => {
                let closed = self.referral(decided, Some(c), source)?;
                self.next_contact(closed, true)
            }
            ContactOutcome::EarlyHelp => {
                self.early_help(decided.date());
                self.next_contact(decided.date(), false)
            }
            _ => self.next_contact(decided.date(), false),
        }
    }

    /// When the next contact comes, if one does.
    fn next_contact(&mut self, after: NaiveDate, after_case: bool) -> Option<NaiveDateTime> {
        let p = if after_case { 0.6 + if self.ever_cp { 0.15 } else { 0.0 } } else { 0.3 + 0.35 * self.risk };
        if !self.rng.chance(p) {
            return None;
        }
        let gap =
            if after_case && self.rng.chance(0.7) { self.rng.gen_range(7..240) } else { 20 + self.rng.exp_days(420.0) };
        let d = self.ok(after + Duration::days(gap))?;
        Some(self.contact_time(d))
    }

    /// A time of day for a contact: office hours, some at night (police).
    pub fn contact_time(&mut self, d: NaiveDate) -> NaiveDateTime {
        let t = if self.rng.chance(0.15) {
            NaiveTime::from_hms_opt(self.rng.gen_range(0..8), self.rng.gen_range(0..60), 0).expect("valid time")
        } else {
            self.rng.office_time()
        };
        d.and_time(t)
    }

    pub fn early_help(&mut self, d: NaiveDate) {
        if d < self.dob || self.early_help_until.is_some_and(|u| u >= d) {
            return;
        }
        let e = next(&mut self.n.early_help);
        self.push(d, Who::EarlyHelp, ChildEvent::EarlyHelpRequested { episode: e, date: d });
        self.early_help_until = Some(self.ctx.as_of);
        let start = d + self.days(3, 25);
        let Some(start) = self.ok(start) else { return };
        self.push(start, Who::EarlyHelp, ChildEvent::EarlyHelpStarted { episode: e, date: start });
        let end = start + Duration::days(60 + self.rng.exp_days(120.0));
        let Some(end) = self.ok(end) else { return };
        self.push(end, Who::EarlyHelp, ChildEvent::EarlyHelpEnded { episode: e, date: end });
        self.early_help_until = Some(end);
    }

    /// A referral from the contact decided at `at`; returns the closure date, or
    /// `None` if the case is open at `as_of`.
    fn referral(&mut self, at: NaiveDateTime, contact: Option<ItemNo>, source: ReferralSource) -> Option<NaiveDate> {
        let no = next(&mut self.n.referral);
        let closed = self.referral_phases(no, at, contact, source);
        // Further contacts about a child whose case is open are passed to the case.
        let until = closed.unwrap_or(self.ctx.as_of);
        let mut d = at.date() + Duration::days(self.rng.exp_days(240.0) + 1);
        while d < until {
            let t = self.contact_time(d);
            let c = next(&mut self.n.contact);
            let source = self.source(t.date() < self.dob);
            self.push_at(t, Who::FrontDoor, ChildEvent::ContactReceived { contact: c, at: t, source });
            let decided = t + Duration::minutes(self.rng.gen_range(15..600));
            if decided.date() <= self.ctx.as_of {
                let outcome = ContactOutcome::InformationAndAdvice;
                self.push_at(
                    decided,
                    Who::FrontDoorManager,
                    ChildEvent::ContactDecided { contact: c, at: decided, outcome },
                );
            }
            d += Duration::days(self.rng.exp_days(240.0) + 1);
        }
        closed
    }

    fn referral_phases(
        &mut self,
        no: ItemNo,
        at: NaiveDateTime,
        contact: Option<ItemNo>,
        source: ReferralSource,
    ) -> Option<NaiveDate> {
        let age = self.age(at.date());
        let exploitation = if age >= 11 && self.rng.chance(0.06) {
            vec![if self.rng.chance(0.4) { Exploitation::Cse } else { Exploitation::Cce }]
        } else {
            vec![]
        };
        self.push_at(
            at,
            Who::FrontDoor,
            ChildEvent::ReferralReceived { referral: no, at, source, contact, exploitation },
        );
        // The primary need is recorded with the referral, so none is missing while it is decided (CIN 8610).
        let need = self.primary_need();
        self.push_at(at, Who::FrontDoor, ChildEvent::PrimaryNeedRecorded { referral: no, need });
        let fr = self.ctx.roster.first_response;
        self.allocate(at.date(), fr, Some(SocialWorkerChangeReason::Tsproc));
        let decided = if self.rng.chance(0.95) {
            at + Duration::minutes(self.rng.gen_range(30..1200))
        } else {
            at + Duration::minutes(self.rng.gen_range(1450..4300))
        };
        self.ok(decided.date())?;
        let unborn = at.date() < self.dob;
        let next_step = if self.uasc {
            ReferralNext::Assessment
        } else if unborn {
            self.rng.weighted(&[(ReferralNext::Assessment, 6), (ReferralNext::StrategyDiscussion, 4)])
        } else {
            self.rng.weighted(&[
                (ReferralNext::Assessment, 80),
                (ReferralNext::StrategyDiscussion, 12 + (20.0 * self.risk) as u32),
                (ReferralNext::NoFurtherAction, 6),
            ])
        };
        self.push_at(
            decided,
            Who::FrontDoorManager,
            ChildEvent::ReferralDecided { referral: no, at: decided, next: next_step },
        );
        let mut case =
            Case { no, received: at, last: decided.date(), cin: None, cp: None, beyond_assessment: false, assessed: false };
        let d = decided.date();
        let mut phase = match next_step {
            _ if self.uasc => Phase::Care(d, Route::Uasc),
            // An emergency: police protection straight away.
            ReferralNext::StrategyDiscussion if !unborn && self.age(d) < 12 && self.rng.chance(0.05) => {
                Phase::Care(d, Route::Police)
            }
            ReferralNext::NoFurtherAction => Phase::Close(d + self.days(0, 2), ReasonForClosure::RC7),
            ReferralNext::StrategyDiscussion => Phase::Strategy(d),
            ReferralNext::Assessment => Phase::Assess(self.wd_in(d, 0, 3)),
        };
        loop {
            phase = match phase {
                Phase::Assess(d) => self.assess(&mut case, d)?,
                Phase::Strategy(d) => self.strategy(&mut case, d)?,
                Phase::Cin(d) => self.cin_plan(&mut case, d)?,
                Phase::Cp(d) => self.cp_plan(&mut case, d)?,
                Phase::Care(d, route) => self.care(&mut case, d, route)?,
                Phase::Close(d, reason) => {
                    let d = self.ok(d.max(case.last))?;
                    self.push(d, Who::Allocated, ChildEvent::CaseClosed { referral: no, date: d, reason });
                    if self.team != Some(self.ctx.roster.leavers) {
                        self.team = None;
                    }
                    return Some(d);
                }
            };
        }
    }

    /// Factors found; "no factors identified" (21) only where the assessment leads nowhere further (CIN 8873Q).
    fn factors(&mut self, outcome: AssessmentOutcome) -> Vec<AssessmentFactor> {
        let leads_nowhere = matches!(outcome, AssessmentOutcome::NoFurtherAction | AssessmentOutcome::EarlyHelp);
        if leads_nowhere && self.rng.chance(0.2) {
            return vec![AssessmentFactor::F21];
        }
        let k = self.rng.gen_range(1..=4);
        let mut v: Vec<AssessmentFactor> = Vec::with_capacity(k);
        if self.disabled {
            v.push(AssessmentFactor::F6A);
        }
        while v.len() < k {
            let f = self.rng.weighted(FACTORS);
            if !v.contains(&f) {
                v.push(f);
            }
        }
        v
    }

    /// Starts an assessment on `start`; returns its number.
    pub(crate) fn start_assessment(&mut self, case: &mut Case, start: NaiveDate) -> ItemNo {
        let a = next(&mut self.n.assessment);
        self.push(
            start,
            Who::Allocated,
            ChildEvent::AssessmentStarted { referral: case.no, assessment: a, date: start },
        );
        case.touch(start);
        a
    }

    /// The need that brought the child to social care.
    fn primary_need(&mut self) -> PrimaryNeed {
        if self.disabled {
            return PrimaryNeed::N2;
        }
        self.rng.weighted(&[
            (PrimaryNeed::N1, 55),
            (PrimaryNeed::N4, 12),
            (PrimaryNeed::N5, 12),
            (PrimaryNeed::N3, 5),
            (PrimaryNeed::N6, 6),
            (PrimaryNeed::N8, 4),
            (PrimaryNeed::N7, 1),
            (PrimaryNeed::N9, 5),
        ])
    }

    pub(crate) fn authorise(
        &mut self,
        case: &mut Case,
        a: ItemNo,
        start: NaiveDate,
        date: NaiveDate,
        outcome: AssessmentOutcome,
    ) {
        let done = self.wd_in(date, -4, -0).max(start);
        let factors = self.factors(outcome);
        self.push(
            date,
            Who::Manager,
            ChildEvent::AssessmentAuthorised { assessment: a, date, completed: Some(done), factors, outcome },
        );
        case.assessed = true;
        case.touch(date);
    }

    /// Working days from start to authorisation: about 85% within 45.
    fn assessment_length(&mut self) -> i64 {
        if self.rng.chance(0.83) { self.rng.gen_range(5..=36) } else { self.rng.gen_range(46..=80) }
    }

    fn close_after_assessment(&self, case: &Case, early_help: bool) -> ReasonForClosure {
        match (case.beyond_assessment, early_help) {
            (true, _) => ReasonForClosure::RC7,
            (false, true) => ReasonForClosure::RC9,
            (false, false) => ReasonForClosure::RC8,
        }
    }

    fn assess(&mut self, case: &mut Case, start: NaiveDate) -> Option<Phase> {
        let start = self.ok(start)?;
        let a = self.start_assessment(case, start);
        let length = self.assessment_length();
        let end = self.wd(start, length);
        let end = self.ok(end)?;
        let age = self.age(end);
        let outcome = if end < self.dob {
            self.rng.weighted(&[
                (AssessmentOutcome::StrategyDiscussion, 5),
                (AssessmentOutcome::ChildInNeedPlan, 3),
                (AssessmentOutcome::NoFurtherAction, 2),
            ])
        } else if self.disabled {
            self.rng.weighted(&[
                (AssessmentOutcome::ChildInNeedPlan, 45),
                (AssessmentOutcome::NoFurtherAction, 35),
                (AssessmentOutcome::EarlyHelp, 14),
                (AssessmentOutcome::StrategyDiscussion, 6),
            ])
        } else {
            let la = if age >= 12 { 3 } else { 1 };
            let strat = 6 + (16.0 * self.risk) as u32;
            self.rng.weighted(&[
                (AssessmentOutcome::NoFurtherAction, 88),
                (AssessmentOutcome::EarlyHelp, 48),
                (AssessmentOutcome::ChildInNeedPlan, 20),
                (AssessmentOutcome::StrategyDiscussion, 2 * strat),
                (AssessmentOutcome::LookedAfter, la),
            ])
        };
        self.authorise(case, a, start, end, outcome);
        self.oversight(end);
        let after = end + self.days(0, 4);
        Some(match outcome {
            AssessmentOutcome::EarlyHelp => {
                self.early_help(end);
                Phase::Close(after, self.close_after_assessment(case, true))
            }
            AssessmentOutcome::ChildInNeedPlan => Phase::Cin(end + self.days(0, 10)),
            AssessmentOutcome::StrategyDiscussion => Phase::Strategy(end + self.days(0, 3)),
            AssessmentOutcome::LookedAfter if age < 12 => Phase::Care(end + self.days(1, 10), Route::Police),
            AssessmentOutcome::LookedAfter => Phase::Care(end + self.days(1, 10), Route::Section20),
            _ => Phase::Close(after, self.close_after_assessment(case, false)),
        })
    }

    /// A strategy discussion on `d`, and the S47 enquiry that may follow, with
    /// an assessment alongside it where `assess`. `p_conference`: how likely the
    /// enquiry is to need an initial conference.
    fn enquiry(&mut self, case: &mut Case, d: NaiveDate, assess: bool, p_conference: f64) -> Option<Enquiry> {
        let d = self.ok(d)?;
        let disc = next(&mut self.n.discussion);
        // Held after the referral came in, on the day it did where it is that day.
        let latest = d.and_hms_opt(23, 59, 0).expect("valid time");
        let at = self.contact_time(d).max(case.received + Duration::minutes(30)).min(latest).max(case.received);
        let s47 = self.rng.chance(0.83);
        self.push_at(
            at,
            Who::Allocated,
            ChildEvent::StrategyDiscussionHeld { referral: case.no, discussion: disc, at, s47 },
        );
        case.touch(d);
        if !s47 {
            return Some(Enquiry::NoS47(d));
        }
        let start = if self.rng.chance(0.8) { d } else { self.wd(d, 1) };
        let start = self.ok(start)?;
        let s = next(&mut self.n.s47);
        self.push(
            start,
            Who::Allocated,
            ChildEvent::S47Started { referral: case.no, s47: s, date: start, discussion: Some(disc) },
        );
        case.beyond_assessment = true;
        case.touch(start);
        let alongside = assess.then(|| (self.start_assessment(case, start), start));
        if !self.rng.chance(p_conference) {
            let concluded = self.wd_in(start, 4, 20);
            let concluded = self.ok(concluded)?;
            self.push(
                concluded,
                Who::Allocated,
                ChildEvent::S47Concluded { s47: s, date: concluded, icpc_required: false },
            );
            case.touch(concluded);
            if let Some((a, a_start)) = alongside {
                let auth = self.wd_in(concluded, 0, 10);
                let auth = self.ok(auth)?;
                self.authorise(case, a, a_start, auth, AssessmentOutcome::NoFurtherAction);
            }
            return Some(Enquiry::NoConference(concluded));
        }
        // Most initial conferences within 15 working days of the strategy discussion.
        let icpc = if self.rng.chance(0.8) { self.wd_in(d, 7, 15) } else { self.wd_in(d, 16, 30) };
        let icpc = icpc.max(start);
        let concluded = self.wd_in(start, 3, 10).min(icpc);
        let concluded = self.ok(concluded)?;
        self.push(concluded, Who::Allocated, ChildEvent::S47Concluded { s47: s, date: concluded, icpc_required: true });
        if let Some((a, a_start)) = alongside {
            let auth = self.wd_in(icpc, -3, -0).max(a_start);
            let auth = self.ok(auth)?;
            self.authorise(case, a, a_start, auth, AssessmentOutcome::StrategyDiscussion);
        }
        let icpc = self.ok(icpc)?;
        let plan = self.rng.chance(0.88);
        self.push(icpc, Who::Reviewer, ChildEvent::IcpcHeld { referral: case.no, s47: Some(s), date: icpc, plan });
        case.touch(icpc);
        Some(Enquiry::Conference { date: icpc, plan })
    }

    fn strategy(&mut self, case: &mut Case, d: NaiveDate) -> Option<Phase> {
        let assess = !case.assessed;
        let e = self.enquiry(case, d, assess, 0.49)?;
        Some(match e {
            Enquiry::NoS47(d) if !case.assessed => Phase::Assess(self.wd(d, 1)),
            Enquiry::NoS47(d) | Enquiry::NoConference(d) => {
                if self.rng.chance(0.25) {
                    Phase::Cin(d + self.days(1, 10))
                } else {
                    if self.rng.chance(0.15) {
                        self.early_help(d);
                    }
                    Phase::Close(d + self.days(1, 7), ReasonForClosure::RC7)
                }
            }
            Enquiry::Conference { date, plan: true } => Phase::Cp(date),
            Enquiry::Conference { date, plan: false } => {
                if self.rng.chance(0.7) {
                    Phase::Cin(date + self.days(1, 5))
                } else {
                    Phase::Close(date + self.days(1, 10), ReasonForClosure::RC7)
                }
            }
        })
    }

    fn cin_plan(&mut self, case: &mut Case, start: NaiveDate) -> Option<Phase> {
        let start = self.ok(start)?;
        let plan = next(&mut self.n.cin);
        self.push(start, Who::Allocated, ChildEvent::CinPlanStarted { referral: case.no, plan, date: start });
        case.cin = Some((plan, start));
        case.beyond_assessment = true;
        case.touch(start);
        let team = self.case_team();
        self.allocate(start, team, Some(SocialWorkerChangeReason::Tsproc));
        if self.rng.chance(0.3) {
            self.panel(start, Panel::FamilyCareAndProtect, "CIN plan agreed; review in three months.");
        }
        let length = if self.disabled { 90 + self.rng.exp_days(200.0) } else { 40 + self.rng.exp_days(90.0) };
        let end = start + Duration::days(length);
        let born = start >= self.dob;
        if born && self.disabled && self.rng.chance(0.012) {
            let died = start + self.days(5, length);
            self.visits(start, died, 20);
            let d = self.ok(died)?;
            return self.death_in_case(case, d);
        }
        // Step-up: new concerns, a strategy discussion and perhaps a conference.
        if self.rng.chance(0.09 + 0.1 * self.risk) && length > 30 {
            let s = start + self.days(14, length - 1);
            self.visits(start, s, 20);
            if let Enquiry::Conference { date, plan: true } = self.enquiry(case, s, true, 0.55)? {
                return Some(Phase::Cp(date));
            }
            self.visits(s, end, 20);
        } else {
            self.visits(start, end, 20);
        }
        if self.disabled && born && self.rng.chance(0.03) {
            self.short_breaks(start, end);
        }
        if self.rng.chance(0.02) {
            let d = start + self.days(10, 60);
            self.complaint(d);
        }
        let end = self.ok(end)?;
        self.push(end, Who::Allocated, ChildEvent::CinPlanEnded { plan, date: end });
        case.cin = None;
        case.touch(end);
        if self.rng.chance(0.12) {
            self.early_help(end);
            self.panel(end, Panel::EarlyHelpTransition, "Step down to early help agreed.");
        }
        Some(Phase::Close(end, ReasonForClosure::RC7))
    }

    /// The child dies on `d` while their case is open: plans end, the case closes.
    pub fn death_in_case(&mut self, case: &mut Case, d: NaiveDate) -> Option<Phase> {
        self.push(d, Who::Allocated, ChildEvent::Died { date: d });
        self.died = true;
        if let Some((plan, _)) = case.cin.take() {
            self.push(d, Who::Allocated, ChildEvent::CinPlanEnded { plan, date: d });
        }
        if let Some((plan, _)) = case.cp.take() {
            self.push(d, Who::Allocated, ChildEvent::CpPlanEnded { plan, date: d });
        }
        Some(Phase::Close(d, ReasonForClosure::RC2))
    }

    /// Review conference dates of a CP plan from its start: the first within 3
    /// months, then every 6 months; nearly all on time.
    fn cp_reviews(&mut self, start: NaiveDate, count: usize) -> Vec<NaiveDate> {
        let mut v = Vec::with_capacity(count);
        let mut prev = start;
        for i in 0..count {
            let due = self.cal().due_after_months(prev, if i == 0 { 3 } else { 6 });
            let d = if self.rng.chance(0.97) { self.wd_in(due, -12, -0) } else { due + self.days(1, 25) };
            let d = d.max(prev + Duration::days(1));
            v.push(d);
            prev = d;
        }
        v
    }

    fn cp_review_events(&mut self, plan: ItemNo, reviews: &[NaiveDate]) {
        for r in reviews.iter().filter(|r| **r <= self.ctx.as_of) {
            self.push(*r, Who::Reviewer, ChildEvent::CpReviewHeld { plan, date: *r });
        }
    }

    fn cp_plan(&mut self, case: &mut Case, start: NaiveDate) -> Option<Phase> {
        let start = self.ok(start)?;
        if let Some((plan, from)) = case.cin.take() {
            // The CIN plan ends when the CP plan starts (the ICPC follows the S47 started after it).
            debug_assert!(start > from);
            self.push(start, Who::Allocated, ChildEvent::CinPlanEnded { plan, date: start });
        }
        let plan = next(&mut self.n.cp);
        let category = self.rng.weighted(&[
            (CategoryOfAbuse::Neglect, 46),
            (CategoryOfAbuse::Emotional, 34),
            (CategoryOfAbuse::Physical, 8),
            (CategoryOfAbuse::Sexual, 4),
            (CategoryOfAbuse::Multiple, 8),
        ]);
        self.push(
            start,
            Who::Reviewer,
            ChildEvent::CpPlanStarted {
                referral: case.no,
                plan,
                date: start,
                category,
                transfer_in: false,
                previous_plans: None,
            },
        );
        case.cp = Some((plan, start));
        self.ever_cp = true;
        case.beyond_assessment = true;
        case.touch(start);
        let team = self.case_team();
        self.allocate(start, team, Some(SocialWorkerChangeReason::Tsproc));
        self.oversight(start);
        let count = self.rng.weighted(&[(1usize, 32), (2, 39), (3, 19), (4, 8), (5, 2)]);
        let mut reviews = self.cp_reviews(start, count);
        let unborn = start < self.dob;
        let last = *reviews.last().expect("at least one review");
        if !unborn && self.age(start) < 2 && self.rng.chance(0.006) {
            // A sudden unexpected death in infancy.
            let died = start + self.days(1, (last - start).num_days());
            reviews.retain(|r| *r <= died);
            self.cp_review_events(plan, &reviews);
            self.visits(start, died, 10);
            let died = self.ok(died)?;
            return self.death_in_case(case, died);
        }
        // Pre-proceedings, and care proceedings when concerns are not addressed.
        let mut care: Option<(NaiveDate, Route)> = None;
        let p_plo = if unborn {
            0.5
        } else if self.age(start) < 11 {
            0.43
        } else if self.age(start) < 15 {
            0.15
        } else {
            0.03
        };
        if !self.plo_open && !self.proceedings_open && self.rng.chance(p_plo) {
            let plo = if unborn {
                self.dob - self.days(10, 50)
            } else {
                start + self.days(30, (last - start).num_days().max(31))
            };
            let plo = plo.max(start + Duration::days(1));
            if let Some(plo) = self.ok(plo - Duration::days(3)) {
                self.panel(
                    plo,
                    Panel::ChildrensDecisionMeeting,
                    "Threshold for pre-proceedings met; letter before proceedings to be sent.",
                );
            }
            if let Some(plo) = self.ok(plo) {
                self.push(plo, Who::Allocated, ChildEvent::PreProceedingsStarted { date: plo });
                self.plo_open = true;
                let issue = self.rng.chance(0.6);
                // Pre-proceedings that address the concerns end by the plan's end, before
                // anything that may follow the case's closure.
                let end = if unborn && issue {
                    self.dob.max(plo)
                } else if issue {
                    plo + self.days(70, 150)
                } else {
                    (plo + self.days(70, 150)).min(last).max(plo)
                };
                if let Some(end) = self.ok(end) {
                    self.plo_open = false;
                    let outcome = if issue {
                        PreProceedingsOutcome::CareProceedingsIssued
                    } else {
                        PreProceedingsOutcome::ConcernsAddressed
                    };
                    self.push(end, Who::Allocated, ChildEvent::PreProceedingsEnded { date: end, outcome });
                    if issue {
                        self.push(end, Who::Allocated, ChildEvent::CareProceedingsIssued { date: end });
                        self.proceedings_issued = Some(end);
                        self.proceedings_open = true;
                        let at = (end + self.days(0, 5)).max(self.dob).max(start + Duration::days(1));
                        care = Some((at, Route::Proceedings));
                    }
                }
            }
        }
        if let Some((at, _)) = care {
            reviews.retain(|r| *r <= at);
        }
        let end = care.map_or(last, |(at, _)| at);
        self.cp_review_events(plan, &reviews);
        self.visits(start, end, 10);
        if self.rng.chance(0.03) {
            let d = start + self.days(20, 200);
            if d < end && d <= self.ctx.as_of {
                self.push(
                    d,
                    Who::Reviewer,
                    ChildEvent::CpCategoryChanged { plan, date: d, category: CategoryOfAbuse::Multiple },
                );
            }
        }
        if self.rng.chance(0.02) {
            let d = start + self.days(10, 90);
            self.complaint(d);
        }
        let end = self.ok(end)?;
        self.push(end, Who::Reviewer, ChildEvent::CpPlanEnded { plan, date: end });
        case.cp = None;
        case.touch(end);
        if let Some((at, route)) = care {
            return Some(Phase::Care(at, route));
        }
        let age = self.age(end);
        Some(if age >= 13 && self.rng.chance(0.02) {
            Phase::Care(end + self.days(1, 20), Route::Section20)
        } else if self.rng.chance(0.35) {
            Phase::Cin(end)
        } else {
            Phase::Close(end + self.days(0, 7), ReasonForClosure::RC7)
        })
    }

    /// A complaint received on `d`, answered (mostly within 20 working days),
    /// sometimes escalated to stage 2.
    pub fn complaint(&mut self, d: NaiveDate) {
        if d < self.dob || d > self.ctx.as_of {
            return;
        }
        let c = next(&mut self.n.complaint);
        self.push(d, Who::Manager, ChildEvent::ComplaintReceived { complaint: c, date: d, stage: 1 });
        let days = if self.rng.chance(0.8) { self.rng.gen_range(3..=20) } else { self.rng.gen_range(21..=45) };
        let Some(answered) = self.ok(self.wd(d, days)) else {
            return;
        };
        self.push(answered, Who::Manager, ChildEvent::ComplaintAnswered { complaint: c, date: answered });
        if self.rng.chance(0.15) {
            let d2 = answered + self.days(5, 40);
            let Some(d2) = self.ok(d2) else { return };
            self.push(d2, Who::Manager, ChildEvent::ComplaintReceived { complaint: c, date: d2, stage: 2 });
            let a2 = self.wd_in(d2, 20, 65);
            let Some(a2) = self.ok(a2) else { return };
            self.push(a2, Who::Manager, ChildEvent::ComplaintAnswered { complaint: c, date: a2 });
        }
    }

    /// An EHC needs assessment for a disabled child (and a few others), with the
    /// plan issued mostly within 20 weeks.
    fn ehc(&mut self) {
        let p = if self.disabled { 0.45 } else { 0.02 };
        if !self.rng.chance(p) {
            return;
        }
        let from = self.first.max(self.birthday(2));
        let to = self.ctx.as_of.min(self.birthday(16));
        if from >= to {
            return;
        }
        let d = from + self.days(0, (to - from).num_days());
        self.push(d, Who::Allocated, ChildEvent::EhcAssessmentRequested { date: d });
        self.send_advice(d);
        let weeks = if self.rng.chance(0.55) { self.rng.gen_range(12..=20) } else { self.rng.gen_range(21..=40) };
        if let Some(issued) = self.ok(d + Duration::weeks(weeks)) {
            self.push(issued, Who::Allocated, ChildEvent::EhcPlanIssued { date: issued });
            self.panel(issued, Panel::Ehcp, "EHC plan agreed; placement named.");
        }
    }

    /// The SEND service asks social care for its advice within two weeks of the
    /// assessment's request; the advice follows, 85% within the 6 weeks (the seeds
    /// give no figure: a plausible rate). Drawn from a stream of its own, keyed by the
    /// child's birth and the request, so the rest of the child's life is drawn as before.
    fn send_advice(&mut self, requested: NaiveDate) {
        let key = (self.dob.num_days_from_ce() as u64) << 24 | requested.num_days_from_ce() as u64;
        let mut rng = crate::rng_for(self.ctx.seed, (1 << 62) | key);
        let Some(asked) = self.ok(self.wd(requested, rng.gen_range(1..=10))) else { return };
        self.push(asked, Who::Allocated, ChildEvent::SendAdviceRequested { request: 1, date: asked });
        let days = if rng.chance(0.85) { rng.gen_range(15..=42) } else { rng.gen_range(43..=70) };
        if let Some(given) = self.ok(self.cal().on_or_before(asked + Duration::days(days))) {
            self.push(given, Who::Allocated, ChildEvent::SendAdviceGiven { request: 1, date: given });
        }
    }

    /// The child's details at registration.
    pub fn details(&mut self, unborn: bool, registered: NaiveDate) -> ChildDetails {
        let (forename, surname) = place::child_name(&mut self.rng, self.female);
        let ethnicity = self.rng.weighted(&[
            (Ethnicity::WBRI, 720),
            (Ethnicity::WOTH, 55),
            (Ethnicity::WROM, 5),
            (Ethnicity::MWBC, 30),
            (Ethnicity::MWAS, 20),
            (Ethnicity::MOTH, 20),
            (Ethnicity::AIND, 45),
            (Ethnicity::APKN, 10),
            (Ethnicity::AOTH, 10),
            (Ethnicity::BAFR, 20),
            (Ethnicity::BCRB, 10),
            (Ethnicity::OOTH, 10),
            (Ethnicity::CHNE, 3),
            (Ethnicity::NOBT, 20),
            (Ethnicity::REFU, 2),
        ]);
        let school_age = !unborn && self.age(registered) >= 5;
        let (upn, upn_unknown) = if school_age && self.rng.chance(0.85) {
            (Some(place::upn(&mut self.rng, crate::DFE_NUMBER)), None)
        } else if school_age {
            (None, Some(UpnUnknown::UN4))
        } else {
            (None, Some(UpnUnknown::UN3))
        };
        let disabilities = if self.disabled {
            let all = [
                Disability::Learning,
                Disability::Autism,
                Disability::Communication,
                Disability::Mobility,
                Disability::Behaviour,
                Disability::PersonalCare,
            ];
            let first = self.rng.gen_range(0..all.len());
            let mut v = vec![all[first]];
            if self.rng.chance(0.4) {
                v.push(all[(first + 1) % all.len()]);
            }
            v
        } else {
            vec![Disability::None]
        };
        ChildDetails {
            forename: if unborn { "Unborn".into() } else { forename },
            surname,
            sex: (!unborn).then_some(if self.female { Sex::Female } else { Sex::Male }),
            dob: (!unborn).then_some(self.dob),
            expected_dob: unborn.then_some(self.dob),
            ethnicity: Some(ethnicity),
            upn,
            former_upn: None,
            upn_unknown,
            disabilities,
            home_postcode: Some(place::home_postcode(&mut self.rng, self.locality)),
            restricted: self.rng.chance(0.002),
        }
    }

    /// The next 31 March on or after `d`.
    pub fn year_end(d: NaiveDate) -> NaiveDate {
        let y = if (d.month(), d.day()) <= (3, 31) { d.year() } else { d.year() + 1 };
        NaiveDate::from_ymd_opt(y, 3, 31).expect("valid date")
    }

    /// `d` moved `n` months on.
    pub fn months(d: NaiveDate, n: u32) -> NaiveDate {
        add_months(d, n)
    }
}
