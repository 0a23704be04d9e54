use crate::finding::{Finding, Report, Skipped};
use carefile_domain::CollectionYear;
#[cfg(feature = "parallel")]
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Error or query (a query asks the authority to amend or explain).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Severity {
    Error,
    Query,
}

/// Reference data a rule needs beyond the return itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reference {
    /// Postcode → local authority and easting/northing (the ONS Postcode Directory).
    Postcodes,
    /// Ofsted's lists of children's homes and other social care providers.
    OfstedProviders,
    /// Last year's return, for the rules that compare the two years.
    LastYear,
    /// Which authority submits the return (placements in or out of its area).
    Authority,
}

impl Reference {
    /// What the input is and how to give it (the command line's option; the web page's fields
    /// have the same names).
    pub fn describe(self) -> &'static str {
        match self {
            Reference::Postcodes => "postcode reference data (ONSPD CSV, --postcodes)",
            Reference::OfstedProviders => "Ofsted provider reference data (--providers)",
            Reference::LastYear => "last year's return (--previous)",
            Reference::Authority => "the submitting authority (--la)",
        }
    }
}

/// What a rule is, as the DfE publishes it.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// The DfE code, e.g. "103" or "8925" or "2886Q".
    pub code: &'static str,
    pub message: &'static str,
    pub severity: Severity,
    /// The tables and fields the catalogue lists.
    pub tables: &'static [&'static str],
    pub fields: &'static [&'static str],
    /// Reference data without which the rule cannot be judged.
    pub needs: &'static [Reference],
}

/// One statutory rule: what it is, and the function that checks it on a return of type `D`.
pub struct Rule<D: ?Sized> {
    pub meta: RuleMeta,
    pub check: fn(&D, &mut Sink),
}

/// Where a rule writes its findings.
pub struct Sink {
    rule: &'static RuleMeta,
    findings: Vec<Finding>,
}

impl Sink {
    pub fn new(rule: &'static RuleMeta) -> Self {
        Sink { rule, findings: Vec::new() }
    }

    /// Flags row `row` of `table` for `child`, naming that table's affected fields.
    pub fn flag(&mut self, child: &str, table: &'static str, row: u32, fields: &'static [&'static str]) {
        self.findings.push(Finding { rule: self.rule, child: Some(child.into()), table, row: Some(row), fields });
    }

    /// Flags the return as a whole (e.g. a share of children across the file).
    pub fn flag_return(&mut self, fields: &'static [&'static str]) {
        self.findings.push(Finding { rule: self.rule, child: None, table: "", row: None, fields });
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// One collection year's changes to a return's rule set.
#[derive(Debug, Clone, Copy)]
pub struct YearChanges {
    /// The collection year, by the calendar year it ends in (2026 = 2025-26).
    pub year: u16,
    /// Rule codes added (or redefined) that year.
    pub added: &'static [&'static str],
    /// Rule codes deleted that year.
    pub removed: &'static [&'static str],
}

/// A year the rule history does not reach.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("carefile has no {return_name} rule set for collection year {year} (supported: {supported})")]
pub struct UnsupportedYear {
    pub return_name: &'static str,
    pub year: CollectionYear,
    pub supported: String,
}

/// The rules of one collection year.
pub struct RuleSet<D: ?Sized + 'static> {
    pub year: CollectionYear,
    pub rules: Vec<&'static Rule<D>>,
}

