//! Looked-after children: a period of care planned whole (how it ends, legal
//! status changes, placements), then recorded with its reviews, visits, health
//! checks, missing episodes, adoption steps, and leaving care.

use crate::child::{Case, Gen, Phase, Who};
use crate::place;
use crate::time::Rand;
use carefile_domain::codes::*;
use carefile_domain::journey::*;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rand::Rng;
use std::collections::BTreeMap;

/// How a child comes to be looked after.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Route {
    /// Interim care order in care proceedings already issued.
    Proceedings,
    /// Accommodated by agreement (section 20).
    Section20,
    /// Police protection, then section 20.
    Police,
    /// Unaccompanied asylum-seeking child.
    Uasc,
}

/// Steps towards adoption.
struct AdoptionPlan {
    decision: NaiveDate,
    panel: NaiveDate,
    matched: Option<NaiveDate>,
    placed: Option<NaiveDate>,
    reversed: Option<NaiveDate>,
}

/// A change within the period: legal status, placement, or both on one day.
#[derive(Default)]
struct Change {
    legal: Option<LegalStatus>,
    placement: Option<(Placement, ReasonPlaceChange)>,
}

/// The day placements are recorded with the 2025-26 codes (K3, Z11–Z14 replaced H5, P2 and Z1):
/// 31 March 2025, so that no episode of the 2025-26 return carries a withdrawn code.
fn recode_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 31).expect("valid date")
}

fn new_codes(d: NaiveDate) -> bool {
    d >= recode_day()
}

/// The 2025-26 code for a placement type withdrawn then.
fn recoded(kind: PlacementType) -> Option<PlacementType> {
    use PlacementType::*;
    match kind {
        H5 => Some(K3),
        Z1 | P2 => Some(Z14),
        _ => None,
    }
}

const AGE_OUT: &[(ReasonEpisodeCeased, u32)] = &[
    (ReasonEpisodeCeased::E17, 22),
    (ReasonEpisodeCeased::E5, 45),
    (ReasonEpisodeCeased::E6, 10),
    (ReasonEpisodeCeased::E13, 5),
    (ReasonEpisodeCeased::E8, 4),
];

