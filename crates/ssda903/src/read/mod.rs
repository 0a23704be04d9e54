//! Reading an SSDA903 return: CSV tables (recognised by their exact column set)
//! or the DfE XML, for this year and optionally the previous year.

mod csv;
mod xml;

use crate::tables::{Return, Table, Tables, derive_uasc};
use std::path::{Path, PathBuf};

/// Why a return could not be read. Always names the file, and the line (and
/// field or element) where known.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{file}: cannot be read: {source}")]
    Io { file: String, source: std::io::Error },
    #[error("{file}: {problem}; save it as UTF-8 (CSV UTF-8 in Excel) and try again")]
    Encoding { file: String, problem: String },
    #[error("{file}, line {line}{}: {message}", field.as_ref().map(|f| format!(", {f}")).unwrap_or_default())]
    Malformed { file: String, line: u64, field: Option<String>, message: String },
    #[error("{file}: its columns ({columns}) are not those of any SSDA903 table{hint}")]
    UnknownColumns { file: String, columns: String, hint: String },
    #[error("{file} and {other} both hold the {table} table")]
    Duplicate { file: String, other: String, table: &'static str },
    #[error("{0}")]
    NoInput(String),
}

/// One input file's name (for messages) and contents.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Source {
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Source { name: name.into(), bytes: bytes.into() }
    }

    fn is_xml(&self) -> bool {
        match Path::new(&self.name).extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("xml") => true,
            Some(e) if e.eq_ignore_ascii_case("csv") => false,
            _ => {
                self.bytes.iter().find(|b| !b.is_ascii_whitespace() && **b != 0xEF && **b != 0xBB && **b != 0xBF)
                    == Some(&b'<')
            }
        }
    }
}

/// Reads this year's inputs and the previous year's (either may name files or
/// folders; a folder contributes its `.csv` and `.xml` files).
pub fn load(this_year: &[PathBuf], previous: &[PathBuf]) -> Result<Return, ReadError> {
    let this = read_paths(this_year)?;
    if this.is_empty() {
        return Err(ReadError::NoInput("no SSDA903 files were given for this year".into()));
    }
    from_sources(&this, &read_paths(previous)?)
}

/// Which rows a read keeps: asked of every row, with the row's child (as the row holds it) and
/// the row itself (an `&Episode`, a `&Header`…), so it also sees the rows it lets go.
pub type Keep<'a> = dyn FnMut(&str, &dyn std::any::Any) -> bool + 'a;

/// Reads one year's inputs (files or folders, as [`load`] does) keeping only the rows `keep`
/// wants, each numbered as it stands in its file. A CSV is read as a stream, never whole (an
/// import of a return of any size reads it once per part of its children), converted to UTF-8
/// as it is read when it is in another encoding (UTF-16); the XML is read whole and then kept from.
pub fn load_kept(paths: &[PathBuf], keep: &mut Keep) -> Result<Tables, ReadError> {
    let files = files_in(paths)?;
    if files.is_empty() {
        return Err(ReadError::NoInput("no SSDA903 files were given for this year".into()));
    }
    let mut heads = Vec::new();
    for f in &files {
        let name = f.display().to_string();
        let mut head = vec![0u8; 4096];
        let n = std::fs::File::open(f)
            .and_then(|mut file| std::io::Read::read(&mut file, &mut head))
            .map_err(|source| ReadError::Io { file: name.clone(), source })?;
        head.truncate(n);
        heads.push(Source { name, bytes: head });
    }
    let (mut t, mut seen) = (Tables::default(), Vec::new());
    let (xml, csvs): (Vec<_>, Vec<_>) = files.iter().zip(heads).partition(|(_, head)| head.is_xml());
    // As `read_year`: one XML at most, read first, and the CSVs beside it of the tables it lacks.
    if let [(_, a), (_, b), ..] = xml.as_slice() {
        return Err(ReadError::NoInput(format!("only one XML file per year can be read ({} and {})", a.name, b.name)));
    }
    if let Some((f, head)) = xml.first() {
        let file = TextFile::new(f, &head.name, &head.bytes);
        file.check(&mut |_| ())?;
        t = xml::read_from(file.open()?, file.name, keep, &|at| file.line_at(at))?;
        seen = held(&t, &head.name);
    }
    for (f, head) in csvs {
        // What is not text (a zip named .csv, a gzip) is read whole, and refused as `load` would.
        if head.bytes.starts_with(b"PK\x03\x04") || head.bytes.starts_with(&[0x1F, 0x8B]) {
            let whole = Source { bytes: std::fs::read(f).map_err(io(f))?, ..head };
            csv::read_into(&whole, &mut t, &mut seen, keep)?;
        } else {
            csv::stream_into(&TextFile::new(f, &head.name, &head.bytes), &mut t, &mut seen, keep)?;
        }
    }
    if xml.is_empty() {
        derive_uasc(&mut t);
    }
    Ok(t)
}

