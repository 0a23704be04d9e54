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
    fn get(&self, table: &str, i: usize, col: &str) -> Option<String> {
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

    /// The same year as the DfE XML: one CHILD per Header row, its modules inside HEADER, its
    /// episodes beside it (children without a Header row cannot be written).
    pub fn xml(&self) -> String {
        let rows = |t: &str| self.tables.get(t).map(|(c, r)| (c.clone(), r.clone())).unwrap_or_default();
        let of = |t: &str, child: &str| -> Vec<Vec<(String, String)>> {
            let (cols, rs) = rows(t);
            rs.iter()
                .filter(|r| r[0] == child)
                .map(|r| cols.iter().zip(r).skip(1).map(|(c, v)| (c.to_string(), v.clone())).collect())
                .collect()
        };
        let leaves = |fields: &[(String, String)], skip: &[&str]| -> String {
            fields
                .iter()
                .filter(|(c, _)| !skip.contains(&c.as_str()))
                .map(|(c, v)| {
                    let tag = if c == "PLACE" { "PL" } else { c.as_str() };
                    format!("<{tag}>{v}</{tag}>")
                })
                .collect()
        };
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<EXPSSDA903>\n");
        let (_, headers) = rows("Header");
        for h in &headers {
            let child = &h[0];
            let mut header = format!("<CHILDID>{child}</CHILDID>");
            header += &leaves(&of("Header", child).remove(0), &[]);
            let uasc = of("UASC", child);
            header += &format!("<UASC>{}</UASC>", u8::from(!uasc.is_empty()));
            for u in uasc.iter().take(1) {
                header += &leaves(u, &["SEX", "DOB"]);
            }
            for one in ["AD1", "OC3"] {
                for r in of(one, child).iter().take(1) {
                    header += &leaves(r, &["DOB"]);
                }
            }
            for (table, group) in [
                ("Missing", "AMISSING"),
                ("Reviews", "AREVIEW"),
                ("PrevPerm", "PERMANENCE"),
                ("OC2", "OC2"),
                ("PlacedAdoption", "AD_PLACED"),
            ] {
                for r in of(table, child) {
                    header += &format!("<{group}>{}</{group}>", leaves(&r, &["DOB"]));
                }
            }
            let episodes: String =
                of("Episodes", child).iter().map(|e| format!("<EPISODE>{}</EPISODE>", leaves(e, &[]))).collect();
            out += &format!("<CHILD><HEADER>{header}</HEADER>{episodes}</CHILD>\n");
        }
        out + "</EXPSSDA903>\n"
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
    // Before the rare faults, which append copies of Header rows.
    this.uasc_twice_at_end();
    this.rare_faults(&mut rng);
    this.combined_faults(this_year);
    last.plant(&mut rng, faults / 2);
    (this, last)
}
