//! Producing the SSDA903 return from the record.
//!
//! Episodes are derived, never stored: each change in a period of care (its start, a legal status
//! or placement change) opens an episode that runs to the next change (REC X1) or to the period's
//! end (its reason ceased); an episode still open on 31 March has no DEC. A child is in the return
//! when looked after at some point in the year, or when in the care leaver cohort (OC3: a 17th to
//! 21st birthday in the year, not looked after on it). Dates are dd/mm/YYYY.

use crate::tables::{
    Ad1, DoLo, Episode, Header, Missing, Oc2, Oc3, PlacedAdoption, PrevPerm, Record, Review, SwEpisode, Uasc,
};
use carefile_domain::CollectionYear;
use carefile_domain::codes::*;
use carefile_domain::journey::{CarePeriod, ChildRecord};
use carefile_domain::org::Authority;
use carefile_returns::{Finding, RuleMeta, Severity};
use chrono::NaiveDate;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::io::{self, Write};
use std::path::Path;

/// Counts of what was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub children: u64,
    pub episodes: u64,
}

/// One row: the values of its table's columns, `CHILD` first.
type Row = Vec<String>;

/// Every table's rows for one year.
#[derive(Default)]
struct Rows {
    header: Vec<Row>,
    episodes: Vec<Row>,
    reviews: Vec<Row>,
    uasc: Vec<Row>,
    oc2: Vec<Row>,
    oc3: Vec<Row>,
    ad1: Vec<Row>,
    placed: Vec<Row>,
    prev_perm: Vec<Row>,
    missing: Vec<Row>,
    sw: Vec<Row>,
    dolo: Vec<Row>,
    /// Values the return needs that the record does not hold, each left blank (never invented).
    gaps: Vec<Finding>,
}

/// A carefile check, not a DfE rule: a placement that needs an Ofsted URN has none recorded. The
/// export leaves it blank rather than writing the placeholder `XXXXXXX`, which the DfE allows only
/// for placements through a regional adoption agency (242); the rules that would ask for it (218,
/// 1008) need postcode or provider data, so without this nothing asks.
pub static URN_NOT_RECORDED: RuleMeta = RuleMeta {
    code: "CF-URN",
    message: "No Ofsted URN is recorded for the placement: record the setting's URN, or for a foster placement \
              the fostering service's",
    severity: Severity::Error,
    tables: &["Episodes"],
    fields: &["URN"],
    needs: &[],
};

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_default()
}

fn flag(b: bool) -> String {
    if b { "1" } else { "0" }.into()
}

fn add_years(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(12 * n)).unwrap_or(NaiveDate::MAX)
}

/// A derived episode of care.
struct Ep<'a> {
    start: NaiveDate,
    end: Option<(NaiveDate, ReasonEpisodeCeased)>,
    change: &'a carefile_domain::journey::CareChange,
    need: CategoryOfNeed,
    /// The reason for the placement change that ended this episode.
    place_change: Option<ReasonPlaceChange>,
}

/// The episodes of `p` that meet the year, ends after 31 March left open.
fn episodes_of(p: &CarePeriod, year: CollectionYear) -> Vec<Ep<'_>> {
    let mut out = Vec::new();
    for (i, c) in p.changes.iter().enumerate() {
        let next = p.changes.get(i + 1);
        let end = match next {
            Some(n) => Some((n.date, ReasonEpisodeCeased::X1)),
            None => p.end,
        };
        let end = end.filter(|(d, _)| *d <= year.end());
        if c.date > year.end() || end.is_some_and(|(d, _)| d < year.start()) {
            continue;
        }
        let moved = next.filter(|n| end.is_some() && n.reason != ReasonNewEpisode::LegalStatus);
        let temporary = c.placement.kind.is_temporary() || moved.is_some_and(|n| n.placement.kind.is_temporary());
        let place_change = moved.and_then(|n| n.place_change_reason).filter(|_| !temporary);
        out.push(Ep { start: c.date, end, change: c, need: p.need, place_change });
    }
    out
}

fn short_break(ls: LegalStatus) -> bool {
    matches!(ls, LegalStatus::V3 | LegalStatus::V4)
}

