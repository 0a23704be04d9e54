//! CSV tables, recognised by their exact set of column names (any order, any file name).

use super::{Keep, ReadError, Source, TextFile, each_table, put, utf8};
use crate::tables::*;

/// Reads one CSV file into the table its columns name.
pub(super) fn read_into(
    s: &Source,
    t: &mut Tables,
    seen: &mut Vec<(&'static str, String)>,
    keep: &mut Keep,
) -> Result<(), ReadError> {
    let text = utf8(s)?;
    let mut scan = Scan::default();
    scan.feed(text.as_bytes());
    scan.verdict(&s.name)?;
    read_csv(::csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes()), &s.name, t, seen, keep)
}

/// Reads a CSV file as a stream, never whole: a first pass for what would make it unreadable
/// (not text, a quote that never closes, nothing at all), a second for its rows.
pub(super) fn stream_into(
    file: &TextFile,
    t: &mut Tables,
    seen: &mut Vec<(&'static str, String)>,
    keep: &mut Keep,
) -> Result<(), ReadError> {
    let mut scan = Scan::default();
    scan.feed(b"");
    file.check(&mut |text| scan.feed(text))?;
    scan.verdict(file.name)?;
    read_csv(::csv::ReaderBuilder::new().flexible(true).from_reader(file.open()?), file.name, t, seen, keep)
}

fn read_csv<R: std::io::Read>(
    mut rdr: ::csv::Reader<R>,
    name: &str,
    t: &mut Tables,
    seen: &mut Vec<(&'static str, String)>,
    keep: &mut Keep,
) -> Result<(), ReadError> {
    let malformed =
        |line: u64, message: String| ReadError::Malformed { file: name.to_string(), line, field: None, message };
    let header: Vec<String> =
        rdr.headers().map_err(|e| malformed(1, e.to_string()))?.iter().map(|c| c.trim().to_string()).collect();
    if let Some((i, j)) = (0..header.len()).find_map(|j| (0..j).find(|&i| header[i] == header[j]).map(|i| (i, j))) {
        return Err(ReadError::Malformed {
            file: name.to_string(),
            line: 1,
            field: Some(header[j].clone()),
            message: format!("the column {} appears twice (columns {} and {})", header[j], i + 1, j + 1),
        });
    }

    macro_rules! try_table {
        ($row:ident, $field:ident) => {
            if let Some(at) = positions($row::COLUMNS, &header) {
                let rows = read_rows(&mut rdr, &at, header.len(), name, $row::from_raw, keep)?;
                return put(&mut t.$field, rows, name, seen);
            }
        };
    }
    each_table!(try_table);
    Err(ReadError::UnknownColumns { file: name.to_string(), columns: header.join(", "), hint: nearest(&header) })
}

/// What a first pass over a CSV file finds that would make it unreadable: a quoted value that
/// never closes (the CSV reader would otherwise take the rest of the file as that one value
/// without a word), or no text at all. Fed the file's bytes in pieces of any size.
#[derive(Default)]
struct Scan {
    at: At,
    lines_before: u64,
    /// Characters into the current line.
    column: usize,
    /// Where the quoted value now open began (line and character, 1-based).
    began: (u64, usize),
    blank: bool,
    fed: bool,
}

#[derive(Default, PartialEq)]
enum At {
    #[default]
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

impl Scan {
    fn feed(&mut self, bytes: &[u8]) {
        if !self.fed {
            (self.fed, self.blank) = (true, true);
        }
        for &b in bytes {
            // A character is counted at its first byte.
            if b & 0xC0 == 0x80 {
                continue;
            }
            self.column += 1;
            self.blank &= b.is_ascii_whitespace();
            let at = std::mem::take(&mut self.at);
            self.at = match (at, b) {
                (At::Quoted, b'"') => At::QuoteInQuoted,
                (At::Quoted, _) => At::Quoted,
                (At::QuoteInQuoted, b'"') => At::Quoted,
                (At::FieldStart, b'"') => {
                    self.began = (self.lines_before + 1, self.column);
                    At::Quoted
                }
                (_, b',' | b'\n' | b'\r') => At::FieldStart,
                _ => At::Unquoted,
            };
            if b == b'\n' {
                self.lines_before += 1;
                self.column = 0;
            }
        }
    }

    fn verdict(&self, name: &str) -> Result<(), ReadError> {
        let malformed =
            |line: u64, message: String| ReadError::Malformed { file: name.to_string(), line, field: None, message };
        if !self.fed || self.blank {
            return Err(malformed(1, "the file is empty".into()));
        }
        if self.at == At::Quoted {
            let (line, column) = self.began;
            return Err(malformed(
                line,
                format!(
                    "the quoted value that begins at character {column} never closes (a \" with no closing \"), so \
                     everything after it would be read as one value"
                ),
            ));
        }
        Ok(())
    }
}

/// Where each of `columns` is in `header`, when the two are the same set.
fn positions(columns: &[&str], header: &[String]) -> Option<Vec<usize>> {
    if columns.len() != header.len() {
        return None;
    }
    columns.iter().map(|c| header.iter().position(|h| h == c)).collect()
}

/// Names the table these columns come closest to, what differs, and for each unexpected column
/// the expected one it nearly is (another case, a letter or two out).
fn nearest(header: &[String]) -> String {
    let mut best: Option<(usize, &str, &[&str])> = None;
    macro_rules! score {
        ($row:ident, $field:ident) => {
            let shared = $row::COLUMNS.iter().filter(|c| header.iter().any(|h| near(h, c))).count();
            if shared > 1 && best.is_none_or(|b| shared > b.0) {
                best = Some((shared, $row::TABLE, $row::COLUMNS));
            }
        };
    }
    each_table!(score);
    let Some((_, table, cols)) = best else { return String::new() };
    let missing: Vec<&str> = cols.iter().copied().filter(|c| !header.iter().any(|h| h == c)).collect();
    let extra: Vec<String> = header
        .iter()
        .filter(|h| !cols.contains(&h.as_str()))
        .map(|h| match missing.iter().find(|c| near(h, c)) {
            Some(c) => format!("{h} (did you mean {c}?)"),
            None => h.clone(),
        })
        .collect();
    format!(
        " (nearest is {table}: missing [{}], unexpected [{}]; column names must match exactly, in upper case)",
        missing.join(", "),
        extra.join(", ")
    )
}

/// Whether a column name is an expected one but for case or one or two letters.
fn near(found: &str, expected: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (found.to_ascii_uppercase().chars().collect(), expected.chars().collect());
    if a == b {
        return true;
    }
    // Edit distance, bounded: names are short.
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()] <= 2 && b.len() > 3
}

fn read_rows<R: 'static, I: std::io::Read>(
    rdr: &mut ::csv::Reader<I>,
    at: &[usize],
    width: usize,
    name: &str,
    make: fn(u32, &str, &[&str]) -> R,
    keep: &mut Keep,
) -> Result<Vec<R>, ReadError>
where
    R: Record,
{
    let mut rows = Vec::new();
    let mut rec = ::csv::StringRecord::new();
    // Every row is numbered as it stands in the file, kept or not.
    let mut number: u32 = 0;
    loop {
        let more = rdr.read_record(&mut rec).map_err(|e| ReadError::Malformed {
            file: name.to_string(),
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
                file: name.to_string(),
                line,
                field: None,
                message: format!("{} values where the header has {width} columns", rec.len()),
            });
        }
        let values: Vec<&str> = at.iter().map(|&i| rec.get(i).unwrap_or("")).collect();
        let row = make(number, values[0], &values[1..]);
        if keep(row.child(), &row) {
            rows.push(row);
        }
        number = number.checked_add(1).ok_or_else(|| ReadError::Malformed {
            file: name.to_string(),
            line,
            field: None,
            message: "too many rows".into(),
        })?;
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
        assert!(e.contains("nearest is Reviews: missing [REVIEW_CODE], unexpected [REVIEW_CD (did you mean REVIEW_CODE?)]"), "{e}");
    }

    #[test]
    fn an_unclosed_quote_is_named_where_it_begins_and_doubled_quotes_are_not() {
        let hdr = "CHILD,DOB,REVIEW,REVIEW_CODE\n";
        let e = |csv: &str| from_sources(&[Source::new("r.csv", csv)], &[]).unwrap_err().to_string();
        let unclosed = format!("{hdr}1,01/01/2015,01/06/2025,PN1\n2,\"01/01/2015,01/06/2025,PN1\n3,01/01/2015,01/06/2025,PN1\n");
        assert_eq!(
            e(&unclosed),
            "r.csv, line 3: the quoted value that begins at character 3 never closes (a \" with no closing \"), so \
             everything after it would be read as one value"
        );
        let fine = format!("{hdr}1,\"01/01/2015\",01/06/2025,\"P\"\"N1\"\n2,01/\"01,01/06/2025,\"multi\nline\"\n");
        let r = from_sources(&[Source::new("r.csv", fine)], &[]).unwrap();
        assert_eq!(r.this.reviews.unwrap().len(), 2, "quotes that close, doubled quotes, and a quote inside a value");
    }

    #[test]
    fn a_column_twice_or_in_lower_case_is_named() {
        let e = |csv: &str| from_sources(&[Source::new("h.csv", csv)], &[]).unwrap_err().to_string();
        assert_eq!(
            e("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,SEX\n"),
            "h.csv, line 1, SEX: the column SEX appears twice (columns 2 and 8)"
        );
        let lower = e("child,sex,dob,ethnic,upn,mother,mc_dob\n");
        assert!(lower.contains("nearest is Header: missing [CHILD, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB]"), "{lower}");
        assert!(lower.contains("child (did you mean CHILD?)") && lower.contains("mc_dob (did you mean MC_DOB?)"), "{lower}");
    }
}
