//! Generator of varied SSDA903 returns for the differential test: plausible children in every
//! table, this year and last, deterministic from a seed, with faults planted in random cells.

use carefile_domain::CollectionYear;
use carefile_ssda903::*;
use chrono::{Days, NaiveDate};
use std::collections::BTreeMap;

/// A small deterministic generator (64-bit LCG), so runs are reproducible without a dependency.
pub struct Rng(u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
    pub fn date(&mut self, from: NaiveDate, days: u64) -> NaiveDate {
        from + Days::new(self.below(days))
    }
}

pub fn d(s: NaiveDate) -> String {
    s.format("%d/%m/%Y").to_string()
}

/// Values planted as faults: unreadable and boundary dates, codes of other lists, junk.
pub const FAULTS: &[&str] = &[
    "",
    "31/02/2025",
    "01/04/2025",
    "31/03/2026",
    "01/04/2026",
    "29/02/2024",
    "xx",
    "X1",
    "E11",
    "E8",
    "S",
    "P",
    "T",
    "V3",
    "V4",
    "J2",
    "L1",
    "K3",
    "T1",
    "T3",
    "A3",
    "P1",
    "Z1",
    "H5",
    "PR1",
    "0",
    "1",
    "2",
    "U",
    "M",
    "F",
    "DIED",
    "UN1",
    "UN4",
    "SDQ1",
    "XXXXXXX",
    "CUSTOD",
    "FCONTA",
    "SW1",
];

/// Readable dates around the collection year's ends.
pub const DATES: &[&str] = &["01/04/2025", "31/03/2026", "01/04/2026", "31/03/2025", "29/02/2024", "15/06/2025"];

/// One year's tables as CSV text, built row by row.
#[derive(Default)]
pub struct Year {
    tables: BTreeMap<&'static str, (Vec<&'static str>, Vec<Vec<String>>)>,
}

impl Year {
    /// A year from partial CSVs (table name, text whose header names some of the table's columns,
    /// in any order): the other columns are blank. Planted cases are written this way.
    pub fn from_partial(tables: &[(&str, &str)]) -> Result<Year, String> {
        let mut y = Year::default();
        for (name, text) in tables {
            let mut lines = text.trim().lines();
            let given: Vec<&str> = lines.next().unwrap_or("").split(',').map(str::trim).collect();
            let mut found = false;
            macro_rules! fill {
                ($row:ident, $field:ident) => {
                    if $row::TABLE == *name {
                        found = true;
                        if let Some(bad) = given.iter().find(|g| !$row::COLUMNS.contains(g)) {
                            return Err(format!("{name} has no column {bad}"));
                        }
                        y.tables.entry($row::TABLE).or_insert_with(|| ($row::COLUMNS.to_vec(), Vec::new()));
                        for line in lines.by_ref() {
                            let values: Vec<&str> = line.split(',').collect();
                            let pairs: Vec<(&str, String)> =
                                given.iter().zip(values.iter().chain(std::iter::repeat(&""))).map(|(c, v)| (*c, v.to_string())).collect();
                            y.row::<$row>(&pairs);
                        }
                    }
                };
            }
            fill!(Header, header);
            fill!(Episode, episodes);
            fill!(Review, reviews);
            fill!(Uasc, uasc);
            fill!(Oc2, oc2);
            fill!(Oc3, oc3);
            fill!(Ad1, ad1);
            fill!(PlacedAdoption, placed_adoption);
            fill!(PrevPerm, prev_perm);
            fill!(Missing, missing);
            fill!(SwEpisode, sw_episodes);
            fill!(DoLo, dolo);
            if !found {
                return Err(format!("no SSDA903 table is called {name}"));
            }
        }
        Ok(y)
    }

    /// The rows of `table` (as both validators read them), none when it is not supplied.
    pub fn rows(&self, table: &str) -> &[Vec<String>] {
        self.tables.get(table).map_or(&[], |(_, r)| r.as_slice())
    }

    /// The columns of `table`, none when it is not supplied.
    pub fn columns(&self, table: &str) -> &[&'static str] {
        self.tables.get(table).map_or(&[], |(c, _)| c.as_slice())
    }