/// Placements Ofsted does not register: no URN.
fn takes_no_urn(p: PlacementType) -> bool {
    use PlacementType::*;
    matches!(p, P1 | P3 | R1 | R2 | R5 | T0 | T1 | T2 | T3 | T4 | Z11 | Z12 | Z13 | Z14)
}

/// Placements that need no provider.
fn takes_no_provider(p: PlacementType) -> bool {
    use PlacementType::*;
    matches!(p, T0 | T1 | T2 | T3 | T4 | Z11 | Z12 | Z13 | Z14)
}

/// The OC3 birthday: a 17th to 21st birthday in the year.
fn leaver_birthday(dob: NaiveDate, year: CollectionYear) -> Option<NaiveDate> {
    (17..=21).map(|n| add_years(dob, n)).find(|b| year.contains(*b))
}

fn looked_after_on(c: &ChildRecord, d: NaiveDate) -> bool {
    c.care.iter().any(|p| p.is_open_on(d))
}

/// Relevant or former relevant on `until`: 13 weeks in care (not short breaks) since the 14th birthday, some after the 16th.
fn relevant(c: &ChildRecord, dob: NaiveDate, until: NaiveDate) -> bool {
    let days_since = |from: NaiveDate| -> i64 {
        c.care
            .iter()
            .flat_map(|p| {
                p.changes.iter().enumerate().map(move |(i, ch)| {
                    let end = p.changes.get(i + 1).map(|n| n.date).or(p.end_date()).unwrap_or(until).min(until);
                    if short_break(ch.legal_status) { 0 } else { (end - ch.date.max(from)).num_days().max(0) }
                })
            })
            .sum()
    };
    let last_end = c.care.last().and_then(|p| p.end);
    // Adopted, transferred, or under a special guardianship or child arrangements order: not a
    // care leaver (an order made after 16 makes a "qualifying" person, not a relevant child).
    use ReasonEpisodeCeased::*;
    let left_to_an_order = last_end.is_some_and(|(_, r)| matches!(r, E11 | E12 | E3 | E41 | E45 | E46 | E47 | E48));
    // Home with parents for six months running ends relevance.
    let settled_home = last_end.is_some_and(|(d, r)| {
        matches!(r, E4A | E4B) && d.checked_add_months(chrono::Months::new(6)).is_some_and(|x| x <= until)
    });
    !left_to_an_order && !settled_home && days_since(add_years(dob, 14)) >= 91 && days_since(add_years(dob, 16)) >= 1
}

