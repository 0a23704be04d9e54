//! The DfE XML (`EXPSSDA903` → `CHILD` → `HEADER`/`EPISODE`), read as a stream and
//! flattened into the same tables as the CSVs (returns.md §2). Like the DfE tool, it
//! yields no social-worker episodes or DoLOs.

use super::{Keep, ReadError, Source, line_of, utf8};
use crate::tables::*;
use quick_xml::events::Event;
use std::collections::HashMap;

/// Repeating groups inside a CHILD, each one row of its table.
#[derive(Clone, Copy, PartialEq)]
enum Group {
    Episode,
    Review,
    Missing,
    Oc2,
    PrevPerm,
    PlacedAdoption,
}

impl Group {
    fn of(element: &[u8]) -> Option<Group> {
        Some(match element {
            b"EPISODE" => Group::Episode,
            b"AREVIEW" => Group::Review,
            b"AMISSING" => Group::Missing,
            b"OC2" => Group::Oc2,
            b"PERMANENCE" => Group::PrevPerm,
            b"AD_PLACED" => Group::PlacedAdoption,
            _ => return None,
        })
    }
}

type Fields = HashMap<String, String>;

/// A table's rows: how many the file has held so far (each row's number), and those kept.
struct Rows<R> {
    read: u32,
    kept: Vec<R>,
}

impl<R: Record + 'static> Rows<R> {
    /// The next row, built from `own` fields, falling back on the child's (for DOB and the like).
    fn next(&mut self, own: &Fields, child: &Fields) -> R {
        let get = |c: &str| own.get(c).or_else(|| child.get(c)).map_or("", String::as_str);
        let values: Vec<&str> = R::COLUMNS.iter().map(|c| get(c)).collect();
        self.read += 1;
        R::from_raw(self.read - 1, values[0], &values[1..])
    }

    fn offer(&mut self, row: R, keep: &mut Keep) {
        if keep(row.child(), &row) {
            self.kept.push(row);
        }
    }

    fn push(&mut self, own: &Fields, child: &Fields, keep: &mut Keep) {
        let row = self.next(own, child);
        self.offer(row, keep);
    }

    fn table(self) -> Option<Table<R>> {
        Some(Table::new(self.kept))
    }
}

impl<R> Default for Rows<R> {
    fn default() -> Self {
        Rows { read: 0, kept: Vec::new() }
    }
}

#[derive(Default)]
struct Read {
    header: Rows<Header>,
    episodes: Rows<Episode>,
    reviews: Rows<Review>,
    uasc: Rows<Uasc>,
    oc2: Rows<Oc2>,
    oc3: Rows<Oc3>,
    ad1: Rows<Ad1>,
    placed_adoption: Rows<PlacedAdoption>,
    prev_perm: Rows<PrevPerm>,
    missing: Rows<Missing>,
}

impl Read {
    /// Turns one CHILD's fields and groups into rows, as the DfE tool does: a Header row
    /// always; UASC, OC3 and AD1 rows when their key element has a value (an empty element
    /// counts as absent). Every row is numbered; those `keep` wants are kept.
    fn add_child(&mut self, child: &Fields, groups: &[(Group, Fields)], keep: &mut Keep) {
        let none = Fields::new();
        let given = |k: &str| child.get(k).is_some_and(|v| !v.is_empty());
        let mut header = self.header.next(child, &none);
        if let Some(u) = child.get("UASC") {
            header.uasc = <bool as crate::value::Value>::read(u);
        }
        self.header.offer(header, keep);
        if given("UASC") {
            self.uasc.push(child, &none, keep);
        }
        if given("IN_TOUCH") {
            self.oc3.push(child, &none, keep);
        }
        if given("DATE_INT") {
            self.ad1.push(child, &none, keep);
        }
        for (g, f) in groups {
            match g {
                Group::Episode => self.episodes.push(f, child, keep),
                Group::Review => self.reviews.push(f, child, keep),
                Group::Missing => self.missing.push(f, child, keep),
                Group::Oc2 => self.oc2.push(f, child, keep),
                Group::PrevPerm => self.prev_perm.push(f, child, keep),
                Group::PlacedAdoption => self.placed_adoption.push(f, child, keep),
            }
        }
    }

    fn into_tables(self) -> Tables {
        Tables {
            header: self.header.table(),
            episodes: self.episodes.table(),
            reviews: self.reviews.table(),
            uasc: self.uasc.table(),
            oc2: self.oc2.table(),
            oc3: self.oc3.table(),
            ad1: self.ad1.table(),
            placed_adoption: self.placed_adoption.table(),
            prev_perm: self.prev_perm.table(),
            missing: self.missing.table(),
            sw_episodes: None,
            dolo: None,
            from_xml: true,
        }
    }
}

