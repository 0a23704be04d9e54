//! An outside file's bytes as text, whatever encoding it came in: UTF-8 (a byte-order mark
//! stripped), UTF-16 with or without a byte-order mark, or the encoding an XML declaration names
//! (ISO-8859-1, Windows-1252…). What is not text (a zip such as an Excel workbook, a gzip, binary
//! data) or not UTF-8 with nothing declared is said plainly, with the line where it shows.

use std::borrow::Cow;

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
    let (encoding, body) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((enc, bom)) => (enc, &bytes[bom..]),
        // UTF-16 without a byte-order mark: ASCII text has every other byte zero.
        None => match bytes {
            [x, 0, ..] if *x != 0 => (encoding_rs::UTF_16LE, bytes),
            [0, x, ..] if *x != 0 => (encoding_rs::UTF_16BE, bytes),
            _ => (declared_encoding(bytes).unwrap_or(encoding_rs::UTF_8), bytes),
        },
    };
    if encoding != encoding_rs::UTF_8 {
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        if had_errors {
            return Err(NotText { line: 1, problem: format!("the file is not valid {} text", encoding.name()), wrong_encoding: true });
        }
        return Ok(Cow::Owned(text.into_owned()));
    }
    if let Some(at) = body.iter().position(|&c| c == 0) {
        return refuse(line_at(body, at), "the file holds binary data (a NUL byte), not text", false);
    }
    std::str::from_utf8(body)
        .map(Cow::Borrowed)
        .map_err(|e| NotText { line: line_at(body, e.valid_up_to()), problem: "these bytes are not UTF-8 text".into(), wrong_encoding: true })
}

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
    fn what_is_not_text_is_named_with_its_line() {
        let e = |b: &[u8]| decode(b).unwrap_err();
        assert!(e(b"PK\x03\x04\x14\x00").problem.contains("zip archive"));
        assert!(e(&[0x1F, 0x8B, 8, 0]).problem.contains("gzip"));
        let nul = e(b"a\nb\n\x7fELF\x00\x01");
        assert_eq!((nul.line, nul.wrong_encoding), (3, false));
        assert!(nul.problem.contains("binary data"));
        let latin = e(b"CHILD,NAME\n1,Zo\xeb\n");
        assert_eq!((latin.line, latin.wrong_encoding, latin.problem.as_str()), (2, true, "these bytes are not UTF-8 text"));
    }
}
