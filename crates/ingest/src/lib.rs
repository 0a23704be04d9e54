//! Builds children's journeys from an authority's existing returns, for an authority whose case
//! records are kept elsewhere: SSDA903 returns (CSV or XML, any number of years) and CIN censuses
//! become [`ChildEvent`](carefile_domain::ChildEvent)s in the store, so every report works from them.
//!
//! ```text
//! let mut imp = Importer::default();
//! imp.add_ssda903(&carefile_ssda903::load(&this, &previous)?, year, "returns/2026", "returns/2025");
//! imp.add_cin(&carefile_cin::read(&bytes, year)?.census, "cin-2026.xml");
//! let outcome = write(&mut *store, imp.build(), now, Some((authority, year.start())), &mut |_| {})?;
//! ```
//!
//! # How it works
//! 1. Every row is read into facts per child ([`facts`]), each remembering its file, table and
//!    row. The same child is the same `CHILD` / `LAchildID` in every return. A fact repeated between
//!    returns is merged once: an SSDA903 episode by its DECOM (open at one year's end, ended in the
//!    next), a CIN episode by its referral date (and within it assessments, S47s and plans by their
//!    start). A blank end in one return and a date in another is the same fact; any other
//!    difference (a date of birth, an episode's legal status, an end date) is a contradiction.
//! 2. Each child's facts become events in date order, and the whole log is replayed through the
//!    domain's invariants (`ChildRecord::apply`). A child with a contradiction, an unreadable value
//!    or a refused event is skipped and reported with the file, table, row and reason; the other
//!    children still import.
//! 3. An empty database is bulk loaded. Into a database that already holds children, a new child is
//!    appended; for a child already there, only the events its log does not hold are appended (after
//!    checking them against the stored record; a contradiction skips the child). So **importing the
//!    same file again changes nothing** (the children are counted as unchanged), and next year's
//!    return adds only what is new (an episode's end, new episodes, a new census's reviews). What
//!    the import infers and a later return may read differently (an assessment's outcome, a plan's
//!    conference, the date a category changed) keeps its first reading.
//!
//! Every event is recorded by `import`, its reason naming the source (`imported from
//! returns/2026, Episodes row 12`). Item numbers (referral, plan, assessment…) are made from the
//! item's date (`yyyymmdd` and a digit), so the same fact gets the same number on every import.
//!
//! # Facts that began before a return's period
//! They are recorded with their own dates where the return gives them (a referral, S47, plan or
//! episode that started before 1 April), with their origin outside the return where it does not:
//! - a CP plan with no initial conference in the returns is recorded as **transferred in**
//!   (`transfer_in`), the domain's allowed antecedent for a plan with no conference here;
//! - a period of care whose first known episode is not a start (RNE other than S) began before the
//!   returns given: it is recorded as starting on that episode's DECOM (the record's care start is
//!   the first day the returns show; the event's reason names the row). Give the earlier years'
//!   returns (`--previous`, or another import) to recover the true start.
//!
//! # What each field becomes
//! SSDA903:
//! | return | record |
//! |---|---|
//! | Header SEX, DOB, ETHNIC, UPN (or UN1–UN7) | `Registered` details (names are never in a return: left blank) |
//! | Header MOTHER / MC_DOB | `BecameMother { child_dob: MC_DOB }` |
//! | Episodes, first of a period (RNE S, or after an episode that ended other than X1) | `CareStarted` (LS, CIN, PLACE, PLACE_PROVIDER, PL_POST, URN but XXXXXXX) |
//! | Episodes after one that ended X1 on their DECOM | `LegalStatusChanged`, `PlacementChanged` or `LegalStatusAndPlacementChanged` (from what differs), the earlier episode's REASON_PLACE_CHANGE (OTHER when blank, as for temporary placements) |
//! | Episodes DEC/REC other than X1 | `CareEnded` |
//! | Episodes HOME_POST | details' home postcode (the latest) |
//! | Reviews REVIEW, REVIEW_CODE | `LacReviewHeld` |
//! | UASC DUC (or the XML's UASC flag, 1) | `UascStarted` on the first day of care known, `UascEnded` on DUC when it is within the return's period (a later DUC is the 18th birthday still to come) |
//! | PrevPerm | the `previous_permanence` of the period of care starting in that year (DATE_PERM only when a whole date) |
//! | PlacedAdoption DATE_PLACED, DATE_PLACED_CEASED, REASON_PLACED_CEASED | `AdoptionDecision`, `AdoptionDecisionReversed` |
//! | AD1 DATE_INT, DATE_MATCH, adopters | `AdoptionDecision` (merged with the above), `MatchedWithAdopters` |
//! | Missing | `MissingStarted` / `MissingEnded` at midnight of the dates |
//! | DoLo | `DoloStarted` / `DoloEnded` |
//! | OC3 IN_TOUCH, ACTIV, ACCOM | `CareLeaverContact` dated on the 17th–21st birthday the row is about |
//!
//! CIN census:
//! | return | record |
//! |---|---|
//! | ChildIdentifiers, ChildCharacteristics, Disabilities | `Registered` details; PersonDeathDate → `Died` |
//! | CINdetails CINreferralDate, ReferralSource | `ReferralReceived` at midnight (the time is not in the census) |
//! | PrimaryNeedCode | `PrimaryNeedRecorded`; ReferralNFA 1 → `ReferralDecided` no further action |
//! | CINclosureDate, ReasonForClosure | `CaseClosed` |
//! | Assessments | `AssessmentStarted`, `AssessmentAuthorised` (internal review date as completed, factors); the outcome is not in the census and is read from what followed: an S47 → strategy discussion, a CIN plan → CIN plan, factor 21 or a closed case → no further action, else the existing plan continues |
//! | Section47 | `S47Started`; its DateOfInitialCPC → `IcpcHeld`; ICPCnotRequired → `S47Concluded` (no conference), the census having no date for it, dated on the last day the censuses show the enquiry open (its start, or the first day of the last census listing it) |
//! | CINdetails DateOfInitialCPC | `IcpcHeld` with no S47 |
//! | CINPlanDates | `CinPlanStarted` / `CinPlanEnded` |
//! | ChildProtectionPlans | `CpPlanStarted` (initial category; a conference that decided on it, else transferred in), `CpReviewHeld` per review, `CpCategoryChanged` to the latest category dated on the plan's end or the census's last day, `CpPlanEnded` |
//!
//! # What the returns cannot carry
//! An imported record never holds these event kinds, so indicators built on them are not
//! available for it: `contact_received`, `contact_decided`, `early_help_*`, `referral_decided`
//! (other than no further action: the 24-hour decision), `strategy_discussion_held`,
//! `s47_concluded` with a conference required, `visited`, `pre_proceedings_*`, `care_proceedings_*`,
//! `permanence_plan_made`,
//! `return_interview`, `health_assessment`, `dental_check`, `sdq`, `health_outcomes_recorded`
//! (OC2 reports the year's checks without dates), `adoption_panel`, `pathway_plan_reviewed`,
//! `worker_allocated` / `worker_deallocated` (SW episodes name a Social Work England number, not
//! a worker and team of this database), `management_oversight`, `panel_decision`, complaints and
//! EHC events, `details_amended` (only on re-import), `corrections`. Also lost: names, the time of
//! day of referrals and missing episodes, carers (so RNE T/U become P/B when the return is made
//! again), a change of category of need within a period of care, NumberOfPreviousCPP, and the
//! episodes of a period of care before the earliest return given.

