//! Streaming reader for the CIN census XML (returns.md §3).
//!
//! One pass over the bytes with quick-xml, no DOM: each leaf's text is parsed
//! into its typed cell when the leaf closes, and each module becomes a row when
//! it opens, so memory and time are linear in the file. Values that cannot be
//! understood are kept as [`Cell::Invalid`] for the rules; only XML that is not
//! well formed (or not a CIN census at all) is an error, with its line and element.

use crate::model::*;
use carefile_domain::CollectionYear;
use carefile_returns::Cell;
use chrono::NaiveDate;
use quick_xml::events::Event;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

/// Why a file could not be read as a CIN census.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}{}: {kind}", element.as_ref().map(|e| format!(", in <{e}>")).unwrap_or_default())]
pub struct ReadError {
    /// 1-based line where the problem was found.
    pub line: usize,
    /// The innermost open element there, if any.
    pub element: Option<String>,
    pub kind: ReadErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadErrorKind {
    #[error("the XML is not well formed: {0}")]
    Malformed(String),
    #[error("the file ends before <{0}> is closed")]
    Truncated(String),
    #[error("the root element is <{0}>, expected <Message> (a CIN census)")]
    NotACensus(String),
    #[error("a second root element <{0}> follows the census's </Message>: a file holds one census")]
    SecondRoot(String),
    #[error("the file has no <Message> element")]
    Empty,
    /// Not XML text at all: a zip, a spreadsheet, binary data, or text in an encoding it does not declare.
    #[error("{0}")]
    NotText(String),
}

/// Something the caller should tell the user, though the file could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The header's ReferenceDate puts the census in another collection year than the one asked for.
    YearDisagrees { asked: CollectionYear, reference_date: NaiveDate },
    /// No usable ReferenceDate: the collection year's period is used instead.
    NoReferenceDate { asked: CollectionYear },
    /// Text directly inside an element that holds elements: it belongs to no field and is ignored.
    StrayText { line: usize, element: String, text: String },
    /// An element the census does not define: it is ignored with all it holds.
    UnknownElement { line: usize, element: String, parent: String },
    /// How many more warnings of the two kinds above the file raised than are listed.
    More(usize),
}

/// The most structural warnings listed for one file (the rest are counted).
const MAX_STRUCTURAL: usize = 100;

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::YearDisagrees { asked, reference_date } => write!(
                f,
                "the header's ReferenceDate {reference_date} is not the end of collection year {asked}; \
                 the census period is taken from the ReferenceDate, the rule set from year {asked}"
            ),
            Warning::NoReferenceDate { asked } => write!(
                f,
                "the header has no valid ReferenceDate; the census period is taken as collection year {asked}"
            ),
            Warning::StrayText { line, element, text } => {
                let shown: String = text.chars().take(40).collect();
                let more = if shown.len() < text.len() { "…" } else { "" };
                write!(f, "line {line}: the text \"{shown}{more}\" inside <{element}> belongs to no field and was ignored")
            }
            Warning::UnknownElement { line, element, parent } => write!(
                f,
                "line {line}: <{element}> (inside <{parent}>) is not an element of the CIN census; it was ignored with all it holds"
            ),
            Warning::More(n) => write!(f, "{n} more problems of structure like those above"),
        }
    }
}

/// A census as read, with the warnings reading raised.
#[derive(Debug, Clone)]
pub struct Read {
    pub census: Census,
    pub warnings: Vec<Warning>,
}

/// The file as UTF-8 text (`carefile_returns::text`: UTF-16 and declared encodings converted), or
/// why it is not XML text at all.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, ReadError> {
    carefile_returns::text::decode(bytes).map_err(|e| ReadError::not_text(&e))
}

impl ReadError {
    /// Why a file is not XML text (also for a file converted as a stream, `carefile_ingest`).
    pub fn not_text(e: &carefile_returns::text::NotText) -> ReadError {
        let remedy = if e.wrong_encoding {
            " and the XML declaration names no other encoding: save the file as UTF-8, or declare the encoding \
             it is in (<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>)"
        } else {
            ""
        };
        ReadError { line: e.line, element: None, kind: ReadErrorKind::NotText(format!("{}{remedy}", e.problem)) }
    }
}

fn line_at(bytes: &[u8], at: usize) -> usize {
    carefile_returns::text::line_at(bytes, at)
}