fn child_rows(c: &ChildRecord, year: CollectionYear, rows: &mut Rows) -> u64 {
    let Some(dob) = c.details.dob.filter(|d| *d <= year.end()) else { return 0 };
    let id = c.id.as_str().to_string();
    let eps: Vec<Ep> = c.care.iter().flat_map(|p| episodes_of(p, year)).collect();
    let leaver = leaver_birthday(dob, year).filter(|b| {
        // Left care before the birthday (leaving on it counts as still in care: 1007, 1016).
        c.care.iter().all(|p| p.start <= *b && p.end_date().is_some_and(|e| e < *b))
            && c.died.is_none_or(|d| d > *b)
            && relevant(c, dob, *b)
    });
    if eps.is_empty() && leaver.is_none() {
        return 0;
    }
    let d = &c.details;
    let dobs = date(dob);
    let with = |cols: &[String]| -> Row {
        let mut r = vec![id.clone(), dobs.clone()];
        r.extend_from_slice(cols);
        r
    };
    let only_breaks = eps.iter().all(|e| short_break(e.change.legal_status));
    let female = d.sex == Some(Sex::Female);
    // Motherhood is for girls looked after in the year, not on short breaks only.
    let last_day = eps.iter().map(|e| e.end.map_or(year.end(), |(x, _)| x)).max().unwrap_or(year.end());
    let first_child = c.mother_of.iter().copied().filter(|b| *b <= last_day).min();
    let (mother, mc_dob) = if eps.is_empty() || only_breaks || !female {
        (String::new(), String::new())
    } else {
        (flag(first_child.is_some()), opt_date(first_child))
    };
    let upn = d.upn.clone().or(d.upn_unknown.map(|u| u.code().to_string())).unwrap_or_default();
    rows.header.push(vec![
        id.clone(),
        d.sex.map(|s| s.code().to_string()).unwrap_or_default(),
        dobs.clone(),
        d.ethnicity.map(|e| e.code().to_string()).unwrap_or_default(),
        upn,
        mother,
        mc_dob,
    ]);
    if let Some(b) = leaver {
        let window = |x: NaiveDate| x >= b - chrono::Days::new(92) && x <= b + chrono::Days::new(31);
        let contact = c.care_leaver_contacts.iter().filter(|k| window(k.date)).max_by_key(|k| k.date);
        let (touch, activ, accom) = match contact {
            Some(k) if matches!(k.in_touch, InTouch::Died | InTouch::ReturnedHome) => {
                (k.in_touch.code(), String::new(), String::new())
            }
            Some(k) => (
                k.in_touch.code(),
                k.activity.map_or("0", |a| a.code()).to_string(),
                k.accommodation.map_or("0", |a| a.code()).to_string(),
            ),
            None => (InTouch::No.code(), "0".into(), "0".into()),
        };
        rows.oc3.push(with(&[touch.into(), activ, accom]));
    }
    if eps.is_empty() {
        return 0;
    }
    let home = d.home_postcode.clone().unwrap_or_default();
    let uasc = !c.uasc.is_empty();
    for e in &eps {
        let ch = e.change;
        let pl = &ch.placement;
        // Short breaks carry no postcodes; a UASC has no home postcode (so no distance) but the
        // placement's tells moves apart (435).
        let posts = !short_break(ch.legal_status);
        // Short breaks carry no placement location (214).
        let urn = if takes_no_urn(pl.kind) || short_break(ch.legal_status) {
            String::new()
        } else if let Some(urn) = &pl.urn {
            urn.clone()
        } else if pl.kind.is_adoption() {
            // Placed for adoption through the regional adoption agency every English authority
            // belongs to: the one placeholder the DfE allows (242).
            "XXXXXXX".into()
        } else {
            let row = rows.episodes.len() as u32;
            rows.gaps.push(Finding { rule: &URN_NOT_RECORDED, child: Some(id.as_str().into()), table: Episode::TABLE, row: Some(row), fields: &["URN"] });
            String::new()
        };
        rows.episodes.push(vec![
            id.clone(),
            date(e.start),
            ch.reason.code().into(),
            ch.legal_status.code().into(),
            e.need.code().into(),
            pl.kind.code().into(),
            pl.provider.filter(|_| !takes_no_provider(pl.kind)).map(|p| p.code().to_string()).unwrap_or_default(),
            opt_date(e.end.map(|x| x.0)),
            e.end.map(|x| x.1.code().to_string()).unwrap_or_default(),
            e.place_change.map(|r| r.code().to_string()).unwrap_or_default(),
            if posts && !uasc { home.clone() } else { String::new() },
            if posts { pl.postcode.clone().unwrap_or_default() } else { String::new() },
            urn,
        ]);
    }
    if !only_breaks {
        for r in c.lac_reviews.iter().filter(|r| year.contains(r.date)) {
            rows.reviews.push(with(&[date(r.date), r.value.code().into()]));
        }
    }
    if let Some(u) = c.uasc.last() {
        let sex = d.sex.map(|s| s.code().to_string()).unwrap_or_default();
        // Status ceases at 18 at the latest: the DfE expects that date while it is still in force (205B, 304).
        // An end after the year is not yet known to that year's return.
        let duc = u.end.filter(|e| *e <= year.end()).unwrap_or(add_years(dob, 18)).min(add_years(dob, 18));
        rows.uasc.push(vec![id.clone(), sex, dobs.clone(), date(duc)]);
    }
    if continuously_looked_after(&eps, year) {
        rows.oc2.push(with(&oc2(c, dob, year)));
    }
    let adopted = eps
        .iter()
        .any(|e| e.end.is_some_and(|(_, r)| matches!(r, ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12)));
    if adopted && let Some((a, (matched, who))) = c.adoptions.iter().rev().find_map(|a| a.matched.map(|m| (a, m))) {
        rows.ad1.push(with(&[
            date(a.decision),
            date(matched),
            flag(who.foster_carers),
            who.number.to_string(),
            who.sex.code().into(),
            who.legal_status.code().into(),
        ]));
    }
    let first_start = eps.iter().map(|e| e.start).min().unwrap_or(year.start());
    // Decisions of the periods of care in the return, not of an earlier one (1003, 559).
    let care_start = c.care.iter().map(|p| p.start).filter(|s| *s <= first_start).max().unwrap_or(first_start);
    for a in c.adoptions.iter().filter(|a| {
        a.decision >= care_start
            && a.decision <= year.end()
            && a.reversed.is_none_or(|(r, _)| r >= year.start() && r >= first_start)
    }) {
        let ceased = a.reversed.filter(|(r, _)| *r <= year.end());
        rows.placed.push(with(&[
            date(a.decision),
            opt_date(ceased.map(|x| x.0)),
            ceased.map(|x| x.1.code().to_string()).unwrap_or_default(),
        ]));
    }
    if let Some(p) = c.care.iter().rev().find(|p| year.contains(p.start)) {
        let (kind, la, when) = match &p.previous_permanence {
            Some(pp) => (pp.kind.code().to_string(), pp.la.clone().unwrap_or_default(), opt_date(pp.date)),
            None => (PreviousPermanence::P4.code().to_string(), String::new(), String::new()),
        };
        rows.prev_perm.push(with(&[kind, la, when]));
    }
    for m in c.missing.iter().filter(|m| {
        let s = m.start.date();
        s <= year.end() && m.end.is_none_or(|e| e.date() >= year.start()) && looked_after_on(c, s)
    }) {
        let end = m.end.map(|e| e.date()).filter(|e| *e <= year.end());
        rows.missing.push(with(&[m.kind.code().into(), date(m.start.date()), opt_date(end)]));
    }
    if looked_after_on(c, year.end()) && !eps.iter().all(|e| short_break(e.change.legal_status)) {
        sw_episodes(c, year, &with, &mut rows.sw);
    }
    for dl in c.dolos.iter().filter(|x| x.start <= year.end() && x.end.is_none_or(|e| e >= year.start())) {
        rows.dolo.push(with(&[date(dl.start), opt_date(dl.end.filter(|e| *e <= year.end()))]));
    }
    eps.len() as u64
}

