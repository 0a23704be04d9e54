//! Producing the CIN census from the record.
//!
//! A census year covers every child with a CIN episode open at some point in
//! it (referred on or before its last day, not closed before its first). Within
//! an episode, each assessment, S47 enquiry and plan is included when it was
//! open at some point in the year, which is what the DfE's date rules expect
//! (e.g. 8696: an assessment's end date falls in the year; 8740: an S47 with no
//! conference by the year end started in it). CP review dates are those held in
//! the year. Elements are written in the order of the DfE schema, booleans as 1/0.

use carefile_domain::CollectionYear;
use carefile_domain::calendar::Calendar;
use carefile_domain::journey::{ChildRecord, Referral, S47};
use carefile_domain::org::Authority;
use chrono::{NaiveDate, NaiveDateTime};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::io::Write;

/// What the census header says about where it came from.
pub struct Source<'a> {
    pub authority: &'a Authority,
    /// When the file was made (the caller's clock).
    pub generated_at: NaiveDateTime,
}

/// Counts of what was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub children: u64,
    pub episodes: u64,
}

/// Whether `[start, end]` (end `None` = still open) meets the year.
fn open_in(year: CollectionYear, start: NaiveDate, end: Option<NaiveDate>) -> bool {
    start <= year.end() && end.is_none_or(|e| e >= year.start())
}

fn in_year(year: CollectionYear, d: NaiveDate) -> bool {
    year.contains(d)
}

/// The episodes of `child` that belong in the census for `year`.
pub fn episodes_in(child: &ChildRecord, year: CollectionYear) -> impl Iterator<Item = &Referral> {
    child.referrals.iter().filter(move |r| open_in(year, r.date(), r.closed.map(|c| c.0)))
}

/// Writes the census XML for `year` from `children` (in the order given).
pub fn write_census<'a, W: Write>(
    out: W,
    children: impl IntoIterator<Item = &'a ChildRecord>,
    year: CollectionYear,
    source: &Source,
    calendar: &Calendar,
) -> std::io::Result<Written> {
    let mut x = Xml(Writer::new_with_indent(out, b' ', 2));
    x.0.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    x.open("Message")?;
    x.open("Header")?;
    x.open("CollectionDetails")?;
    x.leaf("Collection", "CIN")?;
    x.leaf("Year", &year.ending().to_string())?;
    x.date("ReferenceDate", year.end())?;
    x.close("CollectionDetails")?;
    x.open("Source")?;
    x.leaf("SourceLevel", "L")?;
    x.leaf("LEA", &format!("{:03}", source.authority.dfe_number))?;
    x.leaf("SoftwareCode", "carefile")?;
    x.leaf("Release", env!("CARGO_PKG_VERSION"))?;
    x.leaf("SerialNo", "001")?;
    x.leaf("DateTime", &source.generated_at.format("%Y-%m-%dT%H:%M:%S").to_string())?;
    x.close("Source")?;
    x.close("Header")?;
    x.open("Children")?;
    let mut written = Written::default();
    for child in children {
        let episodes: Vec<&Referral> = episodes_in(child, year).collect();
        if episodes.is_empty() {
            continue;
        }
        written.children += 1;
        written.episodes += episodes.len() as u64;
        write_child(&mut x, child, &episodes, year, calendar)?;
    }
    x.close("Children")?;
    x.close("Message")?;
    x.0.get_mut().write_all(b"\n")?;
    Ok(written)
}

fn write_child(
    x: &mut Xml<impl Write>,
    c: &ChildRecord,
    episodes: &[&Referral],
    year: CollectionYear,
    cal: &Calendar,
) -> std::io::Result<()> {
    let d = &c.details;
    x.open("Child")?;
    x.open("ChildIdentifiers")?;
    x.leaf("LAchildID", c.id.as_str())?;
    match (&d.upn, d.upn_unknown) {
        (Some(upn), _) => x.leaf("UPN", upn)?,
        (None, Some(reason)) => x.leaf("UPNunknown", reason.code())?,
        (None, None) => {}
    }
    if let Some(f) = &d.former_upn {
        x.leaf("FormerUPN", f)?;
    }
    // An unborn child on the reference date is reported by expected date of birth only.
    match d.dob.filter(|dob| *dob <= year.end()) {
        Some(dob) => x.date("PersonBirthDate", dob)?,
        None => {
            if let Some(e) = d.expected_dob.or(d.dob) {
                x.date("ExpectedPersonBirthDate", e)?;
            }
        }
    }
    x.leaf("Sex", d.sex.map_or("U", |s| s.code()))?;
    if let Some(death) = c.died.filter(|x| *x <= year.end()) {
        x.date("PersonDeathDate", death)?;
    }
    x.close("ChildIdentifiers")?;
    x.open("ChildCharacteristics")?;
    if let Some(e) = d.ethnicity {
        x.leaf("Ethnicity", e.code())?;
    }
    if !d.disabilities.is_empty() {
        x.open("Disabilities")?;
        for dis in &d.disabilities {
            x.leaf("Disability", dis.code())?;
        }
        x.close("Disabilities")?;
    }
    x.close("ChildCharacteristics")?;
    for r in episodes {
        write_episode(x, c, r, year, cal)?;
    }
    x.close("Child")
}

/// The S47's end for inclusion: its conference, or its conclusion that none is needed.
fn s47_end(s: &S47) -> Option<NaiveDate> {
    s.icpc.or(s.concluded.filter(|(_, required)| !required).map(|(d, _)| d))
}

