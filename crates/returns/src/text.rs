//! An outside file's bytes as text, whatever encoding it came in: UTF-8 (a byte-order mark
//! stripped), UTF-16 with or without a byte-order mark, or the encoding an XML declaration names
//! (ISO-8859-1, Windows-1252…). What is not text (a zip such as an Excel workbook, a gzip, binary
//! data) or not UTF-8 with nothing declared is said plainly, with the line where it shows.

use std::borrow::Cow;

pub use encoding_rs::Encoding;

/// Why bytes are not text: the 1-based line where it shows and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotText {
    pub line: usize,
    pub problem: String,
    /// Bytes that would be text in another encoding (so saving as UTF-8 is the remedy).
    pub wrong_encoding: bool,
}

/// The bytes as text.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, NotText> {
    let refuse = |line: usize, problem: &str, wrong_encoding: bool| Err(NotText { line, problem: problem.into(), wrong_encoding });
    if bytes.starts_with(b"PK\x03\x04") {
        return refuse(1, "the file is a zip archive (an Excel workbook or a zipped folder), not text", false);
    }
    if bytes.starts_with(&[0x1F, 0x8B]) {
        return refuse(1, "the file is gzip-compressed, not text: decompress it first", false);
    }
    if let Some((encoding, bom)) = encoding_of(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(not_valid(encoding));
        }
        return Ok(Cow::Owned(text.into_owned()));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // The first of a NUL and bytes that are not UTF-8, as a reader of the file as a stream meets them.
    let utf8 = std::str::from_utf8(body);
    let valid = utf8.as_ref().map_or_else(|e| e.valid_up_to(), |_| body.len());
    if let Some(at) = body[..valid].iter().position(|&c| c == 0) {
        return refuse(line_at(body, at), "the file holds binary data (a NUL byte), not text", false);
    }
    utf8.map(Cow::Borrowed).map_err(|e| NotText {
        line: line_at(body, e.valid_up_to()),
        problem: "these bytes are not UTF-8 text".into(),
        wrong_encoding: true,
    })
}

/// The encoding other than UTF-8 that text starting with `head` (its first few hundred bytes)
/// is in, and the length of its byte-order mark: UTF-16 by its mark, or without one when ASCII
/// text has every other byte zero; else the encoding an XML declaration names. `None` for UTF-8.
pub fn encoding_of(head: &[u8]) -> Option<(&'static encoding_rs::Encoding, usize)> {
    let (encoding, bom) = match encoding_rs::Encoding::for_bom(head) {
        Some(found) => found,
        None => match head {
            [x, 0, ..] if *x != 0 => (encoding_rs::UTF_16LE, 0),
            [0, x, ..] if *x != 0 => (encoding_rs::UTF_16BE, 0),
            _ => (declared_encoding(head)?, 0),
        },
    };
    (encoding != encoding_rs::UTF_8).then_some((encoding, bom))
}

fn not_valid(encoding: &'static encoding_rs::Encoding) -> NotText {
    NotText { line: 1, problem: format!("the file is not valid {} text", encoding.name()), wrong_encoding: true }
}

/// Text in another encoding read as UTF-8, converted as it is read: what [`decode`] gives of a
/// file [`encoding_of`] names an encoding for, without holding the file. Bytes that are not
/// text in that encoding fail a read with [`std::io::ErrorKind::InvalidData`], whose inner
/// error is the [`NotText`] `decode` gives.
pub struct Utf8Reader<R> {
    inner: R,
    encoding: &'static encoding_rs::Encoding,
    decoder: encoding_rs::Decoder,
    /// Byte-order mark still to skip.
    skip: usize,
    input: Vec<u8>,
    output: Vec<u8>,
    at: usize,
    done: bool,
}

impl<R: std::io::Read> Utf8Reader<R> {
    /// Reads `inner`, text in `encoding` starting with `bom` bytes of byte-order mark.
    pub fn new(inner: R, (encoding, bom): (&'static encoding_rs::Encoding, usize)) -> Self {
        Utf8Reader {
            inner,
            encoding,
            decoder: encoding.new_decoder_without_bom_handling(),
            skip: bom,
            input: vec![0; 1 << 16],
            output: Vec::new(),
            at: 0,
            done: false,
        }
    }
}

impl<R: std::io::Read> std::io::BufRead for Utf8Reader<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        use encoding_rs::DecoderResult;
        while self.at == self.output.len() && !self.done {
            let mut n = self.inner.read(&mut self.input)?;
            let skipped = self.skip.min(n);
            self.skip -= skipped;
            self.input.copy_within(skipped..n, 0);
            n -= skipped;
            let last = n == 0 && skipped == 0;
            let room = self.decoder.max_utf8_buffer_length_without_replacement(n).unwrap_or(usize::MAX);
            self.output.resize(room, 0);
            let (result, _, written) =
                self.decoder.decode_to_utf8_without_replacement(&self.input[..n], &mut self.output, last);
            if let DecoderResult::Malformed(..) = result {
                return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, not_valid(self.encoding)));
            }
            self.output.truncate(written);
            self.at = 0;
            self.done = last;
        }
        Ok(&self.output[self.at..])
    }

    fn consume(&mut self, n: usize) {
        self.at = (self.at + n).min(self.output.len());
    }
}