/// Social worker episodes: each spell with one worker, from the allocations meeting the year.
fn sw_episodes(c: &ChildRecord, year: CollectionYear, with: &dyn Fn(&[String]) -> Row, out: &mut Vec<Row>) {
    let mut spells: Vec<(String, NaiveDate, Option<NaiveDate>, Option<SocialWorkerChangeReason>)> = Vec::new();
    for a in &c.allocations {
        if let Some(last) = spells.last_mut()
            && last.2.is_none()
        {
            if a.worker.as_ref().map(|w| w.as_str()) == Some(last.0.as_str()) {
                continue;
            }
            last.2 = Some(a.from);
        }
        if let Some(w) = &a.worker {
            spells.push((w.as_str().to_string(), a.from, None, a.reason));
        }
    }
    for (i, (w, from, to, reason)) in spells.into_iter().enumerate() {
        let to = to.filter(|t| *t <= year.end());
        if from > year.end() || to.is_some_and(|t| t < year.start() || t <= from) {
            continue;
        }
        // The record holds no Social Work England number: an ID not shaped like one is marked unknown (XX).
        let id = if w.starts_with("SW") { w } else { format!("XX{w}") };
        // The first worker follows the first contact; a later change with no reason recorded is "other".
        let reason =
            reason.unwrap_or(if i == 0 { SocialWorkerChangeReason::Fconta } else { SocialWorkerChangeReason::Others });
        out.push(with(&[id, date(from), opt_date(to), reason.code().into()]));
    }
}

/// The DfE test: in care in the year, with no start after 1 April, no end before 31 March and no short break.
fn continuously_looked_after(eps: &[Ep], year: CollectionYear) -> bool {
    let (start, end) = (year.start(), year.end());
    !eps.is_empty()
        && !eps.iter().any(|e| {
            let enters = e.change.reason == ReasonNewEpisode::Started && e.start > start;
            let leaves = e.end.is_some_and(|(x, r)| r != ReasonEpisodeCeased::X1 && x < end);
            enters || leaves || short_break(e.change.legal_status)
        })
}

