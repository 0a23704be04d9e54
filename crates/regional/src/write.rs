//! Writing an extract: `DIR/<dataset>/<table>.csv` and/or `.parquet` (typed columns: dates as
//! dates, numbers as 64-bit integers, text as UTF-8; Snappy-compressed; the governance in each
//! file's key-value metadata), and `DIR/metadata.json` with the governance, every file's rows and
//! SHA-256, and the values blanked because they could not be degraded. Each file is written under
//! a temporary name and renamed when complete.

use crate::Extract;
use crate::table::{Cell, Kind, Table};
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType, Int32Type, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The formats to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
    Both,
}

/// An extract that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write '{path}': {message}")]
    File { path: PathBuf, message: String },
}

/// One file written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Written {
    /// Relative to the extract's folder.
    pub path: String,
    pub rows: usize,
    pub sha256: String,
}

fn fail(path: &Path, e: impl std::fmt::Display) -> WriteError {
    WriteError::File { path: path.to_path_buf(), message: e.to_string() }
}

/// Writes `bytes` to `path` through a temporary file beside it.
fn put(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(|e| fail(path, e))?;
    std::fs::rename(&tmp, path).map_err(|e| fail(path, e))
}

fn csv_bytes(t: &Table) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(t.columns.iter().map(|c| c.name.as_str()))?;
    for row in &t.rows {
        w.write_record(row.iter().map(Cell::display))?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

fn days_since_epoch(d: chrono::NaiveDate) -> i32 {
    (d - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("the epoch")).num_days() as i32
}

fn parquet_bytes(t: &Table, governance: &[KeyValue]) -> Result<Vec<u8>, parquet::errors::ParquetError> {
    let fields = t
        .columns
        .iter()
        .map(|c| {
            let (physical, logical) = match c.kind {
                Kind::Text => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
                Kind::Date => (Physical::INT32, Some(LogicalType::Date)),
                Kind::Int => (Physical::INT64, None),
            };
            Type::primitive_type_builder(&c.name, physical)
                .with_repetition(Repetition::OPTIONAL)
                .with_logical_type(logical)
                .build()
                .map(Arc::new)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let schema = Arc::new(Type::group_type_builder("schema").with_fields(fields).build()?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_key_value_metadata(Some(governance.to_vec()))
            .set_created_by(concat!("carefile ", env!("CARGO_PKG_VERSION")).into())
            .build(),
    );
    let mut out = Vec::new();
    let mut w = SerializedFileWriter::new(&mut out, schema, props)?;
    let mut rg = w.next_row_group()?;
    let mut i = 0;
    while let Some(mut col) = rg.next_column()? {
        let cells = t.rows.iter().map(|r| &r[i]);
        match t.columns[i].kind {
            Kind::Text => {
                let v: Vec<ByteArray> =
                    cells.filter(|c| **c != Cell::Null).map(|c| ByteArray::from(c.display().into_bytes())).collect();
                col.typed::<ByteArrayType>().write_batch(&v, Some(&defs_of(t, i, |c| *c != Cell::Null)), None)?;
            }
            Kind::Date => {
                let v: Vec<i32> = cells.filter_map(|c| if let Cell::Date(d) = c { Some(days_since_epoch(*d)) } else { None }).collect();
                col.typed::<Int32Type>().write_batch(&v, Some(&defs_of(t, i, |c| matches!(c, Cell::Date(_)))), None)?;
            }
            Kind::Int => {
                let v: Vec<i64> = cells.filter_map(|c| if let Cell::Int(n) = c { Some(*n) } else { None }).collect();
                col.typed::<Int64Type>().write_batch(&v, Some(&defs_of(t, i, |c| matches!(c, Cell::Int(_)))), None)?;
            }
        }
        col.close()?;
        i += 1;
    }
    rg.close()?;
    w.close()?;
    Ok(out)
}

/// Definition levels of column `i` where only cells `typed` count as present (a value of another
/// type than the column's is written as missing rather than misread).
fn defs_of(t: &Table, i: usize, typed: impl Fn(&Cell) -> bool) -> Vec<i16> {
    t.rows.iter().map(|r| i16::from(typed(&r[i]))).collect()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `x` into `dir` (created if missing) in `format`.
pub fn write(x: &Extract, dir: &Path, format: Format) -> Result<Vec<Written>, WriteError> {
    let governance_json = serde_json::to_string(&x.governance).expect("governance serialises");
    let g = &x.governance;
    let kv = vec![
        KeyValue::new("carefile.governance".into(), governance_json),
        KeyValue::new("use".into(), g.use_.clone()),
        KeyValue::new("agreement".into(), g.agreement.reference.clone()),
        KeyValue::new("agreement_signed".into(), g.agreement.signed.to_string()),
        KeyValue::new("retention_years".into(), g.retention_years.to_string()),
        KeyValue::new("key_id".into(), g.key_id.clone()),
        KeyValue::new("notice".into(), g.notice.to_string()),
    ];
    let mut written = Vec::new();
    for t in &x.tables {
        let folder = dir.join(t.dataset);
        std::fs::create_dir_all(&folder).map_err(|e| fail(&folder, e))?;
        let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
        if matches!(format, Format::Csv | Format::Both) {
            files.push(("csv", csv_bytes(t).map_err(|e| fail(&folder, e))?));
        }
        if matches!(format, Format::Parquet | Format::Both) {
            files.push(("parquet", parquet_bytes(t, &kv).map_err(|e| fail(&folder, e))?));
        }
        for (ext, bytes) in files {
            let path = folder.join(format!("{}.{ext}", t.name));
            put(&path, &bytes)?;
            written.push(Written { path: format!("{}/{}.{ext}", t.dataset, t.name), rows: t.rows.len(), sha256: sha256(&bytes) });
        }
    }
    let metadata = serde_json::json!({
        "governance": g,
        "files": written,
        "blanked_because_not_degradable": x.blanked,
    });
    put(&dir.join("metadata.json"), serde_json::to_string_pretty(&metadata).expect("metadata serialises").as_bytes())?;
    Ok(written)
}
