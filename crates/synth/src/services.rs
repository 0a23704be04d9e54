//! The fostering and adoption services of the synthetic authority (issue #15, decision 007):
//! carer households from enquiry through assessment, the fostering panel and the agency decision
//! maker's approval to supervision, checks, training, annual reviews (the first, and every fifth
//! after it, at the panel) and the end of approval; connected persons put forward for children
//! coming into care, with temporary approvals; prospective adopters from enquiry through the two
//! stages (a break between them now and then, fast track for a few) to approval; and the fostering
//! and adoption panels' sittings that hear them, with quorum, recommendations, report grades, the
//! agency decision maker's decisions and the panels' actions.
//!
//! Calibrated to seed 004's 2024-25 reports at county scale (typical over seeds): about 126
//! approved fostering households; 410 enquiries → 46 initial visits → 19 stage 1 starts → 12
//! approvals a year, about 16 connected-person approvals; 36 fostering panels scheduled a year,
//! 28 held; 45 adopters' initial visits → 29 stage 1 starts → 25 approvals; adoption panels
//! twice a month. Drawn from its own random stream, so the children are the same with or without
//! it; connected persons name children who came into care in the history.

use crate::ChildLog;
use crate::org::{Post, Roster};
use crate::time::{self, Delay, Rand};
use carefile_domain::adopters::{AdopterEvent, AdopterTerms, ApprovalEndReason, WithdrawalReason};
use carefile_domain::fostering::{
    AllegationKind, AllegationOutcome, CarerType, CheckKind, ClosureReason, Config, EndReason, EnquiryChannel,
    FosteringEvent, ReviewDecision, ReviewKind, Stage, TemporaryRegulation, Terms,
};
use carefile_domain::panels::{
    ActionSource, Attendee, Business, CaseRef, Grade, Panel, PanelEvent, PanelRole, Recommendation, SittingId,
};
use carefile_domain::people::{HouseholdEvent, HouseholdId, HouseholdKind};
use carefile_domain::{Calendar, ChildEvent, ChildId, ItemNo, Recorded};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A subject's events in recording order.
pub type Log<I, E> = (I, Vec<(Recorded, E)>);

/// The households, carers', adopters' and panels' records of the synthetic authority.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Services {
    pub households: Vec<Log<HouseholdId, HouseholdEvent>>,
    pub carers: Vec<Log<HouseholdId, FosteringEvent>>,
    pub adopters: Vec<Log<HouseholdId, AdopterEvent>>,
    pub sittings: Vec<Log<SittingId, PanelEvent>>,
}

// Yearly volumes at county scale (seed 004, 2024-25).
const FOSTERING_ENQUIRIES: f64 = 410.0;
const P_INITIAL_VISIT: f64 = 46.0 / 410.0;
const P_PROGRESS: f64 = 19.0 / 46.0;
/// Stage 1 starts that end in approval ("conversion whilst in assessment remains high 63%").
const P_APPROVED_IN_ASSESSMENT: f64 = 12.0 / 19.0;
const KINSHIP_REFERRALS: f64 = 30.0;
const P_VIABLE: f64 = 0.75;
/// Approved households when the history begins (126 at the seed's year end, kinship included).
const EXISTING_CARERS: f64 = 105.0;
/// Mean years an approval lasts: mainstream carers, connected persons (most go on to a special
/// guardianship order).
const MAINSTREAM_YEARS: f64 = 9.0;
const CONNECTED_YEARS: f64 = 1.6;
const ADOPTER_ENQUIRIES: f64 = 120.0;
const P_ADOPTER_VISIT: f64 = 0.34;
const P_INTEREST: f64 = 0.7;
const P_FAST_TRACK: f64 = 0.08;
const P_STAGE1: f64 = 29.0 / 31.0;
const P_ADOPTER_APPROVED: f64 = 0.86;
const EXISTING_ADOPTERS: f64 = 14.0;
/// Fostering panels scheduled a month (28 of 36 held: the rest cancelled, some for want of cases).
const FOSTERING_SITTINGS: [u32; 3] = [1, 2, 3];
const P_FOSTERING_CANCELLED: f64 = 0.12;
const ADOPTION_SITTINGS: [u32; 2] = [2, 4];
const P_ADOPTION_CANCELLED: f64 = 0.05;
/// Cases a sitting hears at most.
const CASES_PER_SITTING: usize = 6;
const SCHEDULED_AHEAD: i64 = 42;

struct Case {
    business: Business,
    household: Option<HouseholdId>,
    child: Option<ChildId>,
    about: Option<ItemNo>,
    recommendation: Recommendation,
    grade: Grade,
    /// The agency decision maker's decision (date, decision, who), where the business needs one.
    decided: Option<(NaiveDate, Recommendation, String)>,
}

struct Action {
    case: ItemNo,
    what: &'static str,
    owner: String,
    due: NaiveDate,
    done: NaiveDate,
    verified: NaiveDate,
}

struct Slot {
    id: SittingId,
    panel: Panel,
    date: NaiveDate,
    cancelled: bool,
    cases: Vec<Case>,
    actions: Vec<Action>,
    adviser: String,
}

/// An event of a household's record: its date, a time where it is known to the minute, who wrote it.
struct Ev<E> {
    date: NaiveDate,
    time: Option<NaiveTime>,
    by: String,
    event: E,
}

struct Gen<'a> {
    rng: ChaCha8Rng,
    roster: &'a Roster,
    cal: Calendar,
    cfg: Config,
    as_of: NaiveDate,
    slots: Vec<Slot>,
    out: Services,
    next_household: u64,
}

fn at(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

/// The `n`th given weekday of a month.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n as u8)
}

