//! The CIN census as typed tables (returns.md §3).
//!
//! Every table is a `Vec` in document order, so a row's position is its 0-based
//! record index across the whole file (the row number the DfE tool reports).
//! Because the XML nests each child's modules inside the child, a child's rows
//! in every table are contiguous: each parent keeps the `Range` of its
//! children's rows, so grouping by child or episode costs nothing at rule time.

use carefile_domain::CollectionYear;
use carefile_domain::codes::{
    AssessmentFactor, CategoryOfAbuse, Disability, Ethnicity, PrimaryNeed, ReasonForClosure, ReferralSource, Sex,
    UpnUnknown,
};
use carefile_returns::Cell;
use chrono::{Months, NaiveDate};
use std::ops::Range;

/// Text kept as written (trimmed).
pub type Text = Box<str>;

/// Row numbers of one parent's children in a child table.
pub type Rows = Range<u32>;

/// The census period: `start ..= end`, both days inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// ReferenceDate − 1 year + 1 day ..= ReferenceDate, as the DfE defines the census year.
    pub fn ending_on(reference_date: NaiveDate) -> Period {
        let start =
            reference_date.checked_sub_months(Months::new(12)).and_then(|d| d.succ_opt()).unwrap_or(reference_date);
        Period { start, end: reference_date }
    }

    /// The collection year's period (1 April ..= 31 March).
    pub fn of_year(year: CollectionYear) -> Period {
        Period { start: year.start(), end: year.end() }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        d >= self.start && d <= self.end
    }
}

/// `Header` (row 0 when present).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    pub collection: Cell<Text>,
    pub year: Cell<i32>,
    pub reference_date: Cell<NaiveDate>,
    pub source_level: Cell<Text>,
    pub lea: Cell<Text>,
    pub software_code: Cell<Text>,
    pub release: Cell<Text>,
    pub serial_no: Cell<Text>,
    pub date_time: Cell<Text>,
}

/// `ChildIdentifiers`: one row per `<Child>`, in the order of the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChildIdentifiers {
    pub row: u32,
    pub la_child_id: Cell<Text>,
    pub upn: Cell<Text>,
    pub former_upn: Cell<Text>,
    pub upn_unknown: Cell<UpnUnknown>,
    pub person_birth_date: Cell<NaiveDate>,
    pub expected_person_birth_date: Cell<NaiveDate>,
    /// Up to 2023-24 (1/2/0/9); kept as written.
    pub gender_current: Cell<Text>,
    pub sex: Cell<Sex>,
    pub person_death_date: Cell<NaiveDate>,
    pub characteristics: Rows,
    pub disabilities: Rows,
    pub cin_details: Rows,
}

/// `ChildCharacteristics`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChildCharacteristics {
    pub row: u32,
    /// Row of the child in `ChildIdentifiers`.
    pub child: u32,
    pub ethnicity: Cell<Ethnicity>,
}

/// `Disabilities`: one row per `<Disability>`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DisabilityRow {
    pub row: u32,
    pub child: u32,
    pub disability: Cell<Disability>,
}

/// `CINdetails`: one CIN episode.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CinDetails {
    pub row: u32,
    pub child: u32,
    /// 1-based counter within the child (the DfE tool's synthetic key).
    pub cin_details_id: u32,
    pub cin_referral_date: Cell<NaiveDate>,
    pub referral_source: Cell<ReferralSource>,
    pub primary_need_code: Cell<PrimaryNeed>,
    pub cin_closure_date: Cell<NaiveDate>,
    pub reason_for_closure: Cell<ReasonForClosure>,
    pub date_of_initial_cpc: Cell<NaiveDate>,
    pub referral_nfa: Cell<bool>,
    pub assessments: Rows,
    pub cin_plans: Rows,
    pub section47: Rows,
    pub cpps: Rows,
    pub pre_proceedings: Rows,
}

/// Keys every row below `CINdetails` carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EpisodeKey {
    /// Row of the child in `ChildIdentifiers`.
    pub child: u32,
    /// Row of the episode in `CINdetails`.
    pub cin: u32,
    /// 1-based counter of the episode within the child.
    pub cin_details_id: u32,
}