    /// The value of column `col` in `row`, a row of `table`.
    pub fn value<'a>(&self, table: &str, row: &'a [String], col: &str) -> Option<&'a str> {
        let (cols, _) = self.tables.get(table)?;
        cols.iter().position(|c| *c == col).and_then(|j| row.get(j)).map(String::as_str)
    }

    /// The indexes of `child`'s rows in `table`, in order.
    pub fn rows_of(&self, table: &str, child: &str) -> Vec<usize> {
        self.rows(table).iter().enumerate().filter(|(_, r)| r[0].trim().eq_ignore_ascii_case(child)).map(|(i, _)| i).collect()
    }

    pub fn row<R: Record>(&mut self, values: &[(&str, String)]) {
        let (cols, rows) = self.tables.entry(R::TABLE).or_insert_with(|| (R::COLUMNS.to_vec(), Vec::new()));
        rows.push(
            cols.iter()
                .map(|c| values.iter().find(|(k, _)| k == c).map(|(_, v)| v.clone()).unwrap_or_default())
                .collect(),
        );
    }

    /// Replaces about `percent`% of non-CHILD cells with a planted fault. DECOM, DOB and
    /// SW_DECOM only get other readable dates: the reference crashes on a whole file when they
    /// cannot be read (returns.md §5), which would hide every other comparison for those rules.
    pub fn plant(&mut self, rng: &mut Rng, percent: u64) {
        for (cols, rows) in self.tables.values_mut() {
            for row in rows.iter_mut() {
                for (col, cell) in cols.iter().zip(row.iter_mut()).skip(1) {
                    if rng.below(1000) < percent * 10 {
                        let pool = if matches!(*col, "DECOM" | "DOB" | "SW_DECOM") { DATES } else { FAULTS };
                        *cell = rng.pick(pool).to_string();
                    }
                }
            }
        }
    }

    /// Sets `edits` on a random row of `table`, or on a copy of it appended when `copy`.
    fn edit(&mut self, rng: &mut Rng, table: &str, copy: bool, edits: &[(&str, &str)]) {
        let Some((cols, rows)) = self.tables.get_mut(table) else { return };
        if rows.is_empty() {
            return;
        }
        let i = rng.below(rows.len() as u64) as usize;
        let mut row = rows[i].clone();
        for (col, value) in edits {
            if let Some(j) = cols.iter().position(|c| c == col) {
                row[j] = value.to_string();
            }
        }
        if copy {
            rows.push(row);
        } else {
            rows[i] = row;
        }
    }

    /// Faults too specific for random cells to produce: each makes one rarely firing rule fire
    /// (the rule is named beside it). Unreadable DOB/DECOM/SW_DECOM are left out: the
    /// reference crashes on the whole table for them (returns.md §5).
    pub fn rare_faults(&mut self, rng: &mut Rng) {
        let faults: &[(&str, bool, &[(&str, &str)])] = &[
            ("Header", true, &[]),                                         // INT32
            ("AD1", true, &[]),                                            // INT31
            ("OC2", true, &[]),                                            // INT33
            ("PrevPerm", true, &[]),                                       // INT35
            ("SWEpisodes", true, &[("SW_DEC", "")]),                       // SW19STG2
            ("Header", false, &[("SEX", "U")]),                            // 232
            ("Header", false, &[("DOB", "01/01/1995")]),                   // 351
            ("Header", false, &[("MOTHER", "1"), ("MC_DOB", "")]),         // 611
            ("AD1", false, &[("NB_ADOPTR", "3")]),                         // 175
            ("AD1", false, &[("DATE_MATCH", "")]),                         // 151
            ("AD1", false, &[("LS_ADOPTR", "L11"), ("SEX_ADOPTR", "MF")]), // 514
            ("AD1", false, &[("LS_ADOPTR", "L4"), ("SEX_ADOPTR", "MF")]),  // 518
            ("AD1", false, &[("LS_ADOPTR", "L2"), ("SEX_ADOPTR", "M1")]),  // 519
            ("AD1", false, &[("LS_ADOPTR", "L12"), ("SEX_ADOPTR", "MF")]), // 524
            ("OC2", false, &[("CONVICTED", "1"), ("IMMUNISATIONS", "")]),  // 544
            ("PlacedAdoption", false, &[("REASON_PLACED_CEASED", "RD9")]), // 120
            ("PlacedAdoption", false, &[("DATE_PLACED", "01/03/2026"), ("DATE_PLACED_CEASED", "01/02/2026")]), // 522
            ("PlacedAdoption", false, &[("DATE_PLACED", ""), ("DATE_PLACED_CEASED", "01/02/2026")]), // 563
            ("PlacedAdoption", true, &[("DATE_PLACED_CEASED", ""), ("REASON_PLACED_CEASED", "")]), // 579, 583
            ("Missing", false, &[("MISSING", "")]),                        // 565, 566
            ("Missing", true, &[("MIS_END", "")]),                         // 574
            ("Episodes", false, &[("DECOM", "01/01/1990"), ("LS", "E1")]), // 353, 446
            ("Episodes", false, &[("PLACE", "P1"), ("PLACE_PROVIDER", "PR3")]), // 529
            ("Episodes", false, &[("PLACE", "P1"), ("PLACE_PROVIDER", "PR5")]), // 531
            ("Episodes", false, &[("DECOM", "15/06/2025"), ("DEC", "15/06/2025")]), // 355
            ("Header", false, &[("DOB", "01/06/2008"), ("MOTHER", "1"), ("MC_DOB", "01/01/2008")]), // 621
        ];
        for (table, copy, edits) in faults {
            self.edit(rng, table, *copy, edits);
        }
    }

    /// The value of `col` in row `i` of `table`.
    pub fn get(&self, table: &str, i: usize, col: &str) -> Option<String> {
        let (cols, rows) = self.tables.get(table)?;
        let j = cols.iter().position(|c| *c == col)?;
        rows.get(i).map(|r| r[j].clone())
    }

    fn set(&mut self, table: &str, i: usize, col: &str, value: String) {
        if let Some((cols, rows)) = self.tables.get_mut(table)
            && let (Some(j), Some(row)) = (cols.iter().position(|c| *c == col), rows.get_mut(i))
        {
            row[j] = value;
        }
    }

    /// Faults across tables for one child each, which random cells almost never line up:
    /// adopted children's AD1 and PlacedAdoption rows at odds with their episodes (601, 582, 331,
    /// 558, 335), a missing spell ending on the 18th birthday as care ends other than E8 (580); and,
    /// with DoLOs, one with an unreadable end (701), one starting after the year (703), one before
    /// birth (708).
    pub fn combined_faults(&mut self, year: CollectionYear) {
        let date = |s: &str| NaiveDate::parse_from_str(s, "%d/%m/%Y").ok();
        let episodes = self.tables.get("Episodes").map_or(0, |t| t.1.len());
        let dob_of = |y: &Year, child: &str| {
            let n = y.tables.get("Header").map_or(0, |t| t.1.len());
            (0..n)
                .find(|&i| y.get("Header", i, "CHILD").as_deref() == Some(child))
                .and_then(|i| y.get("Header", i, "DOB"))
        };
        // (row, child, DOB, DECOM, DEC) of episodes ending in adoption, and of other endings but E8.
        let ended = |y: &Year, recs: &[&str]| -> Vec<(usize, String, String, NaiveDate, NaiveDate)> {
            (0..episodes)
                .filter(|&i| y.get("Episodes", i, "REC").is_some_and(|r| recs.contains(&r.as_str())))
                .filter_map(|i| {
                    let child = y.get("Episodes", i, "CHILD")?;
                    let dob = dob_of(y, &child).filter(|d| date(d).is_some())?;
                    Some((i, child, dob, date(&y.get("Episodes", i, "DECOM")?)?, date(&y.get("Episodes", i, "DEC")?)?))
                })
                .collect()
        };
        let adopted = ended(self, &["E11", "E12"]);
        let ad1 = |child: &str, dob: &str, int: String, matched: String| -> Vec<(&'static str, String)> {
            vec![("CHILD", child.to_string()), ("DOB", dob.to_string()), ("DATE_INT", int), ("DATE_MATCH", matched)]
        };
        let details = [("FOSTER_CARE", "0"), ("NB_ADOPTR", "2"), ("SEX_ADOPTR", "MF"), ("LS_ADOPTR", "L11")];
        let with_details = |mut v: Vec<(&'static str, String)>| {
            v.extend(details.iter().map(|(k, x)| (*k, x.to_string())));
            v
        };
        let mut it = adopted.into_iter();
        if let Some((_, child, dob, _, _)) = it.next() {
            self.row::<Ad1>(&ad1(&child, &dob, String::new(), String::new())); // 601
        }
        if let Some((_, child, dob, _, dec)) = it.next() {
            self.row::<Ad1>(&with_details(ad1(&child, &dob, d(dec - Days::new(200)), d(dec)))); // 582
        }
        if let Some((i, child, dob, decom, _)) = it.next() {
            self.set("Episodes", i, "PLACE", "A6".into());
            self.row::<Ad1>(&with_details(ad1(&child, &dob, d(decom - Days::new(200)), d(decom + Days::new(1))))); // 331
        }
        if let Some((_, child, dob, _, dec)) = it.next() {
            for days in [300, 100] {
                self.row::<PlacedAdoption>(&[
                    ("CHILD", child.clone()),
                    ("DOB", dob.clone()),
                    ("DATE_PLACED", d(dec - Days::new(days))),
                    ("DATE_PLACED_CEASED", d(dec - Days::new(days - 50))),
                    ("REASON_PLACED_CEASED", "RD1".into()),
                ]); // 558: every decision reversed, yet adopted
            }
        }
        if let Some((i, child, dob, decom, _)) = it.next() {
            self.set("Episodes", i, "PLACE", "A5".into());
            self.row::<Ad1>(&with_details(ad1(&child, &dob, d(decom - Days::new(200)), d(decom)))); // 335
        }
        if let Some((_, child, _, _, dec)) = ended(self, &["E4A", "E13", "E5"]).into_iter().next() {
            // Missing until the 18th birthday, the day care ended other than E8.
            let dob = dec.checked_sub_months(chrono::Months::new(12 * 18)).unwrap_or(dec);
            self.row::<Missing>(&[
                ("CHILD", child),
                ("DOB", d(dob)),
                ("MISSING", "M".into()),
                ("MIS_START", d(dec - Days::new(2))),
                ("MIS_END", d(dec)),
            ]); // 580
        }
        let after_year = d(year.end() + Days::new(20));
        for (i, (col, value)) in
            [("DOLO_END", "31/02/2026".to_string()), ("DOLO_START", after_year), ("DOLO_START", "01/01/1990".into())]
                .into_iter()
                .enumerate()
        {
            self.set("DoLo", i, col, value); // 701, 703, 708
        }
    }

    /// Two UASC rows for the child whose Header row is last. The reference aligns its
    /// Header-UASC merge with the Header by position (DISAGREEMENTS.md, 303), so a duplicate
    /// earlier in the file would shift every later child's UASC flag and turn the UASC rules'
    /// comparison into noise; at the end it shifts nobody.
    pub fn uasc_twice_at_end(&mut self) {
        let Some((cols, rows)) = self.tables.get("Header") else { return };
        let Some(last) = rows.last() else { return };
        let get = |name: &str| cols.iter().position(|c| *c == name).map(|i| last[i].clone()).unwrap_or_default();
        let (child, sex, dob) = (get("CHILD"), get("SEX"), get("DOB"));
        for _ in 0..2 {
            self.row::<Uasc>(&[("CHILD", child.clone()), ("SEX", sex.clone()), ("DOB", dob.clone())]);
        }
    }

    /// The year as DfE XML CHILD elements: one per Header row (children without a Header row
    /// cannot be written), each with the HEADER's leaves (the child's first Header row, a UASC
    /// flag, the first UASC, AD1 and OC3 rows' items), its repeating groups and its episodes.
    fn xml_children(&self) -> Vec<XmlChild> {
        let of = |t: &str, child: &str| -> Vec<Vec<(String, String)>> {
            let Some((cols, rs)) = self.tables.get(t) else { return Vec::new() };
            rs.iter()
                .filter(|r| r[0] == child)
                .map(|r| cols.iter().zip(r).skip(1).map(|(c, v)| (c.to_string(), v.clone())).collect())
                .collect()
        };
        let without = |fields: &[(String, String)], skip: &[&str]| -> Vec<(String, String)> {
            fields.iter().filter(|(c, _)| !skip.contains(&c.as_str())).cloned().collect()
        };
        self.rows("Header")
            .iter()
            .map(|h| {
                let child = h[0].clone();
                let mut header = vec![("CHILD".to_string(), child.clone())];
                header.extend(of("Header", &child).remove(0));
                let uasc = of("UASC", &child);
                header.push(("UASC".into(), u8::from(!uasc.is_empty()).to_string()));
                for u in uasc.iter().take(1) {
                    header.extend(without(u, &["SEX", "DOB"]));
                }
                for one in ["AD1", "OC3"] {
                    for r in of(one, &child).iter().take(1) {
                        header.extend(without(r, &["DOB"]));
                    }
                }
                let mut groups = Vec::new();
                for (table, tag) in [
                    ("Missing", "AMISSING"),
                    ("Reviews", "AREVIEW"),
                    ("PrevPerm", "PERMANENCE"),
                    ("OC2", "OC2"),
                    ("PlacedAdoption", "AD_PLACED"),
                ] {
                    groups.extend(of(table, &child).iter().map(|r| (table, tag, without(r, &["DOB"]))));
                }
                XmlChild { header, groups, episodes: of("Episodes", &child) }
            })
            .collect()
    }

    /// The same year as the DfE XML (this year only: the tool cannot mix XML and CSV across years).
    pub fn xml(&self) -> String {
        let leaves = |fields: &[(String, String)]| -> String {
            fields
                .iter()
                .map(|(c, v)| {
                    let tag = match c.as_str() {
                        "PLACE" => "PL",
                        "CHILD" => "CHILDID",
                        c => c,
                    };
                    format!("<{tag}>{v}</{tag}>")
                })
                .collect()
        };
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<EXPSSDA903>\n");
        for c in self.xml_children() {
            let groups: String = c.groups.iter().map(|(_, tag, f)| format!("<{tag}>{}</{tag}>", leaves(f))).collect();
            let episodes: String = c.episodes.iter().map(|e| format!("<EPISODE>{}</EPISODE>", leaves(e))).collect();
            out += &format!("<CHILD><HEADER>{}{groups}</HEADER>{episodes}</CHILD>\n", leaves(&c.header));
        }
        out + "</EXPSSDA903>\n"
    }

    /// The tables both validators read from [`Year::xml`]: rows in the order of the CHILD elements;
    /// a UASC, OC3 or AD1 row wherever the element that keys it has a value; a group's DOB the child's.
    pub fn as_read_from_xml(&self) -> Year {
        let mut y = Year::default();
        for c in self.xml_children() {
            let get = |own: &[(String, String)], col: &str| {
                own.iter().chain(&c.header).find(|(k, _)| k == col).map(|(_, v)| v.clone()).unwrap_or_default()
            };
            let row_of = |cols: &'static [&'static str], own: &[(String, String)]| -> Vec<(&'static str, String)> {
                cols.iter().map(|col| (*col, get(own, col))).collect()
            };
            y.row::<Header>(&row_of(Header::COLUMNS, &[]));
            let given = |k: &str| !get(&[], k).is_empty();
            if given("UASC") {
                y.row::<Uasc>(&row_of(Uasc::COLUMNS, &[]));
            }
            if given("IN_TOUCH") {
                y.row::<Oc3>(&row_of(Oc3::COLUMNS, &[]));
            }
            if given("DATE_INT") {
                y.row::<Ad1>(&row_of(Ad1::COLUMNS, &[]));
            }
            for (table, _, fields) in &c.groups {
                match *table {
                    "Missing" => y.row::<Missing>(&row_of(Missing::COLUMNS, fields)),
                    "Reviews" => y.row::<Review>(&row_of(Review::COLUMNS, fields)),
                    "PrevPerm" => y.row::<PrevPerm>(&row_of(PrevPerm::COLUMNS, fields)),
                    "OC2" => y.row::<Oc2>(&row_of(Oc2::COLUMNS, fields)),
                    _ => y.row::<PlacedAdoption>(&row_of(PlacedAdoption::COLUMNS, fields)),
                }
            }
            for e in &c.episodes {
                y.row::<Episode>(&row_of(Episode::COLUMNS, e));
            }
        }
        // The reader supplies every table the XML carries, empty or not.
        for t in ["Header", "Episodes", "Reviews", "UASC", "OC2", "OC3", "AD1", "PlacedAdoption", "PrevPerm", "Missing"] {
            y.tables.entry(t).or_insert_with(|| (Vec::new(), Vec::new()));
        }
        y
    }

    pub fn sources(&self) -> Vec<Source> {
        self.tables
            .iter()
            .map(|(t, (cols, rows))| {
                let mut text = cols.join(",") + "\n";
                for r in rows {
                    text += &(r.join(",") + "\n");
                }
                Source::new(format!("{t}.csv"), text)
            })
            .collect()
    }
}