/// The OC2 items after DOB: SDQ for ages 4–16, convictions from 10, the health check under 5.
fn oc2(c: &ChildRecord, dob: NaiveDate, year: CollectionYear) -> Vec<String> {
    let (start, end) = (year.start(), year.end());
    let sdq_due = add_years(dob, 4) <= end && add_years(dob, 17) > start;
    let outcomes = c.health_outcomes.iter().filter(|h| year.contains(h.date)).max_by_key(|h| h.date).map(|h| h.value);
    // Dated checks and scores, or the year's as a return reported them (a record imported from returns).
    let dated = c.sdqs.iter().filter(|s| s.date <= end).max_by_key(|s| s.date).map(|s| (s.date, s.score, s.reason));
    let reported =
        outcomes.filter(|o| o.sdq_score.is_some() || o.sdq_reason.is_some()).map(|o| (end, o.sdq_score, o.sdq_reason));
    let sdq = match dated {
        Some(s) if year.contains(s.0) => Some(s),
        _ => reported.or(dated),
    }
    .filter(|_| sdq_due);
    let assessed = c.health_assessments.iter().any(|d| year.contains(*d))
        || outcomes.is_some_and(|o| o.health_assessment == Some(true));
    let teeth =
        c.dental_checks.iter().any(|d| year.contains(*d)) || outcomes.is_some_and(|o| o.dental_check == Some(true));
    let development = outcomes.and_then(|o| o.development_check).unwrap_or(assessed);
    let age_at_end = end.years_since(dob).unwrap_or(0);
    let opt = |b: Option<bool>| b.map(flag).unwrap_or_default();
    let o = outcomes;
    vec![
        sdq.and_then(|s| s.1).map(|x| x.to_string()).unwrap_or_default(),
        sdq.and_then(|s| s.2).map(|r| r.code().to_string()).unwrap_or_default(),
        if age_at_end >= 10 { opt(o.map(|o| o.convicted)) } else { String::new() },
        if age_at_end < 5 { flag(development) } else { String::new() },
        opt(o.map(|o| o.immunisations_up_to_date)),
        flag(teeth),
        flag(assessed),
        opt(o.map(|o| o.substance_misuse)),
        o.and_then(|o| o.intervention_received).map(flag).unwrap_or_default(),
        o.and_then(|o| o.intervention_offered.filter(|_| o.intervention_received != Some(true)))
            .map(flag)
            .unwrap_or_default(),
    ]
}

fn collect(children: &[ChildRecord], year: CollectionYear) -> (Rows, Written) {
    let mut rows = Rows::default();
    let mut written = Written::default();
    for c in children {
        let before = rows.header.len();
        written.episodes += child_rows(c, year, &mut rows);
        written.children += (rows.header.len() - before) as u64;
    }
    (rows, written)
}

fn csv_bytes<R: Record>(rows: &[Row]) -> io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(R::COLUMNS)?;
    for r in rows {
        w.write_record(r)?;
    }
    w.into_inner().map_err(|e| e.into_error())
}

fn write_csv<R: Record>(dir: &Path, file: &str, rows: &[Row]) -> io::Result<()> {
    std::fs::write(dir.join(file), csv_bytes::<R>(rows)?)
}

/// Every table's CSV file (DoLo.csv from 2026-27): its name and contents.
fn csv_files(r: &Rows, year: CollectionYear) -> io::Result<Vec<crate::Source>> {
    let mut files = vec![
        crate::Source::new("header.csv", csv_bytes::<Header>(&r.header)?),
        crate::Source::new("episodes.csv", csv_bytes::<Episode>(&r.episodes)?),
        crate::Source::new("reviews.csv", csv_bytes::<Review>(&r.reviews)?),
        crate::Source::new("uasc.csv", csv_bytes::<Uasc>(&r.uasc)?),
        crate::Source::new("oc2.csv", csv_bytes::<Oc2>(&r.oc2)?),
        crate::Source::new("oc3.csv", csv_bytes::<Oc3>(&r.oc3)?),
        crate::Source::new("ad1.csv", csv_bytes::<Ad1>(&r.ad1)?),
        crate::Source::new("placed_for_adoption.csv", csv_bytes::<PlacedAdoption>(&r.placed)?),
        crate::Source::new("previous_permanence.csv", csv_bytes::<PrevPerm>(&r.prev_perm)?),
        crate::Source::new("missing.csv", csv_bytes::<Missing>(&r.missing)?),
        crate::Source::new("sw_episodes.csv", csv_bytes::<SwEpisode>(&r.sw)?),
    ];
    if year.ending() >= 2027 {
        files.push(crate::Source::new("DoLo.csv", csv_bytes::<DoLo>(&r.dolo)?));
    }
    Ok(files)
}

