//! The Virtual School (decision 008; #16 item 1): a looked-after child's education on the child's
//! record. The school, early years setting or college and its roll, the Virtual School officer who
//! follows the child, Personal Education Plan meetings (each section rated red, amber, green or
//! gold, with SMART targets and the Pupil Premium Plus plan and spend), attendance, suspensions and
//! permanent exclusions, and the post-16 destination. The PEP clocks are in the timescale engine
//! (`pep_initial`, `pep_termly`, `pep_early_years`), counted on the school terms configured here.

use crate::calendar::Calendar;
use crate::ids::{ItemNo, WorkerId};
use crate::journey::Dated;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The school terms shipped (a pattern for the demo: an authority replaces it with its own dates).
pub const SHIPPED_TERMS: &str = include_str!("../config/school-terms.toml");

/// National curriculum year group, nursery to year 14.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YearGroup {
    N1,
    N2,
    Reception,
    Y1,
    Y2,
    Y3,
    Y4,
    Y5,
    Y6,
    Y7,
    Y8,
    Y9,
    Y10,
    Y11,
    Y12,
    Y13,
    Y14,
}

impl YearGroup {
    /// The national curriculum year as a number: nursery 1 is -2, reception 0, year 14 is 14.
    pub fn ncy(self) -> i32 {
        self as i32 - 2
    }

    /// The year group of `ncy`, if it is one (below nursery or above year 14: none).
    pub fn from_ncy(ncy: i32) -> Option<YearGroup> {
        YearGroup::ALL.get(usize::try_from(ncy + 2).ok()?).copied()
    }

    /// The year group a child born on `dob` is in on `d` by age (a child taught out of their
    /// year group has it recorded with the school): reception in the academic year starting
    /// on the 1 September after the fourth birthday.
    pub fn by_age(dob: NaiveDate, d: NaiveDate) -> i32 {
        academic_year(d) - academic_year(dob) - 5
    }
}

/// The calendar year an academic year (1 September to 31 August) containing `d` starts in.
pub fn academic_year(d: NaiveDate) -> i32 {
    if d.month() >= 9 { d.year() } else { d.year() - 1 }
}

/// What kind of PEP a meeting was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PepPhase {
    EarlyYears,
    School,
    Post16,
    /// A post-16 young person not in education, employment or training.
    Neet,
}

/// The Virtual School's quality rating of a PEP section, worst to best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Red,
    Amber,
    Green,
    Gold,
}

/// The Virtual School's ratings of one PEP: each section, and the PEP as a whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PepRatings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendance: Option<Rating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Rating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wellbeing: Option<Rating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<Rating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pupil_premium: Option<Rating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice: Option<Rating>,
    /// The PEP as a whole (the quality indicator counts green or gold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<Rating>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionKind {
    /// A suspension (fixed-period exclusion).
    Suspension,
    Permanent,
}

/// Why a school suspended or excluded, as schools report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionReason {
    PhysicalAssaultPupil,
    PhysicalAssaultAdult,
    VerbalAbusePupil,
    VerbalAbuseAdult,
    Bullying,
    Discriminatory,
    SexualMisconduct,
    DrugOrAlcohol,
    Damage,
    Theft,
    Weapon,
    PersistentDisruptive,
    Other,
}

/// A post-16 young person's education, employment or training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    Education,
    Apprenticeship,
    Training,
    Employment,
    /// Not in education, employment or training, and able to take it up.
    NeetAvailable,
    /// NEET and not able to (illness, disability, caring, pregnancy or parenting).
    NeetNotAvailable,
    NotKnown,
}

impl Destination {
    /// In education, employment or training.
    pub fn is_eet(self) -> bool {
        matches!(self, Destination::Education | Destination::Apprenticeship | Destination::Training | Destination::Employment)
    }
    pub fn is_neet(self) -> bool {
        matches!(self, Destination::NeetAvailable | Destination::NeetNotAvailable)
    }
}

/// Where the child is on roll from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "roll", rename_all = "snake_case")]
pub enum Roll {
    OnRoll {
        school: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        urn: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        year_group: Option<YearGroup>,
    },
    /// On no school's roll; `missing_education` where no suitable education is known at all.
    NotOnRoll { missing_education: bool },
}

/// One PEP meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pep {
    pub no: ItemNo,
    pub date: NaiveDate,
    pub phase: PepPhase,
    pub ratings: PepRatings,
    /// Pupil Premium Plus planned for the term ahead, and spent since the last PEP (whole pounds).
    pub ppp_planned: Option<u32>,
    pub ppp_spent: Option<u32>,
}

/// Attendance over a stretch of school days, in sessions (half days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub possible: u32,
    pub attended: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    pub date: NaiveDate,
    pub kind: ExclusionKind,
    pub reason: ExclusionReason,
    /// Sessions lost (half days), for a suspension.
    pub sessions: Option<u32>,
}