/// One CHILD element of the DfE XML: the HEADER's leaves (CHILD first), its groups (table, tag,
/// leaves) and its episodes.
struct XmlChild {
    header: Vec<(String, String)>,
    groups: Vec<(&'static str, &'static str, Vec<(String, String)>)>,
    episodes: Vec<Vec<(String, String)>>,
}

/// A child's record in one year: header, a run of episodes and the modules that go with them.
/// A few children lack a Header row, have no episodes, or have a module row twice, so that the
/// integrity checks (INT, EPI) have something to find.
pub fn child(rng: &mut Rng, y: &mut Year, id: &str, dob: NaiveDate, sex: &str, year: CollectionYear, dolo: bool) {
    let places = ["U1", "U3", "U4", "U6", "K2", "K3", "P1", "R1", "S1", "T1", "T3", "T4", "A4", "A5", "Z12", "Z14"];
    let mother = if sex == "F" { rng.pick(&["0", "1", ""]) } else { "" };
    let header = !rng.chance(3);
    let repeat = if rng.chance(4) { 2 } else { 1 };
    if header {
        y.row::<Header>(&[
            ("CHILD", id.into()),
            ("SEX", sex.into()),
            ("DOB", d(dob)),
            ("ETHNIC", rng.pick(&["WBRI", "MWBA", "AIND", "BAFR", "NOBT"]).into()),
            ("UPN", rng.pick(&["A123456789012", "UN1", "UN2", "UN4", "UN5", ""]).into()),
            ("MOTHER", mother.into()),
            ("MC_DOB", if mother == "1" { d(rng.date(dob + Days::new(13 * 365), 2000)) } else { String::new() }),
        ]);
    }
    if rng.chance(3) {
        return;
    }
    let mut start = rng.date(year.start() - Days::new(900), 1200).max(dob);
    let n = 1 + rng.below(4);
    let ls = rng.pick(&["C1", "C2", "V2", "E1", "J1", "J2", "L1", "L2", "L3", "V3", "V4"]);
    for i in 0..n {
        let last = i + 1 == n;
        let end = start + Days::new(1 + rng.below(200));
        let closed = !last || rng.chance(40);
        let place = rng.pick(&places);
        let no_provider = matches!(place, "T1" | "Z12" | "Z14");
        y.row::<Episode>(&[
            ("CHILD", id.into()),
            ("DECOM", d(start)),
            ("RNE", if i == 0 { "S".into() } else { rng.pick(&["P", "L", "T", "B", "U"]).into() }),
            ("LS", if rng.chance(15) { rng.pick(&["C2", "V2", "E1"]).into() } else { ls.into() }),
            ("CIN", rng.pick(&["N1", "N2", "N4", "N8"]).into()),
            ("PLACE", place.into()),
            (
                "PLACE_PROVIDER",
                if no_provider { String::new() } else { rng.pick(&["PR0", "PR1", "PR2", "PR4"]).into() },
            ),
            ("DEC", if closed { d(end) } else { String::new() }),
            (
                "REC",
                if !closed {
                    String::new()
                } else if last {
                    rng.pick(&["E11", "E12", "E2", "E4A", "E5", "E6", "E7", "E8", "E13", "E17", "E3", "E45"]).into()
                } else {
                    "X1".into()
                },
            ),
            (
                "REASON_PLACE_CHANGE",
                if closed && !last { rng.pick(&["CARPL", "CHILD", ""]).into() } else { String::new() },
            ),
            ("HOME_POST", rng.pick(&["LE1 1AA", "LE1 1AA", "LE9 6AB", ""]).into()),
            (
                "PL_POST",
                rng.pick(&[
                    "LE2 2BB", "LE1 1AA", "LE9 6AA", "LE18 1AA", "CF10 1AA", "KW1 4AA", "SW1A 1AA", "ZZ9 9ZZ", "",
                ])
                .into(),
            ),
            (
                "URN",
                if matches!(place, "K2" | "K3" | "S1") {
                    rng.pick(&["SC1", "SC2", "SC3", "SC4", "SC9", "XXXXXXX"]).into()
                } else {
                    String::new()
                },
            ),
        ]);
        start = end;
    }
    for _ in 0..rng.below(3) {
        y.row::<Review>(&[
            ("CHILD", id.into()),
            ("DOB", d(dob)),
            ("REVIEW", d(rng.date(year.start(), 365))),
            ("REVIEW_CODE", rng.pick(&["PN0", "PN1", "PN4"]).into()),
        ]);
    }
    // One UASC row: duplicates come from `Year::uasc_twice_at_end`.
    if rng.chance(10) {
        y.row::<Uasc>(&[
            ("CHILD", id.into()),
            ("SEX", sex.into()),
            ("DOB", d(dob)),
            ("DUC", if rng.chance(50) { d(rng.date(year.start(), 365)) } else { String::new() }),
        ]);
    }
    if rng.chance(40) {
        let score = if rng.chance(70) { rng.below(41).to_string() } else { String::new() };
        let flag = |rng: &mut Rng| rng.pick(&["0", "1"]).to_string();
        y.row::<Oc2>(&[
            ("CHILD", id.into()),
            ("DOB", d(dob)),
            ("SDQ_SCORE", score.clone()),
            ("SDQ_REASON", if score.is_empty() { rng.pick(&["SDQ1", "SDQ4", ""]).into() } else { String::new() }),
            ("CONVICTED", flag(rng)),
            ("HEALTH_CHECK", flag(rng)),
            ("IMMUNISATIONS", flag(rng)),
            ("TEETH_CHECK", flag(rng)),
            ("HEALTH_ASSESSMENT", flag(rng)),
            ("SUBSTANCE_MISUSE", flag(rng)),
            ("INTERVENTION_RECEIVED", rng.pick(&["0", "1", ""]).into()),
            ("INTERVENTION_OFFERED", rng.pick(&["0", "1", ""]).into()),
        ]);
    }
    if rng.chance(20) {
        for _ in 0..repeat {
            y.row::<Oc3>(&[
                ("CHILD", id.into()),
                ("DOB", d(dob)),
                ("IN_TOUCH", rng.pick(&["YES", "NO", "DIED", "RHOM", ""]).into()),
                ("ACTIV", rng.pick(&["F1", "G5", "0", ""]).into()),
                ("ACCOM", rng.pick(&["B1", "T2", "Z1", "0"]).into()),
            ]);
        }
    }
    if rng.chance(10) {
        let int = rng.date(year.start() - Days::new(300), 500);
        y.row::<Ad1>(&[
            ("CHILD", id.into()),
            ("DOB", d(dob)),
            ("DATE_INT", d(int)),
            ("DATE_MATCH", d(int + Days::new(rng.below(120)))),
            ("FOSTER_CARE", rng.pick(&["0", "1"]).into()),
            ("NB_ADOPTR", rng.pick(&["1", "2"]).into()),
            ("SEX_ADOPTR", rng.pick(&["MF", "F1"]).into()),
            ("LS_ADOPTR", rng.pick(&["L11", "L3"]).into()),
        ]);
    }
    if rng.chance(10) {
        let placed = rng.date(year.start() - Days::new(300), 500);
        let ceased = rng.chance(40);
        y.row::<PlacedAdoption>(&[
            ("CHILD", id.into()),
            ("DOB", d(dob)),
            ("DATE_PLACED", d(placed)),
            ("DATE_PLACED_CEASED", if ceased { d(placed + Days::new(rng.below(200))) } else { String::new() }),
            ("REASON_PLACED_CEASED", if ceased { "RD1".into() } else { String::new() }),
        ]);
    }
    if rng.chance(10) {
        y.row::<PrevPerm>(&[
            ("CHILD", id.into()),
            ("DOB", d(dob)),
            ("PREV_PERM", rng.pick(&["P1", "Z1", "P4"]).into()),
            ("DATE_PERM", rng.pick(&["", "01/01/2015", "ZZ/ZZ/2015"]).into()),
        ]);
    }
    for _ in 0..rng.below(2) {
        let st = rng.date(year.start(), 365);
        y.row::<Missing>(&[
            ("CHILD", id.into()),
            ("DOB", d(dob)),
            ("MISSING", rng.pick(&["M", "A"]).into()),
            ("MIS_START", d(st)),
            ("MIS_END", if rng.chance(70) { d(st + Days::new(rng.below(10))) } else { String::new() }),
        ]);
    }
    if dolo && rng.chance(15) {
        let mut st = rng.date(year.start() - Days::new(200), 400);
        for _ in 0..1 + rng.below(2) {
            let end = st + Days::new(rng.below(120));
            y.row::<DoLo>(&[
                ("CHILD", id.into()),
                ("DOB", d(dob)),
                ("DOLO_START", d(st)),
                ("DOLO_END", if rng.chance(60) { d(end) } else { String::new() }),
            ]);
            st = end + Days::new(rng.below(30));
        }
    }
    let mut sw = rng.date(year.start() - Days::new(200), 300);
    for i in 0..rng.below(3) {
        let end = sw + Days::new(20 + rng.below(200));
        y.row::<SwEpisode>(&[
            ("CHILD", id.into()),
            ("DOB", d(dob)),
            ("SW_ID", format!("SW{}", 100 + rng.below(900))),
            ("SW_DECOM", d(sw)),
            ("SW_DEC", if rng.chance(50) { d(end) } else { String::new() }),
            ("SW_REASON", if i == 0 { "FCONTA".into() } else { rng.pick(&["MANAGE", "LEFTRL"]).into() }),
        ]);
        sw = end;
    }
}

