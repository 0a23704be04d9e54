//! The census's structure, checked before the rules, each problem with its line: elements in the
//! order the DfE's specification gives them, only where they belong (and only in the years they
//! exist), codes from the year's DfE code lists, booleans as XML booleans. The reader's own
//! structural warnings (stray text, unknown elements) join them, so one list says everything about
//! the file's shape.
//!
//! The DfE publishes the census as a specification, not an XSD; the only public XSDs are LIIA's
//! cleaning schemas. Where LIIA reads more strictly than the DfE, carefile follows the DfE and says
//! what LIIA would refuse as a warning, never a finding:
//! - booleans: the DfE's are XML booleans (`true`, `false`, `1`, `0`); LIIA's `yesnotype` takes only
//!   `0` and `1`;
//! - the header: the DfE requires it; LIIA's schema lets it be left out (more lenient, so no warning);
//! - assessment factors 18A and 19A: withdrawn by the DfE from 2024-25 (split into B and C), so a
//!   finding from that year; LIIA's 2026 schema keeps them at a client's request (more lenient).

use crate::reader::Warning;
use carefile_domain::CollectionYear;
use carefile_domain::codes::{
    AssessmentFactor, CategoryOfAbuse, Disability, Ethnicity, PrimaryNeed, ReasonForClosure, ReferralSource, Sex,
    UpnUnknown,
};
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::fmt;

/// How much a structural problem weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Against the DfE's specification.
    Finding,
    /// Accepted by the DfE, refused by LIIA's stricter schema: said, never counted.
    Warning,
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `element` comes after `after`, which the specification puts after it.
    OutOfOrder { after: String },
    /// A census element where the specification has no place for it.
    Misplaced,
    /// An element of another year's census.
    WrongYear { years: &'static str },
    /// A code outside the year's code list.
    NotInList { value: String, list: &'static str },
    /// Not an XML boolean.
    NotBoolean { value: String },
    /// `true`/`false`: the DfE accepts them, LIIA's schema only `0`/`1` (`count` such values, the
    /// first at the problem's line).
    LiiaBoolean { count: usize },
    /// Stray text or an unknown element, as the reader warned of it.
    Reader(Warning),
}

/// One structural problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub element: String,
    /// The element it is inside.
    pub parent: String,
    pub kind: Kind,
}

impl Problem {
    pub fn severity(&self) -> Severity {
        match self.kind {
            Kind::LiiaBoolean { .. } => Severity::Warning,
            _ => Severity::Finding,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (e, p) = (&self.element, &self.parent);
        match &self.kind {
            Kind::OutOfOrder { after } => {
                write!(f, "<{e}> comes after <{after}> inside <{p}>; the census has <{e}> before <{after}>")
            }
            Kind::Misplaced => write!(f, "<{e}> does not belong inside <{p}>"),
            Kind::WrongYear { years } => write!(f, "<{e}> is part of the census {years}, not this year's"),
            Kind::NotInList { value, list } => write!(f, "<{e}> '{value}' is not in this year's {list} code list"),
            Kind::NotBoolean { value } => write!(f, "<{e}> '{value}' is not a boolean (true, false, 1 or 0)"),
            Kind::LiiaBoolean { count } => write!(
                f,
                "<{e}> is written true/false ({count} time{} from here): the DfE accepts it, LIIA's schema only 0/1",
                if *count == 1 { "" } else { "s" }
            ),
            Kind::Reader(w) => {
                let said = w.to_string();
                f.write_str(said.strip_prefix(&format!("line {}: ", self.line)).unwrap_or(&said))
            }
        }
    }
}

/// The structural problems of a census file, in line order.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    pub problems: Vec<Problem>,
    /// Problems found beyond those listed.
    pub unlisted: usize,
}

/// The most problems listed for one file (the rest are counted).
pub const MAX_LISTED: usize = 1000;