/// A file's text read as a stream, in UTF-8 whatever encoding it is in (converted as it is
/// read, see `carefile_returns::text`), never whole.
pub(crate) struct TextFile<'a> {
    path: &'a Path,
    name: &'a str,
    converted: Option<(&'static carefile_returns::text::Encoding, usize)>,
}

impl<'a> TextFile<'a> {
    /// The file at `path`, called `name` in messages, which starts with `head`.
    fn new(path: &'a Path, name: &'a str, head: &[u8]) -> Self {
        TextFile { path, name, converted: carefile_returns::text::encoding_of(head) }
    }

    fn io(&self) -> impl Fn(std::io::Error) -> ReadError + '_ {
        move |e| match e.get_ref().and_then(|e| e.downcast_ref::<carefile_returns::text::NotText>()) {
            Some(not) => ReadError::Encoding { file: self.name.to_string(), problem: not.problem.clone() },
            None => ReadError::Io { file: self.name.to_string(), source: e },
        }
    }

    /// The text from its start (without a byte-order mark).
    fn open(&self) -> Result<Box<dyn std::io::BufRead + 'a>, ReadError> {
        use std::io::BufRead;
        let file = std::fs::File::open(self.path).map_err(self.io())?;
        if let Some(from) = self.converted {
            return Ok(Box::new(carefile_returns::text::Utf8Reader::new(file, from)));
        }
        let mut file = std::io::BufReader::with_capacity(1 << 16, file);
        if file.fill_buf().map_err(self.io())?.starts_with(b"\xEF\xBB\xBF") {
            file.consume(3);
        }
        Ok(Box::new(file))
    }

    /// Reads the whole text once, giving it to `feed` piece by piece, and refuses what
    /// `carefile_returns::text::decode` refuses of the file read whole, in the same words: bytes
    /// that are not text in its encoding, or, in UTF-8, a NUL or bytes that are not UTF-8 (with
    /// their line).
    fn check(&self, feed: &mut dyn FnMut(&[u8])) -> Result<(), ReadError> {
        let mut text = self.open()?;
        let mut lines_before = 0;
        // Bytes of a UTF-8 character cut by the end of a read, carried to the next.
        let mut carry = Vec::new();
        loop {
            let read = text.fill_buf().map_err(self.io())?;
            let (n, last) = (read.len(), read.is_empty());
            let mut chunk = std::mem::take(&mut carry);
            chunk.extend_from_slice(read);
            text.consume(n);
            if self.converted.is_some() {
                feed(&chunk);
            } else {
                let (valid, bad) = match std::str::from_utf8(&chunk) {
                    Ok(_) => (chunk.len(), false),
                    // An incomplete character at the end of a read (not the file's): carried over.
                    Err(e) if e.error_len().is_none() && !last => (e.valid_up_to(), false),
                    Err(e) => (e.valid_up_to(), true),
                };
                let nul = chunk[..valid].iter().position(|&b| b == 0);
                if let Some(at) = nul.or(bad.then_some(valid)) {
                    let line = lines_before + 1 + chunk[..at].iter().filter(|&&b| b == b'\n').count() as u64;
                    let problem = match nul {
                        Some(_) => "the file holds binary data (a NUL byte), not text",
                        None => "these bytes are not UTF-8 text",
                    };
                    let problem = if line > 1 { format!("{problem} (line {line})") } else { problem.to_string() };
                    return Err(ReadError::Encoding { file: self.name.to_string(), problem });
                }
                lines_before += chunk[..valid].iter().filter(|&&b| b == b'\n').count() as u64;
                feed(&chunk[..valid]);
                carry = chunk[valid..].to_vec();
            }
            if last {
                return Ok(());
            }
        }
    }

    /// The 1-based line of offset `at` of the text (read again from the start: for errors).
    fn line_at(&self, at: u64) -> u64 {
        let mut lines = 1;
        let Ok(text) = self.open() else { return lines };
        for b in std::io::Read::bytes(std::io::Read::take(text, at)) {
            match b {
                Ok(b'\n') => lines += 1,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        lines
    }
}

/// Reads already-loaded inputs: this year's and the previous year's.
pub fn from_sources(this_year: &[Source], previous: &[Source]) -> Result<Return, ReadError> {
    Ok(Return { this: read_year(this_year)?, last: read_year(previous)? })
}

fn read_year(sources: &[Source]) -> Result<Tables, ReadError> {
    let (xml, csv): (Vec<&Source>, Vec<&Source>) = sources.iter().partition(|s| s.is_xml());
    let tables = match (xml.as_slice(), csv.is_empty()) {
        ([], _) => {
            let mut t = Tables::default();
            let mut seen = Vec::new();
            for s in csv {
                csv::read_into(s, &mut t, &mut seen, &mut |_, _| true)?;
            }
            derive_uasc(&mut t);
            t
        }
        // The XML carries neither social worker episodes nor DoLOs: CSVs beside it may (as
        // `export ssda903 --xml` writes them); a CSV of a table the XML holds is refused.
        ([x], _) => {
            let mut t = xml::read(x)?;
            let mut seen = held(&t, &x.name);
            for s in csv {
                csv::read_into(s, &mut t, &mut seen, &mut |_, _| true)?;
            }
            t
        }
        ([a, b, ..], _) => {
            return Err(ReadError::NoInput(format!(
                "only one XML file per year can be read ({} and {})",
                a.name, b.name
            )));
        }
    };
    Ok(tables)
}

/// The tables `t` holds, as read from `file` (so a CSV of one of them is refused).
fn held(t: &Tables, file: &str) -> Vec<(&'static str, String)> {
    use crate::tables::*;
    let mut seen = Vec::new();
    macro_rules! held {
        ($row:ident, $field:ident) => {
            if t.$field.is_some() {
                seen.push(($row::TABLE, file.to_string()));
            }
        };
    }
    each_table!(held);
    seen
}

fn io(p: &Path) -> impl Fn(std::io::Error) -> ReadError + '_ {
    move |source| ReadError::Io { file: p.display().to_string(), source }
}

