//! Test support: a generator of plausible CIN censuses, and of faults that make
//! each DfE rule fire. Shared by the differential test and the volume test.
//!
//! Every census has reference date 31 March 2026 (collection year 2025-26).
//! Clean children follow the rules; each fault turns one child (or, for the
//! header and return-level rules, one small file) into a case its rule flags.

#![allow(dead_code)] // each test binary uses part of this module

use carefile_domain::Calendar;
use chrono::{Duration, NaiveDate};

/// A small deterministic random source (splitmix64), so a seed names a census.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0..n
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// lo..=hi
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// An XML element: a leaf with text, or a node with children.
#[derive(Debug, Clone, PartialEq)]
pub struct El {
    pub name: String,
    pub text: String,
    pub kids: Vec<El>,
}

impl El {
    pub fn leaf(name: &str, text: impl Into<String>) -> El {
        El { name: name.into(), text: text.into(), kids: Vec::new() }
    }

    pub fn node(name: &str, kids: Vec<El>) -> El {
        El { name: name.into(), text: String::new(), kids }
    }

    /// Sets leaf `name` (the first one, or a new one at the end).
    pub fn set(&mut self, name: &str, value: impl Into<String>) -> &mut El {
        let value = value.into();
        match self.kids.iter_mut().find(|k| k.name == name) {
            Some(k) => k.text = value,
            None => self.kids.push(El::leaf(name, value)),
        }
        self
    }

    pub fn unset(&mut self, name: &str) -> &mut El {
        self.kids.retain(|k| k.name != name);
        self
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.kids.iter().find(|k| k.name == name).map(|k| k.text.as_str())
    }

    pub fn first(&mut self, name: &str) -> &mut El {
        let i =
            self.kids.iter().position(|k| k.name == name).unwrap_or_else(|| panic!("no <{name}> in <{}>", self.name));
        &mut self.kids[i]
    }

    pub fn all(&mut self, name: &str) -> impl Iterator<Item = &mut El> {
        let name = name.to_string();
        self.kids.iter_mut().filter(move |k| k.name == name)
    }

    pub fn push(&mut self, el: El) -> &mut El {
        self.kids.push(el);
        self
    }

    pub fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.name);
        out.push('>');
        if self.kids.is_empty() {
            out.push_str(&self.text.replace('&', "&amp;").replace('<', "&lt;"));
        } else {
            for k in &self.kids {
                k.write(out);
            }
        }
        out.push_str("</");
        out.push_str(&self.name);
        out.push('>');
    }
}

/// `<Child>` elements written as XML (a planted case), as elements; whitespace between elements
/// is dropped, a leaf's text kept as written.
pub fn parse_children(xml: &str) -> Result<Vec<El>, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().trim_text(true);
    let mut stack: Vec<El> = vec![El::node("root", Vec::new())];
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => stack.push(El::node(&String::from_utf8_lossy(e.name().as_ref()), Vec::new())),
            Event::Empty(e) => {
                let el = El::leaf(&String::from_utf8_lossy(e.name().as_ref()), "");
                stack.last_mut().ok_or("unbalanced")?.kids.push(el);
            }
            Event::Text(t) => stack.last_mut().ok_or("unbalanced")?.text.push_str(&t.unescape().map_err(|e| e.to_string())?),
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced")?;
                stack.last_mut().ok_or("unbalanced")?.kids.push(el);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    match stack.pop() {
        Some(root) if stack.is_empty() => Ok(root.kids),
        _ => Err("an element is not closed".into()),
    }
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a date")
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub const REFERENCE_DATE: (i32, u32, u32) = (2026, 3, 31);

fn rd() -> NaiveDate {
    d(REFERENCE_DATE.0, REFERENCE_DATE.1, REFERENCE_DATE.2)
}

fn period_start() -> NaiveDate {
    d(2025, 4, 1)
}

/// A UPN for LA 855 with a correct check letter; serials below 500,000,000 are
/// for clean children (one each), the rest drawn at random for faulty ones.
pub fn upn_for(serial: u64) -> String {
    const LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";
    let digits = format!("855{:09}", serial % 1_000_000_000);
    let sum: u32 = digits.bytes().zip(2u32..).map(|(b, w)| u32::from(b - b'0') * w).sum();
    format!("{}{digits}", char::from(LETTERS[(sum % 23) as usize]))
}

fn upn(rng: &mut Rng) -> String {
    upn_for(500_000_000 + rng.below(500_000_000))
}

const ETHNICITIES: &[&str] = &[
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB",
    "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
];
const DISABILITIES: &[&str] = &["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"];
const SOURCES: &[&str] = &[
    "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C", "5D", "6", "7", "8",
    "9", "10",
];
const FACTORS: &[&str] = &[
    "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C", "6A", "6B", "6C", "7A",
    "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18B", "18C", "19B",
    "19C", "20", "22A", "23A", "24A",
];
const CATEGORIES: &[&str] = &["NEG", "PHY", "SAB", "EMO", "MUL"];

