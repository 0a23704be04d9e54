//! What many rules share: where a row lives, how to flag it, date and flag tests.

pub(crate) use crate::model::*;
use carefile_domain::Calendar;
pub(crate) use carefile_returns::{Cell, Rule, RuleMeta, Severity, Sink};
pub(crate) use chrono::NaiveDate;
use std::sync::OnceLock;

/// The England and Wales working-day calendar, built once.
pub(crate) fn calendar() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(Calendar::england_and_wales)
}

/// A row of one of the census tables.
pub(crate) trait Row {
    const TABLE: &'static str;
    fn row(&self) -> u32;
    /// Row of the child in `ChildIdentifiers`.
    fn child(&self) -> u32;
}

macro_rules! row_in_episode {
    ($($t:ty => $name:literal),+) => {$(
        impl Row for $t {
            const TABLE: &'static str = $name;
            fn row(&self) -> u32 { self.row }
            fn child(&self) -> u32 { self.key.child }
        }
    )+};
}

macro_rules! row_of_child {
    ($($t:ty => $name:literal),+) => {$(
        impl Row for $t {
            const TABLE: &'static str = $name;
            fn row(&self) -> u32 { self.row }
            fn child(&self) -> u32 { self.child }
        }
    )+};
}

row_in_episode!(Assessment => "Assessments", CinPlanDates => "CINplanDates", Section47 => "Section47",
    ChildProtectionPlan => "ChildProtectionPlans", Review => "Reviews");
row_of_child!(ChildCharacteristics => "ChildCharacteristics", DisabilityRow => "Disabilities", CinDetails => "CINdetails");

impl Row for ChildIdentifiers {
    const TABLE: &'static str = "ChildIdentifiers";
    fn row(&self) -> u32 {
        self.row
    }
    fn child(&self) -> u32 {
        self.row
    }
}

/// Flags `r` with the given fields of its table.
pub(crate) fn flag<R: Row>(c: &Census, s: &mut Sink, r: &R, fields: &'static [&'static str]) {
    s.flag(c.child_id(r.child()), R::TABLE, r.row(), fields);
}

/// Flags every row of `table` for which `bad` holds.
pub(crate) fn flag_each<R: Row>(
    c: &Census,
    s: &mut Sink,
    table: &[R],
    fields: &'static [&'static str],
    bad: impl Fn(&R) -> bool,
) {
    for r in table.iter().filter(|r| bad(r)) {
        flag(c, s, r, fields);
    }
}

/// Flags the header (table "Header", row 0).
pub(crate) fn flag_header(s: &mut Sink, fields: &'static [&'static str]) {
    s.flag("", "Header", 0, fields);
}

/// A date is provided when it can be read: one that cannot (kept as
/// [`Cell::Invalid`]) counts as not provided, as the DfE's schema would refuse it.
pub(crate) fn has(d: &Cell<NaiveDate>) -> bool {
    d.get().is_some()
}

/// See [`has`].
pub(crate) fn lacks(d: &Cell<NaiveDate>) -> bool {
    d.get().is_none()
}

/// Both dates, when both are understood.
pub(crate) fn both(a: &Cell<NaiveDate>, b: &Cell<NaiveDate>) -> Option<(NaiveDate, NaiveDate)> {
    Some((a.get()?, b.get()?))
}

/// `a < b`, both understood.
pub(crate) fn before(a: &Cell<NaiveDate>, b: &Cell<NaiveDate>) -> bool {
    both(a, b).is_some_and(|(a, b)| a < b)
}

/// `a == b`, both understood.
pub(crate) fn same_day(a: &Cell<NaiveDate>, b: &Cell<NaiveDate>) -> bool {
    both(a, b).is_some_and(|(a, b)| a == b)
}

/// The referral is flagged as needing no further action (`true`/`1`).
pub(crate) fn nfa(c: &CinDetails) -> bool {
    c.referral_nfa.get() == Some(true)
}

/// The referral is flagged as going on to further action (`false`/`0`).
pub(crate) fn further_action(c: &CinDetails) -> bool {
    c.referral_nfa.get() == Some(false)
}

/// A date present and understood, but outside the census period.
pub(crate) fn outside_period(c: &Census, d: &Cell<NaiveDate>) -> bool {
    d.get().is_some_and(|d| !c.period.contains(d))
}

/// A date present and understood, after the end of the census period.
pub(crate) fn after_period(c: &Census, d: &Cell<NaiveDate>) -> bool {
    d.get().is_some_and(|d| d > c.period.end)
}

