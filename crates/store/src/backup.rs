//! The backup format (`carefile events`, format 2): a header line, one line
//! per document's bytes, one line per event in log order (as [`ExportLine`]),
//! and a closing record that proves the file whole: the events per stream,
//! the log's last `seq`, the head of the audit chain, and the SHA-256 of every
//! byte before it. An import refuses a file short of its closing record, or
//! one whose counts, sequence or checksum disagree with it, and says what is
//! missing.
//!
//! ```text
//! {"carefile_backup":{"format":2,"schema":6,"streams":["child","org",…],"complete":false}}
//! {"blob":{"sha256":"…","size":1234,"content":"<base64>"}}
//! {"seq":1,"stream":"org",…}
//! {"end":{"events":1744,"counts":{"child":1700,"org":44},"blobs":1,"last_seq":1900,"audit_head":null,"sha256":"…"}}
//! ```
//! `complete` says every stream is in the file, so its `seq`s must run 1, 2,
//! 3… without a gap; otherwise gaps are the streams left out, and the counts
//! catch what is missing. `last_seq` is the last event's in the file (so a
//! backup restored and backed up again gives the same bytes).

use crate::audit::GENESIS;
use crate::backend::{Db, EventRow};
use crate::error::StoreError;
use crate::jsonl::{ExportLine, Stream};
use crate::migrations::SCHEMA_VERSION;
use crate::subjects::blob_in;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};

