//! A plain-text report for reading in a terminal or a text file.

use super::{by_child, by_rule, skipped_by_reason, structural};
use crate::Report;
use std::io::{self, Write};

pub fn write_text(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let summary = by_rule(report);
    writeln!(
        out,
        "{} findings from {} rules ({} rules with findings, {} not run)",
        report.findings.len(),
        report.ran.len(),
        summary.len(),
        report.skipped.len()
    )?;
    if !report.structure.is_empty() {
        let warnings = report.structure.iter().filter(|s| s.warning).count();
        writeln!(
            out,
            "\nStructure of the file, checked before the rules ({} findings, {warnings} warnings)",
            report.structure.len() - warnings
        )?;
        for (line, _, message, kind) in structural(report) {
            writeln!(out, "  line {line}: {}{message}", if kind == "warning" { "warning: " } else { "" })?;
        }
        if report.structure_more > 0 {
            writeln!(out, "  and {} more problems of structure", report.structure_more)?;
        }
    }
    if !summary.is_empty() {
        writeln!(out, "\nSummary by rule\n{:<10} {:>7}  Message [fields]", "Code", "Count")?;
        for c in &summary {
            writeln!(
                out,
                "{:<10} {:>7}  {} [{}]",
                c.rule.code,
                c.count,
                c.rule.message.trim(),
                c.rule.fields.join(", ")
            )?;
        }
    }
    let skipped = skipped_by_reason(report);
    if !skipped.is_empty() {
        writeln!(out, "\nRules not run, and what would turn them on")?;
        for (reason, rules) in skipped {
            let codes: Vec<&str> = rules.iter().map(|r| r.code).collect();
            let n = codes.len();
            writeln!(out, "  {reason} ({n} rule{}): {}", if n == 1 { "" } else { "s" }, codes.join(", "))?;
        }
    }
    let mut current: Option<Option<&str>> = None;
    for f in by_child(report) {
        let child = f.child.as_deref();
        if current != Some(child) {
            match child {
                Some(c) => writeln!(out, "\nChild {c}")?,
                None => writeln!(out, "\nWhole return")?,
            }
            current = Some(child);
        }
        let place = match f.row {
            Some(r) => format!("{} row {r}", f.table),
            None => "return".to_string(),
        };
        writeln!(out, "  {place}: {} {} [{}]", f.rule.code, f.rule.message.trim(), f.fields.join(", "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn summary_then_children() {
        let mut buf = Vec::new();
        write_text(&sample(), &mut buf).unwrap();
        let t = String::from_utf8(buf).unwrap();
        assert!(t.starts_with("4 findings from 3 rules (3 rules with findings, 2 not run)"), "{t}");
        assert!(t.contains("101              2  The child's sex is not valid. [SEX]"), "{t}");
        assert!(t.contains("  needs postcodes (1 rule): 356\n  needs last year's return (--previous) (1 rule): 202"), "{t}");
        let c1 = t.find("Child C1").unwrap();
        assert!(c1 < t.find("Child C2").unwrap() && t.find("Child C2").unwrap() < t.find("Whole return").unwrap());
        assert!(t.contains("  Episodes row 4: 356 The date the episode ceased"), "{t}");
    }
}