/// A return of `n` children, with about `faults`% of cells replaced; half the children were
/// also in last year's return.
pub fn generate(seed: u64, n: usize, faults: u64) -> (Vec<Source>, Vec<Source>) {
    let (this, last) = generate_years(seed, CollectionYear::new(2026), n, faults);
    (this.sources(), last.sources())
}

pub fn generate_years(seed: u64, this_year: CollectionYear, n: usize, faults: u64) -> (Year, Year) {
    generate_years_with(seed, this_year, n, faults, false)
}

/// The date columns of every table.
const DATE_COLUMNS: &[&str] = &[
    "DOB", "MC_DOB", "DECOM", "DEC", "REVIEW", "DUC", "DATE_INT", "DATE_MATCH", "DATE_PLACED", "DATE_PLACED_CEASED",
    "MIS_START", "MIS_END", "SW_DECOM", "SW_DEC", "DOLO_START", "DOLO_END",
];

/// `d/m/YYYY` without zero padding, from `dd/mm/YYYY`.
fn unpadded(date: &str) -> String {
    date.split('/').map(|p| if p.len() == 2 { p.trim_start_matches('0') } else { p }).collect::<Vec<_>>().join("/")
}

/// Faults in how values are written, which the planted cells never produce: dates without zero
/// padding (1/5/2025) in about `percent`% of date cells, DOB, DECOM and SW_DECOM included; both
/// sides of a comparison blank (DECOM and DEC of an episode; CIN, LS, PLACE, PL_POST or URN of two
/// consecutive episodes; DATE_PLACED this year and last); and partial dates with an unknown year
/// (ZZZZ) in DATE_PERM. The reference crashes on some of them (returns.md §5): the gate then
/// excuses that rule in that seed only.
pub fn format_faults(this: &mut Year, last: &mut Year, rng: &mut Rng, percent: u64) {
    for y in [&mut *this, &mut *last] {
        for (cols, rows) in y.tables.values_mut() {
            let dates: Vec<usize> = cols.iter().enumerate().filter(|(_, c)| DATE_COLUMNS.contains(c)).map(|(i, _)| i).collect();
            for row in rows.iter_mut() {
                for &j in &dates {
                    if rng.below(100) < percent {
                        row[j] = unpadded(&row[j]);
                    }
                }
            }
        }
    }
    // Two unreadable dates in each of DOB, DECOM and SW_DECOM (102, 141, SW04STG1), where the
    // reference crashes on whole tables.
    for (cols, rows) in this.tables.values_mut() {
        for (j, _) in cols.iter().enumerate().filter(|(_, c)| matches!(**c, "DOB" | "DECOM" | "SW_DECOM")) {
            for _ in 0..2 {
                let i = rng.below(rows.len() as u64) as usize;
                if let Some(row) = rows.get_mut(i) {
                    row[j] = rng.pick(&["31/02/2025", "2025-04-01", "xx"]).into();
                }
            }
        }
    }
    let col = |y: &Year, t: &str, c: &str| y.tables.get(t).and_then(|(cols, _)| cols.iter().position(|x| *x == c));
    let fields: Vec<Option<usize>> =
        ["DECOM", "DEC", "CIN", "LS", "PLACE", "PL_POST", "URN"].iter().map(|c| col(this, "Episodes", c)).collect();
    if let (Some(decom), Some(dec), Some((_, rows))) = (fields[0], fields[1], this.tables.get_mut("Episodes")) {
        for i in 0..rows.len() {
            if rng.below(200) < percent {
                rows[i][decom].clear();
                rows[i][dec].clear();
            }
            let same_child = i + 1 < rows.len() && rows[i][0] == rows[i + 1][0];
            if same_child && rng.below(100) < percent {
                if let Some(j) = fields[2 + rng.below(5) as usize] {
                    rows[i][j].clear();
                    rows[i + 1][j].clear();
                }
            }
        }
    }
    if let Some(j) = col(this, "PrevPerm", "DATE_PERM") {
        for row in &mut this.tables.get_mut("PrevPerm").expect("prevperm").1 {
            if rng.chance(30) {
                row[j] = rng.pick(&["ZZ/ZZ/ZZZZ", "01/01/ZZZZ", "ZZ/06/ZZZZ", "31/04/ZZZZ", "29/02/ZZZZ"]).into();
            }
        }
    }
    if let (Some(a), Some(b)) = (col(this, "PlacedAdoption", "DATE_PLACED"), col(last, "PlacedAdoption", "DATE_PLACED")) {
        let children: Vec<String> = last.rows("PlacedAdoption").iter().map(|r| r[0].clone()).collect();
        for child in children {
            if rng.chance(40) {
                for (y, j) in [(&mut *this, a), (&mut *last, b)] {
                    for row in y.tables.get_mut("PlacedAdoption").expect("placed").1.iter_mut().filter(|r| r[0] == child) {
                        row[j].clear();
                    }
                }
            }
        }
    }
}

