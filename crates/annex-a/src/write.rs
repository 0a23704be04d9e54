//! Writing the lists: one workbook with a sheet per list, or one CSV per list, and the drill-down
//! of every derived count. Each file is written under a temporary name and renamed when complete.

use crate::{AnnexA, List, Value};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write '{path}': {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot write '{path}': {source}")]
    Xlsx { path: PathBuf, source: XlsxError },
    #[error("cannot write '{path}': {source}")]
    Csv { path: PathBuf, source: csv::Error },
}

/// Writes `path` through `fill` into a temporary file beside it, renamed into place once complete.
fn atomically(path: &Path, fill: impl FnOnce(&mut std::fs::File) -> Result<(), WriteError>) -> Result<(), WriteError> {
    let io = |source| WriteError::Io { path: path.to_path_buf(), source };
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    let mut file = std::fs::File::create(&tmp).map_err(io)?;
    let result = fill(&mut file).and_then(|()| file.sync_all().map_err(io));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path).map_err(io)
}

/// The CSV file name of a list (`list-01.csv`…), so that a folder sorts in list order.
pub fn csv_name(list: &List) -> String {
    format!("list-{:02}.csv", list.number)
}

/// Writes each list as `list-NN.csv` in `dir` (created if missing), dates as `dd/mm/yyyy`.
pub fn write_csvs(a: &AnnexA, dir: &Path) -> Result<Vec<PathBuf>, WriteError> {
    std::fs::create_dir_all(dir).map_err(|source| WriteError::Io { path: dir.into(), source })?;
    let mut written = Vec::new();
    for list in &a.lists {
        let path = dir.join(csv_name(list));
        let csv_err = |source| WriteError::Csv { path: path.clone(), source };
        atomically(&path, |f| {
            let mut w = csv::Writer::from_writer(f);
            w.write_record(list.headers).map_err(csv_err)?;
            for row in &list.rows {
                w.write_record(row.values.iter().map(Value::display)).map_err(csv_err)?;
            }
            w.flush().map_err(|source| WriteError::Io { path: path.clone(), source })
        })?;
        written.push(path);
    }
    Ok(written)
}

/// Writes the workbook: sheets `List 1`…`List 11`, a bold frozen header row with filters, dates as
/// Excel dates shown `dd/mm/yyyy`, counts and ages as numbers.
pub fn write_xlsx(a: &AnnexA, path: &Path) -> Result<(), WriteError> {
    let xlsx = |source| WriteError::Xlsx { path: path.to_path_buf(), source };
    let mut book = Workbook::new();
    let header = Format::new().set_bold().set_text_wrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for list in &a.lists {
        let ws = book.add_worksheet();
        ws.set_name(list.sheet).map_err(xlsx)?;
        for (col, h) in list.headers.iter().enumerate() {
            let col = col as u16;
            ws.write_string_with_format(0, col, *h, &header).map_err(xlsx)?;
            ws.set_column_width(col, (h.len().clamp(12, 40)) as f64).map_err(xlsx)?;
        }
        for (i, row) in list.rows.iter().enumerate() {
            let r = i as u32 + 1;
            for (col, v) in row.values.iter().enumerate() {
                let col = col as u16;
                match v {
                    Value::Blank => {}
                    Value::Text(s) | Value::Explained { text: s, .. } => {
                        if !s.is_empty() {
                            ws.write_string(r, col, s).map_err(xlsx)?;
                        }
                    }
                    Value::Date(d) => {
                        use chrono::Datelike;
                        let when =
                            ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).map_err(xlsx)?;
                        ws.write_datetime_with_format(r, col, &when, &date).map_err(xlsx)?;
                    }
                    Value::Int(n) => {
                        ws.write_number(r, col, *n as f64).map_err(xlsx)?;
                    }
                    Value::Count(c) => {
                        ws.write_number(r, col, c.n() as f64).map_err(xlsx)?;
                    }
                }
            }
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx)?;
        ws.autofilter(0, 0, list.rows.len() as u32, list.headers.len() as u16 - 1).map_err(xlsx)?;
    }
    let bytes = book.save_to_buffer().map_err(xlsx)?;
    atomically(path, |f| f.write_all(&bytes).map_err(|source| WriteError::Io { path: path.to_path_buf(), source }))
}

/// The columns of the drill-down file.
pub const COUNT_COLUMNS: [&str; 10] =
    ["list", "row", "child", "column", "value", "event", "item", "date", "total", "note"];

/// Writes every derived count's events, one line per event counted: the list, the row as the
/// workbook numbers it (the header is row 1), the child (the one whose record holds the event, in
/// list 11's rows about adopters), the column, the value shown, then the event;
/// a number the record reports rather than holds has a line for the event reporting it, noted.
pub fn write_counts(a: &AnnexA, path: &Path) -> Result<u64, WriteError> {
    let csv_err = |source| WriteError::Csv { path: path.to_path_buf(), source };
    let mut lines = 0;
    atomically(path, |f| {
        let mut w = csv::Writer::from_writer(f);
        w.write_record(COUNT_COLUMNS).map_err(csv_err)?;
        for list in &a.lists {
            for (i, row) in list.rows.iter().enumerate() {
                for (col, v) in row.values.iter().enumerate() {
                    let Some(count) = v.count() else { continue };
                    let reported = count.reported.iter().map(|(n, e)| (e, format!("reports {n} earlier")));
                    for (e, note) in count.counted.iter().map(|e| (e, String::new())).chain(reported) {
                        w.write_record([
                            list.sheet.to_string(),
                            (i + 2).to_string(),
                            e.child.as_ref().map_or_else(|| row.subject.clone(), ToString::to_string),
                            list.headers[col].to_string(),
                            v.display(),
                            e.event.to_string(),
                            e.item.map(|n| n.to_string()).unwrap_or_default(),
                            e.date.format("%d/%m/%Y").to_string(),
                            count.n().to_string(),
                            note,
                        ])
                        .map_err(csv_err)?;
                        lines += 1;
                    }
                }
            }
        }
        w.flush().map_err(|source| WriteError::Io { path: path.to_path_buf(), source })
    })?;
    Ok(lines)
}