/// The child's education as the record holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Education {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rolls: Vec<Dated<Roll>>,
    /// The Virtual School officer following the child, from each date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub officers: Vec<Dated<WorkerId>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub peps: Vec<Pep>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendance: Vec<Attendance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusions: Vec<Exclusion>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub destinations: Vec<Dated<Destination>>,
}

fn latest<T>(v: &[Dated<T>], d: NaiveDate) -> Option<&T> {
    v.iter().filter(|x| x.date <= d).next_back().map(|x| &x.value)
}

/// Keeps `v` in date order (a fact recorded late goes where it belongs); same-day facts in the
/// order recorded.
fn insert<T>(v: &mut Vec<Dated<T>>, date: NaiveDate, value: T) {
    let at = v.partition_point(|x| x.date <= date);
    v.insert(at, Dated { date, value });
}

impl Education {
    pub fn is_empty(&self) -> bool {
        *self == Education::default()
    }
    /// Where the child is on roll on `d` (`None`: nothing recorded by then).
    pub fn roll_on(&self, d: NaiveDate) -> Option<&Roll> {
        latest(&self.rolls, d)
    }
    /// On no school's roll on `d` (by what is recorded).
    pub fn not_on_roll(&self, d: NaiveDate) -> bool {
        matches!(self.roll_on(d), Some(Roll::NotOnRoll { .. }))
    }
    pub fn officer_on(&self, d: NaiveDate) -> Option<&WorkerId> {
        latest(&self.officers, d)
    }
    pub fn destination_on(&self, d: NaiveDate) -> Option<Destination> {
        latest(&self.destinations, d).copied()
    }
    /// The year group on `d`: the one recorded with the school where there is one (a child taught
    /// out of year moves up with the years), else by age.
    pub fn year_group_on(&self, dob: NaiveDate, d: NaiveDate) -> i32 {
        let recorded = self.rolls.iter().filter(|r| r.date <= d).rev().find_map(|r| match &r.value {
            Roll::OnRoll { year_group: Some(y), .. } => Some((r.date, *y)),
            _ => None,
        });
        match recorded {
            Some((on, y)) => y.ncy() + academic_year(d) - academic_year(on),
            None => YearGroup::by_age(dob, d),
        }
    }

    pub(crate) fn school(&mut self, date: NaiveDate, roll: Roll) {
        insert(&mut self.rolls, date, roll);
    }
    pub(crate) fn officer(&mut self, date: NaiveDate, officer: WorkerId) {
        insert(&mut self.officers, date, officer);
    }
    pub(crate) fn destination(&mut self, date: NaiveDate, d: Destination) {
        insert(&mut self.destinations, date, d);
    }
    pub(crate) fn pep(&mut self, pep: Pep) -> Result<(), String> {
        if self.peps.iter().any(|p| p.no == pep.no) {
            return Err(format!("PEP {} already exists", pep.no));
        }
        let at = self.peps.partition_point(|p| p.date <= pep.date);
        self.peps.insert(at, pep);
        Ok(())
    }
    pub(crate) fn attendance(&mut self, a: Attendance) -> Result<(), String> {
        if a.to < a.from {
            return Err(format!("attendance from {} to {}: the end is before the start", a.from, a.to));
        }
        if a.attended > a.possible {
            return Err(format!("{} sessions attended of {} possible: more than possible", a.attended, a.possible));
        }
        if let Some(o) = self.attendance.iter().find(|o| o.from <= a.to && a.from <= o.to) {
            return Err(format!("attendance from {} to {} overlaps the record from {} to {}", a.from, a.to, o.from, o.to));
        }
        let at = self.attendance.partition_point(|o| o.from <= a.from);
        self.attendance.insert(at, a);
        Ok(())
    }
    pub(crate) fn exclusion(&mut self, x: Exclusion) {
        let at = self.exclusions.partition_point(|o| o.date <= x.date);
        self.exclusions.insert(at, x);
    }
}

/// One school term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// Its academic year ("2025-26") and name ("Autumn").
    pub year: String,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub half_term: (NaiveDate, NaiveDate),
}

impl Term {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
    /// The summer term: the one ending the academic year.
    pub fn is_summer(&self, next: Option<&Term>) -> bool {
        next.is_none_or(|n| academic_year(n.start) != academic_year(self.start))
    }
}

impl std::fmt::Display for Term {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} term {}", self.name, self.year)
    }
}

/// A school terms table that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("school terms: {at}: {message}")]
pub struct TermsError {
    /// `terms[3].end`, `closures[0]`, or `(file)`.
    pub at: String,
    pub message: String,
}

/// The school terms and closure days: the calendar PEPs are due on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolTerms {
    terms: Vec<Term>,
    closures: Vec<(NaiveDate, NaiveDate)>,
}

impl Default for SchoolTerms {
    fn default() -> SchoolTerms {
        SchoolTerms::from_toml(SHIPPED_TERMS).expect("the shipped school terms are valid")
    }
}

