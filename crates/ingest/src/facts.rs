//! What the returns say about each child, merged across returns before any event is made.
//!
//! Every fact keeps where it was read ([`Origin`]). A fact reported by two returns (an episode
//! open across 31 March, a CIN episode in two censuses) is merged once: a blank end in one and a
//! date in the other is the same fact seen before and after it ended; two different values are a
//! contradiction, reported against the child, who is then skipped.

use carefile_domain::codes::*;
use carefile_domain::journey::{Adopters, HealthOutcomes, PreviousPermanenceRecord};
use carefile_returns::Cell;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// Where a fact was read: the input, the table, the row (as the validators number it) and the
/// last day of that return's period (later returns win for values that may change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: Arc<str>,
    pub table: &'static str,
    pub row: u32,
    pub period_end: NaiveDate,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {} row {}", self.file, self.table, self.row)
    }
}

/// A value and where it was read.
#[derive(Debug, Clone)]
pub struct Fact<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Fact<T> {
    pub fn new(value: T, origin: &Origin) -> Self {
        Fact { value, origin: origin.clone() }
    }
}

/// The value of a required cell, or why not.
pub fn need<T: Clone>(cell: &Cell<T>, field: &str, at: &Origin) -> Result<T, String> {
    match cell {
        Cell::Valid(v) => Ok(v.clone()),
        Cell::Blank => Err(format!("{at}, {field}: a value is needed, but it is blank")),
        Cell::Invalid(s) => Err(format!("{at}, {field}: '{s}' is not a valid value")),
    }
}

/// The value of an optional cell (blank is `None`), or why it cannot be read.
pub fn opt<T: Clone>(cell: &Cell<T>, field: &str, at: &Origin) -> Result<Option<T>, String> {
    match cell {
        Cell::Blank => Ok(None),
        other => need(other, field, at).map(Some),
    }
}

/// The child's sex from an SSDA903 SEX cell: M/F/U from 2024-25, 1 (male) and 2 (female) in the
/// returns before it (the DfE changed the codes in 2024-25).
pub fn sex_903(cell: &Cell<Sex>, year: carefile_domain::CollectionYear, at: &Origin) -> Result<Option<Sex>, String> {
    match cell {
        Cell::Invalid(s) if year.ending() <= 2024 => match s.trim() {
            "1" => Ok(Some(Sex::Male)),
            "2" => Ok(Some(Sex::Female)),
            other => Err(format!("{at}, SEX: '{other}' is not a valid value (1, 2, M, F or U before 2024-25)")),
        },
        Cell::Invalid(s) if matches!(s.trim(), "1" | "2") => Err(format!(
            "{at}, SEX: '{}' is a code of the returns before 2024-25; from 2024-25 the DfE expects M, F or U",
            s.trim()
        )),
        other => opt(other, "SEX", at),
    }
}

/// The child's sex from a census: `Sex` (M/F/U, from 2024-25), else `GenderCurrent` (1 male,
/// 2 female, 0 not known, 9 not specified, up to 2023-24).
pub fn sex_cin(sex: &Cell<Sex>, gender: &Cell<Box<str>>, at: &Origin) -> Result<Option<Sex>, String> {
    if !sex.is_blank() {
        return opt(sex, "Sex", at);
    }
    match gender.value().map(|g| g.trim()) {
        None => Ok(None),
        Some("1") => Ok(Some(Sex::Male)),
        Some("2") => Ok(Some(Sex::Female)),
        Some("0" | "9") => Ok(Some(Sex::Unknown)),
        Some(other) => Err(format!("{at}, GenderCurrent: '{other}' is not a valid value (1, 2, 0 or 9)")),
    }
}

/// Puts `new` in `slot`; an equal value is the same fact, a different one a contradiction.
pub fn same<T: PartialEq + fmt::Debug>(slot: &mut Option<Fact<T>>, new: Fact<T>, what: &str) -> Result<(), String> {
    match slot {
        None => {
            *slot = Some(new);
            Ok(())
        }
        Some(old) if old.value == new.value => Ok(()),
        Some(old) => Err(contradiction(what, &old.value, &old.origin, &new.value, &new.origin)),
    }
}

/// Puts `new` in `slot`, the value from the later return winning (values that may change).
pub fn latest<T>(slot: &mut Option<Fact<T>>, new: Fact<T>) {
    if slot.as_ref().is_none_or(|old| old.origin.period_end <= new.origin.period_end) {
        *slot = Some(new);
    }
}

/// Merges an end (or other once-set value) seen blank in one return and set in another.
pub fn fill<T: PartialEq + fmt::Debug + Clone>(
    old: &mut Option<T>,
    new: &Option<T>,
    what: &str,
    a: &Origin,
    b: &Origin,
) -> Result<(), String> {
    match (old.as_ref(), new) {
        (_, None) => Ok(()),
        (None, Some(_)) => {
            *old = new.clone();
            Ok(())
        }
        (Some(x), Some(y)) if x == y => Ok(()),
        (Some(x), Some(y)) => Err(contradiction(what, x, a, y, b)),
    }
}

pub fn contradiction<T: fmt::Debug>(what: &str, a: &T, at_a: &Origin, b: &T, at_b: &Origin) -> String {
    format!("contradiction: {what} is {a:?} in {at_a} but {b:?} in {at_b}")
}

/// An SSDA903 episode of care (keyed by its DECOM).
#[derive(Debug, Clone, PartialEq)]
pub struct Episode {
    pub rne: ReasonNewEpisode,
    pub ls: LegalStatus,
    pub need: CategoryOfNeed,
    pub place: PlacementType,
    pub provider: Option<PlacementProvider>,
    pub end: Option<(NaiveDate, ReasonEpisodeCeased)>,
    pub place_change: Option<ReasonPlaceChange>,
    pub pl_post: Option<String>,
    pub urn: Option<String>,
}

