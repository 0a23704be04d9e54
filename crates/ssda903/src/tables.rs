//! The SSDA903 tables as typed rows, in input order, each with a per-child index.

use crate::value::{Text, Value};
use carefile_domain::CollectionYear;
use carefile_domain::codes::*;
use carefile_returns::Cell;
use chrono::NaiveDate;
use std::collections::HashMap;

/// A row type of one SSDA903 table.
pub trait Record: Sized {
    /// The table's name as the DfE tool and returns.md spell it (`Episodes`).
    const TABLE: &'static str;
    /// The CSV columns, `CHILD` first (also the XML element names, but `PL` for `PLACE`).
    const COLUMNS: &'static [&'static str];
    /// Builds row `row` from the raw values of [`COLUMNS`](Self::COLUMNS) after `CHILD`, in that order.
    fn from_raw(row: u32, child: &str, values: &[&str]) -> Self;
    fn child(&self) -> &str;
    fn row(&self) -> u32;
}

/// Declares a table's row struct: one `Cell` per column, typed by [`Value`].
macro_rules! table {
    (
        $(#[$meta:meta])* $name:ident = $table:literal {
            $( $(#[$fmeta:meta])* $col:ident $field:ident : $ty:ty ),+ $(,)?
        }
        $( derived { $( $(#[$dmeta:meta])* $dfield:ident : $dty:ty ),+ } )?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            /// 0-based row in input order (blank lines skipped).
            pub row: u32,
            /// CHILD, upper-cased and trimmed, kept as text.
            pub child: Text,
            $( $(#[$fmeta])* pub $field: Cell<$ty>, )+
            $( $( $(#[$dmeta])* pub $dfield: Cell<$dty>, )+ )?
        }

        impl Record for $name {
            const TABLE: &'static str = $table;
            const COLUMNS: &'static [&'static str] = &["CHILD", $( stringify!($col) ),+];

            fn from_raw(row: u32, child: &str, values: &[&str]) -> Self {
                let mut v = values.iter().copied();
                $name {
                    row,
                    child: child.trim().to_uppercase().into(),
                    $( $field: <$ty as Value>::read(v.next().unwrap_or("")), )+
                    $( $( $dfield: Cell::Blank, )+ )?
                }
            }

            fn child(&self) -> &str {
                &self.child
            }

            fn row(&self) -> u32 {
                self.row
            }
        }
    };
}

table! {
    /// The child (one row per child).
    Header = "Header" {
        SEX sex: Sex,
        DOB dob: NaiveDate,
        ETHNIC ethnic: Ethnicity,
        UPN upn: Text,
        /// Whether the child is a mother.
        MOTHER mother: bool,
        /// Date of birth of the mother's child.
        MC_DOB mc_dob: NaiveDate,
    }
    derived {
        /// Unaccompanied asylum-seeking child: the XML's UASC element, or (from CSV) whether
        /// the child has a UASC row, when a UASC table was supplied.
        uasc: bool
    }
}

table! {
    /// Episodes of care.
    Episode = "Episodes" {
        DECOM decom: NaiveDate,
        RNE rne: ReasonNewEpisode,
        LS ls: LegalStatus,
        CIN cin: CategoryOfNeed,
        PLACE place: PlacementType,
        PLACE_PROVIDER place_provider: PlacementProvider,
        DEC dec: NaiveDate,
        REC rec: ReasonEpisodeCeased,
        REASON_PLACE_CHANGE reason_place_change: ReasonPlaceChange,
        HOME_POST home_post: Text,
        PL_POST pl_post: Text,
        URN urn: Text,
    }
}

table! {
    /// Looked-after reviews.
    Review = "Reviews" {
        DOB dob: NaiveDate,
        REVIEW review: NaiveDate,
        REVIEW_CODE review_code: ReviewParticipation,
    }
}

table! {
    /// Unaccompanied asylum-seeking children.
    Uasc = "UASC" {
        SEX sex: Sex,
        DOB dob: NaiveDate,
        /// Date UASC status ceased.
        DUC duc: NaiveDate,
    }
}

table! {
    /// Outcomes for children looked after for 12 months or more.
    Oc2 = "OC2" {
        DOB dob: NaiveDate,
        SDQ_SCORE sdq_score: u32,
        SDQ_REASON sdq_reason: SdqReason,
        CONVICTED convicted: bool,
        HEALTH_CHECK health_check: bool,
        IMMUNISATIONS immunisations: bool,
        TEETH_CHECK teeth_check: bool,
        HEALTH_ASSESSMENT health_assessment: bool,
        SUBSTANCE_MISUSE substance_misuse: bool,
        INTERVENTION_RECEIVED intervention_received: bool,
        INTERVENTION_OFFERED intervention_offered: bool,
    }
}

table! {
    /// Care leavers' outcomes.
    Oc3 = "OC3" {
        DOB dob: NaiveDate,
        IN_TOUCH in_touch: InTouch,
        ACTIV activ: Activity,
        ACCOM accom: Accommodation,
    }
}

table! {
    /// Adoptions.
    Ad1 = "AD1" {
        DOB dob: NaiveDate,
        DATE_INT date_int: NaiveDate,
        DATE_MATCH date_match: NaiveDate,
        FOSTER_CARE foster_care: bool,
        NB_ADOPTR nb_adoptr: u32,
        SEX_ADOPTR sex_adoptr: AdopterSex,
        LS_ADOPTR ls_adoptr: AdopterLegalStatus,
    }
}

table! {
    /// Decisions to place for adoption.
    PlacedAdoption = "PlacedAdoption" {
        DOB dob: NaiveDate,
        DATE_PLACED date_placed: NaiveDate,
        DATE_PLACED_CEASED date_placed_ceased: NaiveDate,
        REASON_PLACED_CEASED reason_placed_ceased: ReasonPlacedCeased,
    }
}

table! {
    /// Previous permanence.
    PrevPerm = "PrevPerm" {
        DOB dob: NaiveDate,
        PREV_PERM prev_perm: PreviousPermanence,
        LA_PERM la_perm: Text,
        /// Kept as text: the DfE allows partial dates here (e.g. `zz/zz/2015`).
        DATE_PERM date_perm: Text,
    }
}

table! {
    /// Missing or away from placement without authorisation.
    Missing = "Missing" {
        DOB dob: NaiveDate,
        MISSING missing: MissingType,
        MIS_START mis_start: NaiveDate,
        MIS_END mis_end: NaiveDate,
    }
}

table! {
    /// Social worker episodes (from 2023-24).
    SwEpisode = "SWEpisodes" {
        DOB dob: NaiveDate,
        SW_ID sw_id: Text,
        SW_DECOM sw_decom: NaiveDate,
        SW_DEC sw_dec: NaiveDate,
        SW_REASON sw_reason: SocialWorkerChangeReason,
    }
}

table! {
    /// Deprivation of liberty orders (from 2026-27).
    DoLo = "DoLo" {
        DOB dob: NaiveDate,
        DOLO_START dolo_start: NaiveDate,
        DOLO_END dolo_end: NaiveDate,
    }
}

/// One table's rows in input order, with the rows of each child found once.
#[derive(Debug, Clone)]
pub struct Table<R> {
    pub rows: Vec<R>,
    /// Children in order of first appearance, each with its rows' indices.
    children: Vec<(Text, Vec<u32>)>,
    by_child: HashMap<Text, usize>,
}

impl<R: Record> Table<R> {
    pub fn new(rows: Vec<R>) -> Self {
        let mut children: Vec<(Text, Vec<u32>)> = Vec::new();
        let mut by_child: HashMap<Text, usize> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            let at = *by_child.entry(r.child().into()).or_insert_with(|| {
                children.push((r.child().into(), Vec::new()));
                children.len() - 1
            });
            children[at].1.push(i as u32);
        }
        Table { rows, children, by_child }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, R> {
        self.rows.iter()
    }

    /// Whether `child` has any row here.
    pub fn has(&self, child: &str) -> bool {
        self.by_child.contains_key(child)
    }

    /// The rows of `child`, in input order.
    pub fn of(&self, child: &str) -> Vec<&R> {
        self.by_child.get(child).map_or_else(Vec::new, |&i| self.rows_at(&self.children[i].1))
    }

    /// Every child with its rows, children in order of first appearance.
    pub fn groups(&self) -> impl Iterator<Item = (&str, Vec<&R>)> {
        self.children.iter().map(|(c, idx)| (&**c, self.rows_at(idx)))
    }

    fn rows_at(&self, idx: &[u32]) -> Vec<&R> {
        idx.iter().map(|&i| &self.rows[i as usize]).collect()
    }
}

/// The tables of one year's return; `None` where a table was not supplied.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    pub header: Option<Table<Header>>,
    pub episodes: Option<Table<Episode>>,
    pub reviews: Option<Table<Review>>,
    pub uasc: Option<Table<Uasc>>,
    pub oc2: Option<Table<Oc2>>,
    pub oc3: Option<Table<Oc3>>,
    pub ad1: Option<Table<Ad1>>,
    pub placed_adoption: Option<Table<PlacedAdoption>>,
    pub prev_perm: Option<Table<PrevPerm>>,
    pub missing: Option<Table<Missing>>,
    pub sw_episodes: Option<Table<SwEpisode>>,
    pub dolo: Option<Table<DoLo>>,
    /// Read from the DfE XML rather than CSV files (some rules apply to one format only).
    pub from_xml: bool,
}

impl Tables {
    /// Whether any table was supplied (for last year's: whether the rules comparing years can judge).
    pub fn is_supplied(&self) -> bool {
        let Tables { header, episodes, reviews, uasc, oc2, oc3, ad1, placed_adoption, prev_perm, missing, sw_episodes, dolo, from_xml: _ } =
            self;
        header.is_some()
            || episodes.is_some()
            || reviews.is_some()
            || uasc.is_some()
            || oc2.is_some()
            || oc3.is_some()
            || ad1.is_some()
            || placed_adoption.is_some()
            || prev_perm.is_some()
            || missing.is_some()
            || sw_episodes.is_some()
            || dolo.is_some()
    }
}

impl Tables {
    /// Why these tables' episodes cannot be collection year `year`'s, if they cannot: one starts
    /// after the year ends, or every one ended before it began (a return given the wrong year).
    pub fn not_of_year(&self, year: CollectionYear) -> Option<String> {
        let mut check = YearCheck::new(year);
        self.episodes.as_ref()?.iter().for_each(|e| check.add(e));
        check.verdict()
    }
}

/// [`Tables::not_of_year`] over episodes given one by one (as a return is read as a stream).
#[derive(Debug, Clone)]
pub struct YearCheck {
    year: CollectionYear,
    latest: Option<NaiveDate>,
    open: bool,
}

impl YearCheck {
    pub fn new(year: CollectionYear) -> Self {
        YearCheck { year, latest: None, open: false }
    }

    pub fn add(&mut self, e: &Episode) {
        if let Some(d) = e.decom.get() {
            self.latest = self.latest.max(Some(d));
        }
        self.open |= e.dec.get().is_none_or(|d| d >= self.year.start());
    }

    /// Why the episodes added cannot be the year's, if they cannot.
    pub fn verdict(&self) -> Option<String> {
        let (year, latest) = (self.year, self.latest?);
        if latest > year.end() {
            let likely = CollectionYear::containing(latest);
            return Some(format!(
                "an episode starts on {latest}, after collection year {} ends ({}); the return looks like {} (--year {})",
                year.label(),
                year.end(),
                likely.label(),
                likely.ending()
            ));
        }
        let ended = || format!("every episode ended before collection year {} began ({})", year.label(), year.start());
        (!self.open).then(ended)
    }
}

/// A whole submission: this year's tables and, optionally, last year's (the `_last` tables).
#[derive(Debug, Clone, Default)]
pub struct Return {
    pub this: Tables,
    pub last: Tables,
}

/// Derives Header.UASC from the UASC table as the DfE tool does for CSV uploads:
/// 1 when the child has a UASC row, else 0; left blank when no UASC table was supplied.
pub(crate) fn derive_uasc(t: &mut Tables) {
    if let (Some(header), Some(uasc)) = (&mut t.header, &t.uasc) {
        for h in &mut header.rows {
            h.uasc = Cell::Valid(uasc.has(&h.child));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_typed_and_grouped_by_child() {
        let raw = [
            ["01/04/2025", "S", "C2", "N1", "u4", "PR1", "", "", "", "LE1", "LE2", ""],
            ["31/02/2025", "P", "C2", "N1", "Q9", "PR1", "", "", "", "", "", ""],
        ];
        let rows: Vec<Episode> = [("a1", 0), ("b", 1), ("A1", 2)]
            .iter()
            .map(|&(c, i)| Episode::from_raw(i, c, &raw[(i % 2) as usize]))
            .collect();
        assert_eq!(rows[0].place, Cell::Valid(PlacementType::U4));
        assert_eq!(rows[1].decom, Cell::Invalid("31/02/2025".into()));
        assert_eq!(rows[1].place, Cell::Invalid("Q9".into()));
        let t = Table::new(rows);
        assert_eq!(t.of("A1").iter().map(|r| r.row).collect::<Vec<_>>(), [0, 2]);
        assert!(t.of("zz").is_empty());
        assert_eq!(t.groups().map(|(c, _)| c).collect::<Vec<_>>(), ["A1", "B"]);
        assert_eq!(Episode::COLUMNS.len(), 13);
    }
}
