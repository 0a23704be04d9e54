//! One line per finding, `child_id,table,row,field,rule_code,message,status` (fields joined by
//! `;`, status `finding`), then one line per rule not run (status `not run: needs …`, naming the
//! input that would turn it on), so that a filter on `status` separates the two. Structural problems
//! found before the rules come first: table `XML`, row the file's line, field the element, rule code
//! `structure`, status `structure finding` or `structure warning`.

use super::{by_child, structural};
use crate::Report;
use std::io::{self, Write};

pub fn write_csv(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(["child_id", "table", "row", "field", "rule_code", "message", "status"])?;
    for (line, element, message, kind) in structural(report) {
        w.write_record(["", "XML", &line.to_string(), element, "structure", message, &format!("structure {kind}")])?;
    }
    for f in by_child(report) {
        let row = f.row.map(|r| r.to_string()).unwrap_or_default();
        w.write_record([
            f.child.as_deref().unwrap_or(""),
            f.table,
            &row,
            &f.fields.join(";"),
            f.rule.code,
            f.rule.message.trim(),
            "finding",
        ])?;
    }
    for s in &report.skipped {
        w.write_record(["", "", "", &s.rule.fields.join(";"), s.rule.code, s.rule.message.trim(), &format!("not run: {}", s.reason)])?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn one_quoted_line_per_finding_then_one_per_rule_not_run() {
        let mut buf = Vec::new();
        write_csv(&sample(), &mut buf).unwrap();
        let t = String::from_utf8(buf).unwrap();
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "child_id,table,row,field,rule_code,message,status");
        assert_eq!(
            lines[1],
            r#"C1,Episodes,4,DECOM;DEC,356,"The date the episode ceased is before the date, ""same"" episode started.",finding"#
        );
        assert_eq!(lines[4], ",,,SEX,9999,Too many.,finding");
        assert_eq!(lines[5], r#",,,DECOM;DEC,356,"The date the episode ceased is before the date, ""same"" episode started.",not run: needs postcodes"#);
        assert_eq!(lines[6], ",,,SEX,202,The gender code has changed since last year.,not run: needs last year's return (--previous)");
        assert_eq!(lines.len(), 7);
    }
}
