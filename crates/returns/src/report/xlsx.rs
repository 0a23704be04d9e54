//! An Excel workbook with two sheets, "Error Summary" and "Child Summary", as the
//! DfE's own tool lays them out, and a third, "Rules Not Run", naming each rule that was not
//! run and the input that would turn it on (present only when some were not), and a "Structure" sheet
//! of the file's structural problems by line (present only when there are some). The child sheet is written in constant-memory mode (a
//! national return can have hundreds of thousands of findings) and stops, with a note, at
//! Excel's row limit.

use super::{by_child, by_rule, structural};
use crate::Report;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::io::{self, Write};

pub fn write_xlsx(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let bytes = workbook(report, LAST_ROW).and_then(|mut wb| wb.save_to_buffer()).map_err(io::Error::other)?;
    out.write_all(&bytes)
}

/// Excel's last row (0-based): the sheet holds the header and rows up to here.
const LAST_ROW: u32 = 1_048_575;

fn header(sheet: &mut Worksheet, titles: &[&str], widths: &[f64]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (i, (t, w)) in titles.iter().zip(widths).enumerate() {
        sheet.write_string_with_format(0, i as u16, *t, &bold)?;
        sheet.set_column_width(i as u16, *w)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The workbook, its child sheet ending at row `last_row`.
fn workbook(report: &Report, last_row: u32) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let summary = wb.add_worksheet().set_name("Error Summary")?;
    header(summary, &["Code", "Error Count", "Error Description", "Affected Fields"], &[12.0, 12.0, 90.0, 40.0])?;
    for (i, c) in by_rule(report).iter().enumerate() {
        let r = i as u32 + 1;
        summary.write_string(r, 0, c.rule.code)?;
        summary.write_number(r, 1, c.count as f64)?;
        summary.write_string(r, 2, c.rule.message.trim())?;
        summary.write_string(r, 3, c.rule.fields.join(", "))?;
    }
    // The browser has no temporary files: there the sheet is held in memory.
    #[cfg(not(target_arch = "wasm32"))]
    let children = wb.add_worksheet_with_constant_memory();
    #[cfg(target_arch = "wasm32")]
    let children = wb.add_worksheet();
    let children = children.set_name("Child Summary")?;
    header(
        children,
        &["Child", "Table", "Row", "Code", "Description", "Fields"],
        &[16.0, 16.0, 8.0, 12.0, 90.0, 40.0],
    )?;
    let findings = by_child(report);
    for (i, f) in findings.iter().enumerate() {
        let r = i as u32 + 1;
        if r == last_row {
            let note = format!(
                "{} more findings are not shown: Excel sheets end at {} rows; use the CSV report",
                findings.len() - i,
                LAST_ROW + 1
            );
            children.write_string(r, 0, note)?;
            break;
        }
        children.write_string(r, 0, f.child.as_deref().unwrap_or(""))?;
        children.write_string(r, 1, f.table)?;
        if let Some(row) = f.row {
            children.write_number(r, 2, f64::from(row))?;
        }
        children.write_string(r, 3, f.rule.code)?;
        children.write_string(r, 4, f.rule.message.trim())?;
        children.write_string(r, 5, f.fields.join(", "))?;
    }
    if !report.skipped.is_empty() {
        let not_run = wb.add_worksheet().set_name("Rules Not Run")?;
        header(not_run, &["Code", "Description", "Not run: needs"], &[12.0, 90.0, 50.0])?;
        for (i, s) in report.skipped.iter().enumerate() {
            let r = i as u32 + 1;
            not_run.write_string(r, 0, s.rule.code)?;
            not_run.write_string(r, 1, s.rule.message.trim())?;
            not_run.write_string(r, 2, s.reason.strip_prefix("needs ").unwrap_or(&s.reason))?;
        }
    }
    if !report.structure.is_empty() {
        let sheet = wb.add_worksheet().set_name("Structure")?;
        header(sheet, &["Line", "Element", "Severity", "Description"], &[10.0, 28.0, 10.0, 100.0])?;
        for (i, (line, element, message, kind)) in structural(report).enumerate() {
            let r = i as u32 + 1;
            sheet.write_number(r, 0, line as f64)?;
            sheet.write_string(r, 1, element)?;
            sheet.write_string(r, 2, kind)?;
            sheet.write_string(r, 3, message)?;
        }
        if report.structure_more > 0 {
            let r = report.structure.len() as u32 + 1;
            sheet.write_string(r, 3, format!("and {} more problems of structure", report.structure_more))?;
        }
    }
    Ok(wb)
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;
    use std::io::Read;

    /// The text of one part of the workbook (an xlsx file is a zip of XML parts).
    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(io::Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn two_named_sheets_with_one_row_per_rule_and_per_finding() {
        let mut buf = Vec::new();
        write_xlsx(&sample(), &mut buf).unwrap();
        let wb = part(&buf, "xl/workbook.xml");
        let (a, b) = (wb.find(r#"name="Error Summary""#).unwrap(), wb.find(r#"name="Child Summary""#).unwrap());
        assert!(a < b);
        // The summary sheet shares its strings; the child sheet writes them inline.
        let strings = part(&buf, "xl/sharedStrings.xml") + &part(&buf, "xl/worksheets/sheet2.xml");
        for s in ["Error Count", "Affected Fields", "The child's sex is not valid.", "DECOM, DEC", "C2", "Description"]
        {
            assert!(strings.contains(&s.replace('\'', "&apos;")) || strings.contains(s), "{s} missing");
        }
        assert!(part(&buf, "xl/worksheets/sheet1.xml").contains(r#"<row r="4""#), "3 rules + header");
        let child = part(&buf, "xl/worksheets/sheet2.xml");
        assert!(child.contains(r#"<row r="5""#) && !child.contains(r#"<row r="6""#), "4 findings + header");
        assert!(wb.find(r#"name="Rules Not Run""#).is_some_and(|c| c > b), "{wb}");
        let not_run = part(&buf, "xl/worksheets/sheet3.xml");
        assert!(not_run.contains(r#"<row r="3""#) && !not_run.contains(r#"<row r="4""#), "2 rules not run + header");
        let strings = part(&buf, "xl/sharedStrings.xml");
        assert!(strings.contains("last year's return (--previous)") || strings.contains("last year&apos;s return (--previous)"), "{strings}");
    }

    #[test]
    fn no_sheet_of_rules_not_run_when_all_ran() {
        let report = Report { skipped: Vec::new(), ..sample() };
        let buf = workbook(&report, LAST_ROW).unwrap().save_to_buffer().unwrap();
        assert!(!part(&buf, "xl/workbook.xml").contains("Rules Not Run"));
    }

    #[test]
    fn the_child_sheet_stops_with_a_note_at_the_row_limit() {
        let bytes = workbook(&sample(), 3).unwrap().save_to_buffer().unwrap();
        let child = part(&bytes, "xl/worksheets/sheet2.xml");
        assert!(child.contains("2 more findings are not shown"), "{child}");
        assert!(!child.contains(r#"<row r="5""#));
    }
}