/// `Assessments`, with its factors list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assessment {
    pub row: u32,
    pub key: EpisodeKey,
    /// 1-based counter within the episode.
    pub assessment_id: u32,
    pub actual_start_date: Cell<NaiveDate>,
    pub internal_review_date: Cell<NaiveDate>,
    pub authorisation_date: Cell<NaiveDate>,
    /// `FactorsIdentifiedAtAssessment/AssessmentFactors`, in order; empty when absent.
    pub factors: Vec<Cell<AssessmentFactor>>,
}

/// `CINplanDates`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CinPlanDates {
    pub row: u32,
    pub key: EpisodeKey,
    pub start_date: Cell<NaiveDate>,
    pub end_date: Cell<NaiveDate>,
}

/// `Section47`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section47 {
    pub row: u32,
    pub key: EpisodeKey,
    pub s47_actual_start_date: Cell<NaiveDate>,
    pub initial_cpc_target: Cell<NaiveDate>,
    pub date_of_initial_cpc: Cell<NaiveDate>,
    pub icpc_not_required: Cell<bool>,
}

/// `ChildProtectionPlans`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChildProtectionPlan {
    pub row: u32,
    pub key: EpisodeKey,
    /// 1-based counter within the episode.
    pub cpp_id: u32,
    pub start_date: Cell<NaiveDate>,
    pub end_date: Cell<NaiveDate>,
    pub initial_category_of_abuse: Cell<CategoryOfAbuse>,
    pub latest_category_of_abuse: Cell<CategoryOfAbuse>,
    pub number_of_previous_cpp: Cell<u32>,
    pub reviews: Rows,
}

/// `Reviews`: one row per `CPPreviewDate` (a `<Reviews>` block without one gives one blank row).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Review {
    pub row: u32,
    pub key: EpisodeKey,
    /// Row of the plan in `ChildProtectionPlans`.
    pub cpp: u32,
    pub cpp_id: u32,
    pub review_date: Cell<NaiveDate>,
}

/// `PreProceedingsandFGDM` (2026-27 onward). Its types and code lists are not
/// published yet, so it is read leniently (dates as dates, the rest as text),
/// never validated and never exported.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PreProceedings {
    pub row: u32,
    pub key: EpisodeKey,
    pub pp_start_date: Cell<NaiveDate>,
    pub lbp_sent_date: Cell<NaiveDate>,
    pub fgdm_meeting_offer: Cell<Text>,
    pub fgdm_meeting_fac: Cell<Text>,
    pub initial_pp_meeting_date: Cell<NaiveDate>,
    pub review_meetings_count: Cell<Text>,
    pub step_decision_date: Cell<NaiveDate>,
    pub pp_outcome: Cell<Text>,
    pub court_app_date: Cell<NaiveDate>,
    pub letter_init_cp_date: Cell<NaiveDate>,
}

/// A whole census return, read and ready for the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Census {
    /// The collection year the return is judged for (`--year`).
    pub year: CollectionYear,
    /// The census period: from the header's ReferenceDate when it is a date, else the collection year's.
    pub period: Period,
    /// `None` when the file has no `<Header>`.
    pub header: Option<Header>,
    pub children: Vec<ChildIdentifiers>,
    pub characteristics: Vec<ChildCharacteristics>,
    pub disabilities: Vec<DisabilityRow>,
    pub cin_details: Vec<CinDetails>,
    pub assessments: Vec<Assessment>,
    pub cin_plans: Vec<CinPlanDates>,
    pub section47: Vec<Section47>,
    pub cpps: Vec<ChildProtectionPlan>,
    pub reviews: Vec<Review>,
    pub pre_proceedings: Vec<PreProceedings>,
}

/// The rows of `table` that `rows` names.
pub fn rows<'a, T>(table: &'a [T], rows: &Rows) -> &'a [T] {
    &table[rows.start as usize..rows.end as usize]
}

impl Census {
    /// An empty census for `year`.
    pub fn new(year: CollectionYear) -> Census {
        Census {
            year,
            period: Period::of_year(year),
            header: None,
            children: Vec::new(),
            characteristics: Vec::new(),
            disabilities: Vec::new(),
            cin_details: Vec::new(),
            assessments: Vec::new(),
            cin_plans: Vec::new(),
            section47: Vec::new(),
            cpps: Vec::new(),
            reviews: Vec::new(),
            pre_proceedings: Vec::new(),
        }
    }

    /// The LAchildID of the child in `ChildIdentifiers` row `child`, as written ("" when blank).
    pub fn child_id(&self, child: u32) -> &str {
        match &self.children[child as usize].la_child_id {
            Cell::Valid(s) | Cell::Invalid(s) => s,
            Cell::Blank => "",
        }
    }