/// The CSV column an element fills.
fn column(element: &str) -> &str {
    match element {
        "CHILDID" => "CHILD",
        "PL" => "PLACE",
        e => e,
    }
}

pub(super) fn read(s: &Source) -> Result<Tables, ReadError> {
    let text = utf8(s)?;
    let text = text.as_bytes();
    read_from(text, &s.name, &mut |_, _| true, &|at| line_of(text, at as usize))
}

/// Reads the XML from `text` (UTF-8), keeping the rows `keep` wants; `line_at` finds the line of
/// an offset of the text for an error.
pub(super) fn read_from(
    text: impl std::io::BufRead,
    name: &str,
    keep: &mut Keep,
    line_at: &dyn Fn(u64) -> u64,
) -> Result<Tables, ReadError> {
    let mut reader = quick_xml::Reader::from_reader(text);
    reader.config_mut().trim_text(true);
    let err = |at: u64, element: Option<&[String]>, message: String| ReadError::Malformed {
        file: name.to_string(),
        line: line_at(at),
        field: element.and_then(|p| p.last()).map(|e| format!("element <{e}>")),
        message,
    };

    let mut rows = Read::default();
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut child: Fields = Fields::new();
    let mut groups: Vec<(Group, Fields)> = Vec::new();
    // The element whose text is being gathered, if it turns out to be a leaf.
    let mut leaf: Option<String> = None;
    let mut value = String::new();
    let mut saw_root = false;

    loop {
        let at = reader.buffer_position();
        buf.clear();
        let event =
            reader.read_event_into(&mut buf).map_err(|e| err(reader.error_position(), Some(&path), e.to_string()))?;
        let opens = matches!(event, Event::Start(_));
        match event {
            Event::Start(e) | Event::Empty(e) if path.is_empty() => {
                if e.name().as_ref() != b"EXPSSDA903" {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    return Err(err(
                        at,
                        None,
                        format!("the root element is <{name}>, not <EXPSSDA903>: not an SSDA903 XML file"),
                    ));
                }
                saw_root = true;
                if opens {
                    path.push("EXPSSDA903".into());
                }
            }
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if path.len() == 1 && name == "CHILD" {
                    child.clear();
                    groups.clear();
                } else if let Some(g) = Group::of(e.name().as_ref()).filter(|_| path.iter().any(|p| p == "CHILD")) {
                    groups.push((g, Fields::new()));
                }
                leaf = Some(name.clone());
                value.clear();
                path.push(name);
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if let Some(g) = Group::of(e.name().as_ref()).filter(|_| path.iter().any(|p| p == "CHILD")) {
                    groups.push((g, Fields::new()));
                } else {
                    store(&path, &mut child, &mut groups, &name, "");
                }
            }
            Event::Text(t) => {
                if leaf.is_some() {
                    value.push_str(&t.unescape().map_err(|e| err(at, Some(&path), e.to_string()))?);
                }
            }
            Event::CData(c) => {
                if leaf.is_some() {
                    value.push_str(&String::from_utf8_lossy(&c.into_inner()));
                }
            }
            Event::End(_) => {
                let Some(name) = path.pop() else { break };
                if leaf.take().as_deref() == Some(&name) {
                    store(&path, &mut child, &mut groups, &name, &value);
                } else if path.len() == 1 && name == "CHILD" {
                    rows.add_child(&child, &groups, keep);
                }
            }
            Event::Eof => {
                if let Some(open) = path.last() {
                    return Err(err(at, Some(&path), format!("the file ends inside <{open}> (is it truncated?)")));
                }
                if !saw_root {
                    return Err(err(at, None, "no <EXPSSDA903> element: not an SSDA903 XML file".into()));
                }
                break;
            }
            _ => {}
        }
    }
    Ok(rows.into_tables())
}

/// Files a leaf's text under its column: into the innermost open group, else the child.
fn store(path: &[String], child: &mut Fields, groups: &mut [(Group, Fields)], element: &str, value: &str) {
    let in_group = path.iter().rev().take_while(|p| *p != "CHILD").any(|p| Group::of(p.as_bytes()).is_some());
    let target = match groups.last_mut() {
        Some((_, f)) if in_group => f,
        _ => child,
    };
    target.insert(column(element).to_string(), value.to_string());
}

#[cfg(test)]
mod tests {
    use super::super::from_sources;
    use super::*;
    use carefile_domain::codes::PlacementType;
    use carefile_returns::Cell;