/// Writes the return for `year` as the DfE's CSV files in `dir` (DoLo.csv from 2026-27).
/// `authority` is the submitting authority (kept for the caller's naming; the CSVs carry no header).
pub fn write_csvs(
    dir: &Path,
    children: &[ChildRecord],
    year: CollectionYear,
    authority: &Authority,
) -> io::Result<Written> {
    let _ = authority;
    let (r, written) = collect(children, year);
    for f in csv_files(&r, year)? {
        std::fs::write(dir.join(&f.name), f.bytes)?;
    }
    Ok(written)
}

/// The return for `year` in memory: what validating the live record reads (`carefile validate
/// record`, the data-quality page) without writing a return anywhere.
pub struct InMemory {
    /// The CSV files [`write_csvs`] would write.
    pub files: Vec<crate::Source>,
    pub written: Written,
    /// What the return needs and the record does not hold (left blank), as findings of carefile's
    /// own checks ([`URN_NOT_RECORDED`]) on rows of those files.
    pub gaps: Vec<Finding>,
}

pub fn in_memory(children: &[ChildRecord], year: CollectionYear) -> io::Result<InMemory> {
    let (mut r, written) = collect(children, year);
    Ok(InMemory { files: csv_files(&r, year)?, written, gaps: std::mem::take(&mut r.gaps) })
}

/// What the return for `year` needs and the record does not hold, left blank by every export.
pub fn gaps(children: &[ChildRecord], year: CollectionYear) -> Vec<Finding> {
    collect(children, year).0.gaps
}

/// Writes the return for `year` as the DfE XML in `dir` (`ssda903.xml`) with the CSVs of the tables
/// the XML cannot carry beside it (`sw_episodes.csv`, and `DoLo.csv` from 2026-27): a folder
/// `validate ssda903` reads as one return.
pub fn write_xml_folder(
    dir: &Path,
    children: &[ChildRecord],
    year: CollectionYear,
    authority: &Authority,
) -> io::Result<Written> {
    let file = std::fs::File::create(dir.join("ssda903.xml"))?;
    let written = write_xml(io::BufWriter::new(file), children, year, authority)?;
    let (r, _) = collect(children, year);
    write_csv::<SwEpisode>(dir, "sw_episodes.csv", &r.sw)?;
    if year.ending() >= 2027 {
        write_csv::<DoLo>(dir, "DoLo.csv", &r.dolo)?;
    }
    Ok(written)
}

/// Writes the return for `year` as the DfE XML (`EXPSSDA903`). The XML carries neither social
/// worker episodes nor DoLOs: write those with [`write_csvs`] (sw_episodes.csv, DoLo.csv) beside it.
pub fn write_xml<W: Write>(
    out: W,
    children: &[ChildRecord],
    year: CollectionYear,
    authority: &Authority,
) -> io::Result<Written> {
    let _ = authority;
    let mut x = Writer::new_with_indent(out, b' ', 2);
    x.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    x.write_event(Event::Start(BytesStart::new("EXPSSDA903")))?;
    let mut written = Written::default();
    for c in children {
        let mut r = Rows::default();
        written.episodes += child_rows(c, year, &mut r);
        let Some(h) = r.header.first() else { continue };
        written.children += 1;
        write_child(&mut x, h, &r)?;
    }
    x.write_event(Event::End(BytesEnd::new("EXPSSDA903")))?;
    x.get_mut().write_all(b"\n")?;
    Ok(written)
}