    /// The header's ReferenceDate, when it is a date.
    pub fn reference_date(&self) -> Option<NaiveDate> {
        self.header.as_ref().and_then(|h| h.reference_date.get())
    }

    pub fn child_of(&self, key: &EpisodeKey) -> &ChildIdentifiers {
        &self.children[key.child as usize]
    }

    pub fn episode_of(&self, key: &EpisodeKey) -> &CinDetails {
        &self.cin_details[key.cin as usize]
    }

    pub fn disabilities_of(&self, child: &ChildIdentifiers) -> &[DisabilityRow] {
        rows(&self.disabilities, &child.disabilities)
    }

    pub fn episodes_of(&self, child: &ChildIdentifiers) -> &[CinDetails] {
        rows(&self.cin_details, &child.cin_details)
    }

    pub fn assessments_of(&self, cin: &CinDetails) -> &[Assessment] {
        rows(&self.assessments, &cin.assessments)
    }

    pub fn plans_of(&self, cin: &CinDetails) -> &[CinPlanDates] {
        rows(&self.cin_plans, &cin.cin_plans)
    }

    pub fn section47_of(&self, cin: &CinDetails) -> &[Section47] {
        rows(&self.section47, &cin.section47)
    }

    pub fn cpps_of(&self, cin: &CinDetails) -> &[ChildProtectionPlan] {
        rows(&self.cpps, &cin.cpps)
    }

    pub fn reviews_of(&self, cpp: &ChildProtectionPlan) -> &[Review] {
        rows(&self.reviews, &cpp.reviews)
    }