/// Children built to make rules fire that random faults seldom reach, one (or two) per rule,
/// named `T<rule>` (the rule beside each). Appended to every generated return.
pub fn targeted_faults(this: &mut Year, last: &mut Year, year: CollectionYear) {
    let at = |days: i64| d(year.start() + chrono::Duration::days(days));
    let born = |years_before_start: u32, days: i64| {
        year.start().checked_sub_months(chrono::Months::new(12 * years_before_start)).expect("a date") + chrono::Duration::days(days)
    };
    let header = |y: &mut Year, id: &str, dob: NaiveDate, sex: &str, mother: &str| {
        y.row::<Header>(&[("CHILD", id.into()), ("SEX", sex.into()), ("DOB", d(dob)), ("ETHNIC", "WBRI".into()), ("UPN", "UN1".into()), ("MOTHER", mother.into())]);
    };
    let episode = |y: &mut Year, id: &str, fields: &[(&str, String)]| {
        let mut v: Vec<(&str, String)> = vec![("CHILD", id.into()), ("RNE", "S".into()), ("LS", "C2".into()), ("CIN", "N1".into()),
            ("PLACE", "U1".into()), ("PLACE_PROVIDER", "PR1".into()), ("HOME_POST", "LE1 1AA".into()), ("PL_POST", "LE2 2BB".into())];
        for (k, x) in fields {
            v.retain(|(c, _)| c != k);
            v.push((*k, x.clone()));
        }
        y.row::<Episode>(&v);
    };
    // In care for the whole year (since two years before it), still open.
    let whole_year = |y: &mut Year, id: &str| episode(y, id, &[("DECOM", at(-730))]);
    let oc3 = |y: &mut Year, id: &str, dob: NaiveDate, touch: &str| {
        y.row::<Oc3>(&[("CHILD", id.into()), ("DOB", d(dob)), ("IN_TOUCH", touch.into()), ("ACTIV", "F1".into()), ("ACCOM", "B1".into())]);
    };
    let oc2 = |y: &mut Year, id: &str, dob: NaiveDate, blank: &str| {
        let mut v: Vec<(&str, String)> = vec![("CHILD", id.into()), ("DOB", d(dob))];
        for col in ["CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"] {
            v.push((col, if col == blank { String::new() } else { "1".into() }));
        }
        y.row::<Oc2>(&v);
    };
    // 1002: a care leaver with no episodes in either year, 16 after last year began.
    let dob = born(17, 60);
    header(this, "T1002", dob, "M", "");
    oc3(this, "T1002", dob, "YES");
    // 1010: open at the end of last year, no episodes this year.
    header(this, "T1010", dob, "M", "");
    oc3(this, "T1010", dob, "YES");
    header(last, "T1010", dob, "M", "");
    episode(last, "T1010", &[("DECOM", at(-200))]);
    // 1012: no episodes this year but a review.
    header(this, "T1012", born(10, 0), "M", "");
    this.row::<Review>(&[("CHILD", "T1012".into()), ("DOB", d(born(10, 0))), ("REVIEW", at(30)), ("REVIEW_CODE", "PN1".into())]);
    // 628: a care leaver with no episodes this year and MOTHER given.
    header(this, "T628", dob, "F", "0");
    oc3(this, "T628", dob, "YES");
    // 197B: looked after all year, turning 4 in it, an OC2 row with neither SDQ score nor reason.
    let four = born(4, 100);
    header(this, "T197B", four, "M", "");
    whole_year(this, "T197B");
    oc2(this, "T197B", four, "");
    // 348: reported dead last year and alive this year.
    let leaver = born(19, 10);
    header(this, "T348", leaver, "M", "");
    oc3(this, "T348", leaver, "YES");
    header(last, "T348", leaver, "M", "");
    oc3(last, "T348", leaver, "DIED");
    // 372, 374: a 9-year-old in youth custody (R5); a 13-year-old in residential employment (P3).
    header(this, "T372", born(9, 0), "M", "");
    episode(this, "T372", &[("DECOM", at(20)), ("PLACE", "R5".into())]);
    header(this, "T374", born(13, 0), "M", "");
    episode(this, "T374", &[("DECOM", at(20)), ("PLACE", "P3".into())]);
    // 514: a single adopter (L0) recorded as a couple (MF).
    header(this, "T514", born(5, 0), "F", "");
    episode(this, "T514", &[("DECOM", at(-400)), ("PLACE", "A4".into()), ("DEC", at(100)), ("REC", "E11".into())]);
    this.row::<Ad1>(&[("CHILD", "T514".into()), ("DOB", d(born(5, 0))), ("DATE_INT", at(-300)), ("DATE_MATCH", at(-200)),
        ("FOSTER_CARE", "0".into()), ("NB_ADOPTR", "1".into()), ("SEX_ADOPTR", "MF".into()), ("LS_ADOPTR", "L0".into())]);
    // 543: 11 and looked after all year with CONVICTED blank; 545: 3 with HEALTH_CHECK blank.
    header(this, "T543", born(11, 0), "M", "");
    whole_year(this, "T543");
    oc2(this, "T543", born(11, 0), "CONVICTED");
    header(this, "T545", born(3, 0), "M", "");
    whole_year(this, "T545");
    oc2(this, "T545", born(3, 0), "HEALTH_CHECK");
    // 561: a decision reversed last year carried into this year on the same date; 584: this
    // year's decision before last year's reversed one; 560: last year's open decision with another date.
    for (id, this_date, last_date, reversed) in
        [("T561", at(-300), at(-300), true), ("T584", at(-320), at(-300), true), ("T560", at(-100), at(-300), false)]
    {
        header(this, id, born(3, 0), "M", "");
        episode(this, id, &[("DECOM", at(-400)), ("PLACE", "A4".into())]);
        header(last, id, born(3, 0), "M", "");
        let dob = d(born(3, 0));
        this.row::<PlacedAdoption>(&[("CHILD", id.into()), ("DOB", dob.clone()), ("DATE_PLACED", this_date)]);
        let ceased = if reversed { at(-250) } else { String::new() };
        let reason = if reversed { "RD1" } else { "" };
        last.row::<PlacedAdoption>(&[("CHILD", id.into()), ("DOB", dob), ("DATE_PLACED", last_date),
            ("DATE_PLACED_CEASED", ceased), ("REASON_PLACED_CEASED", reason.into())]);
    }
    // 1011: transferred to another authority (E3), with care leaver data.
    let leaver17 = born(17, 30);
    header(this, "T1011", leaver17, "M", "");
    episode(this, "T1011", &[("DECOM", at(-400)), ("DEC", at(10)), ("REC", "E3".into())]);
    oc3(this, "T1011", leaver17, "YES");
    // 115, 184: a decision to place with an unreadable date; one before birth.
    for (id, placed) in [("T115", "31/02/2025".to_string()), ("T184", d(born(3, 0) - chrono::Duration::days(10)))] {
        header(this, id, born(3, 0), "M", "");
        episode(this, id, &[("DECOM", at(-400)), ("PLACE", "A4".into())]);
        this.row::<PlacedAdoption>(&[("CHILD", id.into()), ("DOB", d(born(3, 0))), ("DATE_PLACED", placed)]);
    }
    // 234: a 9-year-old whose placement changed because of custody.
    header(this, "T234", born(9, 0), "M", "");
    episode(this, "T234", &[("DECOM", at(10)), ("DEC", at(40)), ("REC", "X1".into()), ("REASON_PLACE_CHANGE", "CUSTOD".into())]);
    episode(this, "T234", &[("DECOM", at(40)), ("RNE", "P".into()), ("PLACE", "U3".into())]);
    // 301: born after the year.
    header(this, "T301", year.end() + chrono::Duration::days(30), "M", "");
    // 377: three T3 placements in the year.
    header(this, "T377", born(8, 0), "M", "");
    let mut from = -10;
    for (i, place) in ["U1", "T3", "U1", "T3", "U1", "T3", "U1"].iter().enumerate() {
        let rne = if i == 0 { "S" } else { "T" };
        episode(this, "T377", &[("DECOM", at(from)), ("DEC", at(from + 30)), ("REC", "X1".into()), ("RNE", rne.into()), ("PLACE", place.to_string())]);
        from += 30;
    }
    episode(this, "T377", &[("DECOM", at(from)), ("RNE", "P".into())]);
    // 426: short breaks of both kinds.
    header(this, "T426", born(8, 0), "M", "");
    episode(this, "T426", &[("DECOM", at(10)), ("DEC", at(12)), ("REC", "E13".into()), ("LS", "V3".into())]);
    episode(this, "T426", &[("DECOM", at(50)), ("DEC", at(52)), ("REC", "E13".into()), ("LS", "V4".into())]);
    // 564, 570, 586: missing with no start; starting after the year; starting before birth.
    for (id, start) in [("T564", String::new()), ("T570", d(year.end() + chrono::Duration::days(5))), ("T586", d(born(6, 0) - chrono::Duration::days(3)))] {
        header(this, id, born(6, 0), "M", "");
        whole_year(this, id);
        this.row::<Missing>(&[("CHILD", id.into()), ("DOB", d(born(6, 0))), ("MISSING", "M".into()), ("MIS_START", start)]);
    }
    // 601: adopted in the year, an AD1 item blank.
    header(this, "T601", born(4, 0), "F", "");
    episode(this, "T601", &[("DECOM", at(-400)), ("PLACE", "A4".into()), ("DEC", at(100)), ("REC", "E12".into())]);
    this.row::<Ad1>(&[("CHILD", "T601".into()), ("DOB", d(born(4, 0))), ("DATE_INT", at(-300)), ("DATE_MATCH", at(-200)),
        ("FOSTER_CARE", "0".into()), ("NB_ADOPTR", String::new()), ("SEX_ADOPTR", "MF".into()), ("LS_ADOPTR", "L11".into())]);
    // INT01, INT07: AD1 and PrevPerm rows with no Header row; INT11: an AD1 DOB unlike the Header's.
    this.row::<Ad1>(&[("CHILD", "TINT01".into()), ("DOB", d(born(4, 0)))]);
    this.row::<PrevPerm>(&[("CHILD", "TINT07".into()), ("DOB", d(born(4, 0))), ("PREV_PERM", "Z1".into())]);
    header(this, "TINT11", born(4, 0), "M", "");
    whole_year(this, "TINT11");
    this.row::<Ad1>(&[("CHILD", "TINT11".into()), ("DOB", d(born(4, 10)))]);
    // 113, 176, 177: an adoption with an unreadable match date and unknown adopter codes.
    header(this, "T113", born(5, 0), "F", "");
    episode(this, "T113", &[("DECOM", at(-400)), ("PLACE", "A4".into()), ("DEC", at(100)), ("REC", "E11".into())]);
    this.row::<Ad1>(&[("CHILD", "T113".into()), ("DOB", d(born(5, 0))), ("DATE_INT", at(-300)), ("DATE_MATCH", "31/02/2025".into()),
        ("FOSTER_CARE", "0".into()), ("NB_ADOPTR", "2".into()), ("SEX_ADOPTR", "XX".into()), ("LS_ADOPTR", "L9".into())]);
    // 133: a care leaver's accommodation not a DfE code.
    let leaver18 = born(18, 20);
    header(this, "T133", leaver18, "M", "");
    this.row::<Oc3>(&[("CHILD", "T133".into()), ("DOB", d(leaver18)), ("IN_TOUCH", "YES".into()), ("ACTIV", "F1".into()), ("ACCOM", "Q9".into())]);
    // 197a: both an SDQ score and a reason for none.
    header(this, "T197a", born(8, 0), "M", "");
    whole_year(this, "T197a");
    this.row::<Oc2>(&[("CHILD", "T197a".into()), ("DOB", d(born(8, 0))), ("SDQ_SCORE", "12".into()), ("SDQ_REASON", "SDQ1".into())]);
    // 437: an episode after one ending with the child's death (E2).
    header(this, "T437", born(8, 0), "M", "");
    episode(this, "T437", &[("DECOM", at(10)), ("DEC", at(40)), ("REC", "E2".into())]);
    episode(this, "T437", &[("DECOM", at(60))]);
    // 580: missing until the 18th birthday, the day care ends other than E8.
    let eighteen = born(18, 60);
    header(this, "T580", eighteen, "F", "0");
    episode(this, "T580", &[("DECOM", at(-400)), ("DEC", at(60)), ("REC", "E4A".into())]);
    this.row::<Missing>(&[("CHILD", "T580".into()), ("DOB", d(eighteen)), ("MISSING", "M".into()), ("MIS_START", at(55)), ("MIS_END", at(60))]);
    // 547: health promotion recorded, the dental check blank.
    header(this, "T547", born(3, 0), "M", "");
    whole_year(this, "T547");
    oc2(this, "T547", born(3, 0), "TEETH_CHECK");
    // 199: back in care after an adoption.
    header(this, "T199", born(6, 0), "F", "");
    episode(this, "T199", &[("DECOM", at(-400)), ("PLACE", "A4".into()), ("DEC", at(20)), ("REC", "E11".into())]);
    episode(this, "T199", &[("DECOM", at(100))]);
    // 566: a missing period's end given and MISSING blank.
    header(this, "T566", born(12, 0), "M", "");
    whole_year(this, "T566");
    this.row::<Missing>(&[("CHILD", "T566".into()), ("DOB", d(born(12, 0))), ("MIS_START", at(30)), ("MIS_END", at(32))]);
    // 632: a previous permanence order with an unknown year, care begun in 1995.
    header(this, "T632", born(30, 0), "M", "");
    episode(this, "T632", &[("DECOM", "01/01/1995".into()), ("LS", "E1".into())]);
    this.row::<PrevPerm>(&[("CHILD", "T632".into()), ("DOB", d(born(30, 0))), ("PREV_PERM", "P1".into()), ("DATE_PERM", "ZZ/ZZ/ZZZZ".into())]);
    // SW06STG2: a social worker episode starting after the year.
    header(this, "TSW06", born(9, 0), "M", "");
    whole_year(this, "TSW06");
    this.row::<SwEpisode>(&[("CHILD", "TSW06".into()), ("DOB", d(born(9, 0))), ("SW_ID", "SW1".into()), ("SW_DECOM", at(-100)), ("SW_REASON", "FCONTA".into())]);
    this.row::<SwEpisode>(&[("CHILD", "TSW06".into()), ("DOB", d(born(9, 0))), ("SW_ID", "SW2".into()), ("SW_DECOM", d(year.end() + chrono::Duration::days(3))), ("SW_REASON", "MANAGE".into())]);
    // 709, 710: ended DoLOs over a foster placement (K2 or Z12/Z13 expected) and over a K1 placement.
    if year.ending() >= 2027 {
        for (id, place) in [("T709", "U1"), ("T710", "K1")] {
            header(this, id, born(15, 0), "M", "");
            episode(this, id, &[("DECOM", at(-100)), ("PLACE", place.into())]);
            this.row::<DoLo>(&[("CHILD", id.into()), ("DOB", d(born(15, 0))), ("DOLO_START", at(10)), ("DOLO_END", at(40))]);
        }
    }
}