/// A decision to place for adoption (keyed by its date), with its match and any reversal.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AdoptionFact {
    pub matched: Option<(NaiveDate, Adopters)>,
    pub ceased: Option<(NaiveDate, ReasonPlacedCeased)>,
}

/// A missing or away episode (keyed by its start).
#[derive(Debug, Clone, PartialEq)]
pub struct MissingFact {
    pub kind: MissingType,
    pub end: Option<NaiveDate>,
}

/// A care leaver's circumstances around a birthday (OC3).
#[derive(Debug, Clone, PartialEq)]
pub struct LeaverFact {
    pub in_touch: InTouch,
    pub activity: Option<Activity>,
    pub accommodation: Option<Accommodation>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssessmentFact {
    pub completed: Option<NaiveDate>,
    pub authorised: Option<NaiveDate>,
    pub factors: Vec<AssessmentFactor>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct S47Fact {
    pub icpc: Option<NaiveDate>,
    pub icpc_not_required: bool,
    /// The first day of the latest census listing it: it was still open on that day or later.
    pub listed_from: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct CppFact {
    pub end: Option<NaiveDate>,
    /// NumberOfPreviousCPP, as the latest census reports it.
    pub previous: Option<u32>,
    pub initial: CategoryOfAbuse,
    pub latest: Fact<CategoryOfAbuse>,
    /// Review conferences, each with the row that reported it.
    pub reviews: BTreeMap<NaiveDate, Origin>,
}

/// A CIN episode (keyed by its referral date).
#[derive(Debug, Clone)]
pub struct ReferralFact {
    pub source: ReferralSource,
    pub need: Option<Fact<PrimaryNeed>>,
    pub closed: Option<(NaiveDate, ReasonForClosure)>,
    pub nfa: bool,
    /// Conferences the census reports on the episode, not on an S47.
    pub icpcs: BTreeMap<NaiveDate, Origin>,
    pub assessments: BTreeMap<NaiveDate, Fact<AssessmentFact>>,
    pub cin_plans: BTreeMap<NaiveDate, Fact<Option<NaiveDate>>>,
    pub s47s: BTreeMap<NaiveDate, Fact<S47Fact>>,
    pub cpps: BTreeMap<NaiveDate, Fact<CppFact>>,
}

/// Everything the returns say about one child.
#[derive(Debug, Default)]
pub struct ChildFacts {
    pub dob: Option<Fact<NaiveDate>>,
    pub expected_dob: Option<Fact<NaiveDate>>,
    pub sex: Option<Fact<Sex>>,
    pub ethnicity: Option<Fact<Ethnicity>>,
    pub upn: Option<Fact<String>>,
    pub upn_unknown: Option<Fact<UpnUnknown>>,
    pub former_upn: Option<Fact<String>>,
    pub disabilities: Option<Fact<Vec<Disability>>>,
    pub home_postcode: Option<Fact<String>>,
    pub died: Option<Fact<NaiveDate>>,
    pub mother_of: BTreeMap<NaiveDate, Origin>,
    pub episodes: BTreeMap<NaiveDate, Fact<Episode>>,
    pub reviews: BTreeMap<NaiveDate, Fact<ReviewParticipation>>,
    /// UASC status, with the date it ceased (DUC) when given.
    pub uasc: Option<Fact<Option<NaiveDate>>>,
    /// Previous permanence, by the collection year (its end) whose return reported it.
    pub prev_perm: BTreeMap<NaiveDate, Fact<PreviousPermanenceRecord>>,
    pub adoptions: BTreeMap<NaiveDate, Fact<AdoptionFact>>,
    pub missing: BTreeMap<NaiveDate, Fact<MissingFact>>,
    pub dolos: BTreeMap<NaiveDate, Fact<Option<NaiveDate>>>,
    pub leaver: BTreeMap<NaiveDate, Fact<LeaverFact>>,
    /// The year's health outcomes (OC2), by the last day of the year reported.
    pub health: BTreeMap<NaiveDate, Fact<HealthOutcomes>>,
    pub referrals: BTreeMap<NaiveDate, Fact<ReferralFact>>,
    /// The first row that named the child (the registration's source).
    pub first_seen: Option<Origin>,
    /// Every row read about the child.
    pub rows: Vec<Origin>,
    /// Why the child cannot be imported (contradictions, unreadable values).
    pub problems: Vec<String>,
}

impl ChildFacts {
    pub fn seen(&mut self, at: &Origin) {
        self.rows.push(at.clone());
        if self.first_seen.is_none() {
            self.first_seen = Some(at.clone());
        }
    }

    /// Records a problem from `r`, if any.
    pub fn check(&mut self, r: Result<(), String>) {
        if let Err(e) = r {
            self.problems.push(e);
        }
    }
}

/// Merges `new` into the keyed map: a new key is inserted, an existing one merged by `merge`.
/// The merged fact is then cited from the later return, which knows it best (its end, say).
pub fn merge_keyed<T>(
    map: &mut BTreeMap<NaiveDate, Fact<T>>,
    key: NaiveDate,
    new: Fact<T>,
    merge: impl FnOnce(&mut Fact<T>, Fact<T>) -> Result<(), String>,
) -> Result<(), String> {
    match map.get_mut(&key) {
        None => {
            map.insert(key, new);
            Ok(())
        }
        Some(old) => {
            let origin = new.origin.clone();
            merge(old, new)?;
            if origin.period_end > old.origin.period_end {
                old.origin = origin;
            }
            Ok(())
        }
    }
}