/// Reads a CIN census XML to be judged for collection year `year`.
pub fn read(xml: &[u8], year: CollectionYear) -> Result<Read, ReadError> {
    let decoded = decode(xml)?;
    let xml: &[u8] = decoded.as_bytes();
    let mut b = Builder { census: Census::new(year), stack: Vec::new(), text: String::new(), review_seen: false };
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().trim_text(true);
    let mut seen_root = false;
    // Structure the reader passes over, for warnings: whether each open element has held an element.
    let (mut holds, mut structural, mut unlisted) = (Vec::<bool>::new(), Vec::new(), 0usize);
    let mut note = |w: Warning| {
        if structural.len() < MAX_STRUCTURAL { structural.push(w) } else { unlisted += 1 }
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| b.error(xml, reader.error_position(), ReadErrorKind::Malformed(e.to_string())))?;
        let line = || line_at(xml, reader.buffer_position() as usize);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name =
                    name_of(e.name().as_ref()).ok_or_else(|| b.error(xml, reader.buffer_position(), bad_utf8()))?;
                b.check_root(&mut seen_root, &name).map_err(|k| b.error(xml, reader.buffer_position(), k))?;
                // Only inside elements the census defines: what an unknown one holds is ignored with it.
                if let Some(parent @ Cow::Borrowed(_)) = b.stack.last() {
                    if !b.text.trim().is_empty() {
                        note(Warning::StrayText { line: line(), element: parent.to_string(), text: b.text.trim().to_string() });
                    }
                    if let Cow::Owned(unknown) = &name {
                        note(Warning::UnknownElement { line: line(), element: unknown.clone(), parent: parent.to_string() });
                    }
                }
                if let Some(h) = holds.last_mut() {
                    *h = true;
                }
                b.open(name);
                holds.push(false);
                if matches!(event, Event::Empty(_)) {
                    b.close();
                    holds.pop();
                }
            }
            Event::End(_) => {
                if holds.pop() == Some(true) && !b.text.trim().is_empty() {
                    if let Some(element @ Cow::Borrowed(_)) = b.stack.last() {
                        note(Warning::StrayText { line: line(), element: element.to_string(), text: b.text.trim().to_string() });
                    }
                }
                b.close()
            }
            Event::Text(t) => {
                let text = t
                    .unescape()
                    .map_err(|e| b.error(xml, reader.buffer_position(), ReadErrorKind::Malformed(e.to_string())))?;
                b.text.push_str(&text);
            }
            Event::CData(t) => {
                let text = std::str::from_utf8(&t).map_err(|_| b.error(xml, reader.buffer_position(), bad_utf8()))?;
                b.text.push_str(text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = b.stack.last() {
        let kind = ReadErrorKind::Truncated(open.to_string());
        return Err(b.error(xml, xml.len() as u64, kind));
    }
    if !seen_root {
        return Err(ReadError { line: 1, element: None, kind: ReadErrorKind::Empty });
    }
    let mut read = b.finish();
    read.warnings.extend(structural);
    if unlisted > 0 {
        read.warnings.push(Warning::More(unlisted));
    }
    Ok(read)
}

fn bad_utf8() -> ReadErrorKind {
    ReadErrorKind::Malformed("an element name is not valid UTF-8".into())
}

/// An ISO date `YYYY-MM-DD` (xs:date without a time zone, as the DfE writes them).
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

fn date(s: &str) -> Cell<NaiveDate> {
    Cell::parse(s, parse_date)
}

fn text(s: &str) -> Cell<Text> {
    Cell::parse(s, |v| Some(v.into()))
}

fn code<T: FromStr>(s: &str) -> Cell<T> {
    Cell::parse(s, |v| v.parse().ok())
}

fn number<T: FromStr>(s: &str) -> Cell<T> {
    Cell::parse(s, |v| if v.bytes().all(|b| b.is_ascii_digit()) { v.parse().ok() } else { None })
}

/// An element name: the census's own names are static, others are kept as written.
type Name = Cow<'static, str>;

/// What opening an element starts.
enum Open {
    Header,
    Child,
    Characteristics,
    Episode,
    Module,
    Reviews,
    Nothing,
}


/// Every element name the census uses (of any year), from the structure's model, so the
/// open-element stack needs no allocation for them.
fn known() -> &'static HashMap<&'static [u8], &'static str> {
    static INDEX: OnceLock<HashMap<&'static [u8], &'static str>> = OnceLock::new();
    INDEX.get_or_init(|| {
        crate::structure::MODEL
            .iter()
            .flat_map(|(parent, children)| std::iter::once(*parent).chain(children.iter().copied()))
            .map(|k| (k.as_bytes(), k))
            .collect()
    })
}

