//! Writing a [`Report`] for people and programs: text, CSV, JSON and XLSX.
//!
//! Every writer shows the same views: a summary by rule (code, number of
//! findings, message, affected fields), the findings child by child, and the rules
//! not run with the input that would turn each on.

mod csv;
mod json;
mod text;
mod xlsx;

use crate::{Finding, Report, RuleMeta};
use std::io::{self, Write};

pub use self::csv::write_csv;
pub use json::write_json;
pub use text::write_text;
pub use xlsx::write_xlsx;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Json,
    Xlsx,
}

impl Format {
    /// The format for a file name's extension (`.txt`, `.csv`, `.json`, `.xlsx`).
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" => Format::Text,
            "csv" => Format::Csv,
            "json" => Format::Json,
            "xlsx" => Format::Xlsx,
            _ => return None,
        })
    }

    pub fn write(self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        match self {
            Format::Text => write_text(report, out),
            Format::Csv => write_csv(report, out),
            Format::Json => write_json(report, out),
            Format::Xlsx => write_xlsx(report, out),
        }
    }
}

/// The structural problems as listed: (line, element, message, "finding" or "warning").
fn structural(report: &Report) -> impl Iterator<Item = (usize, &str, &str, &'static str)> {
    report.structure.iter().map(|s| (s.line, s.element.as_str(), s.message.as_str(), if s.warning { "warning" } else { "finding" }))
}

/// One line of the summary by rule.
struct RuleCount {
    rule: &'static RuleMeta,
    count: usize,
}

/// Rules with findings, in code order (findings are already ordered by rule).
fn by_rule(report: &Report) -> Vec<RuleCount> {
    let mut out: Vec<RuleCount> = Vec::new();
    for f in &report.findings {
        match out.last_mut() {
            Some(last) if last.rule.code == f.rule.code => last.count += 1,
            _ => out.push(RuleCount { rule: f.rule, count: 1 }),
        }
    }
    out
}

/// The rules not run, grouped by what they need (in the order first met), codes in order.
fn skipped_by_reason(report: &Report) -> Vec<(&str, Vec<&'static RuleMeta>)> {
    let mut out: Vec<(&str, Vec<&'static RuleMeta>)> = Vec::new();
    for s in &report.skipped {
        match out.iter_mut().find(|(reason, _)| *reason == s.reason) {
            Some((_, rules)) => rules.push(s.rule),
            None => out.push((&s.reason, vec![s.rule])),
        }
    }
    out
}

/// Findings ordered child by child (return-level findings last), then table, row and rule.
fn by_child(report: &Report) -> Vec<&Finding> {
    let mut v: Vec<&Finding> = report.findings.iter().collect();
    v.sort_by(|a, b| {
        (a.child.is_none(), &a.child, a.table, a.row, a.rule.code).cmp(&(
            b.child.is_none(),
            &b.child,
            b.table,
            b.row,
            b.rule.code,
        ))
    });
    v
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{Severity, Skipped};

    pub static SEX: RuleMeta = RuleMeta {
        code: "101",
        message: "The child's sex is not valid.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["SEX"],
        needs: &[],
    };
    pub static DATES: RuleMeta = RuleMeta {
        code: "356",
        message: "The date the episode ceased is before the date, \"same\" episode started.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["DECOM", "DEC"],
        needs: &[],
    };
    pub static SHARE: RuleMeta = RuleMeta {
        code: "9999",
        message: "Too many.",
        severity: Severity::Query,
        tables: &["Header"],
        fields: &["SEX"],
        needs: &[],
    };

    pub static LAST: RuleMeta = RuleMeta {
        code: "202",
        message: "The gender code has changed since last year.",
        severity: Severity::Error,
        tables: &["Header", "Header_last"],
        fields: &["SEX"],
        needs: &[],
    };

    /// Two children, three rules, one return-level finding and two rules not run.
    pub fn sample() -> Report {
        let f = |rule: &'static RuleMeta, child: Option<&str>, table, row| Finding {
            rule,
            child: child.map(Into::into),
            table,
            row,
            fields: rule.fields,
        };
        Report {
            findings: vec![
                f(&SEX, Some("C2"), "Header", Some(1)),
                f(&SEX, Some("C1"), "Header", Some(0)),
                f(&DATES, Some("C1"), "Episodes", Some(4)),
                f(&SHARE, None, "", None),
            ],
            ran: vec![&SEX, &DATES, &SHARE],
            skipped: vec![
                Skipped { rule: &DATES, reason: "needs postcodes".into() },
                Skipped { rule: &LAST, reason: "needs last year's return (--previous)".into() },
            ],
            structure: Vec::new(),
            structure_more: 0,
        }
    }

    #[test]
    fn summary_counts_by_rule_and_children_come_in_order() {
        let r = sample();
        let s = by_rule(&r);
        assert_eq!(s.iter().map(|c| (c.rule.code, c.count)).collect::<Vec<_>>(), [("101", 2), ("356", 1), ("9999", 1)]);
        let c: Vec<_> = by_child(&r).iter().map(|f| (f.child.as_deref(), f.rule.code)).collect();
        assert_eq!(c, [(Some("C1"), "356"), (Some("C1"), "101"), (Some("C2"), "101"), (None, "9999")]);
        assert_eq!(Format::from_extension("a/b.XLSX".as_ref()), Some(Format::Xlsx));
        assert_eq!(Format::from_extension("a/b.pdf".as_ref()), None);
    }
}