fn distinct<'a>(rng: &mut Rng, from: &[&'a str], n: usize) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    while out.len() < n.min(from.len()) {
        let x = *rng.pick(from);
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

/// The day of an activity `days` calendar days after `from`, moved on to a working day.
fn working_on_or_after(cal: &Calendar, from: NaiveDate, days: i64) -> NaiveDate {
    let mut x = from + Duration::days(days);
    while !cal.is_working_day(x) {
        x += Duration::days(1);
    }
    x
}

/// Builds clean children.
pub struct Generator {
    pub rng: Rng,
    cal: Calendar,
    /// Children made so far: the serial of the next clean UPN.
    made: u64,
}

/// What one episode's modules end on, so a following episode can start after.
struct Episode {
    el: El,
    last: NaiveDate,
}

impl Generator {
    pub fn new(seed: u64) -> Generator {
        Generator { rng: Rng::new(seed), cal: Calendar::england_and_wales(), made: 0 }
    }

    /// A child that breaks no rule.
    pub fn child(&mut self, id: &str) -> El {
        self.made += 1;
        let serial = self.made;
        let r = &mut self.rng;
        let unborn = r.chance(3);
        let dob = d(2008, 4, 1) + Duration::days(r.between(0, 6300));
        let due = d(2026, 3, 5) + Duration::days(r.between(0, 250));
        let mut ids = El::node("ChildIdentifiers", vec![El::leaf("LAchildID", id)]);
        if unborn {
            ids.set("ExpectedPersonBirthDate", iso(due)).set("Sex", "U").set("UPNunknown", "UN1");
        } else {
            ids.set("PersonBirthDate", iso(dob)).set("Sex", if r.chance(50) { "M" } else { "F" });
            let school_age = dob <= d(2020, 8, 31);
            if r.chance(85) && school_age || r.chance(20) {
                ids.set("UPN", upn_for(serial));
            } else if school_age {
                ids.set("UPNunknown", *r.pick(&["UN2", "UN3", "UN4", "UN5"]));
            } else {
                ids.set("UPNunknown", *r.pick(&["UN1", "UN2", "UN3"]));
            }
        }
        let disabilities: Vec<El> = if r.chance(80) {
            vec![El::leaf("Disability", "NONE")]
        } else {
            let n = r.between(1, 3) as usize;
            distinct(r, DISABILITIES, n).into_iter().map(|x| El::leaf("Disability", x)).collect()
        };
        let characteristics = El::node(
            "ChildCharacteristics",
            vec![El::leaf("Ethnicity", *r.pick(ETHNICITIES)), El::node("Disabilities", disabilities)],
        );
        // Referrals no earlier than 270 days before birth (rule 8606 allows 280).
        let born = if unborn { due } else { dob };
        let earliest = (born - Duration::days(270)).max(period_start());
        let latest_start = rd() - Duration::days(40);
        let mut kids = vec![ids, characteristics];
        let first_start = (earliest
            + Duration::days(self.rng.between(0, (latest_start - earliest).num_days().max(0) / 2)))
        .min(latest_start);
        let two = self.rng.chance(15);
        let first = self.episode(first_start, two);
        let last = first.last;
        kids.push(first.el);
        if two && last + Duration::days(2) < latest_start {
            let start = last + Duration::days(self.rng.between(1, (latest_start - last).num_days().max(1)));
            kids.push(self.episode(start, false).el);
        }
        El::node("Child", kids)
    }

    /// One episode referred on `start`; `must_close` when another follows it.
    fn episode(&mut self, start: NaiveDate, must_close: bool) -> Episode {
        let cal = &self.cal;
        let r = &mut self.rng;
        let mut ep = El::node(
            "CINdetails",
            vec![El::leaf("CINreferralDate", iso(start)), El::leaf("ReferralSource", *r.pick(SOURCES))],
        );
        if r.chance(15) {
            // A referral with no further action, closed the same day.
            ep.set("ReferralNFA", "true").set("CINclosureDate", iso(start)).set("ReasonForClosure", "RC7");
            return Episode { el: ep, last: start };
        }
        ep.set("PrimaryNeedCode", format!("N{}", r.between(1, 8))).set("ReferralNFA", "false");
        let a_start = start + Duration::days(r.between(0, 3));
        let a_end = (a_start + Duration::days(r.between(5, 30))).min(rd());
        let no_factors = r.chance(8);
        let factors: Vec<El> = if no_factors {
            vec![El::leaf("AssessmentFactors", "21")]
        } else {
            let n = r.between(1, 3) as usize;
            distinct(r, FACTORS, n).into_iter().map(|f| El::leaf("AssessmentFactors", f)).collect()
        };
        ep.push(El::node(
            "Assessments",
            vec![
                El::leaf("AssessmentActualStartDate", iso(a_start)),
                El::leaf("AssessmentAuthorisationDate", iso(a_end)),
                El::node("FactorsIdentifiedAtAssessment", factors),
            ],
        ));
        let mut last = a_end;
        if no_factors {
            // Closed after assessment: no further modules (rules 2990, 8873Q).
            let close = a_end;
            ep.set("CINclosureDate", iso(close)).set("ReasonForClosure", *r.pick(&["RC8", "RC9"]));
            return Episode { el: ep, last: close };
        }
        let closing = must_close || r.chance(45);
        let room = |from: NaiveDate| (rd() - from).num_days();
        if r.chance(35) && room(a_start) > 40 {
            let s47_start = a_start + Duration::days(r.between(0, 2));
            let target = cal.add_working_days(s47_start, 15);
            let mut s47 = El::node(
                "Section47",
                vec![El::leaf("S47ActualStartDate", iso(s47_start)), El::leaf("InitialCPCtarget", iso(target))],
            );
            if r.chance(60) {
                let icpc = cal.add_working_days(s47_start, r.between(5, 15));
                s47.set("DateOfInitialCPC", iso(icpc)).set("ICPCnotRequired", "false");
                ep.push(s47);
                let mut cpp = El::node(
                    "ChildProtectionPlans",
                    vec![
                        El::leaf("CPPstartDate", iso(icpc)),
                        El::leaf("InitialCategoryOfAbuse", *r.pick(CATEGORIES)),
                        El::leaf("LatestCategoryOfAbuse", *r.pick(CATEGORIES)),
                        El::leaf("NumberOfPreviousCPP", r.between(0, 2).to_string()),
                    ],
                );
                let end = if closing || r.chance(40) {
                    let e = icpc + Duration::days(r.between(30, 250));
                    (e < rd() - Duration::days(5)).then_some(e)
                } else {
                    None
                };
                let mut reviews = Vec::new();
                let mut review = icpc + Duration::days(r.between(60, 90));
                let until = end.unwrap_or(rd() + Duration::days(1));
                while working_on_or_after(cal, review, 0) < until {
                    reviews.push(El::leaf("CPPreviewDate", iso(working_on_or_after(cal, review, 0))));
                    review += Duration::days(180);
                }
                if !reviews.is_empty() {
                    cpp.push(El::node("Reviews", reviews));
                }
                last = icpc;
                if let Some(e) = end {
                    cpp.set("CPPendDate", iso(e));
                    last = e;
                }
                ep.push(cpp);
                if closing && end.is_none() {
                    return self.leave_open(ep, last);
                }
                if let (Some(e), true) = (end, self.rng.chance(40)) {
                    // Stepping down to a CIN plan on the day protection ends.
                    let plan_end = e + Duration::days(self.rng.between(20, 60));
                    let mut plan = El::node("CINPlanDates", vec![El::leaf("CINPlanStartDate", iso(e))]);
                    if closing && plan_end < rd() {
                        plan.set("CINPlanEndDate", iso(plan_end));
                        last = plan_end;
                    } else if closing {
                        return self.leave_open(
                            {
                                ep.push(plan);
                                ep
                            },
                            last,
                        );
                    }
                    ep.push(plan);
                }
            } else {
                s47.set("ICPCnotRequired", "true");
                ep.push(s47);
                last = last.max(s47_start);
            }
        } else if self.rng.chance(55) && room(a_end) > 10 {
            let p_start = a_end + Duration::days(self.rng.between(0, 5));
            let p_end = p_start + Duration::days(self.rng.between(20, 200));
            let mut plan = El::node("CINPlanDates", vec![El::leaf("CINPlanStartDate", iso(p_start))]);
            last = p_start;
            if p_end < rd() && (closing || self.rng.chance(30)) {
                plan.set("CINPlanEndDate", iso(p_end));
                last = p_end;
            } else if closing {
                ep.push(plan);
                return self.leave_open(ep, last);
            }
            ep.push(plan);
        }
        if closing {
            let close = last + Duration::days(self.rng.between(0, 20));
            if close <= rd() {
                ep.set("CINclosureDate", iso(close))
                    .set("ReasonForClosure", format!("RC{}", *self.rng.pick(&[1, 3, 4, 5, 6, 7])));
                return Episode { el: ep, last: close };
            }
        }
        self.leave_open(ep, last)
    }

    /// An episode that stays open: nothing may follow it.
    fn leave_open(&mut self, ep: El, _last: NaiveDate) -> Episode {
        Episode { el: ep, last: rd() }
    }
}

/// The header for reference date 31 March 2026.
pub fn header() -> El {
    El::node(
        "Header",
        vec![
            El::node(
                "CollectionDetails",
                vec![El::leaf("Collection", "CIN"), El::leaf("Year", "2026"), El::leaf("ReferenceDate", "2026-03-31")],
            ),
            El::node(
                "Source",
                vec![
                    El::leaf("SourceLevel", "L"),
                    El::leaf("LEA", "855"),
                    El::leaf("SoftwareCode", "carefile-test"),
                    El::leaf("Release", "1"),
                    El::leaf("SerialNo", "001"),
                    El::leaf("DateTime", "2026-04-02T09:00:00"),
                ],
            ),
        ],
    )
}

/// A whole census file.
pub fn message(header: El, children: Vec<El>) -> String {
    File { header, children }.xml()
}

/// A census as elements: its header and its `<Child>` elements, in order.
#[derive(Debug, Clone)]
pub struct File {
    pub header: El,
    pub children: Vec<El>,
}

impl File {
    pub fn xml(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Message>");
        self.header.write(&mut out);
        out.push_str("<Children>");
        for c in &self.children {
            out.push('\n');
            c.write(&mut out);
        }
        out.push_str("\n</Children></Message>\n");
        out
    }
}

/// `n` clean children, as XML, streamed into one string (for volume tests).
pub fn clean_census(seed: u64, n: usize) -> String {
    let mut g = Generator::new(seed);
    let children = (0..n).map(|i| g.child(&format!("C{i:07}"))).collect();
    message(header(), children)
}

// ---- Faults: children built to make one rule fire ----

/// Identifiers of a born child (1 June 2015, F, valid UPN).
fn ids(rng: &mut Rng, id: &str) -> El {
    El::node(
        "ChildIdentifiers",
        vec![
            El::leaf("LAchildID", id),
            El::leaf("UPN", upn(rng)),
            El::leaf("PersonBirthDate", "2015-06-01"),
            El::leaf("Sex", "F"),
        ],
    )
}

fn characteristics(disabilities: &[&str]) -> El {
    El::node(
        "ChildCharacteristics",
        vec![
            El::leaf("Ethnicity", "WBRI"),
            El::node("Disabilities", disabilities.iter().map(|x| El::leaf("Disability", *x)).collect()),
        ],
    )
}

fn assessment(start: &str, end: Option<&str>, factors: &[&str]) -> El {
    let mut a = El::node("Assessments", vec![El::leaf("AssessmentActualStartDate", start)]);
    if let Some(e) = end {
        a.set("AssessmentAuthorisationDate", e);
    }
    if !factors.is_empty() {
        a.push(El::node(
            "FactorsIdentifiedAtAssessment",
            factors.iter().map(|f| El::leaf("AssessmentFactors", *f)).collect(),
        ));
    }
    a
}

fn s47(start: &str, icpc: Option<&str>, not_required: &str) -> El {
    let mut s = El::node("Section47", vec![El::leaf("S47ActualStartDate", start)]);
    if let Some(i) = icpc {
        s.set("DateOfInitialCPC", i);
    }
    s.set("ICPCnotRequired", not_required);
    s
}

fn cpp(start: &str, end: Option<&str>, reviews: &[&str]) -> El {
    let mut p = El::node(
        "ChildProtectionPlans",
        vec![
            El::leaf("CPPstartDate", start),
            El::leaf("InitialCategoryOfAbuse", "NEG"),
            El::leaf("LatestCategoryOfAbuse", "EMO"),
            El::leaf("NumberOfPreviousCPP", "0"),
        ],
    );
    if let Some(e) = end {
        p.set("CPPendDate", e);
    }
    if !reviews.is_empty() {
        p.push(El::node("Reviews", reviews.iter().map(|r| El::leaf("CPPreviewDate", *r)).collect()));
    }
    p
}

fn plan(start: &str, end: Option<&str>) -> El {
    let mut p = El::node("CINPlanDates", vec![El::leaf("CINPlanStartDate", start)]);
    if let Some(e) = end {
        p.set("CINPlanEndDate", e);
    }
    p
}

/// An open episode referred on Thursday 1 May 2025 going on to further action,
/// assessed 2–20 May.
fn episode() -> El {
    El::node(
        "CINdetails",
        vec![
            El::leaf("CINreferralDate", "2025-05-01"),
            El::leaf("ReferralSource", "1A"),
            El::leaf("PrimaryNeedCode", "N1"),
            El::leaf("ReferralNFA", "false"),
            assessment("2025-05-02", Some("2025-05-20"), &["3B"]),
        ],
    )
}

/// `episode()` with a section 47 enquiry, a conference on Friday 16 May and a
/// child protection plan from that day, reviewed 15 August.
fn protected_episode() -> El {
    let mut e = episode();
    e.push(s47("2025-05-02", Some("2025-05-16"), "false")).push(cpp("2025-05-16", None, &["2025-08-15"]));
    e
}

/// The episode's (first) assessment.
fn a(e: &mut El) -> &mut El {
    e.first("Assessments")
}

fn child_of(ids: El, disabilities: &[&str], episodes: Vec<El>) -> El {
    let mut kids = vec![ids, characteristics(disabilities)];
    kids.extend(episodes);
    El::node("Child", kids)
}

/// A child (or two) built so that `code` fires; `None` for rules judged on the
/// header or the whole return (see [`return_level_files`]).
pub fn fault(code: &str, rng: &mut Rng, id: &str) -> Option<Vec<El>> {
    let mut i = ids(rng, id);
    let mut e = episode();
    let mut eps: Vec<El> = Vec::new();
    let mut dis: &[&str] = &["NONE"];
    match code {
        "1103" => {
            a(&mut e).set("AssessmentActualStartDate", "2025-04-30");
        }
        "1104" => {
            e.push(s47("2025-04-29", Some("2025-04-30"), "false"));
        }
        "1105" => {
            e = protected_episode();
            e.first("ChildProtectionPlans").set("CPPstartDate", "2025-04-30");
        }
        "1510" => {
            let u = i.get("UPN").unwrap().to_string();
            let wrong = if u.starts_with('A') { "B" } else { "A" };
            i.set("UPN", format!("{wrong}{}", &u[1..]));
        }
        "1520" => {
            let u = i.get("UPN").unwrap().to_string();
            let mut j = ids(rng, &format!("{id}B"));
            j.set("UPN", u);
            return Some(vec![child_of(i, dis, vec![e.clone()]), child_of(j, dis, vec![e])]);
        }
        "1530" => {
            let digits = format!("999{:09}", rng.below(1_000_000_000));
            let sum: u32 = digits.bytes().zip(2u32..).map(|(b, w)| u32::from(b - b'0') * w).sum();
            i.set("UPN", format!("{}{digits}", char::from(b"ABCDEFGHJKLMNPQRTUVWXYZ"[(sum % 23) as usize])));
        }
        "1540" => {
            i.set("UPN", "A8551234X6789");
        }
        "1550" => {
            i.set("UPN", "A85512345678I");
        }
        "1560Q" => {
            i.set("FormerUPN", "X12");
        }
        "1570" => {
            i.set("LAchildID", format!("{id}{}", "X".repeat(21)));
        }
        "1580" => {
            i.set("LAchildID", format!("{id}-A"));
        }
        "2884" => {
            e = protected_episode();
            e.set("DateOfInitialCPC", "2025-05-16");
        }
        "2885" => {
            e = protected_episode();
            e.first("ChildProtectionPlans").set("CPPstartDate", "2025-05-19");
        }
        "2889" => {
            e.push(s47("2025-04-30", None, "true"));
        }
        "2990" => {
            e.set("CINclosureDate", "2025-06-30")
                .set("ReasonForClosure", "RC8")
                .push(plan("2025-05-21", Some("2025-06-20")));
        }
        "2991Q" => {
            e.unset("Assessments").push(s47("2025-05-02", None, "true"));
        }
        "4000" => {
            e.set("ReferralNFA", "true").unset("Assessments").push(plan("2025-05-21", None));
        }
        "4001" => {
            e = protected_episode();
            e.push(plan("2025-06-01", None));
        }
        "4003" => {
            e = protected_episode();
            e.push(plan("2025-08-01", Some("2025-09-01")));
        }
        "4004" => {
            e.push(plan("2025-05-21", None)).push(plan("2025-06-21", None));
        }
        "4008" => {
            i.set("PersonDeathDate", "2025-05-20");
            e.push(plan("2025-05-21", None));
        }
        "4009Q" => {
            i.set("PersonDeathDate", "2025-06-10");
            e.push(plan("2025-05-21", Some("2025-06-20")));
        }
        "4010" => {
            e.push(plan("2026-04-02", None));
        }
        "4011" => {
            e.push(plan("2025-06-01", Some("2025-05-25")));
        }
        "4012Q" => {
            e.push(plan("2025-06-01", Some("2025-06-01")));
        }
        "4013" => {
            e.push(plan("2025-06-01", Some("2026-04-05")));
        }
        "4014" => {
            e.push(plan("2025-05-21", Some("2025-07-01"))).push(plan("2025-06-15", None));
        }
        "4015" => {
            e.push(plan("2025-04-30", None));
        }
        "4016" => {
            e = protected_episode();
            e.push(plan("2025-06-01", Some("2025-06-30")));
        }
        "4017" => {
            e.push(plan("2025-05-10", Some("2025-07-01"))).push(s47("2025-05-02", Some("2025-05-16"), "false"));
            e.push(cpp("2025-05-16", Some("2025-08-01"), &[]));
        }
        "4180" => {
            i.set("Sex", "X");
        }
        "4220" => {
            return Some(vec![El::node(
                "Child",
                vec![
                    i,
                    El::node(
                        "ChildCharacteristics",
                        vec![
                            El::leaf("Ethnicity", "WXYZ"),
                            El::node("Disabilities", vec![El::leaf("Disability", "NONE")]),
                        ],
                    ),
                    e,
                ],
            )]);
        }
        "8500" => {
            i.set("LAchildID", "");
        }
        "8510" => {
            let j = ids(rng, id);
            return Some(vec![child_of(i, dis, vec![e.clone()]), child_of(j, dis, vec![e])]);
        }
        "8520" => {
            i.set("PersonBirthDate", "2026-04-10");
        }
        "8525Q" => {
            i.set("ExpectedPersonBirthDate", "2026-05-01");
        }
        "8530Q" => {
            i.unset("PersonBirthDate")
                .unset("UPN")
                .set("ExpectedPersonBirthDate", "2027-02-01")
                .set("Sex", "U")
                .set("UPNunknown", "UN1");
            e.set("CINreferralDate", "2026-01-05");
            a(&mut e).set("AssessmentActualStartDate", "2026-01-06").set("AssessmentAuthorisationDate", "2026-01-20");
        }
        "8535Q" => {
            i.set("PersonDeathDate", "2015-05-01");
        }
        "8540" => {
            dis = &["XYZ"];
        }
        "8545Q" => {
            i.set("PersonDeathDate", "2026-04-15");
        }
        "8555Q" => {
            i.set("PersonDeathDate", "2025-04-20");
        }
        "8565" => {
            e.set("CINclosureDate", "2025-05-10").set("ReasonForClosure", "RC7");
        }
        "8568" => {
            e.set("ReferralNFA", "maybe");
        }
        "8569Q" => {
            e = El::node(
                "CINdetails",
                vec![
                    El::leaf("CINreferralDate", "2025-03-03"),
                    El::leaf("ReferralSource", "6"),
                    El::leaf("ReferralNFA", "true"),
                    El::leaf("CINclosureDate", "2025-04-01"),
                    El::leaf("ReasonForClosure", "RC7"),
                ],
            );
        }
        "8585Q" => {
            e.set("CINclosureDate", "2025-06-30").set("ReasonForClosure", "RC2");
        }
        "8590" => {
            eps.clear();
            return Some(vec![El::node("Child", vec![i, characteristics(dis)])]);
        }
        "8600" => {
            e.unset("CINreferralDate");
        }
        "8606" => {
            i.unset("PersonBirthDate")
                .unset("UPN")
                .set("ExpectedPersonBirthDate", "2026-03-20")
                .set("Sex", "U")
                .set("UPNunknown", "UN1");
        }
        "8608" => {
            a(&mut e).set("AssessmentActualStartDate", "2025-05-20").set("AssessmentAuthorisationDate", "2025-05-10");
        }
        "8610" => {
            e.unset("PrimaryNeedCode");
        }
        "8614" => {
            a(&mut e).unset("AssessmentAuthorisationDate");
        }
        "8615" => {
            e.push(s47("", Some("2025-05-16"), "false"));
            e.first("Section47").unset("S47ActualStartDate");
        }
        "8620" => {
            e.set("CINclosureDate", "2026-04-10").set("ReasonForClosure", "RC7");
        }
        "8630" => {
            e.set("CINclosureDate", "2025-04-25").set("ReasonForClosure", "RC7");
        }
        "8640" => {
            e.set("CINclosureDate", "2025-06-25").set("ReasonForClosure", "RC0");
        }
        "8650" => {
            e.set("PrimaryNeedCode", "N10");
        }
        "8670Q" => {
            e.push(assessment("2025-09-01", None, &[]));
        }
        "8675Q" => {
            e.push(s47("2025-06-02", None, "false"));
        }
        "8696" => {
            a(&mut e).set("AssessmentAuthorisationDate", "2026-04-05");
        }
        "8715" => {
            e.push(s47("2025-05-02", Some("2026-04-06"), "false"));
        }
        "8720" => {
            e = protected_episode();
            e.first("ChildProtectionPlans").unset("CPPstartDate");
        }
        "8730" => {
            e = protected_episode();
            e.first("ChildProtectionPlans").unset("NumberOfPreviousCPP");
        }
        "8736" => {
            e.set("CINreferralDate", "2025-03-14");
            e.push(assessment("2025-03-20", None, &[]));
        }
        "8740" => {
            e.set("CINreferralDate", "2025-03-14");
            e.push(s47("2025-03-20", None, "false"));
        }
        "8750" => {
            i.unset("PersonBirthDate")
                .unset("UPN")
                .set("ExpectedPersonBirthDate", "2026-05-01")
                .set("Sex", "F")
                .set("UPNunknown", "UN1");
        }
        "8770Q" => {
            i.unset("UPN");
        }
        "8772" => {
            i.unset("UPN").set("UPNunknown", "UN7");
        }
        "8775Q" => {
            i.set("PersonBirthDate", "1999-01-01");
        }
        "8790" => {
            dis = &["NONE", "MOB"];
        }
        "8794" => {
            dis = &["MOB", "MOB"];
        }
        "8805" => {
            e.set("CINclosureDate", "2025-06-25");
        }
        "8810" => {
            e.set("ReasonForClosure", "RC7");
        }
        "8815" => {
            let mut f = episode();
            f.set("CINreferralDate", "2025-09-01");
            f.first("Assessments")
                .set("AssessmentActualStartDate", "2025-09-02")
                .set("AssessmentAuthorisationDate", "2025-09-10");
            eps.push(f);
        }
        "8816" => {
            let mut f = episode();
            f.set("CINreferralDate", "2025-09-01").set("CINclosureDate", "2025-09-20").set("ReasonForClosure", "RC7");
            f.first("Assessments")
                .set("AssessmentActualStartDate", "2025-09-02")
                .set("AssessmentAuthorisationDate", "2025-09-10");
            eps.push(f);
        }
        "8820" => {
            e.set("CINclosureDate", "2025-07-01").set("ReasonForClosure", "RC7");
            let mut f = episode();
            f.set("CINreferralDate", "2025-06-15");
            f.first("Assessments")
                .set("AssessmentActualStartDate", "2025-06-16")
                .set("AssessmentAuthorisationDate", "2025-06-30");
            eps.push(f);
        }
        "8825Q" => {
            e.unset("Assessments").set("CINclosureDate", "2025-05-20").set("ReasonForClosure", "RC9");
        }
        "8831" => {
            e.set("ReferralNFA", "true");
        }
        "8832" => {
            e = protected_episode();
            e.set("ReferralNFA", "1");
        }
        "8839" => {
            e.push(s47("2025-05-02", None, "false")).push(s47("2025-05-05", None, "false"));
        }
        "8840" => {
            e = protected_episode();
            e.first("ChildProtectionPlans").set("CPPendDate", "2025-05-16").unset("Reviews");
        }
        "8841" => {
            e = protected_episode();
            e.first("ChildProtectionPlans")
                .unset("Reviews")
                .push(El::node("Reviews", vec![El::leaf("CPPreviewDate", "2025-05-16")]));
        }
        "8842Q" => {
            e = protected_episode();
            e.first("ChildProtectionPlans")
                .unset("Reviews")
                .push(El::node("Reviews", vec![El::leaf("CPPreviewDate", "")]));
        }
        "8863Q" => {
            e.push(assessment("2025-05-10", None, &[]));
        }
        "8866" => {
            e.set("ReferralSource", "ZZ");
        }
        "8867" => {
            a(&mut e).unset("AssessmentAuthorisationDate").unset("FactorsIdentifiedAtAssessment");
            e.set("CINclosureDate", "2025-06-25").set("ReasonForClosure", "RC7");
        }
        "8868" => {
            e.push(s47("2025-05-02", None, "false")).set("CINclosureDate", "2025-06-25").set("ReasonForClosure", "RC7");
        }
        "8869" => {
            a(&mut e).unset("FactorsIdentifiedAtAssessment").push(El::node(
                "FactorsIdentifiedAtAssessment",
                vec![El::leaf("AssessmentFactors", "21"), El::leaf("AssessmentFactors", "1A")],
            ));
        }
        "8870Q" => {
            let mut s = s47("2025-05-02", None, "true");
            s.set("InitialCPCtarget", "2025-05-17");
            e.push(s);
        }
        "8873Q" => {
            a(&mut e)
                .unset("FactorsIdentifiedAtAssessment")
                .push(El::node("FactorsIdentifiedAtAssessment", vec![El::leaf("AssessmentFactors", "21")]));
            e.set("CINclosureDate", "2025-06-25").set("ReasonForClosure", "RC7");
        }
        "8875" => {
            e.push(s47("2025-05-02", Some("2025-05-17"), "false"));
        }
        "8890" => {
            e.push(s47("2025-05-02", Some("2025-05-16"), "false")).push(s47("2025-05-09", Some("2025-05-23"), "false"));
        }
        "8896" => {
            e.push(assessment("2025-06-02", None, &[])).push(assessment("2025-07-02", None, &[]));
        }
        "8897Q" => {
            a(&mut e).unset("FactorsIdentifiedAtAssessment");
        }
        "8898" => {
            a(&mut e).unset("FactorsIdentifiedAtAssessment").push(El::node(
                "FactorsIdentifiedAtAssessment",
                vec![El::leaf("AssessmentFactors", "1A"), El::leaf("AssessmentFactors", "1A")],
            ));
        }
        "8905" => {
            e = protected_episode();
            e.first("ChildProtectionPlans").set("InitialCategoryOfAbuse", "XXX");
        }
        "8910" => {
            e = protected_episode();
            e.first("ChildProtectionPlans").set("LatestCategoryOfAbuse", "XXX");
        }
        "8915" => {
            e = protected_episode();
            i.set("PersonDeathDate", "2025-05-10");
        }
        "8920" => {
            e = protected_episode();
            i.set("PersonDeathDate", "2025-06-01");
            e.first("ChildProtectionPlans").set("CPPendDate", "2025-07-01");
        }
        "8925" => {
            e = protected_episode();
            e.first("ChildProtectionPlans").set("CPPendDate", "2025-05-10").unset("Reviews");
        }
        "8930" => {
            e = protected_episode();
            e.first("ChildProtectionPlans").set("CPPendDate", "2026-04-10");
        }
        "8935" => {
            e = protected_episode();
            let mut f = protected_episode();
            f.set("CINreferralDate", "2025-09-01");
            f.first("Assessments")
                .set("AssessmentActualStartDate", "2025-09-02")
                .set("AssessmentAuthorisationDate", "2025-09-10");
            f.first("Section47").set("S47ActualStartDate", "2025-09-02").set("DateOfInitialCPC", "2025-09-12");
            f.first("ChildProtectionPlans").set("CPPstartDate", "2025-09-12").unset("Reviews");
            eps.push(f);
        }
        "8940" => {
            e = protected_episode();
            e.first("ChildProtectionPlans").set("CPPendDate", "2025-08-01").unset("Reviews");
            e.push(cpp("2025-07-01", None, &[]));
        }
        "8945Q" => {
            a(&mut e)
                .unset("FactorsIdentifiedAtAssessment")
                .push(El::node("FactorsIdentifiedAtAssessment", vec![El::leaf("AssessmentFactors", "18A")]));
        }
        "8950Q" => {
            a(&mut e)
                .unset("FactorsIdentifiedAtAssessment")
                .push(El::node("FactorsIdentifiedAtAssessment", vec![El::leaf("AssessmentFactors", "19A")]));
        }
        // Edge cases where carefile follows the DfE rule and the reference does not (DISAGREEMENTS.md).
        "edge-1510" => {
            i.set("UPN", "A85512345678A");
        }
        "edge-1540" => {
            i.set("UPN", "A8551234");
        }
        "edge-1560Q" => {
            i.set("FormerUPN", "A85512345678B");
        }
        "edge-8530Q" => {
            i.unset("PersonBirthDate")
                .unset("UPN")
                .set("ExpectedPersonBirthDate", "2026-12-31")
                .set("Sex", "U")
                .set("UPNunknown", "UN1");
            e.set("CINreferralDate", "2026-03-30");
            a(&mut e).set("AssessmentActualStartDate", "2026-03-30").set("AssessmentAuthorisationDate", "2026-03-31");
        }
        "edge-8535Q" => {
            i.unset("PersonBirthDate").set("PersonDeathDate", "2025-06-01");
        }
        "edge-8569Q" => {
            e = El::node(
                "CINdetails",
                vec![
                    El::leaf("CINreferralDate", "2025-03-31"),
                    El::leaf("ReferralSource", "6"),
                    El::leaf("ReferralNFA", "true"),
                    El::leaf("CINclosureDate", "2025-04-01"),
                    El::leaf("ReasonForClosure", "RC7"),
                ],
            );
        }
        "edge-8670Q" => {
            e.push(assessment("2026-01-27", None, &[]));
        }
        "edge-8675Q" => {
            e.push(s47("2026-03-10", None, "false"));
        }
        "edge-8875" => {
            e.set("DateOfInitialCPC", "2025-05-17");
        }
        // Two open enquiries and one marked as needing no conference, none with a conference.
        "edge-8839" => {
            e.push(s47("2025-05-02", None, "false")).push(s47("2025-05-05", None, "false")).push(s47("2025-05-09", None, "true"));
        }
        // A referral before the census year with ReferralNFA missing.
        "edge-8569Q-nfa-missing" => {
            e = El::node(
                "CINdetails",
                vec![
                    El::leaf("CINreferralDate", "2025-03-03"),
                    El::leaf("ReferralSource", "6"),
                    El::leaf("CINclosureDate", "2025-04-01"),
                    El::leaf("ReasonForClosure", "RC7"),
                ],
            );
        }
        // Two open episodes going on to further action, referred the same day.
        "edge-8816" => {
            eps.push(e.clone());
        }
        _ => return None,
    }
    let mut all = vec![e];
    all.extend(eps);
    Some(vec![child_of(i, dis, all)])
}

/// The edge cases of [`fault`]: boundaries where carefile and the reference read the DfE rule differently.
pub const EDGE_CASES: &[&str] = &[
    "edge-1510",
    "edge-1540",
    "edge-1560Q",
    "edge-8530Q",
    "edge-8535Q",
    "edge-8569Q",
    "edge-8670Q",
    "edge-8675Q",
    "edge-8875",
    "edge-8839",
    "edge-8569Q-nfa-missing",
    "edge-8816",
];

/// Rules judged on the header or the whole return, with the files that make them fire.
pub fn return_level_files(rng: &mut Rng) -> Vec<(&'static str, File)> {
    let plain = |rng: &mut Rng, id: &str, dis: &[&str]| child_of(ids(rng, id), dis, vec![episode()]);
    // Header: a reference date that is not 31 March of the header's year.
    let mut h = header();
    h.first("CollectionDetails").set("ReferenceDate", "2026-03-30");
    let header_file = File { header: h, children: (0..3).map(|k| plain(rng, &format!("H{k}"), &["NONE"])).collect() };
    // Return level: 3 of 10 children with sex U (2886Q), disabilities NONE or a
    // single code (2887Q, 2888Q), a protection plan with no conference (2883).
    let mut kids: Vec<El> =
        (0..10).map(|k| plain(rng, &format!("R{k}"), if k == 0 { &["MOB"] } else { &["NONE"] })).collect();
    for k in kids.iter_mut().take(3) {
        k.first("ChildIdentifiers").set("Sex", "U");
    }
    kids[4].first("CINdetails").push(s47("2025-05-02", None, "false")).push(cpp("2025-05-16", None, &[]));
    vec![("100", header_file), ("2883 2886Q 2887Q 2888Q", File { header: header(), children: kids })]
}

/// A varied census: `clean` clean children, then `per_rule` faulty children for
/// every child-level rule in `codes`. Returns the XML and, per rule, the IDs of
/// the children built to make it fire.
pub fn varied_census(seed: u64, clean: usize, per_rule: usize, codes: &[&str]) -> (File, Vec<(String, Vec<String>)>) {
    let mut g = Generator::new(seed);
    let mut children: Vec<El> = (0..clean).map(|i| g.child(&format!("C{i:06}"))).collect();
    let mut planted = Vec::new();
    for code in codes {
        let mut ids = Vec::new();
        for k in 0..per_rule {
            let id = format!("F{}X{k}", code.replace('Q', "q"));
            if let Some(kids) = fault(code, &mut g.rng, &id) {
                ids.push(id);
                children.extend(kids);
            }
        }
        if !ids.is_empty() {
            planted.push((code.to_string(), ids));
        }
    }
    (File { header: header(), children }, planted)
}

// ---- Noise: random damage to clean children, for rules to meet in combination ----

/// Paths (child indexes from the `<Child>` element) of every leaf under `el`.
fn leaf_paths(el: &El, prefix: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    for (i, k) in el.kids.iter().enumerate() {
        prefix.push(i);
        if k.kids.is_empty() {
            out.push(prefix.clone());
        } else {
            leaf_paths(k, prefix, out);
        }
        prefix.pop();
    }
}

fn at_path<'a>(el: &'a mut El, path: &[usize]) -> &'a mut El {
    path.iter().fold(el, |e, &i| &mut e.kids[i])
}