/// Whether `name` is an element of the census (of any year).
pub(crate) fn is_census_element(name: &str) -> bool {
    known().contains_key(name.as_bytes())
}

fn name_of(bytes: &[u8]) -> Option<Name> {
    let index = known();
    Some(match index.get(bytes) {
        Some(k) => Cow::Borrowed(*k),
        None => Cow::Owned(std::str::from_utf8(bytes).ok()?.to_owned()),
    })
}

struct Builder {
    census: Census,
    stack: Vec<Name>,
    text: String,
    /// Whether the `<Reviews>` block now open has had a CPPreviewDate.
    review_seen: bool,
}

fn len(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

impl Builder {
    fn error(&self, xml: &[u8], pos: u64, kind: ReadErrorKind) -> ReadError {
        ReadError { line: line_at(xml, pos as usize), element: self.stack.last().map(|e| e.to_string()), kind }
    }

    fn check_root(&self, seen_root: &mut bool, name: &str) -> Result<(), ReadErrorKind> {
        if self.stack.is_empty() {
            if *seen_root {
                return Err(ReadErrorKind::SecondRoot(name.to_string()));
            }
            if name != "Message" {
                return Err(ReadErrorKind::NotACensus(name.to_string()));
            }
            *seen_root = true;
        }
        Ok(())
    }

    fn key(&self) -> EpisodeKey {
        let c = &self.census;
        let cin = c.cin_details.last().map(|e| (e.row, e.child, e.cin_details_id)).unwrap_or_default();
        EpisodeKey { child: cin.1, cin: cin.0, cin_details_id: cin.2 }
    }

    fn open(&mut self, name: Name) {
        self.text.clear();
        // Modules attach to the latest child / episode; the parent's name says which.
        let in_child = !self.census.children.is_empty();
        let in_episode = !self.census.cin_details.is_empty();
        let parent = self.stack.last().map(|p| p.as_ref()).unwrap_or("");
        let action = match (parent, name.as_ref()) {
            ("Message", "Header") => Open::Header,
            ("Children", "Child") => Open::Child,
            ("Child", "ChildCharacteristics") if in_child => Open::Characteristics,
            ("Child", "CINdetails") if in_child => Open::Episode,
            ("CINdetails", _) if in_episode => Open::Module,
            ("ChildProtectionPlans", "Reviews") => Open::Reviews,
            _ => Open::Nothing,
        };
        let c = &mut self.census;
        match action {
            Open::Header => c.header = Some(Header::default()),
            Open::Child => {
                let at = |n: usize| len(n)..len(n);
                let child = ChildIdentifiers {
                    row: len(c.children.len()),
                    characteristics: at(c.characteristics.len()),
                    disabilities: at(c.disabilities.len()),
                    cin_details: at(c.cin_details.len()),
                    ..Default::default()
                };
                c.children.push(child);
            }
            Open::Characteristics => {
                let child = len(c.children.len() - 1);
                c.characteristics.push(ChildCharacteristics {
                    row: len(c.characteristics.len()),
                    child,
                    ..Default::default()
                });
            }
            Open::Episode => {
                let child = len(c.children.len() - 1);
                let ch = &c.children[child as usize];
                let id = len(c.cin_details.len()) - ch.cin_details.start + 1;
                let at = |n: usize| len(n)..len(n);
                c.cin_details.push(CinDetails {
                    row: len(c.cin_details.len()),
                    child,
                    cin_details_id: id,
                    assessments: at(c.assessments.len()),
                    cin_plans: at(c.cin_plans.len()),
                    section47: at(c.section47.len()),
                    cpps: at(c.cpps.len()),
                    pre_proceedings: at(c.pre_proceedings.len()),
                    ..Default::default()
                });
            }
            Open::Module => self.open_module(name.as_ref()),
            Open::Reviews => self.review_seen = false,
            Open::Nothing => {}
        }
        self.stack.push(name);
    }

    fn open_module(&mut self, module: &str) {
        let key = self.key();
        let c = &mut self.census;
        match module {
            "Assessments" => {
                let ep = &c.cin_details[key.cin as usize];
                let assessment_id = len(c.assessments.len()) - ep.assessments.start + 1;
                c.assessments.push(Assessment {
                    row: len(c.assessments.len()),
                    key,
                    assessment_id,
                    ..Default::default()
                });
            }
            "CINPlanDates" => c.cin_plans.push(CinPlanDates { row: len(c.cin_plans.len()), key, ..Default::default() }),
            "Section47" => c.section47.push(Section47 { row: len(c.section47.len()), key, ..Default::default() }),
            "ChildProtectionPlans" => {
                let ep = &c.cin_details[key.cin as usize];
                let cpp_id = len(c.cpps.len()) - ep.cpps.start + 1;
                let r = len(c.reviews.len());
                c.cpps.push(ChildProtectionPlan {
                    row: len(c.cpps.len()),
                    key,
                    cpp_id,
                    reviews: r..r,
                    ..Default::default()
                });
            }
            "PreProceedingsandFGDM" => {
                c.pre_proceedings.push(PreProceedings { row: len(c.pre_proceedings.len()), key, ..Default::default() })
            }
            _ => {}
        }
    }

    fn push_review(&mut self, value: Cell<NaiveDate>) {
        let c = &mut self.census;
        if let Some(cpp) = c.cpps.last_mut() {
            c.reviews.push(Review {
                row: len(c.reviews.len()),
                key: cpp.key,
                cpp: cpp.row,
                cpp_id: cpp.cpp_id,
                review_date: value,
            });
            cpp.reviews.end = len(c.reviews.len());
        }
        self.review_seen = true;
    }

    fn close(&mut self) {
        let Some(name) = self.stack.pop() else { return };
        let parent = self.stack.last().map(|p| p.as_ref()).unwrap_or("");
        let in_child = !self.census.children.is_empty();
        // The text buffer is put back (emptied) at the end, so leaves reuse one allocation.
        let owned = std::mem::take(&mut self.text);
        let v = owned.trim();
        let c = &mut self.census;
        match (parent, name.as_ref()) {
            ("CollectionDetails" | "Source", field) => {
                if let Some(h) = c.header.as_mut() {
                    match field {
                        "Collection" => h.collection = text(v),
                        "Year" => h.year = number(v),
                        "ReferenceDate" => h.reference_date = date(v),
                        "SourceLevel" => h.source_level = text(v),
                        "LEA" => h.lea = text(v),
                        "SoftwareCode" => h.software_code = text(v),
                        "Release" => h.release = text(v),
                        "SerialNo" => h.serial_no = text(v),
                        "DateTime" => h.date_time = text(v),
                        _ => {}
                    }
                }
            }
            ("ChildIdentifiers", field) if in_child => {
                if let Some(ch) = c.children.last_mut() {
                    match field {
                        "LAchildID" => ch.la_child_id = text(v),
                        "UPN" => ch.upn = text(v),
                        "FormerUPN" => ch.former_upn = text(v),
                        "UPNunknown" => ch.upn_unknown = code(v),
                        "PersonBirthDate" => ch.person_birth_date = date(v),
                        "ExpectedPersonBirthDate" => ch.expected_person_birth_date = date(v),
                        "GenderCurrent" => ch.gender_current = text(v),
                        "Sex" => ch.sex = code(v),
                        "PersonDeathDate" => ch.person_death_date = date(v),
                        _ => {}
                    }
                }
            }
            ("ChildCharacteristics", "Ethnicity") => {
                if let Some(row) = c.characteristics.last_mut() {
                    row.ethnicity = code(v);
                }
            }
            ("Disabilities", "Disability") if in_child => {
                let child = len(c.children.len() - 1);
                c.disabilities.push(DisabilityRow { row: len(c.disabilities.len()), child, disability: code(v) });
            }
            ("Child", "ChildCharacteristics") => {
                if let Some(ch) = c.children.last_mut() {
                    ch.characteristics.end = len(c.characteristics.len());
                }
            }
            ("Children", "Child") => {
                if let Some(ch) = c.children.last_mut() {
                    ch.characteristics.end = len(c.characteristics.len());
                    ch.disabilities.end = len(c.disabilities.len());
                    ch.cin_details.end = len(c.cin_details.len());
                }
            }
            ("CINdetails", field) if in_child => self.close_in_episode(field, v),
            ("Assessments", field) => {
                if let Some(a) = c.assessments.last_mut() {
                    match field {
                        "AssessmentActualStartDate" => a.actual_start_date = date(v),
                        "AssessmentInternalReviewDate" => a.internal_review_date = date(v),
                        "AssessmentAuthorisationDate" => a.authorisation_date = date(v),
                        _ => {}
                    }
                }
            }
            ("FactorsIdentifiedAtAssessment", "AssessmentFactors") => {
                if let Some(a) = c.assessments.last_mut() {
                    a.factors.push(code(v));
                }
            }
            ("CINPlanDates", field) => {
                if let Some(p) = c.cin_plans.last_mut() {
                    match field {
                        "CINPlanStartDate" => p.start_date = date(v),
                        "CINPlanEndDate" => p.end_date = date(v),
                        _ => {}
                    }
                }
            }
            ("Section47", field) => {
                if let Some(s) = c.section47.last_mut() {
                    match field {
                        "S47ActualStartDate" => s.s47_actual_start_date = date(v),
                        "InitialCPCtarget" => s.initial_cpc_target = date(v),
                        "DateOfInitialCPC" => s.date_of_initial_cpc = date(v),
                        "ICPCnotRequired" => s.icpc_not_required = Cell::parse(v, parse_bool),
                        _ => {}
                    }
                }
            }
            ("ChildProtectionPlans", "Reviews") if !self.review_seen => self.push_review(Cell::Blank),
            ("Reviews", "CPPreviewDate") => self.push_review(date(v)),
            ("ChildProtectionPlans", field) => {
                if let Some(p) = c.cpps.last_mut() {
                    match field {
                        "CPPstartDate" => p.start_date = date(v),
                        "CPPendDate" => p.end_date = date(v),
                        "InitialCategoryOfAbuse" => p.initial_category_of_abuse = code(v),
                        "LatestCategoryOfAbuse" => p.latest_category_of_abuse = code(v),
                        "NumberOfPreviousCPP" => p.number_of_previous_cpp = number(v),
                        _ => {}
                    }
                }
            }
            ("PreProceedingsandFGDM", field) => {
                if let Some(p) = c.pre_proceedings.last_mut() {
                    match field {
                        "PPStartDate" => p.pp_start_date = date(v),
                        "LBPSentDate" => p.lbp_sent_date = date(v),
                        "FGDMMeetingOffer" => p.fgdm_meeting_offer = text(v),
                        "FGDMMeetingFac" => p.fgdm_meeting_fac = text(v),
                        "InitialPPMeetingDate" => p.initial_pp_meeting_date = date(v),
                        "ReviewMeetingsCount" => p.review_meetings_count = text(v),
                        "StepDecisionDate" => p.step_decision_date = date(v),
                        "PPOutcome" => p.pp_outcome = text(v),
                        "CourtAppDate" => p.court_app_date = date(v),
                        "LetterInitCPDate" => p.letter_init_cp_date = date(v),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        self.text = owned;
        self.text.clear();
    }

    /// A leaf or module closing directly inside `<CINdetails>`.
    fn close_in_episode(&mut self, field: &str, v: &str) {
        let c = &mut self.census;
        let Some(e) = c.cin_details.last_mut() else { return };
        match field {
            "CINreferralDate" => e.cin_referral_date = date(v),
            "ReferralSource" => e.referral_source = code(v),
            "PrimaryNeedCode" => e.primary_need_code = code(v),
            "CINclosureDate" => e.cin_closure_date = date(v),
            "ReasonForClosure" => e.reason_for_closure = code(v),
            "DateOfInitialCPC" => e.date_of_initial_cpc = date(v),
            "ReferralNFA" => e.referral_nfa = Cell::parse(v, parse_bool),
            "Assessments" => e.assessments.end = len(c.assessments.len()),
            "CINPlanDates" => e.cin_plans.end = len(c.cin_plans.len()),
            "Section47" => e.section47.end = len(c.section47.len()),
            "ChildProtectionPlans" => e.cpps.end = len(c.cpps.len()),
            "PreProceedingsandFGDM" => e.pre_proceedings.end = len(c.pre_proceedings.len()),
            _ => {}
        }
    }

    fn finish(self) -> Read {
        let mut census = self.census;
        let mut warnings = Vec::new();
        match census.reference_date() {
            Some(rd) => {
                census.period = Period::ending_on(rd);
                if rd != census.year.end() {
                    warnings.push(Warning::YearDisagrees { asked: census.year, reference_date: rd });
                }
            }
            None => warnings.push(Warning::NoReferenceDate { asked: census.year }),
        }
        Read { census, warnings }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use carefile_domain::codes::{AssessmentFactor, ReferralSource};

    pub(crate) const SAMPLE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<Message>
  <Header>
    <CollectionDetails><Collection>CIN</Collection><Year>2026</Year><ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>855</LEA><SoftwareCode>carefile</SoftwareCode><Release>1</Release><SerialNo>001</SerialNo><DateTime>2026-04-02T10:00:00</DateTime></Source>
  </Header>
  <Children>
    <Child>
      <ChildIdentifiers><LAchildID>A1</LAchildID><UPN>A855123456789</UPN><PersonBirthDate>2015-01-02</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2025-05-01</CINreferralDate><ReferralSource>1A</ReferralSource><ReferralNFA>false</ReferralNFA>
        <Assessments><AssessmentActualStartDate>2025-05-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2025-06-01</AssessmentAuthorisationDate>
          <FactorsIdentifiedAtAssessment><AssessmentFactors>1A</AssessmentFactors><AssessmentFactors>99Z</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
        <Assessments><AssessmentActualStartDate>2025-07-02</AssessmentActualStartDate></Assessments>
        <ChildProtectionPlans><CPPstartDate>2025-06-10</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP>
          <Reviews><CPPreviewDate>2025-07-01</CPPreviewDate><CPPreviewDate>2025-10-01</CPPreviewDate></Reviews></ChildProtectionPlans>
        <PreProceedingsandFGDM><PPStartDate>2025-08-01</PPStartDate><PPOutcome>whatever</PPOutcome></PreProceedingsandFGDM>
      </CINdetails>
    </Child>
    <Child>
      <ChildIdentifiers><LAchildID>B2</LAchildID><PersonBirthDate>2015-13-40</PersonBirthDate><Sex>X</Sex></ChildIdentifiers>
      <CINdetails><CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>ZZ</ReferralSource><ReferralNFA>maybe</ReferralNFA>
        <ChildProtectionPlans><CPPstartDate>2025-06-10</CPPstartDate><Reviews/></ChildProtectionPlans></CINdetails>
      <CINdetails><CINreferralDate>2025-05-01</CINreferralDate><ReferralNFA>1</ReferralNFA>
        <Section47><S47ActualStartDate>2025-05-02</S47ActualStartDate><ICPCnotRequired>true</ICPCnotRequired></Section47></CINdetails>
    </Child>
  </Children>
</Message>"#;

    #[test]
    fn dates_are_strict_iso() {
        assert_eq!(parse_date("2024-02-29"), NaiveDate::from_ymd_opt(2024, 2, 29));
        for bad in
            ["2025-02-29", "2025-2-01", "2025/02/01", "01-02-2025", "2025-02-0x", "+025-02-01", "2025-02-01T00:00", ""]
        {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    fn sample() -> Read {
        read(SAMPLE.as_bytes(), CollectionYear::new(2026)).unwrap()
    }

    #[test]
    fn reads_every_table_with_rows_and_parent_keys() {
        let r = sample();
        let c = &r.census;
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        assert_eq!(c.children.len(), 2);
        assert_eq!(c.child_id(1), "B2");
        assert_eq!(c.header.as_ref().unwrap().lea, Cell::Valid("855".into()));
        assert_eq!(c.disabilities.len(), 1);
        assert_eq!(c.cin_details.len(), 3);
        assert_eq!(c.cin_details[2].cin_details_id, 2);
        assert_eq!(c.episodes_of(&c.children[1]).len(), 2);
        assert_eq!(c.cin_details[0].referral_source, Cell::Valid(ReferralSource::Individual));
        assert_eq!(c.cin_details[1].referral_source, Cell::Invalid("ZZ".into()));
        assert_eq!(c.cin_details[1].referral_nfa, Cell::Invalid("maybe".into()));
        assert_eq!(c.cin_details[2].referral_nfa, Cell::Valid(true));
        assert_eq!(c.assessments.len(), 2);
        assert_eq!(c.assessments[1].assessment_id, 2);
        assert_eq!(c.assessments[0].factors, vec![Cell::Valid(AssessmentFactor::F1A), Cell::Invalid("99Z".into())]);
        assert_eq!(c.children[1].person_birth_date, Cell::Invalid("2015-13-40".into()));
        assert!(c.children[1].sex.is_invalid());
        // Every review date is a row; an empty <Reviews/> block is one blank row.
        assert_eq!(c.reviews.len(), 3);
        assert_eq!(c.reviews_of(&c.cpps[0]).len(), 2);
        assert_eq!(c.reviews[2].review_date, Cell::Blank);
        assert_eq!((c.reviews[2].cpp, c.reviews[2].key.child, c.cpps[1].cpp_id), (1, 1, 1));
        assert_eq!(c.section47[0].key, EpisodeKey { child: 1, cin: 2, cin_details_id: 2 });
        assert_eq!(c.section47[0].icpc_not_required, Cell::Valid(true));
        assert_eq!(c.child_cpps(&c.children[1]).len(), 1);
        assert_eq!(c.pre_proceedings.len(), 1);
        assert_eq!(c.pre_proceedings[0].pp_outcome, Cell::Valid("whatever".into()));
        assert_eq!(c.period, Period::of_year(CollectionYear::new(2026)));
        // Values for reports, as written.
        assert_eq!(c.value("CINdetails", 1, "ReferralNFA").as_deref(), Some("maybe"));
        assert_eq!(c.value("CINdetails", 1, "LAchildID").as_deref(), Some("B2"));
        assert_eq!(c.value("Assessments", 0, "AssessmentFactors").as_deref(), Some("1A,99Z"));
        assert_eq!(c.value("Reviews", 1, "CPPreviewDate").as_deref(), Some("2025-10-01"));
        assert_eq!(c.value("Section47", 0, "ICPCnotRequired").as_deref(), Some("true"));
        assert_eq!(c.value("Header", 0, "LEA").as_deref(), Some("855"));
        assert_eq!(c.value("ChildIdentifiers", 1, "PersonDeathDate").as_deref(), Some(""));
        assert_eq!(c.value("Reviews", 9, "CPPreviewDate"), None);
        assert_eq!(c.value("Nope", 0, "LAchildID"), None);
    }

    #[test]
    fn a_year_that_disagrees_with_the_reference_date_is_a_warning() {
        let r = read(SAMPLE.as_bytes(), CollectionYear::new(2027)).unwrap();
        assert_eq!(r.census.period, Period::of_year(CollectionYear::new(2026)));
        assert!(matches!(r.warnings[..], [Warning::YearDisagrees { .. }]));
        assert!(r.warnings[0].to_string().contains("2026-03-31"));
    }

    #[test]
    fn malformed_xml_names_line_and_element() {
        let bad =
            "<Message>\n<Children>\n<Child>\n<ChildIdentifiers><LAchildID>A</LAchildID></Child>\n</Children></Message>";
        let e = read(bad.as_bytes(), CollectionYear::new(2026)).unwrap_err();
        assert_eq!(e.line, 4);
        assert!(matches!(e.kind, ReadErrorKind::Malformed(_)), "{e}");
        let truncated = &SAMPLE[..SAMPLE.find("</Children>").unwrap()];
        let e = read(truncated.as_bytes(), CollectionYear::new(2026)).unwrap_err();
        assert_eq!(e.kind, ReadErrorKind::Truncated("Children".into()), "{e}");
        let mid_tag = &SAMPLE[..SAMPLE.len() / 2];
        let e = read(mid_tag.as_bytes(), CollectionYear::new(2026)).unwrap_err();
        assert!(e.to_string().starts_with("line 15, in <Assessments>"), "{e}");
        let e = read(b"<Other/>", CollectionYear::new(2026)).unwrap_err();
        assert_eq!(e.kind, ReadErrorKind::NotACensus("Other".into()));
        let e = read(b"", CollectionYear::new(2026)).unwrap_err();
        assert_eq!(e.kind, ReadErrorKind::Empty);
        let two = format!("{SAMPLE}<Message></Message>");
        let e = read(two.as_bytes(), CollectionYear::new(2026)).unwrap_err();
        assert_eq!(e.kind, ReadErrorKind::SecondRoot("Message".into()), "{e}");
        assert!(e.to_string().contains("a second root element <Message> follows the census's </Message>"), "{e}");
    }

    #[test]
    fn stray_text_and_unknown_elements_are_warned_about_with_their_lines() {
        let with = SAMPLE
            .replacen("<LAchildID>", "stray words\n<LAchildID>", 1)
            .replacen("</ChildIdentifiers>", "<Nickname>Jo<Inner/></Nickname>\ntrailing</ChildIdentifiers>", 1);
        let r = read(with.as_bytes(), CollectionYear::new(2026)).unwrap();
        let said: Vec<String> = r.warnings.iter().map(|w| w.to_string()).collect();
        let line = |needle: &str| 1 + with[..with.find(needle).unwrap()].matches('\n').count();
        assert_eq!(
            said,
            [
                format!("line {}: the text \"stray words\" inside <ChildIdentifiers> belongs to no field and was ignored", line("<LAchildID>")),
                format!("line {}: <Nickname> (inside <ChildIdentifiers>) is not an element of the CIN census; it was ignored with all it holds", line("<Nickname>")),
                format!("line {}: the text \"trailing\" inside <ChildIdentifiers> belongs to no field and was ignored", line("trailing</ChildIdentifiers>")),
            ]
        );
        // The census itself is read as without them.
        let plain = read(SAMPLE.as_bytes(), CollectionYear::new(2026)).unwrap().census;
        assert_eq!(r.census.children.len(), plain.children.len());
        assert_eq!(r.census.value("ChildIdentifiers", 0, "LAchildID"), plain.value("ChildIdentifiers", 0, "LAchildID"));
        // Past the cap, the rest are counted.
        let many = SAMPLE.replacen("<LAchildID>", &format!("{}<LAchildID>", "<Extra/>".repeat(MAX_STRUCTURAL + 7)), 1);
        let w = read(many.as_bytes(), CollectionYear::new(2026)).unwrap().warnings;
        assert_eq!((w.len(), w.last()), (MAX_STRUCTURAL + 1, Some(&Warning::More(7))));
    }

    fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
        let units = text.encode_utf16().flat_map(|u| if little { u.to_le_bytes() } else { u.to_be_bytes() });
        let bom: &[u8] = match (bom, little) {
            (false, _) => &[],
            (true, true) => &[0xFF, 0xFE],
            (true, false) => &[0xFE, 0xFF],
        };
        bom.iter().copied().chain(units).collect()
    }

    #[test]
    fn utf16_with_or_without_a_bom_and_a_declared_latin1_read_as_utf8_does() {
        let expected = read(SAMPLE.as_bytes(), CollectionYear::new(2026)).unwrap().census;
        let as_utf16 = SAMPLE.replace("encoding=\"utf-8\"", "encoding=\"UTF-16\"");
        for (little, bom) in [(true, true), (false, true), (true, false), (false, false)] {
            let r = read(&utf16(&as_utf16, little, bom), CollectionYear::new(2026))
                .unwrap_or_else(|e| panic!("little {little} bom {bom}: {e}"));
            assert_eq!(r.census.children.len(), expected.children.len());
            assert_eq!(r.census.value("Header", 0, "LEA"), expected.value("Header", 0, "LEA"));
        }
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(read(&bom8, CollectionYear::new(2026)).unwrap().census.children.len(), expected.children.len());
        // A name with é written in ISO-8859-1 (one byte, 0xE9), as declared.
        let latin = SAMPLE.replace("encoding=\"utf-8\"", "encoding=\"ISO-8859-1\"").replace("<LEA>855</LEA>", "<LEA>85\u{e9}</LEA>");
        let bytes: Vec<u8> = latin.chars().map(|c| u8::try_from(u32::from(c)).expect("Latin-1")).collect();
        let r = read(&bytes, CollectionYear::new(2026)).unwrap();
        assert_eq!(r.census.value("Header", 0, "LEA").as_deref(), Some("85\u{e9}"));
        // A byte that is not UTF-8 in a file declared UTF-8: the line is named and the remedy given.
        let mut raw = SAMPLE.as_bytes().to_vec();
        let at = raw.windows(5).position(|w| w == b"<LEA>").unwrap() + 7;
        raw[at] = 0xE9;
        let e = read(&raw, CollectionYear::new(2026)).unwrap_err();
        assert!(matches!(e.kind, ReadErrorKind::NotText(_)) && e.to_string().contains("not UTF-8 text"), "{e}");
        let lea_line = 1 + SAMPLE[..SAMPLE.find("<LEA>").unwrap()].matches('\n').count();
        assert_eq!(e.line, lea_line, "{e}");
    }

    #[test]
    fn zips_gzips_and_binary_data_are_named_as_such() {
        let e = |bytes: &[u8]| read(bytes, CollectionYear::new(2026)).unwrap_err().to_string();
        assert!(e(b"PK\x03\x04\x14\x00\x06\x00rest").contains("a zip archive"));
        assert!(e(&[0x1F, 0x8B, 8, 0, 0, 0]).contains("gzip-compressed"));
        assert!(e(b"\x7fELF\x02\x01\x01\x00\x00").contains("binary data"));
        assert!(e(&[0xC3, 0x28, 0xA0, 0xA1, 0x20]).contains("not UTF-8 text"));
    }
}
