//! The three datasets as tables, each made by carefile's own export of it, so that what a region
//! pools is exactly what the authority returns: the SSDA903 CSVs, the CIN census (its XML read back
//! into the tables the DfE's tools flatten it to), and Annex A's lists.

use crate::table::{Cell, Column, Kind, Role, Table};
use carefile_annex_a::{Labels, Value};
use carefile_domain::journey::ChildRecord;
use carefile_domain::org::{Authority, Organisation};
use carefile_domain::{Calendar, CollectionYear};
use carefile_returns::Cell as Read;
use chrono::{NaiveDate, NaiveDateTime};
use std::fmt::Display;
use std::path::Path;

/// A dataset that could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("the SSDA903 export: {0}")]
    Ssda903(#[from] std::io::Error),
    #[error("the SSDA903 export's {file}: {message}")]
    Ssda903Read { file: String, message: String },
    #[error("the CIN census read back: {0}")]
    Cin(String),
    #[error("Annex A: {0}")]
    AnnexA(String),
}

/// SSDA903 columns holding dates (dd/mm/YYYY in the return).
const DATES_903: &[&str] = &[
    "DOB", "MC_DOB", "DECOM", "DEC", "REVIEW", "DUC", "MIS_START", "MIS_END", "DATE_INT", "DATE_MATCH", "DATE_PLACED",
    "DATE_PLACED_CEASED", "DATE_PERM", "SW_DECOM", "SW_DEC", "DOLO_START", "DOLO_END",
];

fn role_903(column: &str) -> Role {
    match column {
        "CHILD" => Role::ChildId,
        "DOB" => Role::Birth,
        "MC_DOB" => Role::PersonalDate,
        "HOME_POST" | "PL_POST" => Role::Postcode,
        "UPN" => Role::Upn,
        "SW_ID" => Role::Drop,
        _ => Role::Plain,
    }
}

/// The SSDA903 tables named in `files` (e.g. `header`), as carefile's export writes them.
pub fn ssda903(children: &[ChildRecord], year: CollectionYear, authority: &Authority, files: &[String]) -> Result<Vec<Table>, SourceError> {
    let dir = tempfile::tempdir()?;
    carefile_ssda903::export::write_csvs(dir.path(), children, year, authority)?;
    let mut out = Vec::new();
    for name in files {
        let path = dir.path().join(format!("{name}.csv"));
        if !path.exists() {
            continue; // a table the year does not have (DoLo.csv before 2026-27)
        }
        out.push(read_903(&path, name)?);
    }
    Ok(out)
}

fn read_903(path: &Path, name: &str) -> Result<Table, SourceError> {
    let bad = |message: String| SourceError::Ssda903Read { file: format!("{name}.csv"), message };
    let mut r = csv::Reader::from_path(path).map_err(|e| bad(e.to_string()))?;
    let columns: Vec<Column> = r
        .headers()
        .map_err(|e| bad(e.to_string()))?
        .iter()
        .map(|h| Column {
            name: h.to_string(),
            kind: if DATES_903.contains(&h) { Kind::Date } else { Kind::Text },
            role: role_903(h),
        })
        .collect();
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| bad(e.to_string()))?;
        let row = columns
            .iter()
            .zip(rec.iter())
            .map(|(c, v)| match c.kind {
                Kind::Date if !v.is_empty() => NaiveDate::parse_from_str(v, "%d/%m/%Y")
                    .map(Cell::Date)
                    .map_err(|_| bad(format!("{}: '{v}' is not a dd/mm/YYYY date", c.name))),
                _ => Ok(Cell::text(v)),
            })
            .collect::<Result<Vec<_>, _>>()?;
        rows.push(row);
    }
    Ok(Table { dataset: "ssda903", name: name.to_string(), columns, rows })
}

fn text<T: Display>(c: &Read<T>) -> Cell {
    Cell::text(c.to_string())
}

fn date(c: &Read<NaiveDate>) -> Cell {
    match c {
        Read::Valid(d) => Cell::Date(*d),
        Read::Blank => Cell::Null,
        Read::Invalid(s) => Cell::text(s.to_string()),
    }
}

fn flag(c: &Read<bool>) -> Cell {
    match c {
        Read::Valid(b) => Cell::text(if *b { "1" } else { "0" }),
        other => text(other),
    }
}

/// A table of the census from its rows: `(header, kind, role)` per column and each row's cells.
fn cin_table(name: &str, columns: &[(&str, Kind, Role)], rows: Vec<Vec<Cell>>) -> Table {
    let columns =
        columns.iter().map(|(n, kind, role)| Column { name: n.to_string(), kind: *kind, role: *role }).collect();
    Table { dataset: "cin", name: name.into(), columns, rows }
}

