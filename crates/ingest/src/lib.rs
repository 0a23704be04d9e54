//! Builds children's journeys from an authority's existing returns, for an authority whose case
//! records are kept elsewhere: SSDA903 returns (CSV or XML, any number of years) and CIN censuses
//! become [`ChildEvent`](carefile_domain::ChildEvent)s in the store, so every report works from them.
//!
//! ```text
//! let mut imp = Importer::default();
//! imp.add_ssda903(&carefile_ssda903::load(&this, &previous)?, year, "returns/2026", "returns/2025");
//! imp.add_cin(&carefile_cin::read(&bytes, year)?.census, "cin-2026.xml");
//! let plan = imp.build_on(&*store)?;
//! let outcome = write(&mut *store, plan, now, Some((authority, year.start())), &mut |_| {})?;
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
//! 3. What the database already holds counts as history ([`Importer::build_on`]): a care leaver's
//!    care imported from an earlier year lets this year's OC3 rows be recorded. A new child is
//!    appended whole (an empty database is bulk loaded); for a child already there, only the
//!    events its log does not hold are appended (after checking them against the stored record; a
//!    contradiction skips the child). So **importing the same file again changes nothing** (the
//!    children are counted as unchanged), and next year's return adds only what is new (an
//!    episode's end, new episodes, a new census's reviews). What the import infers and a later
//!    return may read differently (an assessment's outcome, a plan's conference, the date a
//!    category changed) keeps its first reading. Years are imported oldest first: a return older
//!    than facts already stored can only add facts dated after them.
//! 4. Every row read is counted once in the [`Summary`], by input and table: recorded, already
//!    held, merged (the same fact as another row, which the record cites, or a row adding nothing),
//!    not recorded (with why), or skipped with its child.
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
//! | Header SEX (M/F/U; 1 male, 2 female in returns before 2024-25), DOB, ETHNIC, UPN (or UN1–UN7) | `Registered` details (names are never in a return: left blank) |
//! | Header MOTHER / MC_DOB | `BecameMother { child_dob: MC_DOB }` |
//! | Episodes, first of a period (RNE S, or after an episode that ended other than X1) | `CareStarted` (LS, CIN, PLACE, PLACE_PROVIDER, PL_POST, URN but XXXXXXX) |
//! | Episodes after one that ended X1 on their DECOM | `LegalStatusChanged`, `PlacementChanged` or `LegalStatusAndPlacementChanged` (from what differs), the earlier episode's REASON_PLACE_CHANGE (OTHER when blank, as for temporary placements); a new anonymous carer where RNE is T or U (back to the earlier one after a temporary placement) |
//! | Episodes DEC/REC other than X1 | `CareEnded` |
//! | Episodes HOME_POST | details' home postcode (the latest) |
//! | Reviews REVIEW, REVIEW_CODE | `LacReviewHeld` |
//! | UASC DUC (or the XML's UASC flag, 1) | `UascStarted` on the first day of care known, `UascEnded` on DUC when it is within the return's period (a later DUC is the 18th birthday still to come) |
//! | PrevPerm | the `previous_permanence` of the period of care starting in that year (DATE_PERM only when a whole date) |
//! | PlacedAdoption DATE_PLACED, DATE_PLACED_CEASED, REASON_PLACED_CEASED | `AdoptionDecision`, `AdoptionDecisionReversed` |
//! | AD1 DATE_INT, DATE_MATCH, adopters | `AdoptionDecision` (merged with the above), `MatchedWithAdopters` |
//! | Missing | `MissingStarted` / `MissingEnded` at midnight of the dates |
//! | DoLo | `DoloStarted` / `DoloEnded` |
//! | OC2 (the year's health of a child looked after 12 months at 31 March) | `HealthOutcomesRecorded` dated 31 March, with the year's health assessment, teeth check, development check (under 5s) and SDQ score or reason as reported (the return does not date them) |
//! | OC3 IN_TOUCH, ACTIV, ACCOM | `CareLeaverContact` dated on the 17th–21st birthday the row is about; IN_TOUCH DIED also `Died`, dated on that birthday (the return gives no date of death) |
//!
//! CIN census:
//! | return | record |
//! |---|---|
//! | ChildIdentifiers, ChildCharacteristics, Disabilities | `Registered` details (Sex, or before 2024-25 GenderCurrent: 1 male, 2 female, 0 and 9 not known); PersonDeathDate → `Died` |
//! | CINdetails CINreferralDate, ReferralSource | `ReferralReceived` at midnight (the time is not in the census) |
//! | PrimaryNeedCode | `PrimaryNeedRecorded`; ReferralNFA 1 → `ReferralDecided` no further action |
//! | CINclosureDate, ReasonForClosure | `CaseClosed` |
//! | Assessments | `AssessmentStarted`, `AssessmentAuthorised` (internal review date as completed, factors); the outcome is not in the census and is read from what followed: an S47 → strategy discussion, a CIN plan → CIN plan, factor 21 or a closed case → no further action, else the existing plan continues |
//! | Section47 | S47ActualStartDate (the date of the strategy discussion that started the enquiry) → `StrategyDiscussionHeld` (deciding on an S47) and `S47Started`; its DateOfInitialCPC → `IcpcHeld`; ICPCnotRequired → `S47Concluded` (no conference), the census having no date for it, dated on the last day the censuses show the enquiry open (its start, or the first day of the last census listing it) |
//! | CINdetails DateOfInitialCPC | `IcpcHeld` with no S47: a conference no enquiry here preceded (a transfer-in conference) |
//! | CINPlanDates | `CinPlanStarted` / `CinPlanEnded` |
//! | ChildProtectionPlans | `CpPlanStarted` (initial category; a conference that decided on it, else transferred in; NumberOfPreviousCPP as its previous plans), `CpReviewHeld` per review, `CpCategoryChanged` to the latest category dated on the plan's end or the census's last day, `CpPlanEnded` |
//!
//! # What the returns cannot carry
//! An imported record never holds these event kinds, so indicators built on them are not
//! available for it: `contact_received`, `contact_decided`, `early_help_*`, `referral_decided`
//! (other than no further action: the 24-hour decision), `strategy_discussion_held` (other than the
//! one that started an S47),
//! `s47_concluded` with a conference required, `visited`, `pre_proceedings_*`, `care_proceedings_*`,
//! `permanence_plan_made`,
//! `return_interview`, `health_assessment`, `dental_check`, `sdq` (OC2 reports the year's checks
//! and score without dates: see above), `adoption_panel`, `pathway_plan_reviewed`,
//! `worker_allocated` / `worker_deallocated` (SW episodes name a Social Work England number, not
//! a worker and team of this database), `management_oversight`, `panel_decision`, complaints and
//! EHC events, `details_amended` (only on re-import), `corrections`. Also lost: names, the time of
//! day of referrals and missing episodes, carers' identities (each placement's carer is an
//! anonymous label, `imported carer 2`, changing where RNE says the carer changed: T or U), a
//! change of category of need within a period of care, and the episodes of a period of
//! care before the earliest return given.