/// The elements the 2021 XSD requires in their parents (no `minOccurs="0"`): written empty when
/// blank (an episode still open has an empty DEC and REC), where others are left out.
const REQUIRED: &[&str] =
    &["UPN", "SEX", "DOB", "ETHNIC", "MISSING", "MIS_START", "REVIEW", "REVIEW_CODE", "DATE_PLACED", "DECOM", "RNE", "LS", "CIN", "PLACE", "DEC", "REC"];

/// Writes the leaves of `row` (a row of table `R`) named in `names`, leaving out blanks the schema
/// allows to be absent; `PLACE` is `PL`.
fn leaves<R: Record, W: Write>(x: &mut Writer<W>, row: &[String], names: &[&str]) -> io::Result<()> {
    for name in names {
        let Some(v) = R::COLUMNS.iter().position(|c| c == name).and_then(|i| row.get(i)) else { continue };
        if v.is_empty() && !REQUIRED.contains(name) {
            continue;
        }
        let tag = if *name == "PLACE" { "PL" } else { name };
        x.write_event(Event::Start(BytesStart::new(tag)))?;
        x.write_event(Event::Text(BytesText::new(v)))?;
        x.write_event(Event::End(BytesEnd::new(tag)))?;
    }
    Ok(())
}

fn group<R: Record, W: Write>(x: &mut Writer<W>, tag: &str, rows: &[Row], names: &[&str]) -> io::Result<()> {
    for row in rows {
        x.write_event(Event::Start(BytesStart::new(tag)))?;
        leaves::<R, W>(x, row, names)?;
        x.write_event(Event::End(BytesEnd::new(tag)))?;
    }
    Ok(())
}

/// One CHILD in the schema's order (returns.md §2).
fn write_child<W: Write>(x: &mut Writer<W>, h: &Row, r: &Rows) -> io::Result<()> {
    let el = |x: &mut Writer<W>, tag: &str, v: &str| -> io::Result<()> {
        x.write_event(Event::Start(BytesStart::new(tag)))?;
        x.write_event(Event::Text(BytesText::new(v)))?;
        x.write_event(Event::End(BytesEnd::new(tag)))
    };
    x.write_event(Event::Start(BytesStart::new("CHILD")))?;
    x.write_event(Event::Start(BytesStart::new("HEADER")))?;
    el(x, "CHILDID", &h[0])?;
    leaves::<Header, W>(x, h, &["UPN", "SEX", "DOB", "ETHNIC"])?;
    // UASC status is for looked-after children; the schema requires the element, so a care leaver's
    // is empty (1014: a value given makes a UASC row).
    el(x, "UASC", if r.episodes.is_empty() { "" } else if r.uasc.is_empty() { "0" } else { "1" })?;
    for u in &r.uasc {
        leaves::<Uasc, W>(x, u, &["DUC"])?;
    }
    for a in &r.ad1 {
        leaves::<Ad1, W>(x, a, &["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"])?;
    }
    for o in &r.oc3 {
        leaves::<Oc3, W>(x, o, &["IN_TOUCH", "ACTIV", "ACCOM"])?;
    }
    group::<Missing, W>(x, "AMISSING", &r.missing, &["MISSING", "MIS_START", "MIS_END"])?;
    group::<Review, W>(x, "AREVIEW", &r.reviews, &["REVIEW", "REVIEW_CODE"])?;
    leaves::<Header, W>(x, h, &["MOTHER", "MC_DOB"])?;
    group::<PrevPerm, W>(x, "PERMANENCE", &r.prev_perm, &["PREV_PERM", "LA_PERM", "DATE_PERM"])?;
    let oc2 = &[
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ];
    group::<Oc2, W>(x, "OC2", &r.oc2, oc2)?;
    group::<PlacedAdoption, W>(
        x,
        "AD_PLACED",
        &r.placed,
        &["DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    )?;
    x.write_event(Event::End(BytesEnd::new("HEADER")))?;
    let ep = &[
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PL_POST",
        "HOME_POST",
        "URN",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
    ];
    group::<Episode, W>(x, "EPISODE", &r.episodes, ep)?;
    x.write_event(Event::End(BytesEnd::new("CHILD")))
}