pub mod build;
mod cin;
pub mod facts;
mod ssda903;
mod write;

pub use build::Sourced;
pub use write::{Outcome, WriteError, write};

use carefile_domain::{ChildId, CollectionYear};
use facts::{ChildFacts, Origin};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Every child's facts, by the child's ID as written in the returns.
#[derive(Default)]
pub struct Facts {
    children: BTreeMap<String, ChildFacts>,
}

impl Facts {
    /// The facts of `id`, first seen at `at`.
    fn child(&mut self, id: &str, at: &Origin) -> &mut ChildFacts {
        let c = self.children.entry(id.to_string()).or_default();
        c.seen(at);
        c
    }
}

/// A child that is not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub child: String,
    /// Each names the file, table and row.
    pub reasons: Vec<String>,
    /// The events it would have had (0 when its facts could not be read or merged).
    pub events: u64,
}

/// The journeys to write, and the children that cannot be imported.
#[derive(Debug, Default)]
pub struct Plan {
    pub children: Vec<(ChildId, Vec<Sourced>)>,
    pub skipped: Vec<Skipped>,
    /// Facts of imported children that the record cannot hold: (child, why, naming the row).
    pub notes: Vec<(String, String)>,
}

/// Gathers returns, then builds the journeys.
#[derive(Default)]
pub struct Importer {
    facts: Facts,
}

impl Importer {
    /// Adds an SSDA903 return: `this` year's tables (read from `this_name`) and the previous
    /// year's, if given (from `last_name`).
    pub fn add_ssda903(
        &mut self,
        ret: &carefile_ssda903::Return,
        year: CollectionYear,
        this_name: &str,
        last_name: &str,
    ) {
        let previous = year.previous();
        ssda903::add(&mut self.facts, &ret.last, previous, &Arc::from(last_name));
        ssda903::add(&mut self.facts, &ret.this, year, &Arc::from(this_name));
    }

    /// Adds a CIN census read from `name`.
    pub fn add_cin(&mut self, census: &carefile_cin::Census, name: &str) {
        cin::add(&mut self.facts, census, &Arc::from(name));
    }

    /// Each child's journey, checked by the domain, or why the child is skipped.
    pub fn build(self) -> Plan {
        let mut plan = Plan::default();
        for (id, facts) in self.facts.children {
            let skip =
                |reasons: Vec<String>, events: usize| Skipped { child: id.clone(), reasons, events: events as u64 };
            if !facts.problems.is_empty() {
                plan.skipped.push(skip(facts.problems, 0));
                continue;
            }
            let cid = match ChildId::new(&id) {
                Ok(c) => c,
                Err(e) => {
                    let at = facts.first_seen.map(|o| o.to_string()).unwrap_or_default();
                    plan.skipped.push(skip(vec![format!("{at}: {e}")], 0));
                    continue;
                }
            };
            let mut notes = Vec::new();
            match build::journey(&cid, &facts, &mut notes) {
                Ok(events) => {
                    plan.notes.extend(notes.into_iter().map(|n| (id.clone(), n)));
                    plan.children.push((cid, events));
                }
                Err((why, n)) => plan.skipped.push(skip(vec![why], n)),
            }
        }
        plan
    }
}