pub mod build;
mod cin;
pub mod facts;
mod history;
mod ssda903;
mod stream;
pub mod summary;
mod write;

pub use build::Sourced;
pub use cin::RowsBefore;
pub use stream::{BATCH_BYTES, CinError, cin_batches};
pub use summary::Summary;
pub use write::{Journaled, Outcome, WriteError, write, write_in_parts, write_journaled};

use carefile_domain::coverage::Coverage;
use carefile_domain::journey::ChildRecord;
use carefile_domain::{ChildId, CollectionYear};
use carefile_store::EventStore;
use facts::{ChildFacts, Origin};
use std::collections::BTreeMap;
use std::sync::Arc;

/// How much of the returns an import reads at a time: one part of the children per this many
/// bytes of input, so a county's returns are one part (read once) and a national set is read
/// part by part, each part's rows, facts and events written before the next is read.
pub const PART_BYTES: u64 = 16 << 20;

/// The parts an import of `input_bytes` of returns is read in, `part_bytes` at a time.
pub fn parts_for(input_bytes: u64, part_bytes: u64) -> u32 {
    u32::try_from(input_bytes.div_ceil(part_bytes.max(1))).unwrap_or(u32::MAX).clamp(1, 10_000)
}

/// The part (of `parts`) child `id` belongs to, by its ID as the facts key it (trimmed, upper
/// case): the same for the child's every row, in every return and every run.
pub fn part_of(id: &str, parts: u32) -> u32 {
    // FNV-1a: stable across runs and builds, unlike the standard library's hasher.
    let h = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    u32::try_from(h % u64::from(parts.max(1))).unwrap_or(0)
}

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
    /// Children new to the database, each with its whole log.
    pub children: Vec<(ChildId, Vec<Sourced>)>,
    /// Children already stored: the version their new facts were checked against, and those facts.
    pub appends: Vec<(ChildId, u64, Vec<Sourced>)>,
    /// Children already stored whose every fact the database holds.
    pub unchanged: u64,
    pub skipped: Vec<Skipped>,
    /// Facts of imported children that the record cannot hold: (child, why, naming the row).
    pub notes: Vec<(String, String)>,
    /// Every row read, by input and table, and what became of it.
    pub summary: Summary,
    /// The period and kinds of fact of each return read, recorded with the import.
    pub coverage: Vec<Coverage>,
    /// The rows of each stored child in `appends`, counted once its new facts are known.
    pending: Vec<summary::Rows>,
}

impl Plan {
    /// A child whose journey is decided: its rows counted, its notes kept (unless skipped).
    fn settle(&mut self, id: &str, rows: summary::Rows, written: Option<&[Sourced]>) {
        self.summary.add(&rows, written.map(|w| w.iter().map(|s| &s.origin)));
        if written.is_some() {
            self.notes.extend(rows.noted.into_iter().map(|(o, why)| (id.to_string(), format!("{o}: {why}"))));
        }
    }
}