impl Gen<'_> {
    fn days(&mut self, lo: i64, hi: i64) -> Duration {
        Duration::days(self.rng.gen_range(lo..=hi))
    }

    fn worker(&mut self, team: usize, post: Post, d: NaiveDate) -> String {
        let i = self.roster.pick(team, post, d, &mut self.rng);
        self.roster.worker(i).id.to_string()
    }

    fn social_worker(&mut self, d: NaiveDate) -> String {
        self.worker(self.roster.in_care, Post::Caseholder, d)
    }

    fn decision_maker(&mut self, d: NaiveDate) -> String {
        self.worker(self.roster.in_care, Post::Manager, d)
    }

    fn reviewing_officer(&mut self, d: NaiveDate) -> String {
        self.worker(self.roster.reviewing, Post::Caseholder, d)
    }

    fn team_of(&self, team: usize) -> carefile_domain::TeamId {
        self.roster.teams[team].id.clone()
    }

    /// The panel calendar from `from` to a few weeks past `as_of` (sittings scheduled ahead).
    fn calendar(&mut self, from: NaiveDate) {
        let until = self.as_of + Duration::days(SCHEDULED_AHEAD);
        let mut dates = vec![];
        let mut m = NaiveDate::from_ymd_opt(from.year(), from.month(), 1).expect("a month");
        while m <= until {
            for n in FOSTERING_SITTINGS {
                dates.extend(nth_weekday(m.year(), m.month(), Weekday::Wed, n).map(|d| (d, Panel::Fostering)));
            }
            for n in ADOPTION_SITTINGS {
                dates.extend(nth_weekday(m.year(), m.month(), Weekday::Thu, n).map(|d| (d, Panel::Adoption)));
            }
            m = carefile_domain::calendar::add_months(m, 1);
        }
        dates.retain(|(d, _)| *d >= from && *d <= until && self.cal.is_working_day(*d));
        dates.sort_by_key(|(d, p)| (*d, p.value()));
        for (i, (date, panel)) in dates.into_iter().enumerate() {
            let p = if panel == Panel::Fostering { P_FOSTERING_CANCELLED } else { P_ADOPTION_CANCELLED };
            // Sittings not yet held at `as_of` are not cancelled yet either.
            let cancelled = date <= self.as_of && self.rng.chance(p);
            let adviser = self.reviewing_officer(date.min(self.as_of));
            self.slots.push(Slot {
                id: SittingId::new(&format!("S{:06}", i + 1)).expect("sitting IDs are valid"),
                panel,
                date,
                cancelled,
                cases: vec![],
                actions: vec![],
                adviser,
            });
        }
    }

    /// Lists a case at the first sitting of `panel` with room, at least ten days after `ready`
    /// (the papers go out first), and has the panel hear it and the agency decision maker decide
    /// (`decide` gives the decision from the recommendation). Returns the case and the decision's
    /// date, or `None` when no sitting is scheduled in time.
    fn hear(
        &mut self,
        panel: Panel,
        ready: NaiveDate,
        mut case: Case,
        action: Option<(&'static str, String)>,
    ) -> Option<(CaseRef, Option<NaiveDate>)> {
        let earliest = ready + Duration::days(10);
        let mut from = self.slots.partition_point(|s| s.date < earliest);
        loop {
            let i = (from..self.slots.len())
                .find(|&i| self.slots[i].panel == panel && !self.slots[i].cancelled && self.slots[i].cases.len() < CASES_PER_SITTING)?;
            let date = self.slots[i].date;
            // Now and then a case is deferred for more information, and heard again later.
            let deferred = date <= self.as_of && self.rng.chance(0.04);
            if deferred {
                let mut again = Case { recommendation: Recommendation::Deferred, decided: None, ..clone_case(&case) };
                again.grade = Grade::Adequate;
                self.slots[i].cases.push(again);
                from = i + 1;
                continue;
            }
            case.grade = self.rng.weighted(&[(Grade::Excellent, 19), (Grade::Good, 62), (Grade::Adequate, 18), (Grade::Inadequate, 1)]);
            let mut decided = None;
            if case.business.needs_decision() {
                let wd = self.rng.weighted(&[(1, 15), (2, 20), (3, 20), (4, 15), (5, 10), (6, 6), (7, 6), (9, 5), (12, 3)]);
                let d = self.cal.add_working_days(date, wd);
                let by = self.decision_maker(d.min(self.as_of));
                case.decided = Some((d, case.recommendation, by));
                decided = Some(d);
            }
            let no = self.slots[i].cases.len() as ItemNo + 1;
            if let Some((what, owner)) = action.filter(|_| self.rng.chance(0.3)) {
                let due = date + self.days(14, 56);
                let done = due - self.days(0, 10) + if self.rng.chance(0.15) { self.days(1, 30) } else { Duration::zero() };
                let done = done.max(date + Duration::days(1));
                let verified = done + self.days(1, 20);
                self.slots[i].actions.push(Action { case: no, what, owner, due, done, verified });
            }
            self.slots[i].cases.push(case);
            return Some((CaseRef { sitting: self.slots[i].id.clone(), case: no }, decided));
        }
    }

    /// A new household formed on `date`, recorded on `recorded` (the history's first day for one
    /// known before it).
    fn new_household(&mut self, kind: HouseholdKind, date: NaiveDate, recorded: NaiveDate) -> HouseholdId {
        self.next_household += 1;
        let id = HouseholdId::new(&format!("H{:06}", self.next_household)).expect("household IDs are valid");
        let name = format!("The {} household", crate::place::surname(&mut self.rng));
        let formed = HouseholdEvent::Formed { kind, name, address: None, date };
        let by = self.social_worker(date.min(self.as_of));
        let log = self.stamp(vec![Ev { date: recorded, time: None, by, event: formed }]);
        if !log.is_empty() {
            self.out.households.push((id.clone(), log));
        }
        id
    }

    /// Puts a household's events in date order and stamps them as recorded; nothing recorded
    /// after `as_of` is kept (nor anything after it in the log).
    fn stamp<E>(&mut self, mut evs: Vec<Ev<E>>) -> Vec<(Recorded, E)> {
        evs.sort_by_key(|e| e.date);
        let end = self.as_of.and_time(at(23, 59));
        let mut last: Option<NaiveDateTime> = None;
        let mut out = Vec::with_capacity(evs.len());
        for e in evs {
            let stamp = match e.time {
                Some(t) => time::stamp_at(&mut self.rng, e.date.and_time(t), &mut last, Delay::Prompt),
                None => time::stamp(&mut self.rng, e.date, &mut last, Delay::Casework),
            };
            if stamp.naive_utc() > end {
                break;
            }
            out.push((Recorded::new(stamp, e.by, None), e.event));
        }
        out
    }

    fn mainstream(&mut self, enquired: NaiveDate) {
        use FosteringEvent::*;
        let h = self.new_household(HouseholdKind::Fostering, enquired, enquired);
        let route = self.rng.weighted(&[(CarerType::Mainstream, 90), (CarerType::ShortBreaks, 6), (CarerType::Specialist, 4)]);
        let channel = self.rng.weighted(&[
            (EnquiryChannel::Website, 45),
            (EnquiryChannel::BookAChat, 20),
            (EnquiryChannel::Phone, 20),
            (EnquiryChannel::Event, 8),
            (EnquiryChannel::WordOfMouth, 7),
        ]);
        let a = 1;
        let recruiter = self.social_worker(enquired.min(self.as_of));
        let mut evs = vec![];
        let mut ev = |date, by: &str, event| evs.push(Ev { date, time: None, by: by.to_string(), event });
        ev(enquired, &recruiter, Enquired { application: a, date: enquired, route, channel: Some(channel), child: None });
        let close = |evs: &mut Vec<Ev<FosteringEvent>>, date, reason| {
            evs.push(Ev { date, time: None, by: recruiter.clone(), event: ApplicationClosed { application: a, date, reason } });
        };
        if !self.rng.chance(P_INITIAL_VISIT) {
            let d = enquired + self.days(3, 45);
            close(&mut evs, d, ClosureReason::Withdrew);
            return self.keep_carer(h, evs);
        }
        let visit = enquired + self.days(7, 45);
        evs.push(Ev { date: visit, time: None, by: recruiter.clone(), event: InitialVisit { application: a, date: visit } });
        let decided = visit + self.days(5, 21);
        let progress = self.rng.chance(P_PROGRESS);
        evs.push(Ev { date: decided, time: None, by: recruiter.clone(), event: ProgressDecided { application: a, date: decided, progress } });
        if !progress {
            close(&mut evs, decided, ClosureReason::NotProgressed);
            return self.keep_carer(h, evs);
        }
        let s1 = decided + self.days(7, 28);
        let assessor = self.social_worker(s1.min(self.as_of));
        let team = self.team_of(self.roster.in_care);
        let ev = |evs: &mut Vec<Ev<FosteringEvent>>, date, event| evs.push(Ev { date, time: None, by: assessor.clone(), event });
        ev(&mut evs, s1, WorkerAllocated { date: s1, worker: worker_id(&assessor), team: team.clone() });
        ev(&mut evs, s1, StageStarted { application: a, stage: Stage::Stage1, date: s1 });
        let s1_end = s1 + self.days(50, 100);
        let s2 = s1_end + self.days(0, 14);
        let s2_end = s2 + self.days(100, 160);
        if !self.rng.chance(P_APPROVED_IN_ASSESSMENT / 0.97) {
            let d = s1 + Duration::days(self.rng.gen_range(10..=(s2_end - s1).num_days()));
            let reason = self.rng.weighted(&[(ClosureReason::Withdrew, 45), (ClosureReason::CounselledOut, 30), (ClosureReason::ChangeOfCircumstances, 25)]);
            if d > s1_end {
                ev(&mut evs, s1_end, StageCompleted { application: a, stage: Stage::Stage1, date: s1_end });
                if d > s2 {
                    ev(&mut evs, s2, StageStarted { application: a, stage: Stage::Stage2, date: s2 });
                }
            }
            ev(&mut evs, d, ApplicationClosed { application: a, date: d, reason });
            return self.keep_carer(h, evs);
        }
        ev(&mut evs, s1_end, StageCompleted { application: a, stage: Stage::Stage1, date: s1_end });
        ev(&mut evs, s2, StageStarted { application: a, stage: Stage::Stage2, date: s2 });
        ev(&mut evs, s2_end, StageCompleted { application: a, stage: Stage::Stage2, date: s2_end });
        let approve = self.rng.chance(0.97);
        let recommendation = if approve { Recommendation::Approve } else { Recommendation::DoNotApprove };
        let case = new_case(Business::FosteringApproval, Some(&h), None, Some(a), recommendation);
        let Some((panel, Some(decided))) = self.hear(Panel::Fostering, s2_end, case, None) else {
            return self.keep_carer(h, evs);
        };
        let adm = self.decision_maker(decided.min(self.as_of));
        if !approve {
            evs.push(Ev { date: decided, time: Some(at(11, 30)), by: adm, event: NotApproved { application: a, date: decided, panel, reasons: adm_reasons(Recommendation::DoNotApprove) } });
            return self.keep_carer(h, evs);
        }
        let terms = match route {
            CarerType::ShortBreaks => Terms { carer_type: route, age_from: 5, age_to: 17, children: 1, named_child: None },
            _ => {
                let (age_from, age_to) = self.rng.weighted(&[((0, 18), 5), ((0, 10), 3), ((8, 18), 2)]);
                let children = self.rng.weighted(&[(1, 3), (2, 5), (3, 2)]);
                Terms { carer_type: route, age_from, age_to, children, named_child: None }
            }
        };
        evs.push(Ev { date: decided, time: Some(at(11, 30)), by: adm, event: Approved { application: a, date: decided, terms, panel, reasons: adm_reasons(Recommendation::Approve) } });
        let years = if route == CarerType::Mainstream { MAINSTREAM_YEARS } else { MAINSTREAM_YEARS * 0.7 };
        self.approved(&h, decided, decided, true, false, years, carefile_domain::calendar::add_months(decided, 12), &mut evs);
        self.keep_carer(h, evs);
    }

    /// A connected person put forward for `child`, who came into care on `care`.
    fn connected(&mut self, child: &ChildId, care: NaiveDate) {
        use FosteringEvent::*;
        let referred = care + self.days(0, 14);
        let h = self.new_household(HouseholdKind::Kinship, referred, referred);
        let worker = self.social_worker(referred.min(self.as_of));
        let team = self.team_of(self.roster.in_care);
        let a = 1;
        let mut evs = vec![];
        let ev = |evs: &mut Vec<Ev<FosteringEvent>>, date, event| evs.push(Ev { date, time: None, by: worker.clone(), event });
        ev(&mut evs, referred, Enquired { application: a, date: referred, route: CarerType::ConnectedPerson, channel: None, child: Some(child.clone()) });
        ev(&mut evs, referred, WorkerAllocated { date: referred, worker: worker_id(&worker), team });
        let viability = referred + self.days(5, 20);
        let positive = self.rng.chance(P_VIABLE);
        ev(&mut evs, viability, ViabilityAssessed { application: a, date: viability, positive });
        if !positive {
            ev(&mut evs, viability, ApplicationClosed { application: a, date: viability, reason: ClosureReason::NotProgressed });
            return self.keep_carer(h, evs);
        }
        // Most children move in at once under a temporary approval (reg 24, up to 16 weeks).
        let temporary = self.rng.chance(0.6).then_some(viability);
        if let Some(d) = temporary {
            ev(&mut evs, d, TemporarilyApproved { temporary: 1, date: d, child: child.clone(), regulation: TemporaryRegulation::Reg24, weeks: 16 });
        }
        let start = viability + self.days(0, 10);
        ev(&mut evs, start, StageStarted { application: a, stage: Stage::FullAssessment, date: start });
        let done = start + self.days(60, 120);
        if self.rng.chance(0.15) {
            let d = start + self.days(10, 60);
            let reason = self.rng.weighted(&[(ClosureReason::ChildMovedOn, 50), (ClosureReason::Withdrew, 50)]);
            ev(&mut evs, d, ApplicationClosed { application: a, date: d, reason });
            if temporary.is_some() {
                ev(&mut evs, d, TemporaryApprovalEnded { temporary: 1, date: d });
            }
            return self.keep_carer(h, evs);
        }
        ev(&mut evs, done, StageCompleted { application: a, stage: Stage::FullAssessment, date: done });
        // The panel extends a temporary approval that would lapse before the decision (reg 25).
        if let Some(t) = temporary {
            let expires = t + Duration::weeks(16);
            if done + Duration::days(24) > expires {
                let case = new_case(Business::TemporaryApprovalExtension, Some(&h), Some(child), Some(1), Recommendation::Extend);
                if let Some((panel, Some(d))) = self.hear(Panel::Fostering, expires - Duration::days(40), case, None)
                    && d <= expires
                {
                    let adm = self.decision_maker(d.min(self.as_of));
                    evs.push(Ev { date: d, time: Some(at(11, 0)), by: adm, event: TemporaryApprovalExtended { temporary: 1, date: d, weeks: 8, panel, reasons: adm_reasons(Recommendation::Extend) } });
                }
            }
        }
        let approve = self.rng.chance(0.8);
        let recommendation = if approve { Recommendation::Approve } else { Recommendation::DoNotApprove };
        let case = new_case(Business::ConnectedPersonApproval, Some(&h), Some(child), Some(a), recommendation);
        let Some((panel, Some(decided))) = self.hear(Panel::Fostering, done, case, None) else {
            return self.keep_carer(h, evs);
        };
        let adm = self.decision_maker(decided.min(self.as_of));
        if approve {
            let terms = Terms { carer_type: CarerType::ConnectedPerson, age_from: 0, age_to: 18, children: 1, named_child: Some(child.clone()) };
            evs.push(Ev { date: decided, time: Some(at(11, 30)), by: adm, event: Approved { application: a, date: decided, terms, panel, reasons: adm_reasons(Recommendation::Approve) } });
            self.approved(&h, decided, decided, true, true, CONNECTED_YEARS, carefile_domain::calendar::add_months(decided, 12), &mut evs);
        } else {
            evs.push(Ev { date: decided, time: Some(at(11, 30)), by: adm.clone(), event: NotApproved { application: a, date: decided, panel, reasons: adm_reasons(Recommendation::DoNotApprove) } });
            if temporary.is_some() {
                let d = decided + self.days(1, 14);
                evs.push(Ev { date: d, time: None, by: adm, event: TemporaryApprovalEnded { temporary: 1, date: d } });
            }
        }
        self.keep_carer(h, evs);
    }

    /// A household approved on `from` until the approval ends: its supervising social worker,
    /// visits, checks, training, reviews and the end.
    #[allow(clippy::too_many_arguments)]
    fn approved(
        &mut self,
        h: &HouseholdId,
        from: NaiveDate,
        in_force: NaiveDate,
        new: bool,
        connected: bool,
        years: f64,
        first_review: NaiveDate,
        evs: &mut Vec<Ev<FosteringEvent>>,
    ) {
        use FosteringEvent::*;
        // Lasting from `in_force` (the approval, or the history's first day for one known from
        // before): how long an approval lasts has no memory.
        let end = in_force + Duration::days(self.rng.exp_days(years * 365.25).max(120));
        let last = end.min(self.as_of);
        let team = self.team_of(self.roster.in_care);
        let mut worker = String::new();
        let ev = |evs: &mut Vec<Ev<FosteringEvent>>, date, by: &str, event| evs.push(Ev { date, time: None, by: by.to_string(), event });
        // Supervising social workers: a new one when the last leaves, or every few years.
        let mut d = from;
        while d < last {
            let w = self.roster.pick(self.roster.in_care, Post::Caseholder, d, &mut self.rng);
            worker = self.roster.worker(w).id.to_string();
            ev(evs, d, &worker, WorkerAllocated { date: d, worker: worker_id(&worker), team: team.clone() });
            let leaves = self.roster.worker(w).left.unwrap_or(NaiveDate::MAX);
            let next = (d + Duration::days(self.rng.gen_range(700..1800))).min(leaves);
            // A day with nothing else recorded: the allocation comes after the day's visit.
            let mut day = d;
            while day < next.min(last) {
                let gap = self.days(28, 49);
                day += gap;
                if day < next.min(last) {
                    ev(evs, day, &worker, SupervisionVisit { date: day, unannounced: false });
                }
            }
            d = next.max(d + Duration::days(1));
        }
        let mut y = from + self.days(60, 300);
        while y < last {
            let w = worker.clone();
            ev(evs, y, &w, SupervisionVisit { date: y, unannounced: true });
            y += self.days(250, 420);
        }
        // Checks: enhanced DBS every three years, medicals every two (a few late).
        for (kind, months) in [(CheckKind::Dbs, 36), (CheckKind::Medical, 24)] {
            // The first during the assessment's last weeks.
            let mut c = from - self.days(10, 60);
            while c < last {
                for who in ["Applicant 1", "Applicant 2"].iter().take(if connected { 1 } else { 2 }) {
                    ev(evs, c, &worker, CheckCompleted { kind, who: who.to_string(), date: c });
                }
                c = carefile_domain::calendar::add_months(c, months) - self.days(0, 30) + if self.rng.chance(0.1) { self.days(1, 90) } else { Duration::zero() };
            }
        }
        if new {
            let tsd = from + if connected { self.days(200, 560) } else { self.days(120, 420) };
            if tsd < last {
                ev(evs, tsd, &worker, TsdCompleted { date: tsd });
            }
        }
        let mut t = from + self.days(20, 120);
        while t < last {
            let (course, hours) = COURSES[self.rng.gen_range(0..COURSES.len())];
            ev(evs, t, &worker, TrainingCompleted { date: t, course: course.into(), hours });
            t += self.days(60, 200);
        }
        if self.rng.chance(0.03 * years.min(8.0)) {
            let a = from + self.days(30, (last - from).num_days().max(31));
            if a < last {
                let kind = self.rng.weighted(&[(AllegationKind::Allegation, 1), (AllegationKind::StandardsOfCare, 1)]);
                ev(evs, a, &worker, AllegationMade { allegation: 1, date: a, kind, child: None });
                let c = a + self.days(30, 150);
                let outcome = match kind {
                    AllegationKind::Allegation => self.rng.weighted(&[(AllegationOutcome::Unsubstantiated, 5), (AllegationOutcome::Unfounded, 3), (AllegationOutcome::Substantiated, 1)]),
                    AllegationKind::StandardsOfCare => AllegationOutcome::Resolved,
                };
                ev(evs, c, &worker, AllegationConcluded { allegation: 1, date: c, outcome });
            }
        }
        self.reviews(h, first_review, new, end, &worker, evs);
        if end <= self.as_of {
            let reason = if connected {
                self.rng.weighted(&[(EndReason::SpecialGuardianship, 6), (EndReason::ChangeOfCircumstances, 2), (EndReason::Other, 1)])
            } else {
                self.rng.weighted(&[
                    (EndReason::Retired, 30),
                    (EndReason::Resigned, 20),
                    (EndReason::ChangeOfCircumstances, 25),
                    (EndReason::StayingPut, 10),
                    (EndReason::Adopted, 5),
                    (EndReason::SpecialGuardianship, 5),
                    (EndReason::TransferredOut, 5),
                ])
            };
            evs.push(Ev { date: end, time: Some(at(16, 0)), by: worker, event: ApprovalEnded { date: end, reason } });
        }
    }

    /// Reviews of approval at least yearly (a few late): the first after a new approval and every
    /// fifth after it go to the panel, the rest to the agency decision maker directly.
    fn reviews(&mut self, h: &HouseholdId, first: NaiveDate, new: bool, end: NaiveDate, worker: &str, evs: &mut Vec<Ev<FosteringEvent>>) {
        use FosteringEvent::*;
        let cycle = self.cfg.fostering.panel_cycle;
        let mut due = first;
        for n in 1.. {
            let held = due - self.days(0, 40) + if self.rng.chance(0.1) { self.days(1, 60) } else { Duration::zero() };
            if held + Duration::days(30) >= end || held > self.as_of {
                return;
            }
            let officer = self.reviewing_officer(held.min(self.as_of));
            let to_panel = if new { n == 1 || (n - 1) % cycle == 0 } else { n % cycle == 0 };
            let recommendation = ReviewDecision::Continue;
            evs.push(Ev {
                date: held,
                time: None,
                by: officer.clone(),
                event: ReviewHeld { review: n, date: held, kind: ReviewKind::Annual, officer: worker_id(&officer), recommendation, to_panel },
            });
            let decided = if to_panel {
                let business = if new && n == 1 { Business::FirstReview } else { Business::FosteringReview };
                let case = new_case(business, Some(h), None, Some(n), Recommendation::ContinueApproval);
                let action = Some(("Update the household's safer caring plan and send it to the panel adviser", worker.to_string()));
                match self.hear(Panel::Fostering, held, case, action) {
                    Some((panel, Some(d))) => {
                        let adm = self.decision_maker(d.min(self.as_of));
                        evs.push(Ev { date: d, time: Some(at(11, 30)), by: adm, event: ReviewDecided { review: n, date: d, decision: recommendation, terms: None, panel: Some(panel), reasons: adm_reasons(recommendation.recommendation()) } });
                        d
                    }
                    _ => return,
                }
            } else {
                let d = self.cal.add_working_days(held, self.rng.gen_range(2..=15));
                let adm = self.decision_maker(d.min(self.as_of));
                evs.push(Ev { date: d, time: None, by: adm, event: ReviewDecided { review: n, date: d, decision: recommendation, terms: None, panel: None, reasons: adm_reasons(recommendation.recommendation()) } });
                d
            };
            due = carefile_domain::calendar::add_months(held, 12).max(decided + Duration::days(30));
        }
    }

    fn keep_carer(&mut self, h: HouseholdId, evs: Vec<Ev<FosteringEvent>>) {
        let log = self.stamp(evs);
        if !log.is_empty() {
            self.out.carers.push((h, log));
        }
    }

    /// A household approved before the history (migrated as an existing approval).
    fn existing_carer(&mut self, history: NaiveDate) {
        let from = history - self.days(30, 4000);
        let h = self.new_household(HouseholdKind::Fostering, from, history);
        let (age_from, age_to) = self.rng.weighted(&[((0, 18), 5), ((0, 10), 3), ((8, 18), 2)]);
        let children = self.rng.weighted(&[(1, 3), (2, 5), (3, 2)]);
        let terms = Terms { carer_type: CarerType::Mainstream, age_from, age_to, children, named_child: None };
        let by = self.social_worker(history);
        let mut evs = vec![Ev { date: from, time: None, by, event: FosteringEvent::ExistingApproval { date: from, terms } }];
        // Its first review in carefile falls due within the history's first year.
        let first_review = history + self.days(41, 364);
        self.approved(&h, from, history, false, false, MAINSTREAM_YEARS, first_review, &mut evs);
        // Nothing before the history was recorded as it happened: the approval is migrated on its
        // first day with the worker then allocated.
        let alleged = evs.iter().any(|e| e.date < history && matches!(e.event, FosteringEvent::AllegationMade { .. }));
        evs.retain(|e| {
            (e.date >= history && !(alleged && matches!(e.event, FosteringEvent::AllegationConcluded { .. })))
                || matches!(e.event, FosteringEvent::ExistingApproval { .. })
        });
        evs[0].date = history;
        evs[0].time = Some(at(9, 0));
        let w = self.social_worker(history);
        let team = self.team_of(self.roster.in_care);
        evs.insert(1, Ev { date: history, time: Some(at(9, 1)), by: w.clone(), event: FosteringEvent::WorkerAllocated { date: history, worker: worker_id(&w), team } });
        self.keep_carer(h, evs);
    }

    fn adopters(&mut self, enquired: NaiveDate) {
        use AdopterEvent::*;
        let h = self.new_household(HouseholdKind::Adoptive, enquired, enquired);
        let worker = self.social_worker(enquired.min(self.as_of));
        let a = 1;
        let mut evs = vec![];
        let ev = |evs: &mut Vec<Ev<AdopterEvent>>, date, event| evs.push(Ev { date, time: None, by: worker.clone(), event });
        let channel = self.rng.weighted(&[(EnquiryChannel::Website, 60), (EnquiryChannel::Phone, 25), (EnquiryChannel::Event, 15)]);
        ev(&mut evs, enquired, Enquired { application: a, date: enquired, channel: Some(channel) });
        let withdraw = |evs: &mut Vec<Ev<AdopterEvent>>, rng: &mut ChaCha8Rng, date| {
            let reason = rng.weighted(&[(WithdrawalReason::NotReady, 40), (WithdrawalReason::ChangeOfCircumstances, 30), (WithdrawalReason::ChoseOtherAgency, 15), (WithdrawalReason::AgencyDecision, 15)]);
            evs.push(Ev { date, time: None, by: worker.clone(), event: Withdrew { application: a, date, reason } });
        };
        if !self.rng.chance(P_ADOPTER_VISIT) {
            let d = enquired + self.days(7, 60);
            withdraw(&mut evs, &mut self.rng, d);
            return self.keep_adopters(h, evs);
        }
        let visit = enquired + self.days(14, 50);
        ev(&mut evs, visit, InitialVisit { application: a, date: visit });
        if !self.rng.chance(P_INTEREST) {
            let d = visit + self.days(7, 40);
            withdraw(&mut evs, &mut self.rng, d);
            return self.keep_adopters(h, evs);
        }
        let roi = visit + self.days(7, 30);
        ev(&mut evs, roi, InterestRegistered { application: a, date: roi });
        let team = self.team_of(self.roster.in_care);
        ev(&mut evs, roi, WorkerAllocated { date: roi, worker: worker_id(&worker), team });
        let s2 = if self.rng.chance(P_FAST_TRACK) {
            let s2 = roi + self.days(7, 30);
            ev(&mut evs, s2, StageStarted { application: a, stage: Stage::Stage2, date: s2, fast_track: true });
            s2
        } else {
            if !self.rng.chance(P_STAGE1) {
                let d = roi + self.days(7, 40);
                withdraw(&mut evs, &mut self.rng, d);
                return self.keep_adopters(h, evs);
            }
            let s1 = roi + self.days(7, 30);
            ev(&mut evs, s1, StageStarted { application: a, stage: Stage::Stage1, date: s1, fast_track: false });
            let s1_end = s1 + self.days(50, 95);
            ev(&mut evs, s1_end, StageCompleted { application: a, stage: Stage::Stage1, date: s1_end });
            let mut s2 = s1_end + self.days(0, 14);
            if self.rng.chance(0.2) {
                let b = s1_end + self.days(0, 7);
                let back = b + self.days(30, 150);
                ev(&mut evs, b, BreakStarted { application: a, date: b, reason: "A break at the applicants' request".into() });
                ev(&mut evs, back, BreakEnded { application: a, date: back });
                s2 = back;
            }
            ev(&mut evs, s2, StageStarted { application: a, stage: Stage::Stage2, date: s2, fast_track: false });
            s2
        };
        let s2_end = s2 + self.days(100, 150);
        if !self.rng.chance(P_ADOPTER_APPROVED) {
            let d = s2 + self.days(20, 100);
            withdraw(&mut evs, &mut self.rng, d);
            return self.keep_adopters(h, evs);
        }
        let case = new_case(Business::AdopterApproval, Some(&h), None, Some(a), Recommendation::Approve);
        let Some((panel, Some(decided))) = self.hear(Panel::Adoption, s2_end, case, None) else {
            return self.keep_adopters(h, evs);
        };
        let adm = self.decision_maker(decided.min(self.as_of));
        let terms = self.adopter_terms();
        evs.push(Ev { date: decided, time: Some(at(11, 30)), by: adm, event: Approved { application: a, date: decided, terms, panel, reasons: adm_reasons(Recommendation::Approve) } });
        self.adopters_approved(decided, &worker, &mut evs);
        self.keep_adopters(h, evs);
    }

    fn adopter_terms(&mut self) -> AdopterTerms {
        let children = self.rng.weighted(&[(1, 4), (2, 1)]);
        let age_to = self.rng.weighted(&[(2, 3), (4, 4), (7, 2)]);
        AdopterTerms { children, age_from: 0, age_to, early_permanence: self.rng.chance(0.15) }
    }

    /// Approved and waiting, reviewed yearly, until a child is placed and the family complete
    /// (or they withdraw).
    fn adopters_approved(&mut self, from: NaiveDate, worker: &str, evs: &mut Vec<Ev<AdopterEvent>>) {
        let end = from + self.days(150, 800);
        let mut r = carefile_domain::calendar::add_months(from, 12);
        while r < end && r <= self.as_of {
            evs.push(Ev { date: r, time: None, by: worker.into(), event: AdopterEvent::ApprovalReviewed { date: r, continue_approval: true } });
            r = carefile_domain::calendar::add_months(r, 12);
        }
        if end <= self.as_of {
            let reason = self.rng.weighted(&[(ApprovalEndReason::Adopted, 85), (ApprovalEndReason::Withdrew, 15)]);
            evs.push(Ev { date: end, time: None, by: worker.into(), event: AdopterEvent::ApprovalEnded { date: end, reason } });
        }
    }

    fn existing_adopters(&mut self, history: NaiveDate) {
        let from = history - self.days(10, 120);
        let h = self.new_household(HouseholdKind::Adoptive, from, history);
        let worker = self.social_worker(history);
        let terms = self.adopter_terms();
        let mut evs = vec![Ev { date: history, time: Some(at(9, 0)), by: worker.clone(), event: AdopterEvent::ExistingApproval { date: from, terms } }];
        self.adopters_approved(from, &worker, &mut evs);
        self.keep_adopters(h, evs);
    }

    fn keep_adopters(&mut self, h: HouseholdId, evs: Vec<Ev<AdopterEvent>>) {
        let log = self.stamp(evs);
        if !log.is_empty() {
            self.out.adopters.push((h, log));
        }
    }

    /// Each sitting's record: scheduled ahead, its cases listed two weeks before, attendance with
    /// the quorum, the cases heard, the agency decision maker's decisions, the actions set and done.
    fn sittings(&mut self) {
        use PanelEvent::*;
        let slots = std::mem::take(&mut self.slots);
        let end = self.as_of.and_time(at(23, 59));
        for s in &slots {
            let mut evs: Vec<(NaiveDateTime, String, PanelEvent)> = vec![];
            let adviser = s.adviser.clone();
            let ahead = (s.date - Duration::days(SCHEDULED_AHEAD)).and_time(at(9, 0));
            evs.push((ahead, adviser.clone(), Scheduled { panel: s.panel, date: s.date }));
            // A sitting with no case ready is cancelled.
            if s.cancelled || (s.cases.is_empty() && s.date <= self.as_of) {
                let reason = ["Not enough cases ready for panel", "Not quorate: members unavailable", "Papers not ready in time"];
                let reason = reason[self.rng.gen_range(0..reason.len())].to_string();
                evs.push(((s.date - self.days(1, 10)).and_time(at(10, 0)), adviser.clone(), Cancelled { reason }));
            }
            let listed = (s.date - Duration::days(14)).and_time(at(10, 0));
            for (i, c) in s.cases.iter().enumerate() {
                let case = i as ItemNo + 1;
                let e = CaseListed { case, business: c.business, household: c.household.clone(), child: c.child.clone(), about: c.about };
                evs.push((listed + Duration::minutes(i as i64), adviser.clone(), e));
            }
            if !s.cancelled && !s.cases.is_empty() {
                let attendees = self.attendees();
                let quorum = self.cfg.panels.quorum.rule(s.panel).check(&attendees);
                let held = s.date.and_time(at(16, 0));
                evs.push((held, adviser.clone(), Held { attendees, quorum }));
                for (i, c) in s.cases.iter().enumerate() {
                    let case = i as ItemNo + 1;
                    let reasons = match c.recommendation {
                        Recommendation::Deferred => "More information is needed: the report is to come back with the updated checks",
                        Recommendation::DoNotApprove => "The assessment does not show that the applicants can meet the needs of a child",
                        _ => "As the report sets out; the panel's questions were answered",
                    };
                    let e = CaseHeard { case, recommendation: c.recommendation, reasons: reasons.into(), quality: Some(c.grade), unanimous: Some(self.rng.chance(0.95)) };
                    evs.push((held + Duration::minutes(5 + i as i64), adviser.clone(), e));
                    if let Some((d, decision, by)) = &c.decided {
                        evs.push((d.and_time(at(11, i as u32)), by.clone(), AdmDecided { case, date: *d, decision: *decision, reasons: adm_reasons(*decision) }));
                    }
                }
                for (n, a) in s.actions.iter().enumerate() {
                    let action = n as ItemNo + 1;
                    let e = ActionSet { action, case: Some(a.case), from: ActionSource::Panel, what: a.what.into(), owner: worker_id(&a.owner), due: a.due };
                    evs.push((held + Duration::minutes(30 + n as i64), adviser.clone(), e));
                    evs.push((a.done.and_time(at(10, 0)), a.owner.clone(), ActionDone { action, date: a.done, note: "Done and sent".into() }));
                    if a.owner != adviser {
                        evs.push((a.verified.and_time(at(14, 0)), adviser.clone(), ActionVerified { action, date: a.verified }));
                    }
                }
            }
            evs.sort_by_key(|e| e.0);
            let log: Vec<(Recorded, PanelEvent)> = evs
                .into_iter()
                .take_while(|e| e.0 <= end)
                .map(|(t, by, e)| (Recorded::new(t.and_utc(), by, None), e))
                .collect();
            if !log.is_empty() {
                self.out.sittings.push((s.id.clone(), log));
            }
        }
    }

    /// A quorate panel from the central list: the chair or a vice chair, social worker members,
    /// independent members, the adviser and the minute taker.
    fn attendees(&mut self) -> Vec<Attendee> {
        let member = |name: &str, role, independent| Attendee { name: name.to_string(), role, independent };
        let chair = if self.rng.chance(0.7) { member(CHAIRS[self.rng.gen_range(0..2)], PanelRole::Chair, true) } else { member(CHAIRS[2 + self.rng.gen_range(0..3)], PanelRole::ViceChair, true) };
        let mut v = vec![chair];
        let sw = self.rng.gen_range(1..=2);
        let others = self.rng.gen_range(3..=5);
        let mut names: Vec<usize> = (0..MEMBERS.len()).collect();
        for i in 0..sw + others {
            let k = self.rng.gen_range(i..names.len());
            names.swap(i, k);
            let name = MEMBERS[names[i]];
            if i < sw {
                v.push(member(name, PanelRole::SocialWorker, false));
            } else {
                v.push(member(name, PanelRole::Member, self.rng.chance(0.7)));
            }
        }
        v.push(member("Panel adviser", PanelRole::PanelAdviser, false));
        v.push(member("Minute taker", PanelRole::MinuteTaker, false));
        v
    }
}

