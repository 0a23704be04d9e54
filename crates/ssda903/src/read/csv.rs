//! CSV tables, recognised by their exact set of column names (any order, any file name).

use super::{ReadError, Source, each_table, put, utf8};
use crate::tables::*;

/// Reads one CSV file into the table its columns name.
pub(super) fn read_into(s: &Source, t: &mut Tables, seen: &mut Vec<(&'static str, String)>) -> Result<(), ReadError> {
    let text = utf8(s)?;
    if text.trim().is_empty() {
        return Err(ReadError::Malformed {
            file: s.name.clone(),
            line: 1,
            field: None,
            message: "the file is empty".into(),
        });
    }
    let mut rdr = ::csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let malformed =
        |line: u64, message: String| ReadError::Malformed { file: s.name.clone(), line, field: None, message };
    let header: Vec<String> =
        rdr.headers().map_err(|e| malformed(1, e.to_string()))?.iter().map(|c| c.trim().to_string()).collect();

    macro_rules! try_table {
        ($row:ident, $field:ident) => {
            if let Some(at) = positions($row::COLUMNS, &header) {
                let rows = read_rows(&mut rdr, &at, header.len(), s, $row::from_raw)?;
                return put(&mut t.$field, rows, &s.name, seen);
            }
        };
    }
    each_table!(try_table);
    Err(ReadError::UnknownColumns { file: s.name.clone(), columns: header.join(", "), hint: nearest(&header) })
}

/// Where each of `columns` is in `header`, when the two are the same set.
fn positions(columns: &[&str], header: &[String]) -> Option<Vec<usize>> {
    if columns.len() != header.len() {
        return None;
    }
    columns.iter().map(|c| header.iter().position(|h| h == c)).collect()
}

/// Names the table these columns come closest to, and what differs.
fn nearest(header: &[String]) -> String {
    let mut best: Option<(usize, &str, &[&str])> = None;
    macro_rules! score {
        ($row:ident, $field:ident) => {
            let shared = $row::COLUMNS.iter().filter(|c| header.iter().any(|h| h == *c)).count();
            if shared > 1 && best.is_none_or(|b| shared > b.0) {
                best = Some((shared, $row::TABLE, $row::COLUMNS));
            }
        };
    }
    each_table!(score);
    let Some((_, table, cols)) = best else { return String::new() };
    let missing: Vec<&str> = cols.iter().copied().filter(|c| !header.iter().any(|h| h == c)).collect();
    let extra: Vec<&str> = header.iter().map(String::as_str).filter(|h| !cols.contains(h)).collect();
    format!(
        " (nearest is {table}: missing [{}], unexpected [{}]; column names must match exactly)",
        missing.join(", "),
        extra.join(", ")
    )
}

fn read_rows<R>(
    rdr: &mut ::csv::Reader<&[u8]>,
    at: &[usize],
    width: usize,
    s: &Source,
    make: fn(u32, &str, &[&str]) -> R,
) -> Result<Vec<R>, ReadError> {
    let mut rows = Vec::new();
    let mut rec = ::csv::StringRecord::new();
    loop {
        let more = rdr.read_record(&mut rec).map_err(|e| ReadError::Malformed {
            file: s.name.clone(),
            line: e.position().map_or(0, |p| p.line()),
            field: None,
            message: e.to_string(),
        })?;
        if !more {
            return Ok(rows);
        }
        let line = rec.position().map_or(0, |p| p.line());
        if rec.len() > width {
            return Err(ReadError::Malformed {
                file: s.name.clone(),
                line,
                field: None,
                message: format!("{} values where the header has {width} columns", rec.len()),
            });
        }
        let values: Vec<&str> = at.iter().map(|&i| rec.get(i).unwrap_or("")).collect();
        let row = u32::try_from(rows.len()).map_err(|_| ReadError::Malformed {
            file: s.name.clone(),
            line,
            field: None,
            message: "too many rows".into(),
        })?;
        rows.push(make(row, values[0], &values[1..]));
    }
}

#[cfg(test)]
mod tests {
    use super::super::from_sources;
    use super::*;
    use carefile_returns::Cell;

    #[test]
    fn columns_in_any_order_blank_lines_skipped_short_rows_padded() {
        let csv = "DOB,CHILD,REVIEW_CODE,REVIEW\r\n01/01/2015,c1,pn1,02/02/2025\r\n\r\n01/01/2015,c2\r\n";
        let r = from_sources(&[Source::new("r.csv", csv)], &[]).unwrap();
        let rows = &r.this.reviews.as_ref().unwrap().rows;
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[1].row, &*rows[1].child), (1, "C2"));
        assert_eq!(rows[0].review_code, Cell::Valid(carefile_domain::codes::ReviewParticipation::PN1));
        assert!(rows[1].review.is_blank());
    }

    #[test]
    fn too_many_values_name_the_line_and_near_miss_columns_are_explained() {
        let e = from_sources(&[Source::new("r.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\n1,2,3,4\n1,2,3,4,5\n")], &[])
            .unwrap_err();
        assert!(e.to_string().starts_with("r.csv, line 3: 5 values"), "{e}");
        let e = from_sources(&[Source::new("e.csv", "CHILD,DOB,REVIEW,REVIEW_CD\n")], &[]).unwrap_err().to_string();
        assert!(
            from_sources(&[Source::new("z.csv", " \n")], &[])
                .unwrap_err()
                .to_string()
                .contains("z.csv, line 1: the file is empty")
        );
        assert!(e.contains("nearest is Reviews: missing [REVIEW_CODE], unexpected [REVIEW_CD]"), "{e}");
    }
}