/// Gathers returns, then builds the journeys.
#[derive(Default)]
pub struct Importer {
    facts: Facts,
    /// The period and kinds of fact of each return added.
    coverage: Vec<Coverage>,
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
        self.add_ssda903_year(&ret.last, year.previous(), last_name);
        self.add_ssda903_year(&ret.this, year, this_name);
    }

    /// Adds one year's SSDA903 tables, read from `name` (an earlier year's return given on its own).
    pub fn add_ssda903_year(&mut self, tables: &carefile_ssda903::Tables, year: CollectionYear, name: &str) {
        ssda903::add(&mut self.facts, tables, year, &Arc::from(name));
        let kinds = ssda903::kinds(tables);
        if !kinds.is_empty() {
            let source = format!("SSDA903 {} ({name})", year.label());
            self.cover(Coverage { source, from: year.start(), to: year.end(), kinds, partly: vec![] });
        }
    }

    /// Adds a CIN census read from `name`.
    pub fn add_cin(&mut self, census: &carefile_cin::Census, name: &str) {
        self.add_cin_kept(census, name, &RowsBefore::default(), &|_| true);
    }

    /// Adds the children `keep` wants of a census read from `name`, or of a batch of it read as
    /// a stream ([`cin_batches`]; `before` counts the file's rows before the batch).
    pub fn add_cin_kept(
        &mut self,
        census: &carefile_cin::Census,
        name: &str,
        before: &RowsBefore,
        keep: &dyn Fn(&str) -> bool,
    ) {
        cin::add(&mut self.facts, census, &Arc::from(name), before, keep);
        let p = &census.period;
        let source = format!("CIN census {} ({name})", CollectionYear::containing(p.end).label());
        self.cover(Coverage {
            source,
            from: p.start,
            to: p.end,
            kinds: cin::KINDS.to_vec(),
            partly: cin::PARTLY.to_vec(),
        });
    }

    fn cover(&mut self, c: Coverage) {
        if !self.coverage.contains(&c) {
            self.coverage.push(c);
        }
    }

    /// Each child's journey, checked by the domain, or why the child is skipped.
    pub fn build(self) -> Plan {
        match self.build_with(&mut |_| Ok::<_, std::convert::Infallible>(None)) {
            Ok(plan) => plan,
            Err(never) => match never {},
        }
    }

    /// As [`build`](Self::build), for a database that may already hold some of the children:
    /// their stored facts count as history (a care leaver's care imported in an earlier run
    /// lets this return's OC3 rows be recorded), and only what they do not hold is appended.
    pub fn build_on(self, store: &dyn EventStore) -> Result<Plan, carefile_store::StoreError> {
        let mut plan = self.build_with(&mut |id| store.child(id))?;
        let mut appends = Vec::new();
        let pending = std::mem::take(&mut plan.pending);
        for ((id, version, events), rows) in std::mem::take(&mut plan.appends).into_iter().zip(pending) {
            let (rec, _) = store.child(&id)?.ok_or_else(|| carefile_store::StoreError::UnknownChild(id.to_string()))?;
            match history::new_facts(store, &id, rec, events)? {
                Ok(new) => {
                    plan.settle(id.as_str(), rows, Some(&new));
                    if new.is_empty() {
                        plan.unchanged += 1;
                    } else {
                        appends.push((id, version, new));
                    }
                }
                Err(skip) => {
                    plan.settle(id.as_str(), rows, None);
                    plan.skipped.push(skip);
                }
            }
        }
        plan.appends = appends;
        Ok(plan)
    }

    fn build_with<E>(
        self,
        stored: &mut dyn FnMut(&ChildId) -> Result<Option<(ChildRecord, u64)>, E>,
    ) -> Result<Plan, E> {
        let mut plan = Plan { coverage: self.coverage, ..Plan::default() };
        for (id, mut facts) in self.facts.children {
            let mut rows = summary::Rows { read: std::mem::take(&mut facts.rows), ..Default::default() };
            let skip =
                |reasons: Vec<String>, events: usize| Skipped { child: id.clone(), reasons, events: events as u64 };
            if !facts.problems.is_empty() {
                plan.settle(&id, rows, None);
                plan.skipped.push(skip(facts.problems, 0));
                continue;
            }
            let cid = match ChildId::new(&id) {
                Ok(c) => c,
                Err(e) => {
                    let at = facts.first_seen.as_ref().map(|o| o.to_string()).unwrap_or_default();
                    plan.settle(&id, rows, None);
                    plan.skipped.push(skip(vec![format!("{at}: {e}")], 0));
                    continue;
                }
            };
            let before = stored(&cid)?;
            match build::journey(&cid, &facts, before.as_ref().map(|b| &b.0), &mut rows.noted) {
                Ok(events) => {
                    rows.cited = events.iter().map(|s| summary::row(&s.origin)).collect();
                    match before {
                        None => {
                            plan.settle(&id, rows, Some(&events));
                            plan.children.push((cid, events));
                        }
                        Some((_, version)) => {
                            plan.pending.push(rows);
                            plan.appends.push((cid, version, events));
                        }
                    }
                }
                Err((why, n)) => {
                    plan.settle(&id, rows, None);
                    plan.skipped.push(skip(vec![why], n));
                }
            }
        }
        Ok(plan)
    }
}