/// Damages one leaf of `child`: a date moved or made unreadable, a code swapped
/// for another (or an unknown one), a flag flipped, or the leaf emptied.
fn damage(rng: &mut Rng, child: &mut El) {
    let mut paths = Vec::new();
    leaf_paths(child, &mut Vec::new(), &mut paths);
    if paths.is_empty() {
        return;
    }
    let path = rng.pick(&paths).clone();
    let leaf = at_path(child, &path);
    let choice = rng.below(10);
    leaf.text = if choice == 0 {
        String::new()
    } else if leaf.name.contains("Date") {
        if choice == 1 { "2025-02-30".into() } else { iso(d(2024, 12, 1) + Duration::days(rng.between(0, 560))) }
    } else {
        match leaf.name.as_str() {
            "ReferralNFA" | "ICPCnotRequired" => (*rng.pick(&["true", "false", "1", "0", "yes"])).into(),
            "Disability" => (*rng.pick(&["NONE", "MOB", "HAND", "AUT", "XX"])).into(),
            "AssessmentFactors" => (*rng.pick(&["21", "1A", "18A", "19A", "3B", "99"])).into(),
            "ReasonForClosure" => (*rng.pick(&["RC1", "RC2", "RC7", "RC8", "RC9", "RC0"])).into(),
            "Sex" => (*rng.pick(&["M", "F", "U", "X"])).into(),
            "UPNunknown" => (*rng.pick(&["UN1", "UN2", "UN7", "UN9"])).into(),
            "InitialCategoryOfAbuse" | "LatestCategoryOfAbuse" => (*rng.pick(&["NEG", "MUL", "XYZ"])).into(),
            "NumberOfPreviousCPP" => (*rng.pick(&["0", "3", "x"])).into(),
            "PrimaryNeedCode" => (*rng.pick(&["N0", "N9", "N10"])).into(),
            "ReferralSource" => (*rng.pick(&["1A", "10", "11"])).into(),
            _ => String::new(),
        }
    };
}