impl SchoolTerms {
    /// Reads a table in the shipped file's form; terms must be in order and not overlap,
    /// each half term and closure inside the dates it belongs to.
    pub fn from_toml(text: &str) -> Result<SchoolTerms, TermsError> {
        let err = |at: String, message: String| TermsError { at, message };
        let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| err("(file)".into(), e.to_string()))?;
        if let Some(k) = doc.keys().find(|k| *k != "terms" && *k != "closures") {
            return Err(err(k.clone(), "unknown key (the table has terms and closures)".into()));
        }
        let list = |key: &str| match doc.get(key) {
            None => Ok(&[][..]),
            Some(toml::Value::Array(a)) => Ok(a.as_slice()),
            Some(v) => Err(err(key.into(), format!("expected a list, found {}", v.type_str()))),
        };
        let date = |at: &str, v: Option<&toml::Value>| -> Result<NaiveDate, TermsError> {
            let s = match v {
                Some(toml::Value::Datetime(d)) => d.to_string(),
                Some(toml::Value::String(s)) => s.clone(),
                Some(v) => return Err(err(at.into(), format!("expected a date (YYYY-MM-DD), found {}", v.type_str()))),
                None => return Err(err(at.into(), "missing".into())),
            };
            NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| err(at.into(), format!("'{s}' is not a date (YYYY-MM-DD)")))
        };
        let range = |at: &str, v: Option<&toml::Value>| -> Result<(NaiveDate, NaiveDate), TermsError> {
            let Some(toml::Value::Array(a)) = v else {
                return Err(err(at.into(), "expected [first day, last day]".into()));
            };
            if a.len() != 2 {
                return Err(err(at.into(), "expected [first day, last day]".into()));
            }
            let (a, b) = (date(at, a.first())?, date(at, a.get(1))?);
            if b < a {
                return Err(err(at.into(), format!("{b} is before {a}")));
            }
            Ok((a, b))
        };
        let mut terms: Vec<Term> = Vec::new();
        for (i, t) in list("terms")?.iter().enumerate() {
            let at = format!("terms[{i}]");
            let toml::Value::Table(t) = t else {
                return Err(err(at, "expected { year, name, start, end, half_term }".into()));
            };
            if let Some(k) = t.keys().find(|k| !["year", "name", "start", "end", "half_term"].contains(&k.as_str())) {
                return Err(err(format!("{at}.{k}"), "unknown key (a term has year, name, start, end, half_term)".into()));
            }
            let text = |k: &str| match t.get(k) {
                Some(toml::Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
                _ => Err(err(format!("{at}.{k}"), "expected a name".into())),
            };
            let term = Term {
                year: text("year")?,
                name: text("name")?,
                start: date(&format!("{at}.start"), t.get("start"))?,
                end: date(&format!("{at}.end"), t.get("end"))?,
                half_term: range(&format!("{at}.half_term"), t.get("half_term"))?,
            };
            if term.end < term.start {
                return Err(err(format!("{at}.end"), format!("{} is before the start {}", term.end, term.start)));
            }
            if !(term.contains(term.half_term.0) && term.contains(term.half_term.1)) {
                return Err(err(format!("{at}.half_term"), format!("not inside the term ({} to {})", term.start, term.end)));
            }
            if let Some(prev) = terms.last()
                && term.start <= prev.end
            {
                return Err(err(format!("{at}.start"), format!("{} is not after the previous term's end {}", term.start, prev.end)));
            }
            terms.push(term);
        }
        let mut closures = Vec::new();
        for (i, c) in list("closures")?.iter().enumerate() {
            closures.push(range(&format!("closures[{i}]"), Some(c))?);
        }
        if terms.is_empty() {
            return Err(err("terms".into(), "the table lists no terms".into()));
        }
        Ok(SchoolTerms { terms, closures })
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The last day the table knows: PEPs due after it are not computed.
    pub fn last_day(&self) -> NaiveDate {
        self.terms.last().map(|t| t.end).expect("a table has a term")
    }

    /// The warning to show on `as_of` when the table ends within `margin_days`, or has ended.
    pub fn running_out(&self, as_of: NaiveDate, margin_days: i64) -> Option<String> {
        let last = self.last_day();
        ((last - as_of).num_days() <= margin_days).then(|| {
            format!(
                "the school terms configured end on {last}: PEPs due after that day are not computed until the next \
                 year's terms are added"
            )
        })
    }

    /// A day the schools are open: a working day inside a term, outside its half term and
    /// the closures.
    pub fn is_school_day(&self, cal: &Calendar, d: NaiveDate) -> bool {
        cal.is_working_day(d)
            && self.terms.iter().any(|t| t.contains(d) && !(t.half_term.0 <= d && d <= t.half_term.1))
            && !self.closures.iter().any(|(a, b)| *a <= d && d <= *b)
    }

    /// School days after `from` up to and including `to` (`from` is day 0).
    pub fn school_days_between(&self, cal: &Calendar, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days().skip(1).take_while(|d| *d <= to).filter(|d| self.is_school_day(cal, *d)).count() as u32
    }
}

#[cfg(test)]
mod tests;