    /// Every row of a child-level table for one child, across all its episodes.
    fn across_episodes<'a, T>(
        &'a self,
        child: &ChildIdentifiers,
        table: &'a [T],
        pick: fn(&CinDetails) -> &Rows,
    ) -> &'a [T] {
        let eps = self.episodes_of(child);
        match (eps.first(), eps.last()) {
            (Some(first), Some(last)) => rows(table, &(pick(first).start..pick(last).end)),
            _ => &[],
        }
    }

    /// The child's CIN plans across all its episodes.
    pub fn child_plans(&self, child: &ChildIdentifiers) -> &[CinPlanDates] {
        self.across_episodes(child, &self.cin_plans, |c| &c.cin_plans)
    }

    /// The child's child protection plans across all its episodes.
    pub fn child_cpps(&self, child: &ChildIdentifiers) -> &[ChildProtectionPlan] {
        self.across_episodes(child, &self.cpps, |c| &c.cpps)
    }

    /// The value of `field` in row `row` of `table` (canonical when understood, else as
    /// written; blank as ""), for reports that show what a finding flagged; `None` for
    /// an unknown table, row or field.
    /// Every table answers `LAchildID`; child tables also their parent keys.
    pub fn value(&self, table: &str, row: u32, field: &str) -> Option<String> {
        let r = row as usize;
        let text = |c: &dyn std::fmt::Display| Some(c.to_string());
        let child_of = |child: u32| Some(self.child_id(child).to_string());
        let episode = |key: &EpisodeKey, field: &str| match field {
            "LAchildID" => child_of(key.child),
            "CINdetailsID" => text(&key.cin_details_id),
            _ => None,
        };
        match table {
            "Header" => {
                let h = self.header.as_ref().filter(|_| r == 0)?;
                match field {
                    "Collection" => text(&h.collection),
                    "Year" => text(&h.year),
                    "ReferenceDate" => text(&h.reference_date),
                    "SourceLevel" => text(&h.source_level),
                    "LEA" => text(&h.lea),
                    "SoftwareCode" => text(&h.software_code),
                    "Release" => text(&h.release),
                    "SerialNo" => text(&h.serial_no),
                    "DateTime" => text(&h.date_time),
                    _ => None,
                }
            }
            "ChildIdentifiers" => {
                let c = self.children.get(r)?;
                match field {
                    "LAchildID" => text(&c.la_child_id),
                    "UPN" => text(&c.upn),
                    "FormerUPN" => text(&c.former_upn),
                    "UPNunknown" => text(&c.upn_unknown),
                    "PersonBirthDate" => text(&c.person_birth_date),
                    "ExpectedPersonBirthDate" => text(&c.expected_person_birth_date),
                    "GenderCurrent" => text(&c.gender_current),
                    "Sex" => text(&c.sex),
                    "PersonDeathDate" => text(&c.person_death_date),
                    _ => None,
                }
            }
            "ChildCharacteristics" => {
                let c = self.characteristics.get(r)?;
                if field == "Ethnicity" {
                    text(&c.ethnicity)
                } else if field == "LAchildID" {
                    child_of(c.child)
                } else {
                    None
                }
            }
            "Disabilities" => {
                let d = self.disabilities.get(r)?;
                if field == "Disability" {
                    text(&d.disability)
                } else if field == "LAchildID" {
                    child_of(d.child)
                } else {
                    None
                }
            }
            "CINdetails" => {
                let e = self.cin_details.get(r)?;
                match field {
                    "LAchildID" => child_of(e.child),
                    "CINdetailsID" => text(&e.cin_details_id),
                    "CINreferralDate" => text(&e.cin_referral_date),
                    "ReferralSource" => text(&e.referral_source),
                    "PrimaryNeedCode" => text(&e.primary_need_code),
                    "CINclosureDate" => text(&e.cin_closure_date),
                    "ReasonForClosure" => text(&e.reason_for_closure),
                    "DateOfInitialCPC" => text(&e.date_of_initial_cpc),
                    "ReferralNFA" => text(&e.referral_nfa),
                    _ => None,
                }
            }
            "Assessments" => {
                let a = self.assessments.get(r)?;
                match field {
                    "AssessmentID" => text(&a.assessment_id),
                    "AssessmentActualStartDate" => text(&a.actual_start_date),
                    "AssessmentInternalReviewDate" => text(&a.internal_review_date),
                    "AssessmentAuthorisationDate" => text(&a.authorisation_date),
                    "AssessmentFactors" => Some(a.factors.iter().map(|f| f.to_string()).collect::<Vec<_>>().join(",")),
                    _ => episode(&a.key, field),
                }
            }
            "CINplanDates" => {
                let p = self.cin_plans.get(r)?;
                match field {
                    "CINPlanStartDate" => text(&p.start_date),
                    "CINPlanEndDate" => text(&p.end_date),
                    _ => episode(&p.key, field),
                }
            }
            "Section47" => {
                let s = self.section47.get(r)?;
                match field {
                    "S47ActualStartDate" => text(&s.s47_actual_start_date),
                    "InitialCPCtarget" => text(&s.initial_cpc_target),
                    "DateOfInitialCPC" => text(&s.date_of_initial_cpc),
                    "ICPCnotRequired" => text(&s.icpc_not_required),
                    _ => episode(&s.key, field),
                }
            }
            "ChildProtectionPlans" => {
                let p = self.cpps.get(r)?;
                match field {
                    "CPPID" => text(&p.cpp_id),
                    "CPPstartDate" => text(&p.start_date),
                    "CPPendDate" => text(&p.end_date),
                    "InitialCategoryOfAbuse" => text(&p.initial_category_of_abuse),
                    "LatestCategoryOfAbuse" => text(&p.latest_category_of_abuse),
                    "NumberOfPreviousCPP" => text(&p.number_of_previous_cpp),
                    _ => episode(&p.key, field),
                }
            }
            "Reviews" => {
                let v = self.reviews.get(r)?;
                match field {
                    "CPPID" => text(&v.cpp_id),
                    "CPPreviewDate" => text(&v.review_date),
                    _ => episode(&v.key, field),
                }
            }
            _ => None,
        }
    }

    /// The child's CPP reviews across all its plans.
    pub fn child_reviews(&self, child: &ChildIdentifiers) -> &[Review] {
        let cpps = self.child_cpps(child);
        match (cpps.first(), cpps.last()) {
            (Some(first), Some(last)) => rows(&self.reviews, &(first.reviews.start..last.reviews.end)),
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn period_runs_from_the_day_after_a_year_before_the_reference_date() {
        let p = Period::ending_on(d(2026, 3, 31));
        assert_eq!(p, Period { start: d(2025, 4, 1), end: d(2026, 3, 31) });
        assert!(p.contains(d(2025, 4, 1)) && p.contains(d(2026, 3, 31)));
        assert!(!p.contains(d(2025, 3, 31)) && !p.contains(d(2026, 4, 1)));
        assert_eq!(Period::ending_on(d(2024, 2, 29)).start, d(2023, 3, 1));
        assert_eq!(Period::of_year(CollectionYear::new(2026)), p);
    }
}
