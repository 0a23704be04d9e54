//! The parity gate shared by the differential tests (feature `parity`): carefile's findings
//! against a reference validator's, row by row, where every difference must be covered by a
//! documented disagreement or the test fails.
//!
//! A documented disagreement ([`Disagreement`]) is an entry of a crate's `DISAGREEMENTS.toml`:
//! the rules it is about, which side reports the rows the other does not, the name of a
//! predicate (defined by the crate's test) that says which rows it covers, the reason, and a
//! planted case (the crate's own format) that shows the difference on a few rows. A difference
//! in a rule listed by no entry, or outside every entry's predicate, fails the gate; so does a
//! rule that never fires in a run, or is compared nowhere (the reference crashed wherever it
//! fired), without a stated reason. A reference crash excuses that rule in that case (seed or
//! file) only.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// One row a validator reports: in which case (a seed's return, a file), for which rule and child,
/// at which (table, row). Return-level findings have an empty child and table and no row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Row {
    pub case: String,
    pub rule: String,
    pub child: String,
    pub table: String,
    pub row: Option<u32>,
}

impl std::fmt::Display for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} rule {} child {:?} {}", self.case, self.rule, self.child, self.table)?;
        match self.row {
            Some(r) => write!(f, " row {r}"),
            None => Ok(()),
        }
    }
}

/// Who reports the rows the other does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Rows only carefile reports.
    Carefile,
    /// Rows only the reference reports.
    Reference,
    /// Rows only one side reports, either one.
    Either,
}

impl Side {
    /// Whether an entry for `self` may cover a row that only `only` reports.
    pub fn admits(self, only: Side) -> bool {
        self == Side::Either || self == only
    }
}

/// One documented disagreement, as written in `DISAGREEMENTS.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disagreement<P> {
    /// The rule codes it is about; `*` for every rule.
    pub rules: Vec<String>,
    pub side: Side,
    /// The predicate (a name the crate's differential test defines) that says which rows it covers.
    pub covers: String,
    pub reason: String,
    /// A case that shows the difference on a few rows, in the crate's format.
    pub planted: P,
}

impl<P> Disagreement<P> {
    pub fn is_about(&self, rule: &str) -> bool {
        self.rules.iter().any(|r| r == "*" || r == rule)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File<P> {
    #[serde(default = "Vec::new")]
    disagreement: Vec<Disagreement<P>>,
}

/// Reads the entries of a `DISAGREEMENTS.toml`.
pub fn read<P: DeserializeOwned>(text: &str) -> Result<Vec<Disagreement<P>>, String> {
    toml::from_str::<File<P>>(text).map(|f| f.disagreement).map_err(|e| e.to_string())
}

/// One run of both validators over one or more cases (returns or files).
#[derive(Debug, Default)]
pub struct Comparison {
    /// Every rule of the rule set, in the order the table lists them.
    pub rules: Vec<String>,
    pub ours: BTreeSet<Row>,
    pub theirs: BTreeSet<Row>,
    /// (case, rule) where the reference crashed, with its message: nothing of that rule is compared in that case.
    pub crashed: BTreeMap<(String, String), String>,
}

/// What one rule's rows came to.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub both: usize,
    /// Rows only one side reports, covered by an entry: (carefile only, reference only).
    pub documented: (usize, usize),
    /// Rows only one side reports, covered by no entry: (carefile only, reference only).
    pub undocumented: (usize, usize),
    /// Cases where the reference crashed on the rule.
    pub crashed_in: Vec<String>,
    /// The entries (indexes) that covered rows of this rule.
    pub entries: BTreeSet<usize>,
}

impl Tally {
    fn reported(&self) -> usize {
        self.both + self.documented.0 + self.documented.1 + self.undocumented.0 + self.undocumented.1
    }
}

/// The outcome of [`Comparison::judge`].
#[derive(Debug, Default)]
pub struct Verdict {
    pub tallies: BTreeMap<String, Tally>,
    /// Rows only one side reports that no entry covers: the gate's failures.
    pub uncovered: Vec<(Side, Row)>,
    /// Rules with no row on either side in any case (crashed cases included).
    pub silent: Vec<String>,
    /// Rules that fired but were compared nowhere: the reference crashed in every case where
    /// either side reported a row of theirs.
    pub uncompared: Vec<String>,
}

impl Comparison {
    /// Adds one case's findings from both sides and the rules the reference crashed on there.
    pub fn add_case(
        &mut self,
        ours: impl IntoIterator<Item = Row>,
        theirs: impl IntoIterator<Item = Row>,
        crashed: impl IntoIterator<Item = ((String, String), String)>,
    ) {
        self.ours.extend(ours);
        self.theirs.extend(theirs);
        self.crashed.extend(crashed);
    }

