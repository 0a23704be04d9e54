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
        let i = self.kids.iter().position(|k| k.name == name).unwrap_or_else(|| panic!("no <{name}> in <{}>", self.name));
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

/// A UPN for LA 855 with a correct check letter.
pub fn upn(rng: &mut Rng) -> String {
    const LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";
    let digits = format!("855{:09}", rng.below(1_000_000_000));
    let sum: u32 = digits.bytes().zip(2u32..).map(|(b, w)| u32::from(b - b'0') * w).sum();
    format!("{}{digits}", char::from(LETTERS[(sum % 23) as usize]))
}

const ETHNICITIES: &[&str] = &[
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR",
    "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
];
const DISABILITIES: &[&str] = &["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"];
const SOURCES: &[&str] = &[
    "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10",
];
const FACTORS: &[&str] = &[
    "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C", "6A", "6B", "6C", "7A", "8B", "8C",
    "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18B", "18C", "19B", "19C", "20", "22A",
    "23A", "24A",
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
}

/// What one episode's modules end on, so a following episode can start after.
struct Episode {
    el: El,
    last: NaiveDate,
}

impl Generator {
    pub fn new(seed: u64) -> Generator {
        Generator { rng: Rng::new(seed), cal: Calendar::england_and_wales() }
    }

    /// A child that breaks no rule.
    pub fn child(&mut self, id: &str) -> El {
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
                ids.set("UPN", upn(r));
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
        let first_start = (earliest + Duration::days(self.rng.between(0, (latest_start - earliest).num_days().max(0) / 2))).min(latest_start);
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
                while review < end.unwrap_or(rd()) && review <= rd() {
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
                        return self.leave_open({ ep.push(plan); ep }, last);
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
                ep.set("CINclosureDate", iso(close)).set("ReasonForClosure", format!("RC{}", *self.rng.pick(&[1, 3, 4, 5, 6, 7])));
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
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Message>");
    header.write(&mut out);
    out.push_str("<Children>");
    for c in &children {
        out.push('\n');
        c.write(&mut out);
    }
    out.push_str("\n</Children></Message>\n");
    out
}

/// `n` clean children, as XML, streamed into one string (for volume tests).
pub fn clean_census(seed: u64, n: usize) -> String {
    let mut g = Generator::new(seed);
    let children = (0..n).map(|i| g.child(&format!("C{i:07}"))).collect();
    message(header(), children)
}
