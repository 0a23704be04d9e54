//! The report as one JSON document, for programs.

use super::{by_child, by_rule, structural};
use crate::Report;
use serde_json::{Value, json};
use std::io::{self, Write};

pub fn write_json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let summary: Vec<Value> = by_rule(report)
        .iter()
        .map(|c| json!({"code": c.rule.code, "count": c.count, "message": c.rule.message.trim(), "fields": c.rule.fields}))
        .collect();
    let findings: Vec<Value> = by_child(report)
        .iter()
        .map(|f| {
            json!({"child_id": f.child, "table": f.table, "row": f.row, "fields": f.fields,
                   "rule_code": f.rule.code, "message": f.rule.message.trim()})
        })
        .collect();
    let skipped: Vec<Value> = report.skipped.iter().map(|s| json!({"code": s.rule.code, "reason": s.reason})).collect();
    let structure: Vec<Value> = structural(report)
        .map(|(line, element, message, kind)| json!({"line": line, "element": element, "message": message, "severity": kind}))
        .collect();
    let doc = json!({"rules_run": report.ran.len(), "summary": summary, "skipped": skipped, "findings": findings,
                     "structure": structure, "structure_more": report.structure_more});
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn parses_back_with_summary_and_findings() {
        let mut buf = Vec::new();
        write_json(&sample(), &mut buf).unwrap();
        let v: Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(v["rules_run"], 3);
        assert_eq!(
            v["summary"][0],
            json!({"code": "101", "count": 2, "message": "The child's sex is not valid.", "fields": ["SEX"]})
        );
        assert_eq!(v["findings"][0]["child_id"], "C1");
        assert_eq!(v["findings"][0]["fields"], json!(["DECOM", "DEC"]));
        assert_eq!(v["findings"][3]["row"], Value::Null);
        assert_eq!(v["skipped"][0]["reason"], "needs postcodes");
    }
}