/// Each element that holds elements, with its children in the specification's order (every name
/// the census uses is here, so the reader knows them from this too).
pub(crate) const MODEL: &[(&str, &[&str])] = &[
    ("Message", &["Header", "Children"]),
    ("Header", &["CollectionDetails", "Source"]),
    ("CollectionDetails", &["Collection", "Year", "ReferenceDate"]),
    ("Source", &["SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"]),
    ("Children", &["Child"]),
    ("Child", &["ChildIdentifiers", "ChildCharacteristics", "CINdetails"]),
    (
        "ChildIdentifiers",
        &[
            "LAchildID",
            "UPN",
            "FormerUPN",
            "UPNunknown",
            "PersonBirthDate",
            "ExpectedPersonBirthDate",
            "GenderCurrent",
            "Sex",
            "PersonDeathDate",
        ],
    ),
    ("ChildCharacteristics", &["Ethnicity", "Disabilities"]),
    ("Disabilities", &["Disability"]),
    (
        "CINdetails",
        &[
            "CINreferralDate",
            "ReferralSource",
            "PrimaryNeedCode",
            "CINclosureDate",
            "ReasonForClosure",
            "DateOfInitialCPC",
            "Assessments",
            "CINPlanDates",
            "Section47",
            "ReferralNFA",
            "ChildProtectionPlans",
            "PreProceedingsandFGDM",
        ],
    ),
    (
        "Assessments",
        &[
            "AssessmentActualStartDate",
            "AssessmentInternalReviewDate",
            "AssessmentAuthorisationDate",
            "FactorsIdentifiedAtAssessment",
        ],
    ),
    ("FactorsIdentifiedAtAssessment", &["AssessmentFactors"]),
    ("CINPlanDates", &["CINPlanStartDate", "CINPlanEndDate"]),
    ("Section47", &["S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"]),
    (
        "ChildProtectionPlans",
        &[
            "CPPstartDate",
            "CPPendDate",
            "InitialCategoryOfAbuse",
            "LatestCategoryOfAbuse",
            "NumberOfPreviousCPP",
            "Reviews",
        ],
    ),
    ("Reviews", &["CPPreviewDate"]),
    (
        "PreProceedingsandFGDM",
        &[
            "PPStartDate",
            "LBPSentDate",
            "FGDMMeetingOffer",
            "FGDMMeetingFac",
            "InitialPPMeetingDate",
            "ReviewMeetingsCount",
            "StepDecisionDate",
            "PPOutcome",
            "CourtAppDate",
            "LetterInitCPDate",
        ],
    ),
];

/// Elements that exist only in some years' census: the years as said to the user, and whether
/// collection year `y` (by the year it ends) has them.
fn years_of(element: &str) -> Option<(&'static str, fn(u16) -> bool)> {
    Some(match element {
        "GenderCurrent" => ("up to 2023-24 (Sex replaced it)", |y| y <= 2024),
        "Sex" => ("from 2024-25 (it replaced GenderCurrent)", |y| y >= 2025),
        "PreProceedingsandFGDM" => ("from 2026-27 (validate it with --year 2027)", |y| y >= 2027),
        _ => return None,
    })
}

const BOOLEANS: &[&str] = &["ReferralNFA", "ICPCnotRequired", "FGDMMeetingOffer", "FGDMMeetingFac"];

/// Whether `value` is in the code list of `element` for `year`: `None` for an element with no code list.
fn in_list(element: &str, value: &str, year: CollectionYear) -> Option<(bool, &'static str)> {
    macro_rules! list {
        ($t:ty) => {
            (<$t>::from_code(value).is_some_and(|c| c.valid_in(year)), <$t>::LIST)
        };
    }
    Some(match element {
        "ReferralSource" => list!(ReferralSource),
        "PrimaryNeedCode" => list!(PrimaryNeed),
        "ReasonForClosure" => list!(ReasonForClosure),
        "Ethnicity" => list!(Ethnicity),
        "Disability" => list!(Disability),
        "AssessmentFactors" => list!(AssessmentFactor),
        "InitialCategoryOfAbuse" | "LatestCategoryOfAbuse" => list!(CategoryOfAbuse),
        "UPNunknown" => list!(UpnUnknown),
        "Sex" => list!(Sex),
        "GenderCurrent" => (matches!(value, "0" | "1" | "2" | "9"), "gender"),
        _ => return None,
    })
}

/// Line numbers of byte offsets that only move forward: counts newlines once over the file.
struct Lines<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
}

impl Lines<'_> {
    fn of(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        if pos < self.at {
            return carefile_returns::text::line_at(self.text, pos);
        }
        self.line += self.text[self.at..pos].iter().filter(|b| **b == b'\n').count();
        self.at = pos;
        self.line
    }
}

/// One open element: its name and the position in its parent's order of the last child seen.
struct Open {
    name: String,
    last: Option<usize>,
}