const CHILD: (&str, Kind, Role) = ("LAchildID", Kind::Text, Role::ChildId);
const EPISODE: (&str, Kind, Role) = ("CINdetailsID", Kind::Int, Role::Plain);

/// The CIN census of `year` as carefile exports it, read back into the DfE tools' tables.
pub fn cin(children: &[ChildRecord], year: CollectionYear, authority: &Authority, generated_at: NaiveDateTime) -> Result<Vec<Table>, SourceError> {
    let mut xml = Vec::new();
    let source = carefile_cin::export::Source { authority, generated_at };
    carefile_cin::export::write_census(&mut xml, children, year, &source, &Calendar::england_and_wales())
        .map_err(|e| SourceError::Cin(e.to_string()))?;
    let c = carefile_cin::read(&xml, year).map_err(|e| SourceError::Cin(e.to_string()))?.census;
    let id = |child: u32| Cell::text(c.child_id(child));
    let int = |n: u32| Cell::Int(i64::from(n));
    use Kind::*;
    Ok(vec![
        cin_table(
            "child_identifiers",
            &[
                CHILD,
                ("UPN", Text, Role::Upn),
                ("FormerUPN", Text, Role::Upn),
                ("UPNunknown", Text, Role::Plain),
                ("PersonBirthDate", Date, Role::Birth),
                ("ExpectedPersonBirthDate", Date, Role::PersonalDate),
                ("Sex", Text, Role::Plain),
                ("PersonDeathDate", Date, Role::PersonalDate),
            ],
            c.children
                .iter()
                .map(|x| {
                    vec![
                        text(&x.la_child_id),
                        text(&x.upn),
                        text(&x.former_upn),
                        text(&x.upn_unknown),
                        date(&x.person_birth_date),
                        date(&x.expected_person_birth_date),
                        text(&x.sex),
                        date(&x.person_death_date),
                    ]
                })
                .collect(),
        ),
        cin_table(
            "child_characteristics",
            &[CHILD, ("Ethnicity", Text, Role::Plain)],
            c.characteristics.iter().map(|x| vec![id(x.child), text(&x.ethnicity)]).collect(),
        ),
        cin_table(
            "disabilities",
            &[CHILD, ("Disability", Text, Role::Plain)],
            c.disabilities.iter().map(|x| vec![id(x.child), text(&x.disability)]).collect(),
        ),
        cin_table(
            "cin_details",
            &[
                CHILD,
                EPISODE,
                ("CINreferralDate", Date, Role::Plain),
                ("ReferralSource", Text, Role::Plain),
                ("PrimaryNeedCode", Text, Role::Plain),
                ("CINclosureDate", Date, Role::Plain),
                ("ReasonForClosure", Text, Role::Plain),
                ("DateOfInitialCPC", Date, Role::Plain),
                ("ReferralNFA", Text, Role::Plain),
            ],
            c.cin_details
                .iter()
                .map(|x| {
                    vec![
                        id(x.child),
                        int(x.cin_details_id),
                        date(&x.cin_referral_date),
                        text(&x.referral_source),
                        text(&x.primary_need_code),
                        date(&x.cin_closure_date),
                        text(&x.reason_for_closure),
                        date(&x.date_of_initial_cpc),
                        flag(&x.referral_nfa),
                    ]
                })
                .collect(),
        ),
        cin_table(
            "assessments",
            &[
                CHILD,
                EPISODE,
                ("AssessmentID", Int, Role::Plain),
                ("AssessmentActualStartDate", Date, Role::Plain),
                ("AssessmentInternalReviewDate", Date, Role::Plain),
                ("AssessmentAuthorisationDate", Date, Role::Plain),
                ("AssessmentFactors", Text, Role::Plain),
            ],
            c.assessments
                .iter()
                .map(|x| {
                    let factors: Vec<String> = x.factors.iter().map(|f| f.to_string()).collect();
                    vec![
                        id(x.key.child),
                        int(x.key.cin_details_id),
                        int(x.assessment_id),
                        date(&x.actual_start_date),
                        date(&x.internal_review_date),
                        date(&x.authorisation_date),
                        Cell::text(factors.join(";")),
                    ]
                })
                .collect(),
        ),
        cin_table(
            "cin_plan_dates",
            &[CHILD, EPISODE, ("CINPlanStartDate", Date, Role::Plain), ("CINPlanEndDate", Date, Role::Plain)],
            c.cin_plans
                .iter()
                .map(|x| vec![id(x.key.child), int(x.key.cin_details_id), date(&x.start_date), date(&x.end_date)])
                .collect(),
        ),
        cin_table(
            "section47",
            &[
                CHILD,
                EPISODE,
                ("S47ActualStartDate", Date, Role::Plain),
                ("InitialCPCtarget", Date, Role::Plain),
                ("DateOfInitialCPC", Date, Role::Plain),
                ("ICPCnotRequired", Text, Role::Plain),
            ],
            c.section47
                .iter()
                .map(|x| {
                    vec![
                        id(x.key.child),
                        int(x.key.cin_details_id),
                        date(&x.s47_actual_start_date),
                        date(&x.initial_cpc_target),
                        date(&x.date_of_initial_cpc),
                        flag(&x.icpc_not_required),
                    ]
                })
                .collect(),
        ),
        cin_table(
            "child_protection_plans",
            &[
                CHILD,
                EPISODE,
                ("CPPID", Int, Role::Plain),
                ("CPPstartDate", Date, Role::Plain),
                ("CPPendDate", Date, Role::Plain),
                ("InitialCategoryOfAbuse", Text, Role::Plain),
                ("LatestCategoryOfAbuse", Text, Role::Plain),
                ("NumberOfPreviousCPP", Text, Role::Plain),
            ],
            c.cpps
                .iter()
                .map(|x| {
                    vec![
                        id(x.key.child),
                        int(x.key.cin_details_id),
                        int(x.cpp_id),
                        date(&x.start_date),
                        date(&x.end_date),
                        text(&x.initial_category_of_abuse),
                        text(&x.latest_category_of_abuse),
                        text(&x.number_of_previous_cpp),
                    ]
                })
                .collect(),
        ),
        cin_table(
            "reviews",
            &[CHILD, EPISODE, ("CPPID", Int, Role::Plain), ("CPPreviewDate", Date, Role::Plain)],
            c.reviews
                .iter()
                .map(|x| vec![id(x.key.child), int(x.key.cin_details_id), int(x.cpp_id), date(&x.review_date)])
                .collect(),
        ),
    ])
}