/// The format this build writes and reads.
pub const BACKUP_FORMAT: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Header {
    pub format: u32,
    pub schema: u32,
    pub streams: Vec<String>,
    pub complete: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderLine {
    carefile_backup: Header,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Blob {
    pub sha256: String,
    pub size: u64,
    /// The bytes, base64 (standard alphabet, padded).
    pub content: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BlobLine {
    blob: Blob,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct End {
    pub events: u64,
    pub counts: BTreeMap<String, u64>,
    pub blobs: u64,
    pub last_seq: u64,
    pub audit_head: Option<String>,
    pub sha256: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EndLine {
    end: End,
}

/// What one line of a backup is.
pub(crate) enum Line {
    Header,
    Event(ExportLine),
    Blob { sha256: String, content: Vec<u8> },
    End,
}

/// Bytes as lower-case hex digits.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes bytes on, hashing them.
struct Digesting<'a> {
    out: &'a mut dyn Write,
    hash: Sha256,
}

impl Digesting<'_> {
    fn line(&mut self, value: &impl Serialize) -> Result<(), StoreError> {
        let mut text = serde_json::to_vec(value).map_err(|e| StoreError::Io(e.into()))?;
        text.push(b'\n');
        self.hash.update(&text);
        self.out.write_all(&text)?;
        Ok(())
    }
}

/// Writes the backup of `streams` from one consistent snapshot; returns the number of events written.
pub(crate) fn export(db: &mut dyn Db, streams: &[Stream], out: &mut dyn Write) -> Result<u64, StoreError> {
    let header = Header {
        format: BACKUP_FORMAT,
        schema: SCHEMA_VERSION,
        streams: streams.iter().map(|s| s.as_str().to_string()).collect(),
        complete: Stream::ALL.iter().all(|s| streams.contains(s)),
    };
    let mut w = Digesting { out, hash: Sha256::new() };
    w.line(&HeaderLine { carefile_backup: header })?;
    // Documents' bytes first, so a document imported never lacks its content.
    let mut blobs = 0;
    for sha256 in referenced_blobs(db, streams)? {
        let content = blob_in(db, &sha256)?
            .ok_or_else(|| StoreError::Corrupt(format!("the content {sha256} a document names is missing")))?;
        let size = content.len() as u64;
        let content = base64::engine::general_purpose::STANDARD.encode(content);
        w.line(&BlobLine { blob: Blob { sha256, size, content } })?;
        blobs += 1;
    }
    let mut counts: BTreeMap<String, u64> = streams.iter().map(|s| (s.as_str().to_string(), 0)).collect();
    let mut events = 0;
    let mut last_seq = 0;
    let mut audit_head = None;
    db.each_event(&mut |r: EventRow| {
        let stream: Stream = r.stream.parse().map_err(StoreError::Corrupt)?;
        if !streams.contains(&stream) {
            return Ok(());
        }
        let seq = r.seq;
        if stream == Stream::Audit {
            audit_head.clone_from(&r.hash);
        }
        let line = ExportLine {
            seq,
            stream,
            subject: r.subject,
            version: r.version,
            kind: r.kind,
            effective: r.effective,
            recorded_at: r.recorded_at,
            recorded_by: r.recorded_by,
            reason: r.reason,
            payload: RawValue::from_string(r.payload).map_err(|e| StoreError::Corrupt(format!("event {seq}: {e}")))?,
            hash: if stream == Stream::Audit { r.hash } else { None },
        };
        w.line(&line)?;
        *counts.entry(stream.as_str().to_string()).or_default() += 1;
        events += 1;
        last_seq = seq;
        Ok(())
    })?;
    let Digesting { out, hash } = w;
    let end = End { events, counts, blobs, last_seq, audit_head, sha256: hex(&hash.finalize()) };
    let mut text = serde_json::to_vec(&EndLine { end }).map_err(|e| StoreError::Io(e.into()))?;
    text.push(b'\n');
    out.write_all(&text)?;
    Ok(events)
}

/// The documents' contents that the exported streams' subjects name.
fn referenced_blobs(db: &mut dyn Db, streams: &[Stream]) -> Result<BTreeSet<String>, StoreError> {
    let mut found = BTreeSet::new();
    for s in streams {
        let Stream::Subject(name) = s else { continue };
        let kind = crate::streams::kind(name).ok_or_else(|| StoreError::Corrupt(format!("stream {name}")))?;
        db.each_subject_state(Some(name), None, &mut |row| {
            let state = kind.parse_text(&row.state).map_err(StoreError::Corrupt)?;
            found.extend(kind.blobs(&state).into_iter().map(|(h, _)| h));
            Ok(())
        })?;
    }
    Ok(found)
}

/// Reads a backup line by line, proving it whole as it goes: the caller
/// gets each line classified, and [`Reader::finish`] says whether the file
/// ended with a closing record that agrees with everything read.
pub(crate) struct Reader<'a> {
    source: &'a str,
    input: &'a mut dyn BufRead,
    /// Without a header (an export by an older carefile), read as plain event lines.
    accept_unverified: bool,
    pub line_no: u64,
    buf: String,
    framed: Sha256,
    whole: Sha256,
    header: Option<Header>,
    end: Option<(u64, End)>,
    counts: BTreeMap<String, u64>,
    events: u64,
    blobs: u64,
    last_seq: u64,
    audit_head: Option<String>,
}

impl<'a> Reader<'a> {
    pub fn new(source: &'a str, input: &'a mut dyn BufRead, accept_unverified: bool) -> Self {
        Reader {
            source,
            input,
            accept_unverified,
            line_no: 0,
            buf: String::new(),
            framed: Sha256::new(),
            whole: Sha256::new(),
            header: None,
            end: None,
            counts: BTreeMap::new(),
            events: 0,
            blobs: 0,
            last_seq: 0,
            audit_head: None,
        }
    }

    pub fn bad(&self, line: u64, message: impl Into<String>) -> StoreError {
        StoreError::BadInput { source_name: self.source.to_string(), line, message: message.into() }
    }

    /// The next line (blank lines skipped), or `None` at the end of the file.
    pub fn next(&mut self) -> Result<Option<Line>, StoreError> {
        loop {
            let mut buf = std::mem::take(&mut self.buf);
            buf.clear();
            let read =
                self.input.read_line(&mut buf).map_err(|e| self.bad(self.line_no + 1, format!("cannot be read: {e}")));
            let read = match read {
                Ok(n) => n,
                Err(e) => return Err(e),
            };
            if read == 0 {
                return Ok(None);
            }
            self.line_no += 1;
            self.whole.update(buf.as_bytes());
            let line = self.classify(&buf);
            self.buf = buf;
            match line? {
                Some(l) => return Ok(Some(l)),
                None => continue,
            }
        }
    }

    /// One line read (with its line end); `None` for a blank line.
    fn classify(&mut self, raw: &str) -> Result<Option<Line>, StoreError> {
        if let Some((at, _)) = &self.end {
            let at = *at;
            return Err(self.bad(self.line_no, format!("there is more after the closing record on line {at}")));
        }
        let text = raw.trim_end_matches(['\n', '\r']);
        if text.starts_with("{\"end\":") {
            let end: EndLine =
                serde_json::from_str(text).map_err(|e| self.bad(self.line_no, format!("not a closing record: {e}")))?;
            self.end = Some((self.line_no, end.end.clone()));
            return Ok(Some(Line::End));
        }
        self.framed.update(raw.as_bytes());
        if text.trim().is_empty() {
            return Ok(None);
        }
        let first = self.header.is_none() && self.events == 0 && self.blobs == 0;
        if text.starts_with("{\"carefile_backup\":") {
            if !first {
                return Err(self.bad(self.line_no, "a second header"));
            }
            let h: HeaderLine = serde_json::from_str(text)
                .map_err(|e| self.bad(self.line_no, format!("not a header this carefile reads: {e}")))?;
            return self.header(h.carefile_backup).map(|_| Some(Line::Header));
        }
        if first && !self.accept_unverified {
            return Err(self.bad(
                self.line_no,
                "no header: this is not a backup written by `carefile events`, or it was written by an older \
                 carefile, whose files carry no closing record to prove them whole; if you are sure this one is \
                 whole, import it with --accept-unverified",
            ));
        }
        if text.starts_with("{\"blob\":") {
            return self.blob(text).map(Some);
        }
        let line: ExportLine =
            serde_json::from_str(text).map_err(|e| self.bad(self.line_no, format!("not an event line: {e}")))?;
        self.event(&line)?;
        Ok(Some(Line::Event(line)))
    }

    fn header(&mut self, h: Header) -> Result<Header, StoreError> {
        if h.format > BACKUP_FORMAT {
            return Err(self.bad(
                self.line_no,
                format!("written in backup format {}, newer than this carefile reads ({BACKUP_FORMAT})", h.format),
            ));
        }
        if h.schema > SCHEMA_VERSION {
            return Err(self.bad(
                self.line_no,
                format!("written by a carefile with schema {}, newer than this one ({SCHEMA_VERSION})", h.schema),
            ));
        }
        for s in &h.streams {
            s.parse::<Stream>().map_err(|e| self.bad(self.line_no, format!("header: {e}")))?;
            self.counts.insert(s.clone(), 0);
        }
        self.header = Some(h.clone());
        Ok(h)
    }

    fn event(&mut self, line: &ExportLine) -> Result<(), StoreError> {
        if line.seq <= self.last_seq {
            return Err(self.bad(self.line_no, format!("seq {} does not follow {}", line.seq, self.last_seq)));
        }
        if let Some(h) = &self.header {
            if h.complete && line.seq != self.last_seq + 1 {
                let (from, to) = (self.last_seq + 1, line.seq - 1);
                let missing = if from == to { format!("seq {from} is") } else { format!("seqs {from} to {to} are") };
                return Err(
                    self.bad(self.line_no, format!("{missing} missing: the file holds every stream, so none may be"))
                );
            }
            if !h.streams.iter().any(|s| s == line.stream.as_str()) {
                return Err(self.bad(self.line_no, format!("the header does not list the {} stream", line.stream)));
            }
        }
        self.last_seq = line.seq;
        self.events += 1;
        *self.counts.entry(line.stream.as_str().to_string()).or_default() += 1;
        if line.stream == Stream::Audit {
            self.audit_head.clone_from(&line.hash);
        }
        Ok(())
    }

    fn blob(&mut self, text: &str) -> Result<Line, StoreError> {
        let b: BlobLine =
            serde_json::from_str(text).map_err(|e| self.bad(self.line_no, format!("not a document's content: {e}")))?;
        let content = base64::engine::general_purpose::STANDARD
            .decode(&b.blob.content)
            .map_err(|e| self.bad(self.line_no, format!("the content is not base64: {e}")))?;
        if content.len() as u64 != b.blob.size || crate::subjects::sha256_hex(&content) != b.blob.sha256 {
            return Err(
                self.bad(self.line_no, format!("the content of {} does not match its size and hash", b.blob.sha256))
            );
        }
        self.blobs += 1;
        Ok(Line::Blob { sha256: b.blob.sha256, content })
    }

    /// At the end of the file: the SHA-256 of the whole file, once the file is
    /// proved whole (or, read with `accept_unverified`, has no header at all).
    pub fn finish(self) -> Result<String, StoreError> {
        let whole = hex(&self.whole.clone().finalize());
        let Some(header) = &self.header else {
            if self.accept_unverified {
                return Ok(whole);
            }
            return Err(self.bad(self.line_no.max(1), "the file is empty: no header, no events"));
        };
        let Some((_, end)) = &self.end else {
            return Err(self.bad(
                self.line_no,
                format!(
                    "the file ends without its closing record: it was cut short after {} events ({} lines)",
                    self.events, self.line_no
                ),
            ));
        };
        let at = self.line_no;
        for (stream, found) in &self.counts {
            let said = end.counts.get(stream).copied().unwrap_or(0);
            if said != *found {
                let what = if said > *found {
                    format!("{} are missing", said - found)
                } else {
                    format!("{} more than it should", found - said)
                };
                return Err(self.bad(
                    at,
                    format!("the closing record counts {said} {stream} events but the file holds {found}: {what}"),
                ));
            }
        }
        if let Some(stream) = end.counts.keys().find(|s| !self.counts.contains_key(*s)) {
            return Err(self.bad(at, format!("the closing record counts {stream} events the header does not list")));
        }
        if end.events != self.events || end.blobs != self.blobs {
            return Err(self.bad(
                at,
                format!(
                    "the closing record counts {} events and {} documents' contents, the file holds {} and {}",
                    end.events, end.blobs, self.events, self.blobs
                ),
            ));
        }
        if end.last_seq != self.last_seq {
            return Err(self.bad(
                at,
                format!(
                    "the backup's last event is seq {}, but the file's is {}: events are missing or added",
                    end.last_seq, self.last_seq
                ),
            ));
        }
        if header.streams.iter().any(|s| s == "audit") && end.audit_head != self.audit_head {
            let head = |h: &Option<String>| h.clone().unwrap_or_else(|| GENESIS.into());
            return Err(self.bad(
                at,
                format!(
                    "the audit chain ends at {} but the closing record says {}: audit entries are missing or altered",
                    head(&self.audit_head),
                    head(&end.audit_head)
                ),
            ));
        }
        let framed = hex(&self.framed.clone().finalize());
        if framed != end.sha256 {
            return Err(self
                .bad(at, "the checksum does not match the closing record: the file was changed after it was written"));
        }
        Ok(whole)
    }
}