fn worker_id(s: &str) -> carefile_domain::WorkerId {
    carefile_domain::WorkerId::new(s).expect("a worker from the roster")
}

fn new_case(business: Business, h: Option<&HouseholdId>, child: Option<&ChildId>, about: Option<ItemNo>, recommendation: Recommendation) -> Case {
    Case { business, household: h.cloned(), child: child.cloned(), about, recommendation, grade: Grade::Good, decided: None }
}

fn clone_case(c: &Case) -> Case {
    Case { decided: None, ..new_case(c.business, c.household.as_ref(), c.child.as_ref(), c.about, c.recommendation) }
}

const CHAIRS: [&str; 5] = ["Mohamed Patel", "Susan Tribe", "Alan Greaves", "Priya Shah", "Joan Barker"];
const MEMBERS: [&str; 20] = [
    "Thure Johansen", "Elaine Marsh", "David Okafor", "Carol Hinds", "Imran Qureshi", "Lucy Dent", "Martin Rowe",
    "Grace Adeyemi", "Helen Clay", "Peter Bliss", "Nadia Hussain", "Owen Price", "Rachel Ford", "Simon Lake",
    "Tessa Moore", "Usha Mistry", "Victor Lane", "Wendy Cole", "Yusuf Khan", "Zoe Hart",
];
const COURSES: [(&str, u32); 6] = [
    ("Trauma-informed care", 6),
    ("Safeguarding and safer caring", 3),
    ("Compassion fatigue", 3),
    ("Reflective carer training", 6),
    ("Managing challenging behaviour", 4),
    ("First aid", 6),
];