fn role_annex(header: &str) -> Role {
    match header {
        "Child Unique ID" => Role::ChildId,
        "Individual adopter identifier" => Role::OtherId("adopter"),
        "Family identifier" => Role::OtherId("family"),
        "Date of Birth" => Role::Birth,
        "Placement postcode" => Role::Postcode,
        "Allocated Team" | "Allocated Worker" | "Allocated Personal Advisor" | "Organisation completing assessment" => {
            Role::Drop
        }
        _ => Role::Plain,
    }
}

/// Annex A's lists `numbers` on `as_of`, in the LIIA schema's shape.
pub fn annex_a(
    children: &[ChildRecord],
    org: &Organisation,
    authority: &Authority,
    streams: &carefile_annex_a::Streams,
    as_of: NaiveDate,
    numbers: &[u8],
) -> Result<Vec<Table>, SourceError> {
    let labels = Labels::template(carefile_annex_a::labels::LATEST).map_err(|e| SourceError::AnnexA(e.to_string()))?;
    let opts = carefile_annex_a::Options { as_of, months: 6, labels: &labels, postcodes: None, streams };
    let a = carefile_annex_a::build(children, org, authority, &opts).map_err(|e| SourceError::AnnexA(e.to_string()))?;
    Ok(a.lists
        .into_iter()
        .filter(|l| numbers.contains(&l.number))
        .map(|l| {
            // A column's kind is what its first filled value is (lists are typed per column).
            let columns = l
                .headers
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let kind = l.rows.iter().map(|r| &r.values[i]).find(|v| !v.is_blank()).map_or(Kind::Text, |v| match v {
                        Value::Date(_) => Kind::Date,
                        Value::Int(_) | Value::Count(_) => Kind::Int,
                        _ => Kind::Text,
                    });
                    Column { name: h.to_string(), kind, role: role_annex(h) }
                })
                .collect();
            let rows = l
                .rows
                .iter()
                .map(|r| {
                    r.values
                        .iter()
                        .map(|v| match v {
                            Value::Blank => Cell::Null,
                            Value::Date(d) => Cell::Date(*d),
                            Value::Int(n) => Cell::Int(*n),
                            Value::Count(c) => Cell::Int(c.n() as i64),
                            other => Cell::text(other.display()),
                        })
                        .collect()
                })
                .collect();
            Table { dataset: "annex_a", name: format!("list_{}", l.number), columns, rows }
        })
        .collect())
}