/// [`generate_years`], with [`format_faults`] planted too when `format` is set.
pub fn generate_years_with(seed: u64, this_year: CollectionYear, n: usize, faults: u64, format: bool) -> (Year, Year) {
    let mut rng = Rng(seed);
    let last_year = this_year.previous();
    let (mut this, mut last) = (Year::default(), Year::default());
    for i in 0..n {
        let dob = rng.date(NaiveDate::from_ymd_opt(2005, 1, 1).expect("date"), 20 * 365);
        let sex = rng.pick(&["M", "F"]);
        let id = format!("C{i:05}");
        // DoLOs are collected from 2026-27; last year's come with them, for rule 706.
        let dolo = this_year.ending() >= 2027;
        child(&mut rng, &mut this, &id, dob, sex, this_year, dolo);
        if rng.chance(50) {
            child(&mut rng, &mut last, &id, dob, sex, last_year, dolo);
        }
    }
    this.plant(&mut rng, faults);
    last.plant(&mut rng, faults / 2);
    targeted_faults(&mut this, &mut last, this_year);
    // Before the rare faults, which append copies of Header rows.
    this.uasc_twice_at_end();
    this.rare_faults(&mut rng);
    this.combined_faults(this_year);
    if format {
        format_faults(&mut this, &mut last, &mut rng, faults);
    }
    (this, last)
}