/// Whether intervals of the same kind overlap: `later` starts on or after `earlier`
/// starts and on or before it ends (`end_inclusive`) or before it ends, or
/// before the census end when `earlier` is still open.
pub(crate) fn starts_within(
    c: &Census,
    later_start: NaiveDate,
    earlier_start: NaiveDate,
    earlier_end: Option<NaiveDate>,
    end_inclusive: bool,
) -> bool {
    later_start >= earlier_start
        && match earlier_end {
            Some(end) if end_inclusive => later_start <= end,
            Some(end) => later_start < end,
            None => later_start <= c.period.end,
        }
}

/// Flags every one of `rows` when there are several (e.g. "more than one open plan").
pub(crate) fn flag_if_several<R: Row>(c: &Census, s: &mut Sink, rows: &[&R], fields: &'static [&'static str]) {
    if rows.len() > 1 {
        rows.iter().for_each(|r| flag(c, s, *r, fields));
    }
}

/// Flags each of a child's rows whose `date` is after the child's death, and the child.
pub(crate) fn flag_after_death<R: Row>(
    c: &Census,
    s: &mut Sink,
    rows_of: for<'a> fn(&'a Census, &ChildIdentifiers) -> &'a [R],
    date: fn(&R) -> &Cell<NaiveDate>,
    fields: &'static [&'static str],
) {
    for ch in c.children.iter().filter(|ch| ch.person_death_date.get().is_some()) {
        for r in rows_of(c, ch).iter().filter(|r| before(&ch.person_death_date, date(r))) {
            flag(c, s, r, fields);
            flag(c, s, ch, &["PersonDeathDate"]);
        }
    }
}

/// Flags both rows of every pair in `rows` where one starts on or after the
/// other's start and within it (see [`starts_within`]); `skip` leaves pairs out.
pub(crate) fn flag_overlapping<R: Row>(
    c: &Census,
    s: &mut Sink,
    rows: &[R],
    span: fn(&R) -> (Option<NaiveDate>, Option<NaiveDate>),
    end_inclusive: bool,
    skip: fn(&R, &R) -> bool,
    fields: &'static [&'static str],
) {
    for a in rows {
        let Some(start) = span(a).0 else { continue };
        for b in rows.iter().filter(|b| b.row() != a.row() && !skip(a, b)) {
            let (Some(b_start), b_end) = span(b) else { continue };
            if starts_within(c, start, b_start, b_end, end_inclusive) {
                flag(c, s, a, fields);
                flag(c, s, b, fields);
            }
        }
    }
}

/// Rows with how to read their start, and the fields to flag.
pub(crate) type Starts<'a, A> = (&'a [A], fn(&A) -> &Cell<NaiveDate>, &'static [&'static str]);
/// Rows with how to read their (start, end), and the fields to flag.
pub(crate) type Spans<'a, B> = (&'a [B], fn(&B) -> (&Cell<NaiveDate>, &Cell<NaiveDate>), &'static [&'static str]);

/// Flags each row of `starting` that starts while a row of `open` runs (from its
/// start to before its end; an open one to the end of the census year), and that row.
pub(crate) fn flag_starts_during<A: Row, B: Row>(
    c: &Census,
    s: &mut Sink,
    starting: Starts<'_, A>,
    open: Spans<'_, B>,
) {
    for a in starting.0 {
        let Some(start) = starting.1(a).get() else { continue };
        for b in open.0 {
            let (b_start, b_end) = open.1(b);
            let Some(b_start) = b_start.get() else { continue };
            if starts_within(c, start, b_start, b_end.get(), false) {
                flag(c, s, a, starting.2);
                flag(c, s, b, open.2);
            }
        }
    }
}

pub(crate) fn plan_start(p: &CinPlanDates) -> &Cell<NaiveDate> {
    &p.start_date
}

pub(crate) fn plan_span(p: &CinPlanDates) -> (&Cell<NaiveDate>, &Cell<NaiveDate>) {
    (&p.start_date, &p.end_date)
}

pub(crate) fn cpp_start(p: &ChildProtectionPlan) -> &Cell<NaiveDate> {
    &p.start_date
}

pub(crate) fn cpp_span(p: &ChildProtectionPlan) -> (&Cell<NaiveDate>, &Cell<NaiveDate>) {
    (&p.start_date, &p.end_date)
}

/// Flags every assessment listing `factor`.
pub(crate) fn flag_factor(c: &Census, s: &mut Sink, factor: carefile_domain::codes::AssessmentFactor) {
    flag_each(c, s, &c.assessments, &["AssessmentFactors"], |a| a.factors.iter().any(|f| f.get() == Some(factor)));
}

#[cfg(test)]
pub(crate) mod testkit {
    //! Small censuses for rule tests: XML fragments with plausible defaults.
    //! Leaves repeated later in a fragment override the defaults (the reader keeps the last).
    use super::*;
    use carefile_domain::CollectionYear;