impl Gen<'_> {
    /// The care plan of a period (`care`) and the plan of a placement starting on `d` (Care
    /// Planning Regulations regs 4 and 9): most within 10 and 5 working days, some late.
    fn plans(&mut self, d: NaiveDate, kind: PlacementType, care: bool) {
        let cal = &self.ctx.cal;
        let mut made = |on_time: i64| {
            let days = if self.aside.chance(0.88) { self.aside.gen_range(0..=on_time) } else { self.aside.gen_range(on_time + 1..=3 * on_time) };
            cal.add_working_days(d, days)
        };
        let care_plan = care.then(|| made(10));
        let placement_plan = (!kind.is_temporary()).then(|| made(5));
        if let Some(on) = care_plan.and_then(|x| self.ok(x)) {
            self.push(on, Who::Allocated, ChildEvent::CarePlanMade { date: on });
        }
        if let Some(on) = placement_plan.and_then(|x| self.ok(x)) {
            self.push(on, Who::Allocated, ChildEvent::PlacementPlanMade { date: on, placement: d });
        }
    }

    /// A placement on `d`; with parents (P1) only where the court is involved (`parents`), as a
    /// child accommodated under section 20 cannot be placed with them.
    fn placement(&mut self, d: NaiveDate, uasc: bool, parents: bool) -> Placement {
        use PlacementType::*;
        let age = self.age(d);
        let p1 = |w: u32| if parents { w } else { 0 };
        let new = new_codes(d);
        let supported = if new { K3 } else { H5 };
        let other = if new { Z13 } else { Z1 };
        let kind = if uasc {
            // Supported accommodation is for 16- and 17-year-olds.
            self.rng.weighted(&[(supported, if age >= 16 { 60 } else { 0 }), (U6, 30), (K2, 10)])
        } else if self.disabled && age >= 8 {
            self.rng.weighted(&[(K2, 35), (U6, 35), (U4, 15), (S1, 10), (R1, 5)])
        } else {
            match age {
                0 => self.rng.weighted(&[(U6, 55), (U3, 15), (R3, 12), (U5, 10), (P1, p1(8))]),
                1..=10 => self.rng.weighted(&[
                    (U6, 58),
                    (U3, 20),
                    (U4, 10),
                    (P1, p1(4)),
                    (K2, if age >= 8 { 5 } else { 0 }),
                    (U5, if age < 3 { 4 } else { 0 }),
                ]),
                11..=15 => self.rng.weighted(&[(U6, 42), (U3, 12), (U4, 12), (K2, 28), (other, 3), (S1, 3)]),
                _ => self.rng.weighted(&[(U6, 22), (U3, 8), (U4, 10), (K2, 15), (supported, 40), (other, 5)]),
            }
        };
        self.placement_of(kind)
    }

    fn placement_of(&mut self, kind: PlacementType) -> Placement {
        use PlacementProvider::*;
        use PlacementType::*;
        let provider = match kind {
            U1 | U2 | U3 => Some(PR1),
            U4 | U5 | U6 => Some(if self.rng.chance(0.6) { PR1 } else { PR4 }),
            K2 => Some(if self.rng.chance(0.75) { PR4 } else { PR1 }),
            A3 | A4 | A5 | A6 => Some(if self.rng.chance(0.7) { PR1 } else { PR5 }),
            P1 => Some(PR0),
            R3 => Some(PR5),
            R1 | R2 => Some(PR3),
            T0 | T1 | T2 | T3 | T4 => None,
            Z1 | Z11 | Z12 | Z13 | Z14 => None,
            _ => Some(PR4),
        };
        let registered = matches!(kind, K1 | K2 | K3 | R1 | R3 | S1);
        let out_of_area = self.rng.chance(match kind {
            K2 | S1 | R1 => 0.55,
            _ if provider == Some(PR4) => 0.3,
            _ => 0.1,
        });
        let carer = match kind {
            P1 => "PARENT".to_string(),
            U1 | U2 | U3 => format!("KC{:05}", self.rng.gen_range(0..100_000)),
            A3 | A4 | A5 | A6 => format!("AD{:05}", self.rng.gen_range(0..100_000)),
            _ if registered => format!("SC{:06}", self.rng.gen_range(100_000..1_000_000)),
            _ => format!("FC{:05}", self.rng.gen_range(0..100_000)),
        };
        Placement {
            kind,
            provider,
            postcode: Some(place::placement_postcode(&mut self.rng, out_of_area)),
            // A registered setting is known by its Ofsted URN, which also tells its carers apart; a
            // foster placement reports its fostering service's URN.
            urn: if registered { Some(carer.clone()) } else { kind.is_foster().then(|| fostering_service_urn(provider, &carer)) },
            carer: Some(carer),
            household: None,
        }
    }

    fn move_reason(&mut self) -> ReasonPlaceChange {
        use ReasonPlaceChange::*;
        self.rng.weighted(&[
            (Carpl, 35),
            (Creqb, 15),
            (Creqo, 10),
            (Child, 8),
            (Stand, 4),
            (Alleg, 3),
            (Lareq, 5),
            (Close, 5),
            (Other, 15),
        ])
    }

    /// The child's age-out (or earlier move to independence) reason.
    fn age_out(&mut self) -> ReasonEpisodeCeased {
        if self.disabled && self.rng.chance(0.4) { ReasonEpisodeCeased::E7 } else { self.rng.weighted(AGE_OUT) }
    }

    /// Plans care proceedings' outcome from `issued`: records the conclusion
    /// and legal changes, and returns the period's end and adoption steps.
    fn proceedings(
        &mut self,
        start: NaiveDate,
        issued: NaiveDate,
        legal: &mut Vec<(NaiveDate, LegalStatus)>,
    ) -> (NaiveDate, ReasonEpisodeCeased, Option<AdoptionPlan>) {
        use ProceedingsOutcome::*;
        let weeks = if self.rng.chance(0.65) { self.rng.gen_range(20..=40) } else { self.rng.gen_range(41..=70) };
        let concluded = (issued + Duration::weeks(weeks)).max(start + Duration::days(7));
        let young = self.age(concluded) < 4;
        let outcome = self.rng.weighted(&[
            (CareOrder, 40),
            (PlacementOrder, if young { 75 } else { 0 }),
            (SpecialGuardianshipOrder, 20),
            (ChildArrangementsOrder, 6),
            (SupervisionOrder, 6),
            (NoOrder, 3),
        ]);
        if concluded <= self.ctx.as_of {
            self.push(concluded, Who::Allocated, ChildEvent::CareProceedingsConcluded { date: concluded, outcome });
            self.proceedings_open = false;
        }
        self.proceedings_issued = None;
        let later = |g: &mut Self, lo: i64, hi: i64| concluded + g.days(lo, hi);
        match outcome {
            CareOrder => {
                legal.push((concluded, LegalStatus::C2));
                let x: f64 = self.rng.r#gen();
                if x < 0.2 {
                    (later(self, 300, 1100), ReasonEpisodeCeased::E4A, None)
                } else if x < 0.4 {
                    let r = self.rng.weighted(&[
                        (ReasonEpisodeCeased::E45, 5),
                        (ReasonEpisodeCeased::E46, 3),
                        (ReasonEpisodeCeased::E47, 1),
                        (ReasonEpisodeCeased::E48, 1),
                    ]);
                    (later(self, 300, 1100), r, None)
                } else {
                    (NaiveDate::MAX, ReasonEpisodeCeased::E8, None)
                }
            }
            PlacementOrder => {
                legal.push((concluded, LegalStatus::E1));
                let decision = (concluded - self.days(30, 100)).max(start + Duration::days(1));
                let panel = decision + self.days(14, 60);
                let matched = concluded + Duration::days(30 + self.rng.exp_days(110.0));
                if self.rng.chance(0.1) {
                    // No adopters found: the plan changes to long-term fostering.
                    let reversed = concluded + self.days(300, 540);
                    legal.push((reversed + self.days(30, 120), LegalStatus::C2));
                    let plan = AdoptionPlan { decision, panel, matched: None, placed: None, reversed: Some(reversed) };
                    return (NaiveDate::MAX, ReasonEpisodeCeased::E8, Some(plan));
                }
                let placed = matched + self.days(14, 45);
                let order = placed + self.days(150, 420);
                let reason = if self.rng.chance(0.35) { ReasonEpisodeCeased::E12 } else { ReasonEpisodeCeased::E11 };
                (
                    order,
                    reason,
                    Some(AdoptionPlan {
                        decision,
                        panel,
                        matched: Some(matched),
                        placed: Some(placed),
                        reversed: None,
                    }),
                )
            }
            SpecialGuardianshipOrder => {
                let r = self.rng.weighted(&[
                    (ReasonEpisodeCeased::E45, 5),
                    (ReasonEpisodeCeased::E47, 4),
                    (ReasonEpisodeCeased::E46, 1),
                    (ReasonEpisodeCeased::E48, 1),
                ]);
                (concluded, r, None)
            }
            ChildArrangementsOrder => (concluded, ReasonEpisodeCeased::E41, None),
            _ => (concluded, ReasonEpisodeCeased::E4A, None),
        }
    }

    /// Plans how the period from `start` goes: legal status changes, its end and
    /// reason (`NaiveDate::MAX` until the 18th birthday), and adoption steps.
    fn plan_period(
        &mut self,
        start: NaiveDate,
        route: Route,
        legal: &mut Vec<(NaiveDate, LegalStatus)>,
    ) -> (NaiveDate, ReasonEpisodeCeased, Option<AdoptionPlan>) {
        let age = self.age(start);
        let mut from = start;
        match route {
            Route::Proceedings => {
                let issued = self.proceedings_issued.unwrap_or(start).min(start);
                return self.proceedings(start, issued, legal);
            }
            Route::Uasc => {
                if self.rng.chance(0.07) {
                    return (start + self.days(30, 250), ReasonEpisodeCeased::E15, None);
                }
                return (NaiveDate::MAX, ReasonEpisodeCeased::E8, None);
            }
            Route::Police => {
                from = start + self.days(1, 3);
                legal.push((from, LegalStatus::V2));
            }
            Route::Section20 => {}
        }
        if age < 12 && !self.proceedings_open && self.rng.chance(0.35) {
            let issued = from + self.days(30, 200);
            if issued <= self.ctx.as_of {
                self.push(issued, Who::Allocated, ChildEvent::CareProceedingsIssued { date: issued });
                self.proceedings_open = true;
            }
            legal.push((issued, LegalStatus::C1));
            return self.proceedings(start, issued, legal);
        }
        let p_home = if age >= 12 { 0.9 } else { 1.0 };
        if self.rng.chance(p_home) {
            let back = from + Duration::days(14 + self.rng.exp_days(if age >= 12 { 110.0 } else { 200.0 }));
            let r = if self.rng.chance(0.85) { ReasonEpisodeCeased::E4A } else { ReasonEpisodeCeased::E4B };
            return (back, r, None);
        }
        if age >= 15 && self.rng.chance(0.05) {
            let leave = self.birthday(16) + self.days(30, 600);
            return (leave, ReasonEpisodeCeased::E5, None);
        }
        (NaiveDate::MAX, ReasonEpisodeCeased::E8, None)
    }

    pub(crate) fn care(&mut self, case: &mut Case, start: NaiveDate, route: Route) -> Option<Phase> {
        let mut start = start.max(self.dob);
        if let Some(e) = self.last_care_end {
            start = start.max(e + Duration::days(1));
        }
        for (_, from) in case.cp.iter().chain(&case.cin) {
            start = start.max(*from + Duration::days(1));
        }
        let start = self.ok(start)?;
        if let Some((plan, _)) = case.cp.take() {
            self.push(start, Who::Reviewer, ChildEvent::CpPlanEnded { plan, date: start });
        }
        if let Some((plan, _)) = case.cin.take() {
            self.push(start, Who::Allocated, ChildEvent::CinPlanEnded { plan, date: start });
        }
        case.touch(start);
        if start >= self.birthday(18) {
            // An adult now: no longer a child to be looked after.
            return Some(Phase::Close(start, ReasonForClosure::RC7));
        }
        let uasc = route == Route::Uasc;
        let age = self.age(start);
        let legal0 = match route {
            Route::Proceedings => LegalStatus::C1,
            Route::Police => LegalStatus::L1,
            Route::Section20 | Route::Uasc => LegalStatus::V2,
        };
        let need = if uasc {
            CategoryOfNeed::N8
        } else if self.disabled {
            CategoryOfNeed::N2
        } else if route == Route::Proceedings {
            self.rng.weighted(&[
                (CategoryOfNeed::N1, 85),
                (CategoryOfNeed::N5, 8),
                (CategoryOfNeed::N3, 4),
                (CategoryOfNeed::N8, 3),
            ])
        } else {
            self.rng.weighted(&[
                (CategoryOfNeed::N1, 45),
                (CategoryOfNeed::N4, 20),
                (CategoryOfNeed::N5, 20),
                (CategoryOfNeed::N6, 10),
                (CategoryOfNeed::N3, 5),
            ])
        };
        if route != Route::Police {
            let d = (start - self.days(0, 3)).max(case.last.min(start));
            self.panel(d, Panel::ChildrensDecisionMeeting, "Agreed that the child should be looked after.");
        }
        let mut legal = vec![];
        let (mut end, mut reason, adoption) = self.plan_period(start, route, &mut legal);
        let eighteen = self.birthday(18);
        if end >= eighteen {
            end = eighteen;
            reason = self.age_out();
        }
        if self.rng.chance(0.003) {
            end = start + self.days(1, (end - start).num_days().clamp(1, 2000));
            reason = ReasonEpisodeCeased::E2;
        }
        let end = end.max(start + Duration::days(1));
        legal.retain(|(d, _)| *d > start && *d < end);

        // The timeline of changes, one entry a day.
        let mut changes: BTreeMap<NaiveDate, Change> = BTreeMap::new();
        for (d, ls) in &legal {
            changes.entry(*d).or_default().legal = Some(*ls);
        }
        let parents = route == Route::Proceedings;
        let first = self.placement(start, uasc, parents);
        let placed_for_adoption = adoption.as_ref().and_then(|a| a.placed).filter(|p| *p < end);
        let moves_until = placed_for_adoption.unwrap_or(end);
        let rate = if age >= 11 { 0.8 } else { 0.35 };
        let mut t = start;
        let mut current = first.clone();
        loop {
            t += Duration::days(14 + self.rng.exp_days(365.0 / rate));
            if t >= moves_until {
                break;
            }
            if current.kind.is_foster() && self.rng.chance(0.2) {
                // Respite while the foster carers are on holiday, then back to the same home.
                let back = t + self.days(4, 14);
                if back < moves_until {
                    let respite = self.placement_of(PlacementType::T3);
                    changes.entry(t).or_default().placement = Some((respite, ReasonPlaceChange::Place));
                    changes.entry(back).or_default().placement = Some((current.clone(), ReasonPlaceChange::Place));
                    t = back;
                    continue;
                }
            }
            current = self.placement(t, uasc, parents);
            let reason = self.move_reason();
            changes.entry(t).or_default().placement = Some((current.clone(), reason));
        }
        // Foster carers who adopt (A5) were approved as both (U5).
        let with_carers = current.kind == PlacementType::U5;
        if let Some(placed) = placed_for_adoption {
            let mut p = self.placement_of(if with_carers { PlacementType::A5 } else { PlacementType::A6 });
            if with_carers {
                p.carer = current.carer.clone();
            }
            changes.entry(placed).or_default().placement = Some((p, ReasonPlaceChange::Carpl));
        }
        self.recode(&mut changes, &first, start, end);
        // A special guardianship or arrangements order to former foster carers needs foster carers.
        if !current.kind.is_foster() {
            reason = match reason {
                ReasonEpisodeCeased::E45 => ReasonEpisodeCeased::E47,
                ReasonEpisodeCeased::E46 => ReasonEpisodeCeased::E48,
                r => r,
            };
        }

        // Where the child lived, placement by placement, for deprivation of liberty orders.
        let mut stays = vec![(start, first.kind)];
        stays.extend(
            changes
                .range(start + Duration::days(1)..end)
                .filter_map(|(d, c)| c.placement.as_ref().map(|(p, _)| (*d, p.kind))),
        );

        // Record the period.
        let previous_permanence = Some(PreviousPermanenceRecord { kind: PreviousPermanence::Z1, la: None, date: None });
        let first_kind = first.kind;
        self.push(
            start,
            Who::Allocated,
            ChildEvent::CareStarted { date: start, legal_status: legal0, need, placement: first, previous_permanence },
        );
        self.plans(start, first_kind, true);
        if uasc {
            self.push(start, Who::Allocated, ChildEvent::UascStarted { date: start });
            // Status ends at 18, or when an age assessment finds the young person an adult.
            let ends = if reason == ReasonEpisodeCeased::E15 { end } else { eighteen };
            if let Some(d) = self.ok(ends) {
                self.push(d, Who::Allocated, ChildEvent::UascEnded { date: d });
            }
            self.uasc = false;
            self.gone |= reason == ReasonEpisodeCeased::E15;
        }
        let mut current = legal0;
        for (d, ch) in changes.range(start + Duration::days(1)..end) {
            if *d > self.ctx.as_of {
                break;
            }
            let legal = ch.legal.filter(|l| *l != current);
            let event = match (legal, ch.placement.clone()) {
                (Some(ls), None) => ChildEvent::LegalStatusChanged { date: *d, legal_status: ls },
                (None, Some((placement, reason))) => ChildEvent::PlacementChanged { date: *d, placement, reason },
                (Some(ls), Some((placement, reason))) => {
                    ChildEvent::LegalStatusAndPlacementChanged { date: *d, legal_status: ls, placement, reason }
                }
                (None, None) => continue,
            };
            current = legal.unwrap_or(current);
            let placed = ch.placement.as_ref().map(|(p, _)| p.kind);
            self.push(*d, Who::Allocated, event);
            if let Some(kind) = placed {
                self.plans(*d, kind, false);
            }
        }
        self.dolos(&stays, end);
        if !self.disabled {
            let cic = self.ctx.roster.in_care;
            let d = start + self.days(15, 60);
            if d < end && d <= self.ctx.as_of {
                self.allocate(d, cic, Some(SocialWorkerChangeReason::Tsproc));
            }
        }
        if let Some(a) = &adoption {
            self.adoption_steps(a, end, with_carers);
        }
        self.lac_reviews(start, end, adoption.is_some());
        self.visits(start, end, 25);
        self.health(start, end);
        self.education(start, end);
        self.missing(start, end);
        self.pathway_plans(start, end);
        if self.rng.chance(0.04) {
            let d = start + self.days(20, 300).min(end - start);
            self.complaint(d);
        }
        if self.female && age >= 14 && self.rng.chance(0.04) {
            let d = self.birthday(16) + self.days(0, 600);
            if d < end && d <= self.ctx.as_of {
                self.push(d, Who::Allocated, ChildEvent::BecameMother { child_dob: d });
            }
        }
        if !case.assessed {
            // An emergency or an unaccompanied child's arrival: the assessment runs alongside.
            let a_start = case.last;
            let a = self.start_assessment(case, a_start);
            let auth = self.wd_in(a_start, 10, 50).min(end);
            let auth = self.ok(auth)?;
            self.authorise(case, a, a_start, auth, AssessmentOutcome::LookedAfter);
        }

        let end = self.ok(end)?;
        if reason == ReasonEpisodeCeased::E2 {
            self.push(end, Who::Allocated, ChildEvent::Died { date: end });
            self.died = true;
        }
        self.push(end, Who::Allocated, ChildEvent::CareEnded { date: end, reason });
        self.last_care_end = Some(end);
        self.gone |= matches!(reason, ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12);
        case.touch(end);
        use ReasonEpisodeCeased::*;
        Some(match reason {
            E11 | E12 => Phase::Close(end, ReasonForClosure::RC1),
            E45 | E46 | E47 | E48 => Phase::Close(end, ReasonForClosure::RC4),
            E41 => Phase::Close(end, ReasonForClosure::RC3),
            E2 => Phase::Close(end, ReasonForClosure::RC2),
            E3 => Phase::Close(end, ReasonForClosure::RC5),
            E4A | E4B if self.rng.chance(0.45) => Phase::Cin(end + self.days(0, 7)),
            E4A | E4B => Phase::Close(end + self.days(0, 10), ReasonForClosure::RC7),
            _ => {
                let fourteen = self.birthday(14);
                let in_care_since_14 = (end - start.max(fourteen)).num_days();
                if self.age(end) >= 16 && in_care_since_14 >= 91 {
                    self.leaving_care(end, reason);
                }
                Phase::Close(end, if reason == E7 { ReasonForClosure::RC6 } else { ReasonForClosure::RC7 })
            }
        })
    }

    /// A placement in a withdrawn code on [`recode_day`] is recorded again under its 2025-26 code
    /// from that day, at the same address (a registered setting gains its URN).
    fn recode(
        &mut self,
        changes: &mut BTreeMap<NaiveDate, Change>,
        first: &Placement,
        start: NaiveDate,
        end: NaiveDate,
    ) {
        let day = recode_day();
        if start >= day || end <= day {
            return;
        }
        let before = changes.range(..=day).rev().find_map(|(d, c)| c.placement.as_ref().map(|(p, _)| (*d, p)));
        let (since, old) = before.unwrap_or((start, first));
        let Some(kind) = recoded(old.kind).filter(|_| since < day) else { return };
        let mut p = self.placement_of(kind);
        p.postcode = old.postcode.clone();
        if p.urn.is_none() {
            p.carer = old.carer.clone();
        }
        changes.entry(day).or_default().placement = Some((p, ReasonPlaceChange::Place));
    }

    /// The adoption's decisions and match; `foster_carers`: the child's foster carers adopt (A5).
    fn adoption_steps(&mut self, a: &AdoptionPlan, end: NaiveDate, foster_carers: bool) {
        if a.decision > self.ctx.as_of {
            return;
        }
        self.panel(a.decision, Panel::Permanence, "Plan for adoption agreed; referral to the agency decision maker.");
        self.push(a.decision, Who::Allocated, ChildEvent::AdoptionDecision { date: a.decision });
        if a.panel <= self.ctx.as_of {
            self.push(a.panel, Who::Allocated, ChildEvent::AdoptionPanel { date: a.panel });
        }
        if let Some(m) = a.matched.filter(|m| *m <= self.ctx.as_of && *m < end) {
            let couple = self.rng.chance(0.8);
            use AdopterLegalStatus::*;
            let (sex, legal_status) = if !couple {
                (if self.rng.chance(0.9) { AdopterSex::F1 } else { AdopterSex::M1 }, L0)
            } else if self.rng.chance(0.85) {
                (AdopterSex::MF, self.rng.weighted(&[(L11, 80), (L3, 20)]))
            } else {
                let sex = if self.rng.chance(0.55) { AdopterSex::FF } else { AdopterSex::MM };
                (sex, self.rng.weighted(&[(L12, 50), (L2, 30), (L4, 20)]))
            };
            let adopters = Adopters { foster_carers, number: if couple { 2 } else { 1 }, sex, legal_status };
            self.panel(m, Panel::Adoption, "Match recommended; agency decision maker agreed.");
            self.push(m, Who::Allocated, ChildEvent::MatchedWithAdopters { date: m, adopters, household: None, agency: None, panel: None });
        }
        if let Some(r) = a.reversed.filter(|r| *r <= self.ctx.as_of && *r < end) {
            self.push(
                r,
                Who::Allocated,
                ChildEvent::AdoptionDecisionReversed { date: r, reason: ReasonPlacedCeased::RD3 },
            );
        }
    }

    /// LAC reviews: the first within 20 working days, the second within 3 months
    /// of it, then every 6 months; mostly on time. The permanence plan is made by
    /// the second.
    fn lac_reviews(&mut self, start: NaiveDate, end: NaiveDate, adoption: bool) {
        let last = end.min(self.ctx.as_of);
        let first = if self.rng.chance(0.92) { self.wd_in(start, 8, 20) } else { self.wd_in(start, 21, 35) };
        let mut d = first;
        let mut i = 0;
        while d <= last {
            let participation = if self.age(d) < 4 {
                ReviewParticipation::PN0
            } else {
                use ReviewParticipation::*;
                self.rng.weighted(&[(PN1, 40), (PN2, 5), (PN3, 5), (PN4, 10), (PN5, 10), (PN6, 20), (PN7, 10)])
            };
            self.push(d, Who::Reviewer, ChildEvent::LacReviewHeld { date: d, participation });
            if i == 1 {
                let plan = if adoption {
                    PermanencePlan::Adoption
                } else if self.age(d) >= 16 {
                    self.rng.weighted(&[
                        (PermanencePlan::IndependentLiving, 5),
                        (PermanencePlan::LongTermFostering, 4),
                        (PermanencePlan::ResidentialCare, 1),
                    ])
                } else {
                    self.rng.weighted(&[
                        (PermanencePlan::LongTermFostering, 50),
                        (PermanencePlan::ReturnHome, 25),
                        (PermanencePlan::SpecialGuardianship, 15),
                        (PermanencePlan::ResidentialCare, 10),
                    ])
                };
                self.push(d, Who::Reviewer, ChildEvent::PermanencePlanMade { date: d, plan });
            }
            let due = self.cal().due_after_months(d, if i == 0 { 3 } else { 6 });
            d = if self.rng.chance(0.93) { self.wd_in(due, -10, -0) } else { due + self.days(1, 30) };
            i += 1;
        }
    }

    /// Health assessments (6-monthly under 5, else yearly), dental checks, SDQs
    /// for 4 to 17-year-olds, and the year's health outcomes at 31 March.
    fn health(&mut self, start: NaiveDate, end: NaiveDate) {
        let last = end.min(self.ctx.as_of);
        let mut d = if self.rng.chance(0.7) { self.wd_in(start, 5, 20) } else { self.wd_in(start, 21, 60) };
        while d <= last {
            if !self.rng.chance(0.05) {
                self.push(d, Who::Allocated, ChildEvent::HealthAssessment { date: d });
            }
            let months = if self.age(d) < 5 { 6 } else { 12 };
            d = Self::months(d, months) - self.days(0, 30)
                + if self.rng.chance(0.1) { self.days(10, 60) } else { Duration::zero() };
        }
        let mut d = start + self.days(30, 150);
        while d <= last {
            if self.age(d) >= 1 && self.rng.chance(0.86) {
                self.push(d, Who::Allocated, ChildEvent::DentalCheck { date: d });
            }
            d = Self::months(d, 12) - self.days(0, 40)
                + if self.rng.chance(0.12) { self.days(10, 90) } else { Duration::zero() };
        }
        let mut d = start + self.days(120, 360);
        while d <= last {
            if self.age(d) == 3 {
                // Turning 4 before the next one: recorded as under 4 at this assessment (SDQ1).
                self.push(d, Who::Allocated, ChildEvent::Sdq { date: d, score: None, reason: Some(SdqReason::SDQ1) });
            } else if (4..=17).contains(&self.age(d)) {
                let (score, reason) = if self.rng.chance(0.88) {
                    let s: f64 = (0..4).map(|_| self.rng.gen_range(0.0..8.0)).sum();
                    (Some(s.round().clamp(0.0, 40.0) as u8), None)
                } else {
                    let r = if self.disabled {
                        SdqReason::SDQ3
                    } else {
                        self.rng.weighted(&[(SdqReason::SDQ2, 3), (SdqReason::SDQ4, 4), (SdqReason::SDQ5, 3)])
                    };
                    (None, Some(r))
                };
                self.push(d, Who::Allocated, ChildEvent::Sdq { date: d, score, reason });
            }
            d = Self::months(d, 12);
        }
        // Continuously looked after for 12 months at a 31 March (a start on 1 April counts).
        let mut y = Self::year_end(Self::months(start, 12) - Duration::days(1));
        while y <= last {
            // Recorded some weeks before 31 March, so that the record holds them on the day.
            let recorded = y - self.days(30, 60);
            let older = self.age(y) >= 10;
            let substance = older && self.rng.chance(0.05);
            let outcomes = HealthOutcomes {
                immunisations_up_to_date: self.rng.chance(0.88),
                substance_misuse: substance,
                intervention_received: substance.then(|| self.rng.chance(0.6)),
                intervention_offered: substance.then_some(true),
                convicted: older && self.rng.chance(0.03),
                ..Default::default()
            };
            self.push(recorded, Who::Allocated, ChildEvent::HealthOutcomesRecorded { date: recorded, outcomes });
            y = Self::months(y, 12);
        }
    }

    /// Missing and absent episodes of some older children, with return interviews.
    fn missing(&mut self, start: NaiveDate, end: NaiveDate) {
        if self.age(start) < 11 || !self.rng.chance(0.45) {
            return;
        }
        let per_year = self.rng.gen_range(1.0..12.0);
        let gap = 365.0 / per_year;
        let mut d = start + Duration::days(1 + self.rng.exp_days(gap));
        while d < end && d <= self.ctx.as_of {
            let m = {
                self.n.missing += 1;
                self.n.missing
            };
            let at = d.and_time(
                NaiveTime::from_hms_opt(self.rng.gen_range(15..24), self.rng.gen_range(0..60), 0).expect("valid time"),
            );
            let kind = if self.rng.chance(0.8) { MissingType::Missing } else { MissingType::Absent };
            self.push_at(at, Who::Allocated, ChildEvent::MissingStarted { episode: m, at, kind });
            let back = at + Duration::minutes(60 + self.rng.exp_days(900.0));
            if back.date() > self.ctx.as_of {
                return;
            }
            self.push_at(back, Who::Allocated, ChildEvent::MissingEnded { episode: m, at: back });
            if self.rng.chance(0.9) {
                let hours =
                    if self.rng.chance(0.8) { self.rng.gen_range(2..=72) } else { self.rng.gen_range(73..=160) };
                let offered: NaiveDateTime = back + Duration::hours(hours);
                if offered.date() <= self.ctx.as_of {
                    let accepted = self.rng.chance(0.6);
                    self.push_at(
                        offered,
                        Who::Allocated,
                        ChildEvent::ReturnInterview { episode: m, offered_at: offered, accepted },
                    );
                }
            }
            d = back.date() + Duration::days(1 + self.rng.exp_days(gap));
        }
    }

    /// A few children in children's homes, some unregistered, are deprived of
    /// their liberty by the High Court: an order for part of the placement.
    fn dolos(&mut self, stays: &[(NaiveDate, PlacementType)], end: NaiveDate) {
        use PlacementType::*;
        for (i, (from, kind)) in stays.iter().enumerate() {
            let until = stays.get(i + 1).map_or(end, |s| s.0);
            if !matches!(kind, K2 | Z12 | Z13) || self.age(*from) < 10 || !self.rng.chance(0.08) {
                continue;
            }
            let start = *from + self.days(5, 30);
            let stop = (start + self.days(60, 300)).min(until - Duration::days(1));
            if start >= stop || start > self.ctx.as_of {
                continue;
            }
            self.push(start, Who::Allocated, ChildEvent::DoloStarted { date: start });
            if stop <= self.ctx.as_of {
                self.push(stop, Who::Allocated, ChildEvent::DoloEnded { date: stop });
            }
        }
    }

    /// Pathway plan reviews every 6 months from the 16th birthday while in care.
    fn pathway_plans(&mut self, start: NaiveDate, end: NaiveDate) {
        let mut d = start.max(self.birthday(16)) + self.days(0, 40);
        while d < end && d <= self.ctx.as_of {
            self.push(d, Who::Allocated, ChildEvent::PathwayPlanReviewed { date: d });
            d = Self::months(d, 6) - self.days(0, 20);
        }
    }

    /// A care leaver: a personal adviser, contacts about activity and
    /// accommodation, and pathway plan reviews, to 21 (some to 23).
    fn leaving_care(&mut self, left: NaiveDate, reason: ReasonEpisodeCeased) {
        let leavers = self.ctx.roster.leavers;
        self.allocate(left, leavers, Some(SocialWorkerChangeReason::Chchan));
        let years = if self.rng.chance(0.2) { 23 } else { 21 };
        let until = self.birthday(years).min(self.ctx.as_of);
        let staying_put = matches!(reason, ReasonEpisodeCeased::E17 | ReasonEpisodeCeased::E13);
        let mut d = left + self.days(20, 90);
        let mut plan = left + self.days(60, 180);
        while d <= until {
            while plan <= d && plan <= self.birthday(21) {
                self.push(plan, Who::Allocated, ChildEvent::PathwayPlanReviewed { date: plan });
                plan = Self::months(plan, 6) - self.days(0, 20);
            }
            use InTouch::*;
            let in_touch = self.rng.weighted(&[(Yes, 88), (No, 5), (Refused, 3), (NotRequired, 4)]);
            let (activity, accommodation) = if in_touch == Yes {
                let adult = self.age(d) >= 18;
                use Activity::*;
                let activity = if adult {
                    self.rng.weighted(&[
                        (F1, 8),
                        (P1, 2),
                        (F2, 20),
                        (F4, 20),
                        (P4, 8),
                        (F5, 5),
                        (G5, 25),
                        (G6, 7),
                        (G4, 5),
                    ])
                } else {
                    self.rng.weighted(&[(F2, 55), (P2, 5), (F4, 8), (F5, 5), (G5, 20), (G6, 2), (G4, 5)])
                };
                let accommodation = if staying_put && d < left + Duration::days(365) {
                    Accommodation::Z1
                } else {
                    use Accommodation as A;
                    self.rng.weighted(&[
                        (A::D1, 20),
                        (A::U1, 22),
                        (A::E1, 8),
                        (A::B1, 10),
                        (A::K1, 6),
                        (A::T1, 4),
                        (A::C1, 2),
                        (A::Y1, 6),
                        (A::S2, 2),
                        (A::V2, 2),
                        (A::X2, 2),
                        (A::W2, 1),
                        (A::R2, 1),
                        (A::B2, 2),
                        (A::U2, 3),
                    ])
                };
                (Some(activity), Some(accommodation))
            } else {
                (Some(Activity::Zero), Some(Accommodation::Zero))
            };
            self.push(d, Who::Allocated, ChildEvent::CareLeaverContact { date: d, in_touch, activity, accommodation });
            if in_touch == NotRequired {
                break;
            }
            d += self.days(50, 110);
        }
    }

    /// Short breaks for a disabled child (V3, or V4 across several settings),
    /// each stay a short period of care, between `from` and `to`.
    pub(crate) fn short_breaks(&mut self, from: NaiveDate, to: NaiveDate) {
        let legal = if self.rng.chance(0.8) { LegalStatus::V3 } else { LegalStatus::V4 };
        let mut d = from + self.days(14, 60);
        let mut first = true;
        for _ in 0..self.rng.gen_range(1..=4) {
            if d >= to || d > self.ctx.as_of {
                break;
            }
            if self.last_care_end.is_some_and(|e| e >= d) {
                break;
            }
            if first {
                self.panel(d, Panel::ShortBreaks, "Short breaks agreed: overnight stays at a local unit.");
                first = false;
            }
            let kind = if self.rng.chance(0.7) { PlacementType::K2 } else { PlacementType::U6 };
            let placement = self.placement_of(kind);
            self.push(
                d,
                Who::Allocated,
                ChildEvent::CareStarted {
                    date: d,
                    legal_status: legal,
                    need: CategoryOfNeed::N2,
                    placement,
                    previous_permanence: Some(PreviousPermanenceRecord {
                        kind: PreviousPermanence::Z1,
                        la: None,
                        date: None,
                    }),
                },
            );
            let back = d + self.days(1, 3);
            if back > self.ctx.as_of {
                return;
            }
            self.push(back, Who::Allocated, ChildEvent::CareEnded { date: back, reason: ReasonEpisodeCeased::E8 });
            self.last_care_end = Some(back);
            d = back + self.days(20, 60);
        }
    }
}

/// The Ofsted URN of the fostering service a foster carer is approved by: the authority's own, or
/// (an independent agency's carers) one of a few agencies, chosen from the carer's number so that
/// the random stream, and so every other generated fact, is as before.
fn fostering_service_urn(provider: Option<PlacementProvider>, carer: &str) -> String {
    match provider {
        Some(PlacementProvider::PR4) => format!("SC{:06}", 480_001 + carer.bytes().map(u32::from).sum::<u32>() % 9),
        _ => crate::FOSTERING_URN.to_string(),
    }
}
