//! Hand-built journeys: a small builder over the domain's events, so each test
//! states the facts that matter and nothing else. Every event goes through the
//! domain's invariants (a journey the domain would refuse fails the test).

#![allow(dead_code)] // each test file uses part of the builder

use carefile_domain::codes::*;
use carefile_domain::ids::{ChildId, TeamId, WorkerId};
use carefile_domain::journey::*;
use carefile_domain::org::{OrgEvent, Organisation, Service, StaffRole};
use carefile_indicators::{Comparators, Config, Dashboard, Filter, Period, Value, compute};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn at(s: &str) -> NaiveDateTime {
    d(s).and_time(NaiveTime::from_hms_opt(10, 0, 0).expect("valid time"))
}

pub fn p(s: &str) -> Period {
    s.parse().unwrap_or_else(|e| panic!("{e}"))
}

pub struct Kid {
    id: ChildId,
    events: Vec<ChildEvent>,
}

pub fn placement(kind: PlacementType, carer: &str) -> Placement {
    Placement { kind, provider: Some(PlacementProvider::PR1), postcode: None, urn: None, carer: Some(carer.into()), household: None }
}

impl Kid {
    pub fn new(id: &str, dob: &str) -> Kid {
        let details =
            ChildDetails { forename: "A".into(), surname: "Child".into(), dob: Some(d(dob)), ..Default::default() };
        Kid { id: ChildId::new(id).expect("valid id"), events: vec![ChildEvent::Registered { details }] }
    }

    pub fn ev(mut self, e: ChildEvent) -> Kid {
        self.events.push(e);
        self
    }

    pub fn contact(self, no: u32, date: &str) -> Kid {
        self.ev(ChildEvent::ContactReceived { contact: no, at: at(date), source: ReferralSource::Police })
    }

    pub fn contact_decided(self, no: u32, date: &str, outcome: ContactOutcome) -> Kid {
        self.ev(ChildEvent::ContactDecided { contact: no, at: at(date), outcome })
    }

    pub fn referral_with(self, no: u32, date: &str, contact: Option<u32>, exploitation: Vec<Exploitation>) -> Kid {
        self.ev(ChildEvent::ReferralReceived {
            referral: no,
            at: at(date),
            source: ReferralSource::Police,
            contact,
            exploitation,
        })
    }

    pub fn referral(self, no: u32, date: &str) -> Kid {
        self.referral_with(no, date, None, vec![])
    }

    pub fn close(self, referral: u32, date: &str) -> Kid {
        self.ev(ChildEvent::CaseClosed { referral, date: d(date), reason: ReasonForClosure::RC7 })
    }

    pub fn assessment(self, referral: u32, no: u32, start: &str, authorised: &str) -> Kid {
        self.ev(ChildEvent::AssessmentStarted { referral, assessment: no, date: d(start) }).ev(
            ChildEvent::AssessmentAuthorised {
                assessment: no,
                date: d(authorised),
                completed: None,
                factors: vec![AssessmentFactor::F21],
                outcome: AssessmentOutcome::ChildInNeedPlan,
            },
        )
    }

    /// A strategy discussion, S47 and ICPC on the same referral.
    pub fn s47_route(self, referral: u32, no: u32, discussion: &str, s47: &str, icpc: &str) -> Kid {
        self.ev(ChildEvent::StrategyDiscussionHeld { referral, discussion: no, at: at(discussion), s47: true })
            .ev(ChildEvent::S47Started { referral, s47: no, date: d(s47), discussion: Some(no) })
            .ev(ChildEvent::S47Concluded { s47: no, date: d(icpc), icpc_required: true })
            .ev(ChildEvent::IcpcHeld { referral, s47: Some(no), date: d(icpc), plan: true })
    }

    /// A CP plan from a conference on `start` (transferred in, so no S47 is needed).
    pub fn cp_plan(self, referral: u32, no: u32, start: &str) -> Kid {
        self.ev(ChildEvent::CpPlanStarted {
            referral,
            plan: no,
            date: d(start),
            category: CategoryOfAbuse::Neglect,
            transfer_in: true,
            previous_plans: None,
        })
    }

    pub fn cp_review(self, plan: u32, date: &str) -> Kid {
        self.ev(ChildEvent::CpReviewHeld { plan, date: d(date) })
    }

    pub fn cp_end(self, plan: u32, date: &str) -> Kid {
        self.ev(ChildEvent::CpPlanEnded { plan, date: d(date) })
    }

    pub fn care(self, date: &str, kind: PlacementType) -> Kid {
        self.ev(ChildEvent::CareStarted {
            date: d(date),
            legal_status: LegalStatus::C2,
            need: CategoryOfNeed::N1,
            placement: placement(kind, "carer-1"),
            previous_permanence: None,
        })
    }

    pub fn move_to(self, date: &str, kind: PlacementType, carer: &str) -> Kid {
        self.ev(ChildEvent::PlacementChanged {
            date: d(date),
            placement: placement(kind, carer),
            reason: ReasonPlaceChange::Carpl,
        })
    }

    pub fn legal(self, date: &str, legal_status: LegalStatus) -> Kid {
        self.ev(ChildEvent::LegalStatusChanged { date: d(date), legal_status })
    }