/// Damages how one of `child`'s values is written or where it is: a leaf left out (ReferralNFA,
/// ICPCnotRequired…), a date without zero padding (2025-5-1), an open copy of an episode referred
/// the same day, or an enquiry marked as needing no conference beside an open one.
fn damage_form(rng: &mut Rng, child: &mut El) {
    let episodes: Vec<usize> = child.kids.iter().enumerate().filter(|(_, k)| k.name == "CINdetails").map(|(i, _)| i).collect();
    let Some(&at) = episodes.first() else { return };
    match rng.below(4) {
        0 => {
            let leaf = *rng.pick(&["ReferralNFA", "ReferralSource", "PrimaryNeedCode", "CINreferralDate"]);
            child.kids[at].unset(leaf);
        }
        1 => {
            let mut paths = Vec::new();
            leaf_paths(child, &mut Vec::new(), &mut paths);
            let dates: Vec<Vec<usize>> = paths.into_iter().filter(|p| at_path(child, p).name.contains("Date")).collect();
            if !dates.is_empty() {
                let path: Vec<usize> = rng.pick(&dates).clone();
                let leaf = at_path(child, &path);
                let parts: Vec<String> = leaf.text.split('-').map(|p| p.trim_start_matches('0').to_string()).collect();
                leaf.text = parts.join("-");
            }
        }
        2 => {
            let mut copy = child.kids[at].clone();
            copy.unset("CINclosureDate").unset("ReasonForClosure").set("ReferralNFA", "false");
            child.kids.insert(at + 1, copy);
        }
        _ => {
            let start = child.kids[at].get("CINreferralDate").unwrap_or("2025-05-01").to_string();
            child.kids[at].push(s47(&start, None, "false")).push(s47(&start, None, *rng.pick(&["true", "1"])));
        }
    }
}

/// Clean children of which about a third carry one to three random damages.
pub fn noisy_census(seed: u64, n: usize) -> File {
    let mut g = Generator::new(seed);
    let mut children = Vec::with_capacity(n);
    for i in 0..n {
        let mut c = g.child(&format!("N{i:06}"));
        if g.rng.chance(35) {
            for _ in 0..g.rng.between(1, 3) {
                damage(&mut g.rng, &mut c);
            }
        }
        if g.rng.chance(8) {
            damage_form(&mut g.rng, &mut c);
        }
        children.push(c);
    }
    File { header: header(), children }
}

/// The outside artefacts (`shared/outside/` beside the repository; `CAREFILE_OUTSIDE` names another place).
#[allow(dead_code)]
pub fn outside(name: &str) -> std::path::PathBuf {
    let from_env = std::env::var_os("CAREFILE_OUTSIDE").map(std::path::PathBuf::from);
    let beside = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().map(|a| a.join("shared/outside")).find(|p| p.is_dir());
    let path = from_env.or(beside).unwrap_or_else(|| "/work/shared/outside".into()).join(name);
    assert!(path.exists(), "{} is missing: set CAREFILE_OUTSIDE to the folder holding shared/outside", path.display());
    path
}