/// Checks the structure of census `xml` for collection `year`, joined with the reader's structural
/// warnings (`reader`, those of the same file). XML the reader refuses is the reader's to report:
/// the pass stops where the XML stops being well formed.
pub fn check(xml: &[u8], year: CollectionYear, reader: &[Warning]) -> Structure {
    let decoded = carefile_returns::text::decode(xml).unwrap_or(std::borrow::Cow::Borrowed(""));
    let text = decoded.as_bytes();
    let model: BTreeMap<&str, &[&str]> = MODEL.iter().copied().collect();
    let mut lines = Lines { text, at: 0, line: 1 };
    let mut reader_xml = quick_xml::Reader::from_reader(text);
    reader_xml.config_mut().trim_text(true);
    let mut stack: Vec<Open> = Vec::new();
    let mut leaf = String::new();
    let mut problems = Vec::new();
    // LIIA's boolean reading, once per element: (first line, parent, count).
    let mut liia: BTreeMap<String, (usize, String, usize)> = BTreeMap::new();
    let year_ends = year.ending();
    loop {
        let Ok(event) = reader_xml.read_event() else { break };
        // The tag's last byte: leading whitespace is skipped with the event, so its line is the tag's.
        let at = (reader_xml.buffer_position() as usize).saturating_sub(1);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let line = lines.of(at);
                let parent = stack.last().map(|o| o.name.clone()).unwrap_or_default();
                let order = model.get(parent.as_str());
                if let (Some(order), Some(open)) = (order, stack.last_mut()) {
                    let problem = |kind| Problem { line, element: name.clone(), parent: parent.clone(), kind };
                    match order.iter().position(|c| *c == name) {
                        Some(i) => {
                            if let Some((years, _)) = years_of(&name).filter(|(_, has)| !has(year_ends)) {
                                problems.push(problem(Kind::WrongYear { years }));
                            }
                            if let Some(prev) = open.last.filter(|p| *p > i) {
                                problems.push(problem(Kind::OutOfOrder { after: order[prev].to_string() }));
                            }
                            open.last = Some(open.last.map_or(i, |p| p.max(i)));
                        }
                        // Unknown names are the reader's warning; known ones out of place are found here.
                        None if crate::reader::is_census_element(&name) => problems.push(problem(Kind::Misplaced)),
                        None => {}
                    }
                }
                leaf.clear();
                stack.push(Open { name, last: None });
                if matches!(event, Event::Empty(_)) {
                    stack.pop();
                }
            }
            Event::Text(t) => {
                if let Ok(t) = t.unescape() {
                    leaf.push_str(&t);
                }
            }
            Event::CData(t) => leaf.push_str(&String::from_utf8_lossy(&t)),
            Event::End(_) => {
                let Some(open) = stack.pop() else { break };
                let value = leaf.trim();
                if open.last.is_none() && !value.is_empty() {
                    let line = lines.of(at);
                    let parent = stack.last().map(|o| o.name.clone()).unwrap_or_default();
                    let problem = |kind| Problem { line, element: open.name.clone(), parent: parent.clone(), kind };
                    if BOOLEANS.contains(&open.name.as_str()) {
                        match value {
                            "0" | "1" => {}
                            "true" | "false" => {
                                let e = liia.entry(open.name.clone()).or_insert((line, parent.clone(), 0));
                                e.2 += 1;
                            }
                            _ => problems.push(problem(Kind::NotBoolean { value: value.into() })),
                        }
                    } else if let Some((false, list)) = in_list(&open.name, value, year) {
                        problems.push(problem(Kind::NotInList { value: value.into(), list }));
                    }
                }
                leaf.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    for (element, (line, parent, count)) in liia {
        problems.push(Problem { line, element, parent, kind: Kind::LiiaBoolean { count } });
    }
    let mut unlisted = 0;
    for w in reader {
        let (line, element, parent) = match w {
            Warning::StrayText { line, element, .. } => (line, element, element),
            Warning::UnknownElement { line, element, parent } => (line, element, parent),
            Warning::More(n) => {
                unlisted += n;
                continue;
            }
            _ => continue,
        };
        problems.push(Problem { line: *line, element: element.clone(), parent: parent.clone(), kind: Kind::Reader(w.clone()) });
    }
    problems.sort_by_key(|p| p.line);
    if problems.len() > MAX_LISTED {
        unlisted += problems.len() - MAX_LISTED;
        problems.truncate(MAX_LISTED);
    }
    Structure { problems, unlisted }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn census(children: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n<Header><CollectionDetails><Collection>CIN</Collection>\
             <Year>2026</Year><ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails></Header>\n<Children>\n{children}\n</Children>\n</Message>\n"
        )
    }

    fn problems(xml: &str, year: u16) -> Vec<(usize, String, Kind)> {
        let year = CollectionYear::new(year);
        let read = crate::read(xml.as_bytes(), year).unwrap();
        check(xml.as_bytes(), year, &read.warnings).problems.into_iter().map(|p| (p.line, p.element, p.kind)).collect()
    }

    const CHILD: &str = "<Child>\n<ChildIdentifiers><LAchildID>A1</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>\n\
        <ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>\n\
        <CINdetails><CINreferralDate>2025-06-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>\n\
        <Assessments><AssessmentActualStartDate>2025-06-02</AssessmentActualStartDate><FactorsIdentifiedAtAssessment><AssessmentFactors>1A</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>\n\
        <ReferralNFA>0</ReferralNFA></CINdetails>\n</Child>";

    #[test]
    fn a_clean_census_has_no_problems() {
        assert_eq!(problems(&census(CHILD), 2026), []);
    }

    #[test]
    fn each_problem_is_named_with_its_line() {
        let bad = CHILD
            .replace("<PersonBirthDate>2015-01-01</PersonBirthDate><Sex>F</Sex>", "<Sex>F</Sex><PersonBirthDate>2015-01-01</PersonBirthDate>")
            .replace("<AssessmentFactors>1A</AssessmentFactors>", "<AssessmentFactors>RB</AssessmentFactors><AssessmentFactors>18A</AssessmentFactors>")
            .replace("<ReferralNFA>0</ReferralNFA>", "<ReferralNFA>maybe</ReferralNFA><Ethnicity>WBRI</Ethnicity>")
            .replace("<Ethnicity>WBRI</Ethnicity></ChildCharacteristics>", "<Ethnicity>WHITE</Ethnicity></ChildCharacteristics>");
        let found = problems(&census(&bad), 2026);
        let list = |value: &str, list: &'static str| Kind::NotInList { value: value.into(), list };
        assert_eq!(
            found,
            [
                (6, "PersonBirthDate".into(), Kind::OutOfOrder { after: "Sex".into() }),
                (7, "Ethnicity".into(), list("WHITE", "ethnicity")),
                (9, "AssessmentFactors".into(), list("RB", "assessment factor")),
                // Withdrawn by the DfE from 2024-25, though LIIA's 2026 schema keeps it.
                (9, "AssessmentFactors".into(), list("18A", "assessment factor")),
                (10, "ReferralNFA".into(), Kind::NotBoolean { value: "maybe".into() }),
                (10, "Ethnicity".into(), Kind::Misplaced),
            ]
        );
        // 18A was in the list up to 2023-24.
        assert!(!problems(&census(&bad), 2024).iter().any(|p| p.2 == list("18A", "assessment factor")));
    }

    #[test]
    fn elements_of_other_years_are_named_with_the_year_that_has_them() {
        let old = CHILD.replace("<Sex>F</Sex>", "<GenderCurrent>2</GenderCurrent>");
        let found = problems(&census(&old), 2026);
        assert!(matches!(&found[..], [(6, e, Kind::WrongYear { .. })] if e == "GenderCurrent"), "{found:?}");
        let pp = CHILD.replace(
            "<ReferralNFA>0</ReferralNFA></CINdetails>",
            "<ReferralNFA>0</ReferralNFA><PreProceedingsandFGDM><PPStartDate>2026-09-09</PPStartDate>\
             <FGDMMeetingOffer>1</FGDMMeetingOffer></PreProceedingsandFGDM></CINdetails>",
        );
        let found = problems(&census(&pp), 2026);
        assert!(matches!(&found[..], [(10, e, Kind::WrongYear { years })] if e == "PreProceedingsandFGDM" && years.contains("--year 2027")), "{found:?}");
        assert_eq!(problems(&census(&pp), 2027), []);
    }

    #[test]
    fn true_and_false_are_the_dfes_booleans_and_a_warning_for_liias_schema() {
        let xml = census(&[CHILD, CHILD].join("\n")).replace("<ReferralNFA>0</ReferralNFA>", "<ReferralNFA>false</ReferralNFA>");
        let year = CollectionYear::new(2026);
        let read = crate::read(xml.as_bytes(), year).unwrap();
        let s = check(xml.as_bytes(), year, &read.warnings);
        assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
        let p = &s.problems[0];
        assert_eq!((p.line, p.severity(), &p.kind), (10, Severity::Warning, &Kind::LiiaBoolean { count: 2 }));
        assert!(p.to_string().contains("2 times"), "{p}");
    }

    #[test]
    fn stray_text_and_unknown_elements_come_from_the_reader_in_line_order() {
        let xml = census(&CHILD.replace("<LAchildID>A1</LAchildID>", "<LAchildID>A1</LAchildID>PersonBirthDate<Shoe>9</Shoe>"));
        let found = problems(&xml, 2026);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|(line, _, k)| *line == 6 && matches!(k, Kind::Reader(_))), "{found:?}");
    }
}