fn read_paths(paths: &[PathBuf]) -> Result<Vec<Source>, ReadError> {
    files_in(paths)?
        .iter()
        .map(|f| Ok(Source { name: f.display().to_string(), bytes: std::fs::read(f).map_err(io(f))? }))
        .collect()
}

/// The files `paths` name: files as given, a folder's `.csv` and `.xml` files in name order.
fn files_in(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ReadError> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(io(p))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.is_file()
                        && f.extension()
                            .and_then(|e| e.to_str())
                            .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("xml"))
                })
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(p.clone());
        }
    }
    Ok(files)
}

/// Stores a table read from `file`, refusing a second file for the same table.
fn put<R: crate::tables::Record>(
    slot: &mut Option<Table<R>>,
    rows: Vec<R>,
    file: &str,
    seen: &mut Vec<(&'static str, String)>,
) -> Result<(), ReadError> {
    if let Some((_, other)) = seen.iter().find(|(t, _)| *t == R::TABLE) {
        return Err(ReadError::Duplicate { file: file.into(), other: other.clone(), table: R::TABLE });
    }
    seen.push((R::TABLE, file.into()));
    *slot = Some(Table::new(rows));
    Ok(())
}

/// Calls `$m!(RowType, field)` for every table.
macro_rules! each_table {
    ($m:ident) => {
        $m!(Header, header);
        $m!(Episode, episodes);
        $m!(Review, reviews);
        $m!(Uasc, uasc);
        $m!(Oc2, oc2);
        $m!(Oc3, oc3);
        $m!(Ad1, ad1);
        $m!(PlacedAdoption, placed_adoption);
        $m!(PrevPerm, prev_perm);
        $m!(Missing, missing);
        $m!(SwEpisode, sw_episodes);
        $m!(DoLo, dolo);
    };
}
use each_table;

/// The 1-based line of byte offset `at` in `bytes`.
fn line_of(bytes: &[u8], at: usize) -> u64 {
    1 + bytes[..at.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() as u64
}

/// The file as text in whatever encoding it came (see `carefile_returns::text`), or why it is not.
fn utf8(s: &Source) -> Result<std::borrow::Cow<'_, str>, ReadError> {
    carefile_returns::text::decode(&s.bytes).map_err(|e| ReadError::Encoding {
        file: s.name.clone(),
        problem: if e.line > 1 { format!("{} (line {})", e.problem, e.line) } else { e.problem },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use carefile_returns::Cell;

    #[test]
    fn folder_of_csvs_and_previous_year_load_by_columns_not_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("whatever.csv"),
            "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,m,01/01/2015,WBRI,,,\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("u.CSV"), "CHILD,SEX,DOB,DUC\n1,M,01/01/2015,\n").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
        let prev = dir.path().join("prev.csv");
        std::fs::write(&prev, "\u{feff}CHILD,DOB,REVIEW,REVIEW_CODE\n1,01/01/2015,01/06/2024,PN1\n").unwrap();
        let r = load(&[dir.path().to_path_buf()], &[prev]).unwrap();
        let h = &r.this.header.as_ref().unwrap().rows[0];
        assert_eq!(h.uasc, Cell::Valid(true));
        assert_eq!(h.sex, Cell::Valid(carefile_domain::codes::Sex::Male));
        assert_eq!(r.last.reviews.as_ref().unwrap().len(), 1);
        assert!(r.this.episodes.is_none());
    }

    #[test]
    fn utf16_with_or_without_a_bom_reads_as_utf8_does() {
        let csv = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n1,1,01/01/2015,WBRI,UN1,,\r\n";
        let plain = from_sources(&[Source::new("h.csv", csv)], &[]).unwrap();
        for (little, bom) in [(true, true), (false, true), (true, false), (false, false)] {
            let mut bytes: Vec<u8> = match (bom, little) {
                (false, _) => vec![],
                (true, true) => vec![0xFF, 0xFE],
                (true, false) => vec![0xFE, 0xFF],
            };
            bytes.extend(csv.encode_utf16().flat_map(|u| if little { u.to_le_bytes() } else { u.to_be_bytes() }));
            let r = from_sources(&[Source::new("h.csv", bytes)], &[]).unwrap_or_else(|e| panic!("{little} {bom}: {e}"));
            assert_eq!(r.this.header.unwrap().rows, plain.this.header.as_ref().unwrap().rows);
        }
    }

    #[test]
    fn a_return_given_the_wrong_year_says_which_it_looks_like() {
        use carefile_domain::CollectionYear;
        let eps = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n\
                   1,01/05/2025,S,C2,N1,U1,PR1,,,,,,\n2,01/05/2024,S,C2,N1,U1,PR1,01/06/2024,E11,,,,\n";
        let t = from_sources(&[Source::new("e.csv", eps)], &[]).unwrap().this;
        assert_eq!(t.not_of_year(CollectionYear::new(2026)), None);
        assert_eq!(
            t.not_of_year(CollectionYear::new(2019)).unwrap(),
            "an episode starts on 2025-05-01, after collection year 2018-19 ends (2019-03-31); the return looks like 2025-26 (--year 2026)"
        );
        let ended = from_sources(&[Source::new("e.csv", eps.replace(",,,,,,\n2", ",01/06/2025,E11,,,,\n2"))], &[]).unwrap().this;
        assert_eq!(ended.not_of_year(CollectionYear::new(2027)).unwrap(), "every episode ended before collection year 2026-27 began (2026-04-01)");
    }

    #[test]
    fn a_streamed_read_keeps_what_a_whole_read_reads_and_refuses_in_the_same_words() {
        let dir = tempfile::tempdir().unwrap();
        let hdr = b"CHILD,DOB,REVIEW,REVIEW_CODE\n".to_vec();
        // Beyond one read of the stream, with characters of two bytes cut by the reads' ends.
        let long: Vec<u8> = [hdr.clone(), "1,01/01/2015,Zoë,PN1\r\n".repeat(9000).into_bytes()].concat();
        let with = |tail: &[u8]| [long.clone(), tail.to_vec()].concat();
        let good = dir.path().join("good.csv");
        std::fs::write(&good, [b"\xEF\xBB\xBF".to_vec(), with(b"2,\"a\nb\",x,y\n")].concat()).unwrap();
        let whole = load(std::slice::from_ref(&good), &[]).unwrap().this.reviews.unwrap();
        let streamed = load_kept(std::slice::from_ref(&good), &mut |_, _| true).unwrap().reviews.unwrap();
        assert_eq!((streamed.rows.len(), &streamed.rows), (9001, &whole.rows));
        let odd = load_kept(std::slice::from_ref(&good), &mut |child, _| child == "2").unwrap().reviews.unwrap();
        assert_eq!((odd.rows.len(), odd.rows[0].row), (1, 9000), "a kept row keeps its number");
        // UTF-16 (as Excel saves "Unicode text"), with and without its mark, streams too.
        let text = String::from_utf8(with(b"2,\"a\nb\",x,y\n")).unwrap();
        for (little, bom) in [(true, true), (false, true), (true, false)] {
            let mut bytes: Vec<u8> = match (bom, little) {
                (false, _) => vec![],
                (true, true) => vec![0xFF, 0xFE],
                (true, false) => vec![0xFE, 0xFF],
            };
            bytes.extend(text.encode_utf16().flat_map(|u| if little { u.to_le_bytes() } else { u.to_be_bytes() }));
            let f = dir.path().join("utf16.csv");
            std::fs::write(&f, &bytes).unwrap();
            let streamed = load_kept(std::slice::from_ref(&f), &mut |_, _| true).unwrap().reviews.unwrap();
            assert_eq!(streamed.rows, whole.rows, "little {little} bom {bom}");
            bytes.pop();
            std::fs::write(&f, &bytes).unwrap();
            let cut = load(std::slice::from_ref(&f), &[]).unwrap_err().to_string();
            assert_eq!(load_kept(&[f], &mut |_, _| true).unwrap_err().to_string(), cut, "little {little} bom {bom}");
        }
        let cases: [(&str, Vec<u8>); 7] = [
            ("empty", b" \n\n".to_vec()),
            ("nul", with(b"2,x\x00,y,z\n")),
            ("latin", with(b"2,Zo\xeb,y,z\n")),
            ("cut", with(b"2,Zo\xc3")),
            ("quote", with(b"2,\"01/01/2015,y,z\n3,a,b,c\n")),
            ("columns", b"A,B\n1,2\n".to_vec()),
            ("width", with(b"2,a,b,c,d\n")),
        ];
        for (name, bytes) in cases {
            let f = dir.path().join(format!("{name}.csv"));
            std::fs::write(&f, &bytes).unwrap();
            let whole = load(std::slice::from_ref(&f), &[]).unwrap_err().to_string();
            let streamed = load_kept(&[f], &mut |_, _| true).unwrap_err().to_string();
            assert_eq!(streamed, whole, "{name}");
        }
    }

    #[test]
    fn bad_inputs_give_errors_naming_the_file() {
        let e = |this: Vec<Source>| from_sources(&this, &[]).unwrap_err().to_string();
        assert!(e(vec![Source::new("b.csv", b"CHILD\n\x00\xff\xfe".to_vec())]).contains("b.csv: the file holds binary data"));
        assert!(e(vec![Source::new("w.csv", b"CHILD,SEX\n\xe9,1\n".to_vec())]).contains("w.csv: these bytes are not UTF-8 text (line 2)"));
        assert!(e(vec![Source::new("x.xlsx", b"PK\x03\x04\x14\x00".to_vec())]).contains("x.xlsx: the file is a zip archive"));
        assert!(e(vec![Source::new("c.csv", "A,B\n1,2\n")]).contains("c.csv: its columns (A, B)"));
        let hdr = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n";
        let dup = e(vec![Source::new("a.csv", hdr), Source::new("b.csv", hdr)]);
        assert!(dup.contains("b.csv and a.csv both hold the Header table"), "{dup}");
        let beside = e(vec![Source::new("a.csv", hdr), Source::new("b.xml", "<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID></HEADER></CHILD></EXPSSDA903>")]);
        assert!(beside.contains("a.csv and b.xml both hold the Header table"), "{beside}");
        assert!(load(&[], &[]).is_err());
        assert!(matches!(load(&["/nonexistent/x.csv".into()], &[]), Err(ReadError::Io { .. })));
    }
}