    /// What is wrong with entry `e`'s planted case `case` (empty when nothing): among the rows
    /// `relevant` keeps (the case's rows of the entry's rules), each side must report exactly the
    /// rows the entry plants (`"rule table row"`, `"rule return"`), the two must differ, every row
    /// only one side reports must be on the entry's side and satisfy `covers`, and the reference
    /// must not crash on a rule `crash_counts` says the entry is about.
    pub fn planted_failures<P>(
        &self,
        e: &Disagreement<P>,
        case: &str,
        planted: (&[String], &[String]),
        relevant: impl Fn(&Row) -> bool,
        crash_counts: impl Fn(&str) -> bool,
        covers: impl Fn(&Row) -> bool,
    ) -> Vec<String> {
        let mut failures = Vec::new();
        let rows = |set: &BTreeSet<Row>| -> BTreeSet<String> {
            set.iter()
                .filter(|r| r.case == case && relevant(r))
                .map(|r| r.row.map_or(format!("{} return", r.rule), |n| format!("{} {} {n}", r.rule, r.table)))
                .collect()
        };
        let want = |v: &[String]| v.iter().cloned().collect::<BTreeSet<String>>();
        let crashed: Vec<&String> =
            self.crashed.iter().filter(|((c, r), _)| c == case && crash_counts(r)).map(|(_, why)| why).collect();
        if !crashed.is_empty() {
            failures.push(format!("the reference crashed: {crashed:?}"));
        }
        let (ours, theirs) = (rows(&self.ours), rows(&self.theirs));
        if ours != want(planted.0) || theirs != want(planted.1) {
            failures.push(format!(
                "carefile reports {ours:?} (planted {:?}), the reference {theirs:?} (planted {:?})",
                planted.0, planted.1
            ));
        }
        if ours == theirs {
            failures.push("the planted case shows no difference".to_string());
        }
        for r in self.ours.symmetric_difference(&self.theirs).filter(|r| r.case == case && relevant(r)) {
            let side = if self.ours.contains(r) { Side::Carefile } else { Side::Reference };
            if !e.side.admits(side) || !covers(r) {
                failures.push(format!("its predicate does not cover {side:?} only: {r}"));
            }
        }
        failures
    }

    /// Compares the two sides row by row. `covers(entry, row)` answers whether an entry's
    /// predicate holds for a row only one side reports (the entry's rules and side already match).
    pub fn judge<P>(&self, entries: &[Disagreement<P>], covers: impl Fn(&Disagreement<P>, &Row) -> bool) -> Verdict {
        let mut tallies: BTreeMap<String, Tally> = self.rules.iter().map(|r| (r.clone(), Tally::default())).collect();
        for ((case, rule), _) in &self.crashed {
            tallies.entry(rule.clone()).or_default().crashed_in.push(case.clone());
        }
        let mut uncovered = Vec::new();
        for row in self.ours.union(&self.theirs) {
            if self.crashed.contains_key(&(row.case.clone(), row.rule.clone())) {
                continue;
            }
            let t = tallies.entry(row.rule.clone()).or_default();
            let only = match (self.ours.contains(row), self.theirs.contains(row)) {
                (true, true) => {
                    t.both += 1;
                    continue;
                }
                (true, false) => Side::Carefile,
                _ => Side::Reference,
            };
            let by = entries
                .iter()
                .enumerate()
                .find(|(_, e)| e.is_about(&row.rule) && e.side.admits(only) && covers(e, row))
                .map(|(i, _)| i);
            let slot = |pair: &mut (usize, usize)| {
                if only == Side::Carefile { pair.0 += 1 } else { pair.1 += 1 }
            };
            match by {
                Some(i) => {
                    slot(&mut t.documented);
                    t.entries.insert(i);
                }
                None => {
                    slot(&mut t.undocumented);
                    uncovered.push((only, row.clone()));
                }
            }
        }
        // Silent: nothing from either side in any case, crashed cases included (carefile's rows
        // there still show the rule firing).
        let fired: BTreeSet<&str> = self.ours.iter().chain(&self.theirs).map(|r| r.rule.as_str()).collect();
        let silent: Vec<String> = tallies.keys().filter(|r| !fired.contains(r.as_str())).cloned().collect();
        let uncompared = tallies
            .iter()
            .filter(|(r, t)| t.reported() == 0 && !t.crashed_in.is_empty() && !silent.contains(r))
            .map(|(r, _)| r.clone())
            .collect();
        Verdict { tallies, uncovered, silent, uncompared }
    }
}

impl Verdict {
    /// Rows both sides report, and rows either reports (crashed cases left out).
    pub fn agreement(&self) -> (usize, usize) {
        self.tallies.values().fold((0, 0), |(b, e), t| (b + t.both, e + t.reported()))
    }