impl<R: std::io::Read> std::io::Read for Utf8Reader<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let text = std::io::BufRead::fill_buf(self)?;
            let n = text.len().min(out.len());
            out[..n].copy_from_slice(&text[..n]);
            n
        };
        std::io::BufRead::consume(self, n);
        Ok(n)
    }
}

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.problem)
    }
}

impl std::error::Error for NotText {}

/// The encoding an XML declaration at the start of `bytes` names, when it is one encoding_rs knows.
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let decl = bytes[..bytes.len().min(200)].strip_prefix(b"<?xml")?;
    let decl = &decl[..decl.windows(2).position(|w| w == b"?>")?];
    let at = decl.windows(8).position(|w| w == b"encoding")? + 8;
    let rest: &[u8] = &decl[at..];
    let rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace() && *b != b'=')?..];
    let quote = *rest.first()?;
    let label = &rest[1..][..rest[1..].iter().position(|&b| b == quote)?];
    encoding_rs::Encoding::for_label(label)
}

/// The 1-based line of byte offset `at`.
pub fn line_at(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at.min(bytes.len())].iter().filter(|&&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
        let mut out: Vec<u8> = match (bom, little) {
            (false, _) => vec![],
            (true, true) => vec![0xFF, 0xFE],
            (true, false) => vec![0xFE, 0xFF],
        };
        out.extend(text.encode_utf16().flat_map(|u| if little { u.to_le_bytes() } else { u.to_be_bytes() }));
        out
    }

    #[test]
    fn utf8_utf16_and_declared_encodings_become_the_same_text() {
        let text = "<?xml version=\"1.0\"?>\n<a>Zoë</a>\n";
        assert_eq!(decode(text.as_bytes()).unwrap(), text);
        let bom: Vec<u8> = [0xEF, 0xBB, 0xBF].iter().chain(text.as_bytes()).copied().collect();
        assert_eq!(decode(&bom).unwrap(), text);
        for (little, with_bom) in [(true, true), (false, true), (true, false), (false, false)] {
            assert_eq!(decode(&utf16(text, little, with_bom)).unwrap(), text, "little {little} bom {with_bom}");
        }
        let latin = b"<?xml version=\"1.0\" encoding='ISO-8859-1'?>\n<a>Zo\xeb</a>\n";
        assert_eq!(decode(latin).unwrap(), "<?xml version=\"1.0\" encoding='ISO-8859-1'?>\n<a>Zoë</a>\n");
        let spaced = b"<?xml version=\"1.0\" encoding = \"windows-1252\"?><a>\x80</a>";
        assert_eq!(decode(spaced).unwrap(), "<?xml version=\"1.0\" encoding = \"windows-1252\"?><a>€</a>");
    }

    #[test]
    fn read_as_a_stream_other_encodings_give_what_decode_gives() {
        use std::io::Read;
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<a>Zoë 😀</a>\n".repeat(5000);
        for (little, with_bom) in [(true, true), (false, true), (true, false), (false, false)] {
            let bytes = utf16(&text, little, with_bom);
            let found = encoding_of(&bytes[..200]).unwrap();
            // Read in pieces of odd sizes, so characters are cut at the ends of the reads.
            let mut read = String::new();
            Utf8Reader::new(std::io::BufReader::with_capacity(7, &bytes[..]), found).read_to_string(&mut read).unwrap();
            assert_eq!(read, decode(&bytes).unwrap(), "little {little} bom {with_bom}");
        }
        let mut odd = utf16(&text, true, true);
        odd.pop();
        let e = Utf8Reader::new(&odd[..], encoding_of(&odd).unwrap()).read_to_end(&mut Vec::new()).unwrap_err();
        assert_eq!((e.kind(), e.to_string()), (std::io::ErrorKind::InvalidData, decode(&odd).unwrap_err().problem));
        let latin = b"<?xml version=\"1.0\" encoding='ISO-8859-1'?>\n<a>Zo\xeb</a>\n";
        let mut read = String::new();
        Utf8Reader::new(&latin[..], encoding_of(latin).unwrap()).read_to_string(&mut read).unwrap();
        assert_eq!(read, decode(latin).unwrap());
        assert_eq!(encoding_of(b"\xEF\xBB\xBFCHILD,DOB\n"), None);
    }

    #[test]
    fn what_is_not_text_is_named_with_its_line() {
        let e = |b: &[u8]| decode(b).unwrap_err();
        assert!(e(b"PK\x03\x04\x14\x00").problem.contains("zip archive"));
        assert!(e(&[0x1F, 0x8B, 8, 0]).problem.contains("gzip"));
        let nul = e(b"a\nb\n\x7fELF\x00\x01");
        assert_eq!((nul.line, nul.wrong_encoding), (3, false));
        assert!(nul.problem.contains("binary data"));
        let latin = e(b"CHILD,NAME\n1,Zo\xeb\n");
        assert_eq!((latin.line, latin.wrong_encoding, latin.problem.as_str()), (2, true, "these bytes are not UTF-8 text"));
        // Whichever comes first, as a stream meets them (found by fuzz/fuzz_targets/ssda903_stream.rs).
        assert_eq!(e(b"CHILD\n1,Zo\xeb\n2,\x00\n").line, 2);
        assert_eq!(e(b"CHILD\n1,\x00\n2,Zo\xeb\n").problem, nul.problem);
    }
}