    pub fn care_end(self, date: &str) -> Kid {
        self.ev(ChildEvent::CareEnded { date: d(date), reason: ReasonEpisodeCeased::E8 })
    }

    /// Care ends with an adoption order.
    pub fn adopted(self, date: &str) -> Kid {
        self.ev(ChildEvent::CareEnded { date: d(date), reason: ReasonEpisodeCeased::E11 })
    }

    pub fn allocate(self, date: &str, worker: &str, team: &str) -> Kid {
        self.ev(ChildEvent::WorkerAllocated {
            date: d(date),
            worker: WorkerId::new(worker).expect("valid id"),
            team: TeamId::new(team).expect("valid id"),
            reason: None,
        })
    }

    pub fn deallocate(self, date: &str) -> Kid {
        self.ev(ChildEvent::WorkerDeallocated { date: d(date) })
    }

    pub fn leaver_contact(self, date: &str, activity: Activity, accommodation: Accommodation) -> Kid {
        self.ev(ChildEvent::CareLeaverContact {
            date: d(date),
            in_touch: InTouch::Yes,
            activity: Some(activity),
            accommodation: Some(accommodation),
        })
    }

    pub fn build(self) -> ChildRecord {
        let log: Vec<(u64, ChildEvent)> = self.events.into_iter().enumerate().map(|(i, e)| (i as u64 + 1, e)).collect();
        ChildRecord::replay(&self.id, &log).unwrap_or_else(|e| panic!("hand-built journey refused: {e}"))
    }
}

/// Teams N1 (locality North), S1 (locality South), FR (First Response), CIC
/// (Children in Care); one social worker in each locality team, two in CIC.
pub fn org() -> Organisation {
    let mut o = Organisation::default();
    let date = d("2010-01-01");
    let teams = [
        ("N1", Service::Locality, Some("North")),
        ("S1", Service::Locality, Some("South")),
        ("FR", Service::FirstResponse, None),
        ("CIC", Service::ChildrenInCare, None),
    ];
    for (id, service, locality) in teams {
        let team = TeamId::new(id).expect("valid id");
        o.apply(&OrgEvent::TeamFormed { team, name: id.into(), service, locality: locality.map(str::to_string), date })
            .expect("valid team");
    }
    for (w, team) in [("W1", "N1"), ("W2", "S1"), ("W3", "CIC"), ("W4", "CIC")] {
        o.apply(&OrgEvent::StaffJoined {
            worker: WorkerId::new(w).expect("valid id"),
            name: w.into(),
            team: TeamId::new(team).expect("valid id"),
            role: StaffRole::SocialWorker,
            fte: 1.0,
            agency: false,
            date,
        })
        .expect("valid staff");
    }
    o
}

pub fn dashboard(records: &[ChildRecord], period: &str, filter: &Filter, comparators: &Comparators) -> Dashboard {
    compute(records, &org(), &p(period), filter, comparators, &Config::default()).expect("computes")
}

/// The value of indicator `id` on the whole-authority dashboard.
pub fn value(records: &[ChildRecord], id: &str, period: &str) -> Value {
    let dash = dashboard(records, period, &Filter::default(), &Comparators::default());
    let r = dash.result(id).unwrap_or_else(|| panic!("no indicator {id}"));
    *r.figure.value().unwrap_or_else(|| panic!("{id} not available: {:?}", r.figure))
}

/// (numerator, denominator) of indicator `id`.
pub fn parts(records: &[ChildRecord], id: &str, period: &str) -> (u64, Option<u64>) {
    let v = value(records, id, period);
    (v.numerator, v.denominator)
}

/// A generated authority's records and organisation, as of `as_of`. A child the
/// domain refuses is left out, as the store would refuse it (the generator's own
/// tests hold it to the invariants); how many is printed.
pub fn generated(seed: u64, scale: carefile_synth::Scale, as_of: &str) -> (Vec<ChildRecord>, Organisation) {
    let a = carefile_synth::generate(&carefile_synth::Options { seed, scale, as_of: d(as_of) });
    let mut org = Organisation::default();
    for (_, e) in &a.org {
        org.apply(e).unwrap_or_else(|err| panic!("generated organisation refused: {err}"));
    }
    let records: Vec<ChildRecord> = a
        .children
        .iter()
        .filter_map(|c| {
            let log: Vec<(u64, ChildEvent)> =
                c.events.iter().enumerate().map(|(i, (_, e))| (i as u64 + 1, e.clone())).collect();
            ChildRecord::replay(&c.id, &log).ok()
        })
        .collect();
    let refused = a.children.len() - records.len();
    if refused > 0 {
        eprintln!("seed {seed}: {refused} generated children refused by the domain's invariants, left out");
    }
    (records, org)
}

/// The drill-down of indicator `id` for `period` and `filter`.
pub fn explained(records: &[ChildRecord], id: &str, period: &str, filter: &Filter) -> carefile_indicators::Explanation {
    carefile_indicators::explain(records, &org(), id, &p(period), filter, &Comparators::default(), &Config::default())
        .expect("explains")
}