fn write_episode(
    x: &mut Xml<impl Write>,
    c: &ChildRecord,
    r: &Referral,
    year: CollectionYear,
    cal: &Calendar,
) -> std::io::Result<()> {
    x.open("CINdetails")?;
    x.date("CINreferralDate", r.date())?;
    x.leaf("ReferralSource", r.source.code())?;
    if let Some(n) = r.primary_need {
        x.leaf("PrimaryNeedCode", n.code())?;
    }
    if let Some((closed, reason)) = r.closed.filter(|(d, _)| *d <= year.end()) {
        x.date("CINclosureDate", closed)?;
        x.leaf("ReasonForClosure", reason.code())?;
    }
    let s47s: Vec<&S47> = r.s47s.iter().filter(|s| open_in(year, s.start, s47_end(s))).collect();
    // A conference in the year that no reported S47 carries is reported on the episode.
    let episode_icpc = r
        .icpcs
        .iter()
        .filter(|i| in_year(year, i.date) && !i.s47.is_some_and(|no| s47s.iter().any(|s| s.no == no)))
        .map(|i| i.date)
        .max();
    if let Some(date) = episode_icpc {
        x.date("DateOfInitialCPC", date)?;
    }
    for a in r.assessments.iter().filter(|a| open_in(year, a.start, a.authorised)) {
        x.open("Assessments")?;
        x.date("AssessmentActualStartDate", a.start)?;
        if let Some(done) = a.completed.filter(|d| *d <= year.end()) {
            x.date("AssessmentInternalReviewDate", done)?;
        }
        if let Some(auth) = a.authorised.filter(|d| *d <= year.end()) {
            x.date("AssessmentAuthorisationDate", auth)?;
            x.open("FactorsIdentifiedAtAssessment")?;
            for f in &a.factors {
                x.leaf("AssessmentFactors", f.code())?;
            }
            x.close("FactorsIdentifiedAtAssessment")?;
        }
        x.close("Assessments")?;
    }
    for p in r.cin_plans.iter().filter(|p| open_in(year, p.start, p.end)) {
        x.open("CINPlanDates")?;
        x.date("CINPlanStartDate", p.start)?;
        if let Some(end) = p.end.filter(|d| *d <= year.end()) {
            x.date("CINPlanEndDate", end)?;
        }
        x.close("CINPlanDates")?;
    }
    for s in &s47s {
        x.open("Section47")?;
        x.date("S47ActualStartDate", s.start)?;
        let from =
            s.discussion.and_then(|no| r.discussions.iter().find(|d| d.no == no)).map_or(s.start, |d| d.at.date());
        x.date("InitialCPCtarget", cal.add_working_days(from, 15))?;
        if let Some(icpc) = s.icpc.filter(|d| *d <= year.end()) {
            x.date("DateOfInitialCPC", icpc)?;
        }
        let not_required = s.concluded.is_some_and(|(d, required)| !required && d <= year.end());
        x.flag("ICPCnotRequired", not_required)?;
        x.close("Section47")?;
    }
    x.flag("ReferralNFA", r.nfa())?;
    let all_plans: Vec<NaiveDate> = c.referrals.iter().flat_map(|x| &x.cp_plans).map(|p| p.start).collect();
    for p in r.cp_plans.iter().filter(|p| open_in(year, p.start, p.end)) {
        x.open("ChildProtectionPlans")?;
        x.date("CPPstartDate", p.start)?;
        if let Some(end) = p.end.filter(|d| *d <= year.end()) {
            x.date("CPPendDate", end)?;
        }
        x.leaf("InitialCategoryOfAbuse", p.initial_category.code())?;
        x.leaf("LatestCategoryOfAbuse", p.latest_category.code())?;
        // The record's earlier plans, or the number reported where it may not hold them all.
        let held = all_plans.iter().filter(|s| **s < p.start).count();
        let previous = p.previous_plans.map_or(held, |n| held.max(n as usize));
        x.leaf("NumberOfPreviousCPP", &previous.to_string())?;
        let reviews: Vec<NaiveDate> = p.reviews.iter().copied().filter(|d| in_year(year, *d)).collect();
        if !reviews.is_empty() {
            x.open("Reviews")?;
            for d in reviews {
                x.date("CPPreviewDate", d)?;
            }
            x.close("Reviews")?;
        }
        x.close("ChildProtectionPlans")?;
    }
    x.close("CINdetails")
}

/// A thin writer of the census's simple elements.
struct Xml<W: Write>(Writer<W>);

impl<W: Write> Xml<W> {
    fn open(&mut self, name: &str) -> std::io::Result<()> {
        self.0.write_event(Event::Start(BytesStart::new(name)))
    }
    fn close(&mut self, name: &str) -> std::io::Result<()> {
        self.0.write_event(Event::End(BytesEnd::new(name)))
    }
    fn leaf(&mut self, name: &str, text: &str) -> std::io::Result<()> {
        self.open(name)?;
        self.0.write_event(Event::Text(BytesText::new(text)))?;
        self.close(name)
    }
    fn date(&mut self, name: &str, d: NaiveDate) -> std::io::Result<()> {
        self.leaf(name, &d.format("%Y-%m-%d").to_string())
    }
    fn flag(&mut self, name: &str, b: bool) -> std::io::Result<()> {
        self.leaf(name, if b { "1" } else { "0" })
    }
}