/// Arrivals of a yearly `rate` from `from` to `as_of`: a Poisson process.
fn arrivals(rng: &mut ChaCha8Rng, rate: f64, from: NaiveDate, as_of: NaiveDate) -> Vec<NaiveDate> {
    let mean = 365.25 / rate.max(1e-9);
    let mut out = vec![];
    let mut t = 0.0;
    loop {
        let u: f64 = rng.gen_range(f64::EPSILON..1.0);
        t += -u.ln() * mean;
        let d = from + Duration::days(t as i64);
        if d > as_of {
            return out;
        }
        out.push(d);
    }
}

/// The services' records over the history before `opts.as_of`, given the generated children
/// (connected persons are put forward for children who came into care).
pub fn generate(opts: &crate::Options, children: &[ChildLog]) -> Services {
    let years = opts.scale.history_years();
    let history = opts.as_of.checked_sub_months(chrono::Months::new(12 * years)).expect("date in range") + Duration::days(1);
    let start = opts.as_of.checked_sub_months(chrono::Months::new(12 * (years + crate::BURN_IN_YEARS))).expect("date in range")
        + Duration::days(1);
    let (roster, _) = crate::org::build(opts.seed, opts.scale, start, opts.as_of);
    let v = opts.scale.volume();
    let mut g = Gen {
        rng: crate::rng_for(opts.seed, u64::MAX - 1),
        roster: &roster,
        cal: Calendar::england_and_wales(),
        cfg: Config::default(),
        as_of: opts.as_of,
        slots: vec![],
        out: Services::default(),
        next_household: 0,
    };
    g.calendar(history);
    for _ in 0..(EXISTING_CARERS * v).round() as usize {
        g.existing_carer(history);
    }
    for _ in 0..(EXISTING_ADOPTERS * v).round() as usize {
        g.existing_adopters(history);
    }
    // Children who came into care in the history, for connected persons to be put forward for.
    let mut care: Vec<(NaiveDate, &ChildId)> = children
        .iter()
        .flat_map(|c| c.events.iter().filter_map(move |(_, e)| match e {
            ChildEvent::CareStarted { date, .. } if *date >= history => Some((*date, &c.id)),
            _ => None,
        }))
        .collect();
    care.sort();
    let p_kinship = KINSHIP_REFERRALS * v * f64::from(years) / care.len().max(1) as f64;
    enum Arrival<'c> {
        Carer,
        Kinship(&'c ChildId),
        Adopter,
    }
    let mut all: Vec<(NaiveDate, Arrival)> = vec![];
    all.extend(arrivals(&mut g.rng, FOSTERING_ENQUIRIES * v, history, opts.as_of).into_iter().map(|d| (d, Arrival::Carer)));
    all.extend(arrivals(&mut g.rng, ADOPTER_ENQUIRIES * v, history, opts.as_of).into_iter().map(|d| (d, Arrival::Adopter)));
    for (d, c) in care {
        if g.rng.chance(p_kinship) {
            all.push((d, Arrival::Kinship(c)));
        }
    }
    all.sort_by_key(|(d, _)| *d);
    for (d, a) in all {
        match a {
            Arrival::Carer => g.mainstream(d),
            Arrival::Kinship(c) => g.connected(c, d),
            Arrival::Adopter => g.adopters(d),
        }
    }
    g.sittings();
    let mut out = g.out;
    // Households in the order of their IDs; each service's records too.
    out.households.sort_by(|a, b| a.0.cmp(&b.0));
    out.carers.sort_by(|a, b| a.0.cmp(&b.0));
    out.adopters.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The agency decision maker's reasons, the same on the household's record and the sitting's.
fn adm_reasons(decision: Recommendation) -> String {
    match decision {
        Recommendation::Approve => "I agree with the panel: the assessment shows the household can meet a child's needs",
        Recommendation::DoNotApprove => "I agree with the panel: the assessment does not show the applicants can care safely",
        Recommendation::Extend => "The full assessment needs the extra weeks; the child is settled",
        Recommendation::TerminateApproval => "The household can no longer offer care that meets the standards",
        Recommendation::ChangeTerms => "The terms follow the household's changed circumstances",
        _ => "As the review recommends: the household continues to meet the standards",
    }
    .to_string()
}