    /// Rules whose every compared row both sides report (at least one).
    pub fn rules_agreeing(&self) -> usize {
        self.tallies.values().filter(|t| t.both > 0 && t.reported() == t.both).count()
    }

    /// The gate's complaints about `reasons` (why rules are expected never to fire or to be
    /// compared nowhere): rules silent or compared nowhere with no reason, and reasons for rules
    /// that were compared after all (stale).
    pub fn unexplained(&self, reasons: &[(&str, &str)]) -> Vec<String> {
        let blind: Vec<&String> = self.silent.iter().chain(&self.uncompared).collect();
        let mut out = Vec::new();
        let missing: Vec<&&String> = blind.iter().filter(|c| !reasons.iter().any(|(r, _)| r == **c)).collect();
        if !missing.is_empty() {
            out.push(format!("rules that never fired or were compared nowhere, with no stated reason: {missing:?}"));
        }
        let stale: Vec<&str> = reasons.iter().map(|(r, _)| *r).filter(|r| !blind.iter().any(|s| s == r)).collect();
        if !stale.is_empty() {
            out.push(format!("rules given a reason for never firing or being compared nowhere that were compared: {stale:?}"));
        }
        out
    }

    /// The per-rule table and its summary, as Markdown. `silent_reasons` explains rules expected
    /// never to fire or to be compared nowhere; `entry_label(i)` names entry `i` in the table.
    pub fn markdown(&self, title: &str, silent_reasons: &[(&str, &str)], entry_label: impl Fn(usize) -> String) -> String {
        let mut md = format!("{title}\n\n");
        md += "| Rule | both | carefile only (documented) | reference only (documented) | undocumented (carefile / reference) | status |\n";
        md += "|---|---|---|---|---|---|\n";
        for (rule, t) in &self.tallies {
            let mut status = Vec::new();
            if !t.crashed_in.is_empty() {
                status.push(format!("reference crashed in {}", t.crashed_in.join(", ")));
            }
            if t.undocumented != (0, 0) {
                status.push("UNDOCUMENTED DIFFERENCE".to_string());
            } else if t.documented != (0, 0) {
                let labels: Vec<String> = t.entries.iter().map(|&i| entry_label(i)).collect();
                status.push(format!("documented: {}", labels.join("; ")));
            } else if t.both > 0 {
                status.push("agree".to_string());
            } else if self.silent.contains(rule) || self.uncompared.contains(rule) {
                let what = if self.silent.contains(rule) { "never fired" } else { "compared nowhere" };
                match silent_reasons.iter().find(|(r, _)| r == rule) {
                    Some((_, why)) => status.push(format!("{what}: {why}")),
                    None => status.push(what.to_string()),
                }
            }
            writeln!(
                md,
                "| {rule} | {} | {} | {} | {} / {} | {} |",
                t.both,
                t.documented.0,
                t.documented.1,
                t.undocumented.0,
                t.undocumented.1,
                status.join("; ")
            )
            .expect("writing to a String");
        }
        let (both, either) = self.agreement();
        let differing = self.tallies.values().filter(|t| t.documented != (0, 0) && t.undocumented == (0, 0)).count();
        writeln!(
            md,
            "\n{} of {} rules agree on every row; {differing} differ only in documented ways; {} never fired; \
             {} compared nowhere (the reference crashed); rows reported by both: {both} of {either} ({}); \
             undocumented rows: {}.",
            self.rules_agreeing(),
            self.tallies.len(),
            self.silent.len(),
            self.uncompared.len(),
            percent(both, either),
            self.uncovered.len()
        )
        .expect("writing to a String");
        md
    }
}

/// `part` of `whole` as a percentage with one decimal.
pub fn percent(part: usize, whole: usize) -> String {
    if whole == 0 { "n/a".to_string() } else { format!("{:.1}%", 100.0 * part as f64 / whole as f64) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(case: &str, rule: &str, child: &str, r: u32) -> Row {
        Row { case: case.into(), rule: rule.into(), child: child.into(), table: "T".into(), row: Some(r) }
    }

    const ENTRIES: &str = r#"
[[disagreement]]
rules = ["2"]
side = "reference"
covers = "odd-rows"
reason = "the reference flags odd rows"
planted = "whatever the crate plants"
"#;

    #[test]
    fn only_covered_differences_pass_and_crashes_excuse_their_case_alone() {
        let entries: Vec<Disagreement<String>> = read(ENTRIES).unwrap();
        let mut c =
            Comparison { rules: ["1", "2", "3", "4", "5"].map(String::from).to_vec(), ..Default::default() };
        c.add_case(
            [row("s1", "1", "a", 0), row("s1", "2", "a", 0), row("s1", "3", "a", 5)],
            [row("s1", "1", "a", 0), row("s1", "2", "a", 0), row("s1", "2", "a", 1), row("s1", "2", "b", 2)],
            [
                (("s1".to_string(), "3".to_string()), "KeyError".to_string()),
                (("s1".to_string(), "5".to_string()), "TypeError".to_string()),
            ],
        );
        // Rule 5 fires only where the reference crashed: compared nowhere.
        c.add_case([row("s1", "5", "a", 0)], [], []);
        c.add_case([row("s2", "3", "a", 5)], [], []);
        let v = c.judge(&entries, |_, r| r.row.is_some_and(|n| n % 2 == 1));
        assert_eq!(v.tallies["2"].documented, (0, 1));
        let uncovered: Vec<String> = v.uncovered.iter().map(|(s, r)| format!("{s:?} {r}")).collect();
        // Row 2 is even (not covered); rule 3 is excused in s1 (crashed) but not in s2.
        assert_eq!(uncovered, ["Reference s1 rule 2 child \"b\" T row 2", "Carefile s2 rule 3 child \"a\" T row 5"]);
        assert_eq!(v.silent, ["4"]);
        assert_eq!(v.uncompared, ["5"]);
        assert_eq!(v.unexplained(&[("4", "never planted"), ("5", "crashes")]), Vec::<String>::new());
        let complaints = v.unexplained(&[("4", "never planted"), ("2", "stale")]);
        assert!(complaints[0].contains("[\"5\"]") && complaints[1].contains("[\"2\"]"), "{complaints:?}");
        assert_eq!(v.agreement(), (2, 5));
        assert_eq!(v.rules_agreeing(), 1);
        let md = v.markdown("# t", &[("4", "never planted"), ("5", "crashes")], |i| format!("entry {i}"));
        assert!(md.contains("| 2 | 1 | 0 | 1 | 0 / 1 | UNDOCUMENTED DIFFERENCE |"), "{md}");
        assert!(md.contains("| 3 | 0 | 0 | 0 | 1 / 0 | reference crashed in s1; UNDOCUMENTED DIFFERENCE |"), "{md}");
        assert!(md.contains("| 4 | 0 | 0 | 0 | 0 / 0 | never fired: never planted |"), "{md}");
        assert!(md.contains("| 5 | 0 | 0 | 0 | 0 / 0 | reference crashed in s1; compared nowhere: crashes |"), "{md}");
        assert!(md.contains("rows reported by both: 2 of 5 (40.0%)"), "{md}");
    }

    #[test]
    fn entries_name_their_side_and_unknown_fields_are_refused() {
        let e: Vec<Disagreement<String>> = read(ENTRIES).unwrap();
        assert!(e[0].side.admits(Side::Reference) && !e[0].side.admits(Side::Carefile));
        assert!(Side::Either.admits(Side::Carefile));
        assert!(e[0].is_about("2") && !e[0].is_about("3"));
        let bad = ENTRIES.replace("reason", "raison");
        assert!(read::<String>(&bad).unwrap_err().contains("raison"));
    }
}