    pub const HEADER: &str = "<Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year>\
        <ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel>\
        <LEA>855</LEA><SoftwareCode>t</SoftwareCode><Release>1</Release><SerialNo>001</SerialNo>\
        <DateTime>2026-04-01T00:00:00</DateTime></Source></Header>";

    /// `<name>value</name>`.
    pub fn el(name: &str, value: &str) -> String {
        format!("<{name}>{value}</{name}>")
    }

    /// A census of the given `<Child>` elements, reference date 31 March 2026.
    pub fn census(children: &str) -> Census {
        census_with_header(HEADER, children)
    }

    /// A census whose reference date (and header year) is 31 March of `year`.
    pub fn census_ending(year: i32, children: &str) -> Census {
        let header = HEADER
            .replace("2026-03-31", &format!("{year}-03-31"))
            .replace("<Year>2026</Year>", &format!("<Year>{year}</Year>"));
        census_with_header(&header, children)
    }

    pub fn census_with_header(header: &str, children: &str) -> Census {
        let xml = format!("<Message>{header}<Children>{children}</Children></Message>");
        crate::read(xml.as_bytes(), CollectionYear::new(2026)).expect("test XML is well formed").census
    }

    /// A child born 1 June 2015 (sex M, ethnicity WBRI, disability NONE); `ids` adds or overrides identifiers.
    pub fn child(id: &str, ids: &str, body: &str) -> String {
        format!(
            "<Child><ChildIdentifiers><LAchildID>{id}</LAchildID><PersonBirthDate>2015-06-01</PersonBirthDate>\
             <Sex>M</Sex><UPNunknown>UN5</UPNunknown>{ids}</ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity>\
             <Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>{body}</Child>"
        )
    }

    /// An open CIN episode referred on 2 June 2025 going on to further action; `body` adds or overrides.
    pub fn cin(body: &str) -> String {
        format!(
            "<CINdetails><CINreferralDate>2025-06-02</CINreferralDate><ReferralSource>1A</ReferralSource>\
             <PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA>{body}</CINdetails>"
        )
    }

    /// One child "C1" with one episode.
    pub fn one(body: &str) -> Census {
        census(&child("C1", "", &cin(body)))
    }

    /// A child protection plan starting 3 June 2025 (NEG, no previous plans); `body` adds or overrides.
    pub fn cpp(body: &str) -> String {
        format!(
            "<ChildProtectionPlans><CPPstartDate>2025-06-03</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>\
             <LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP>{body}</ChildProtectionPlans>"
        )
    }

    /// An assessment with the given start and (optional) authorisation dates and factors.
    pub fn assessment(start: &str, end: Option<&str>, factors: &[&str]) -> String {
        let end = end.map(|d| el("AssessmentAuthorisationDate", d)).unwrap_or_default();
        let factors = if factors.is_empty() {
            String::new()
        } else {
            let f: String = factors.iter().map(|f| el("AssessmentFactors", f)).collect();
            el("FactorsIdentifiedAtAssessment", &f)
        };
        el("Assessments", &format!("{}{end}{factors}", el("AssessmentActualStartDate", start)))
    }

    /// A section 47 enquiry.
    pub fn s47(start: &str, icpc: Option<&str>, not_required: &str) -> String {
        let icpc = icpc.map(|d| el("DateOfInitialCPC", d)).unwrap_or_default();
        el("Section47", &format!("{}{icpc}{}", el("S47ActualStartDate", start), el("ICPCnotRequired", not_required)))
    }

    /// A CIN plan.
    pub fn plan(start: &str, end: Option<&str>) -> String {
        let end = end.map(|d| el("CINPlanEndDate", d)).unwrap_or_default();
        el("CINPlanDates", &format!("{}{end}", el("CINPlanStartDate", start)))
    }

    /// The (table, row) pairs `rule` flags in `c`; return-level findings show as ("", u32::MAX).
    pub fn hits(rule: &'static Rule<Census>, c: &Census) -> Vec<(&'static str, u32)> {
        let mut sink = Sink::new(&rule.meta);
        (rule.check)(c, &mut sink);
        let mut v: Vec<_> = sink.into_findings().iter().map(|f| (f.table, f.row.unwrap_or(u32::MAX))).collect();
        v.sort();
        v.dedup();
        v
    }

    /// The rows of `table` that `rule` flags.
    pub fn rows_of(rule: &'static Rule<Census>, c: &Census, table: &str) -> Vec<u32> {
        hits(rule, c).into_iter().filter(|(t, _)| *t == table).map(|(_, r)| r).collect()
    }

    /// Whether `rule` flags the return as a whole.
    pub fn flags_return(rule: &'static Rule<Census>, c: &Census) -> bool {
        hits(rule, c).contains(&("", u32::MAX))
    }
}