impl<D: ?Sized + Sync + 'static> RuleSet<D> {
    /// The set for `year`: the first year of `history`'s additions, then each
    /// later year's additions and deletions, up to `year`. `supported` is the
    /// range of years carefile offers; others are refused.
    pub fn for_year(
        return_name: &'static str,
        all: impl IntoIterator<Item = &'static Rule<D>>,
        history: &[YearChanges],
        supported: std::ops::RangeInclusive<u16>,
        year: CollectionYear,
    ) -> Result<Self, UnsupportedYear> {
        if !supported.contains(&year.ending()) {
            return Err(UnsupportedYear {
                return_name,
                year,
                supported: supported
                    .clone()
                    .map(|y| format!("{y} ({})", CollectionYear::new(y)))
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        let mut codes = BTreeSet::new();
        for change in history.iter().filter(|c| c.year <= year.ending()) {
            codes.extend(change.added.iter().copied());
            for r in change.removed {
                codes.remove(r);
            }
        }
        let rules = all.into_iter().filter(|r| codes.contains(r.meta.code)).collect();
        Ok(RuleSet { year, rules })
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// Runs every rule of `set` on `data`, in parallel, each on the data as submitted.
/// Rules whose reference data is not `available` are skipped and named.
pub fn run<D: ?Sized + Sync + 'static>(set: &RuleSet<D>, data: &D, available: &[Reference]) -> Report {
    let (runnable, skipped): (Vec<&'static Rule<D>>, Vec<&'static Rule<D>>) =
        set.rules.iter().copied().partition(|r| r.meta.needs.iter().all(|n| available.contains(n)));
    let judge = |rule: &&'static Rule<D>| {
        let mut sink = Sink::new(&rule.meta);
        (rule.check)(data, &mut sink);
        sink.into_findings()
    };
    #[cfg(feature = "parallel")]
    let mut findings: Vec<Finding> = runnable.par_iter().flat_map_iter(judge).collect();
    #[cfg(not(feature = "parallel"))]
    let mut findings: Vec<Finding> = runnable.iter().flat_map(judge).collect();
    findings.sort_by(|a, b| (a.rule.code, a.table, a.row, &a.child).cmp(&(b.rule.code, b.table, b.row, &b.child)));
    findings.dedup_by(|a, b| a.key() == b.key());
    Report {
        findings,
        ran: runnable.iter().map(|r| &r.meta).collect(),
        skipped: skipped
            .iter()
            .map(|r| Skipped {
                rule: &r.meta,
                // Only what is missing: the input that would turn the rule on.
                reason: format!(
                    "needs {}",
                    r.meta.needs.iter().filter(|n| !available.contains(n)).map(|n| n.describe()).collect::<Vec<_>>().join(" and ")
                ),
            })
            .collect(),
        structure: Vec::new(),
        structure_more: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Data(Vec<i32>);

    static RULES: [Rule<Data>; 3] = [
        Rule {
            meta: RuleMeta {
                code: "1",
                message: "negative",
                severity: Severity::Error,
                tables: &["T"],
                fields: &["V"],
                needs: &[],
            },
            check: |d, s| {
                for (i, v) in d.0.iter().enumerate() {
                    if *v < 0 {
                        s.flag("c", "T", i as u32, &["V"]);
                    }
                }
            },
        },
        Rule {
            meta: RuleMeta {
                code: "2",
                message: "zero",
                severity: Severity::Query,
                tables: &["T"],
                fields: &["V"],
                needs: &[],
            },
            check: |d, s| {
                if d.0.contains(&0) {
                    s.flag_return(&["V"]);
                }
            },
        },
        Rule {
            meta: RuleMeta {
                code: "3",
                message: "pc",
                severity: Severity::Error,
                tables: &["T"],
                fields: &["V"],
                needs: &[Reference::Postcodes, Reference::Authority],
            },
            check: |_, s| s.flag("c", "T", 0, &["V"]),
        },
    ];

    const HISTORY: &[YearChanges] = &[
        YearChanges { year: 2025, added: &["1", "3"], removed: &[] },
        YearChanges { year: 2026, added: &["2"], removed: &["1"] },
    ];

    #[test]
    fn each_year_is_the_previous_plus_additions_minus_deletions() {
        let y25 = RuleSet::for_year("test", &RULES, HISTORY, 2025..=2026, CollectionYear::new(2025)).unwrap();
        let codes = |s: &RuleSet<Data>| s.rules.iter().map(|r| r.meta.code).collect::<Vec<_>>();
        assert_eq!(codes(&y25), ["1", "3"]);
        let y26 = RuleSet::for_year("test", &RULES, HISTORY, 2025..=2026, CollectionYear::new(2026)).unwrap();
        assert_eq!(codes(&y26), ["2", "3"]);
        let e = RuleSet::for_year("test", &RULES, HISTORY, 2025..=2026, CollectionYear::new(2027)).err().unwrap();
        assert!(e.to_string().contains("2025 (2024-25), 2026 (2025-26)"), "{e}");
    }

    #[test]
    fn run_collects_findings_and_names_skipped_rules() {
        let set = RuleSet::for_year("test", &RULES, HISTORY, 2025..=2026, CollectionYear::new(2025)).unwrap();
        let report = run(&set, &Data(vec![1, -1, 0, -5]), &[]);
        let keys: Vec<_> = report.findings.iter().map(|f| f.key()).collect();
        assert_eq!(keys, [(Some("c"), "T", Some(1), "1"), (Some("c"), "T", Some(3), "1")]);
        assert_eq!(report.skipped.len(), 1);
        assert_eq!(report.skipped[0].rule.code, "3");
        assert_eq!(report.skipped[0].reason, "needs postcode reference data (ONSPD CSV, --postcodes) and the submitting authority (--la)");
        // Only what is still missing is named.
        let with_pc = run(&set, &Data(vec![]), &[Reference::Postcodes]);
        assert_eq!(with_pc.skipped[0].reason, "needs the submitting authority (--la)");
        let with_both = run(&set, &Data(vec![]), &[Reference::Authority, Reference::Postcodes]);
        assert_eq!((with_both.findings.len(), with_both.skipped.len()), (1, 0));
    }
}