    const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<EXPSSDA903>
  <CHILD>
    <HEADER>
      <CHILDID>c1</CHILDID><UPN/><SEX>F</SEX><DOB>01/02/2012</DOB><ETHNIC>WBRI</ETHNIC><UASC>0</UASC>
      <IN_TOUCH>YES</IN_TOUCH><ACTIV>F1</ACTIV><ACCOM>B1</ACCOM>
      <AREVIEW><REVIEW>01/06/2025</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>
      <AREVIEW><REVIEW>01/12/2025</REVIEW><REVIEW_CODE>PN2</REVIEW_CODE></AREVIEW>
      <OC2><SDQ_SCORE>12</SDQ_SCORE><CONVICTED>0</CONVICTED></OC2>
    </HEADER>
    <EPISODE><DECOM>01/04/2025</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>Z11</PL><DEC>31/02/2026</DEC><REC>E&amp;1</REC></EPISODE>
  </CHILD>
  <CHILD><HEADER><CHILDID>c2</CHILDID><DOB>1/1/2010</DOB><UASC/><IN_TOUCH></IN_TOUCH></HEADER></CHILD>
</EXPSSDA903>"#;

    #[test]
    fn flattens_children_into_tables() {
        let r = from_sources(&[Source::new("return.xml", XML)], &[]).unwrap();
        let t = &r.this;
        let h = &t.header.as_ref().unwrap().rows;
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].uasc, Cell::Valid(false));
        assert!(h[0].upn.is_blank() && h[1].uasc.is_blank());
        assert_eq!(t.uasc.as_ref().unwrap().len(), 1, "a UASC element, whatever its value, makes a UASC row");
        let rv = &t.reviews.as_ref().unwrap().rows;
        assert_eq!((rv[1].row, &*rv[1].child, rv[1].dob.is_present()), (1, "C1", true));
        let ep = &t.episodes.as_ref().unwrap().rows[0];
        assert_eq!(ep.place, Cell::Valid(PlacementType::Z11));
        assert_eq!(ep.dec, Cell::Invalid("31/02/2026".into()));
        assert_eq!(ep.rec, Cell::Invalid("E&1".into()));
        assert_eq!(t.oc2.as_ref().unwrap().rows[0].sdq_score, Cell::Valid(12));
        assert_eq!(t.oc3.as_ref().unwrap().len(), 1, "an empty IN_TOUCH makes no OC3 row");
        assert_eq!(t.ad1.as_ref().unwrap().len(), 0);
        assert!(t.sw_episodes.is_none() && t.dolo.is_none());
    }

    #[test]
    fn read_as_a_stream_it_keeps_what_a_whole_read_reads() {
        let dir = tempfile::tempdir().unwrap();
        let whole = from_sources(&[Source::new("r.xml", XML)], &[]).unwrap().this;
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(XML.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        for (name, bytes) in [("utf8.xml", XML.as_bytes().to_vec()), ("utf16.xml", utf16)] {
            let f = dir.path().join(name);
            std::fs::write(&f, &bytes).unwrap();
            let part = super::super::load_kept(std::slice::from_ref(&f), &mut |child, _| child == "C2").unwrap();
            let header = &part.header.as_ref().unwrap().rows;
            assert_eq!(header, &whole.header.as_ref().unwrap().rows[1..], "{name}: the second child's row, numbered 1");
            assert!(part.reviews.unwrap().rows.is_empty() && part.from_xml, "{name}");
            let all = super::super::load_kept(std::slice::from_ref(&f), &mut |_, _| true).unwrap();
            assert_eq!(all.episodes.unwrap().rows, whole.episodes.as_ref().unwrap().rows, "{name}");
            // Cut short: the words and line of a whole reading.
            std::fs::write(&f, &bytes[..bytes.len() * 2 / 3]).unwrap();
            let streamed = super::super::load_kept(std::slice::from_ref(&f), &mut |_, _| true).unwrap_err().to_string();
            assert_eq!(streamed, super::super::load(&[f], &[]).unwrap_err().to_string(), "{name}");
        }
    }

    #[test]
    fn truncated_or_foreign_xml_is_a_clear_error() {
        let cut = &XML[..XML.find("<EPISODE>").unwrap() + 20];
        let e = from_sources(&[Source::new("r.xml", cut)], &[]).unwrap_err().to_string();
        assert!(e.starts_with("r.xml, line 11, element <DECOM>") && e.contains("truncated"), "{e}");
        let e = from_sources(&[Source::new("r.xml", "<Message><Children/></Message>")], &[]).unwrap_err().to_string();
        assert!(e.contains("not <EXPSSDA903>"), "{e}");
        let e = from_sources(&[Source::new("r.xml", "<EXPSSDA903><CHILD></HEADER></EXPSSDA903>")], &[])
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("r.xml, line 1"), "{e}");
        assert!(from_sources(&[Source::new("r.xml", "")], &[]).is_err());
    }
}
