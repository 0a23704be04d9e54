//! A CIN census read as a stream, never whole. The file is cut between its `<Child>` elements
//! into batches of about [`BATCH_BYTES`], each read by `carefile_cin::read` as a census of its
//! own: the file's own opening (declaration, header, `<Children>`) before the batch, and
//! `</Children></Message>` after it; the last batch is followed by the file's real end, so a
//! file cut short or with something after its census is refused as when read whole. Lines in
//! errors are the file's; rows are numbered as in the whole file (`RowsBefore`). A census in
//! another encoding (UTF-16) is converted to UTF-8 as it is read.

use carefile_cin::{Census, ReadError, ReadErrorKind};
use carefile_domain::CollectionYear;
use quick_xml::events::Event;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// About how many bytes of children one batch holds (a county's census is one batch).
pub const BATCH_BYTES: usize = 8 << 20;

/// Why a census could not be read as a stream: the file, or the census in it.
#[derive(Debug, thiserror::Error)]
pub enum CinError {
    #[error("cannot be read: {0}")]
    Io(#[from] std::io::Error),
    #[error("line {}: {}", .0.line, .0.kind)]
    Census(ReadError),
}

/// A reader that keeps what is consumed from it since it was last taken, and counts its lines.
struct Kept<R> {
    inner: R,
    kept: Vec<u8>,
    /// File offset of `kept[0]`, and newlines before it.
    start: u64,
    lines_before: usize,
}

impl<R: BufRead> Read for Kept<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let b = self.inner.fill_buf()?;
            let n = b.len().min(out.len());
            out[..n].copy_from_slice(&b[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Kept<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, n: usize) {
        if let Ok(b) = self.inner.fill_buf() {
            let n = n.min(b.len());
            self.kept.extend_from_slice(&b[..n]);
        }
        self.inner.consume(n);
    }
}

impl<R> Kept<R> {
    /// Takes the bytes kept up to file offset `to`.
    fn take(&mut self, to: u64) -> Vec<u8> {
        let n = usize::try_from(to - self.start).unwrap_or(usize::MAX).min(self.kept.len());
        let rest = self.kept.split_off(n);
        let taken = std::mem::replace(&mut self.kept, rest);
        self.start += taken.len() as u64;
        self.lines_before += newlines(&taken);
        taken
    }

    /// The file's 1-based line at offset `at` (at or after what was last taken).
    fn line_at(&self, at: u64) -> usize {
        let n = usize::try_from(at.saturating_sub(self.start)).unwrap_or(usize::MAX).min(self.kept.len());
        1 + self.lines_before + newlines(&self.kept[..n])
    }
}

fn newlines(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c == b'\n').count()
}

/// Reads the census in `path` batch by batch, giving `each` every batch's census.
pub fn cin_batches<E: From<CinError>>(
    path: &Path,
    year: CollectionYear,
    batch: usize,
    each: &mut dyn FnMut(&Census) -> Result<(), E>,
) -> Result<(), E> {
    let mut head = vec![0u8; 4096];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).map_err(CinError::from)?;
    let file = std::fs::File::open(path).map_err(CinError::from)?;
    match carefile_returns::text::encoding_of(&head[..n]) {
        // UTF-16 or a declared encoding: converted to UTF-8 as it is read.
        Some(encoding) => batches(carefile_returns::text::Utf8Reader::new(file, encoding), true, year, batch, each),
        None => {
            // A byte-order mark is taken off before the XML reader (which would skip it
            // without counting it in its positions), and put back at each batch's start.
            let mut text = BufReader::with_capacity(1 << 16, file);
            let bom = text.fill_buf().map_err(CinError::from)?.starts_with(BOM);
            if bom {
                text.consume(BOM.len());
            }
            batches(text, bom, year, batch, each)
        }
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The census in UTF-8 `text` batch by batch; with `bom`, each batch starts with UTF-8's
/// byte-order mark, so it is read as UTF-8 whatever the declaration it carries says (as the file
/// was, marked or converted).
fn batches<E: From<CinError>>(
    text: impl BufRead,
    bom: bool,
    year: CollectionYear,
    batch: usize,
    each: &mut dyn FnMut(&Census) -> Result<(), E>,
) -> Result<(), E> {
    let mark = if bom { BOM } else { b"" };
    let kept = Kept { inner: text, kept: Vec::new(), start: 0, lines_before: 0 };
    let mut xml = quick_xml::Reader::from_reader(kept);
    let mut buf = Vec::new();
    let mut stack: Vec<Vec<u8>> = Vec::new();
    // The file up to its first child, and its lines; where the children not yet read began.
    let mut opening: Option<(Vec<u8>, usize)> = None;
    let mut batch_from: Option<u64> = None;
    let read = |doc: &[u8], opening_lines: usize, body_line: usize| {
        carefile_cin::read(doc, year).map(|r| r.census).map_err(|mut e| {
            // A line of the batch is the file's line: moved past the lines of the opening.
            if e.line > opening_lines {
                e.line = e.line - opening_lines + body_line;
            }
            CinError::Census(e)
        })
    };
    loop {
        let before = xml.buffer_position();
        let event = match xml.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(quick_xml::Error::Io(e)) => {
                return Err(match e.get_ref().and_then(|e| e.downcast_ref::<carefile_returns::text::NotText>()) {
                    Some(not) => CinError::Census(ReadError::not_text(not)),
                    None => CinError::Io(std::io::Error::new(e.kind(), e.to_string())),
                }
                .into());
            }
            Err(e) => {
                let line = xml.get_ref().line_at(xml.error_position());
                let element = stack.last().map(|n| String::from_utf8_lossy(n).into_owned());
                return Err(CinError::Census(ReadError {
                    line,
                    element,
                    kind: ReadErrorKind::Malformed(e.to_string()),
                })
                .into());
            }
        };
        let in_children = |stack: &[Vec<u8>]| stack.len() == 2 && stack[0] == b"Message" && stack[1] == b"Children";
        // Whether a child of <Children> has just closed: where a batch may end.
        let mut boundary = false;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let child = in_children(&stack) && e.name().as_ref() == b"Child";
                if child {
                    if opening.is_none() {
                        let bytes = [mark, &xml.get_mut().take(before)].concat();
                        let lines = newlines(&bytes);
                        opening = Some((bytes, lines));
                    }
                    batch_from.get_or_insert(before);
                }
                match event {
                    Event::Start(_) => stack.push(e.name().as_ref().to_vec()),
                    _ => boundary = in_children(&stack),
                }
            }
            Event::End(_) => {
                stack.pop();
                boundary = in_children(&stack);
            }
            Event::Eof => break,
            _ => {}
        }
        let at = xml.buffer_position();
        if let (true, Some(from), Some((open, open_lines))) = (boundary, batch_from, &opening) {
            if at - from >= batch as u64 {
                let body_line = xml.get_ref().lines_before;
                let mut doc = open.clone();
                doc.extend(xml.get_mut().take(at));
                doc.extend_from_slice(b"\n</Children></Message>\n");
                each(&read(&doc, *open_lines, body_line)?)?;
                batch_from = None;
            }
        }
        buf.clear();
    }
    // The children not yet read, and the file's real end.
    let end = xml.buffer_position();
    let body_line = xml.get_ref().lines_before;
    let rest = xml.get_mut().take(end);
    let (mut doc, open_lines) = opening.unwrap_or_else(|| (mark.to_vec(), 0));
    doc.extend(rest);
    each(&read(&doc, open_lines, body_line)?)
}
