//! Documents attached to a child's record (court orders, medical reports,
//! consents…): what each is, checked by its content rather than its name, on
//! the `document` stream about the child. The bytes are kept by the store
//! under their SHA-256; the log holds what was attached, by whom and when.

use crate::ChildId;
use crate::notes::NoteId;
use crate::stream::{Projection, Stamp, StreamEvent, check_date};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

crate::numbered_id!(
    /// A document: `D` and digits.
    DocumentId, "D", "document ID"
);

crate::code_list! {
    /// What a document is.
    pub enum DocumentKind ("document type") {
        CourtOrder = "court_order": "Court order",
        LegalDocument = "legal": "Other legal document",
        MedicalReport = "medical_report": "Medical or health report",
        Consent = "consent": "Consent form",
        AssessmentReport = "assessment_report": "Assessment or report",
        Minutes = "minutes": "Minutes of a meeting",
        Plan = "plan": "Plan",
        SchoolReport = "school_report": "School or education report",
        Correspondence = "correspondence": "Letter or email",
        Identity = "identity": "Identity document",
        Photograph = "photograph": "Photograph",
        Other = "other": "Other",
    }
}

crate::code_list! {
    /// The kinds of file carefile keeps, by their media type.
    pub enum MediaType ("file type") {
        Pdf = "application/pdf": "PDF",
        Png = "image/png": "PNG image",
        Jpeg = "image/jpeg": "JPEG image",
        Tiff = "image/tiff": "TIFF image",
        Text = "text/plain": "Plain text",
        Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
        Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel workbook",
    }
}

impl MediaType {
    /// The file name endings this type is written with.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            MediaType::Pdf => &["pdf"],
            MediaType::Png => &["png"],
            MediaType::Jpeg => &["jpg", "jpeg"],
            MediaType::Tiff => &["tif", "tiff"],
            MediaType::Text => &["txt"],
            MediaType::Docx => &["docx"],
            MediaType::Xlsx => &["xlsx"],
        }
    }

    /// What a file's content is, whatever it is called; `None`: a kind carefile does not keep.
    pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
        let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        if bytes.starts_with(b"%PDF-") {
            Some(MediaType::Pdf)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(MediaType::Png)
        } else if bytes.starts_with(b"\xff\xd8\xff") {
            Some(MediaType::Jpeg)
        } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
            Some(MediaType::Tiff)
        } else if bytes.starts_with(b"PK\x03\x04") && has(b"[Content_Types].xml") {
            // An Office Open XML package: which one by the part it holds.
            if has(b"word/document.xml") {
                Some(MediaType::Docx)
            } else if has(b"xl/workbook.xml") {
                Some(MediaType::Xlsx)
            } else {
                None
            }
        } else {
            let text = std::str::from_utf8(bytes).ok()?;
            let plain = !text.is_empty() && text.chars().all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'));
            plain.then_some(MediaType::Text)
        }
    }
}

/// Longest title, description, file name or reason.
pub const MAX_TITLE: usize = 200;
pub const MAX_DESCRIPTION: usize = 2000;

/// What is known about a document besides its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentMeta {
    pub kind: DocumentKind,
    pub title: String,
    /// The date on the document (an order's date), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The note it belongs with, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<NoteId>,
}

/// The file as attached: its name as uploaded, type by content, size and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileInfo {
    pub filename: String,
    pub media_type: MediaType,
    pub size: u64,
    /// SHA-256 of the bytes, lower-case hex: where the store keeps them.
    pub sha256: String,
}

impl FileInfo {
    fn check(&self) -> Result<(), String> {
        if self.filename.trim().is_empty() || self.filename.chars().count() > MAX_TITLE {
            return Err(format!("a file name of 1 to {MAX_TITLE} characters is needed"));
        }
        if self.filename.chars().any(|c| c.is_control() || c == '/' || c == '\\') {
            return Err("the file name contains a character a file name cannot".into());
        }
        let ext = self.filename.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        if !ext.as_deref().is_some_and(|e| self.media_type.extensions().contains(&e)) {
            return Err(format!(
                "the file is a {} but its name does not end .{}",
                self.media_type.label(),
                self.media_type.extensions()[0]
            ));
        }
        if self.size == 0 {
            return Err("the file is empty".into());
        }
        if self.sha256.len() != 64 || !self.sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            return Err("the file's SHA-256 is not 64 lower-case hex digits".into());
        }
        Ok(())
    }
}

impl DocumentMeta {
    fn check(&self, at: Stamp) -> Result<(), String> {
        if self.title.trim().is_empty() || self.title.chars().count() > MAX_TITLE {
            return Err(format!("a title of 1 to {MAX_TITLE} characters is needed"));
        }
        if self.description.chars().count() > MAX_DESCRIPTION {
            return Err(format!("the description is at most {MAX_DESCRIPTION} characters"));
        }
        if let Some(d) = self.date {
            check_date(d, at)?;
        }
        Ok(())
    }
}

/// A fact about a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DocumentEvent {
    Attached {
        child: ChildId,
        meta: DocumentMeta,
        file: FileInfo,
    },
    /// What is known about it changed (its type, title, date); the file stays.
    Described {
        meta: DocumentMeta,
        reason: String,
    },
    /// Attached in error: no longer listed; kept, with its audit, until retention removes it.
    Withdrawn {
        reason: String,
    },
}

impl StreamEvent for DocumentEvent {
    fn kind(&self) -> &'static str {
        match self {
            DocumentEvent::Attached { .. } => "attached",
            DocumentEvent::Described { .. } => "described",
            DocumentEvent::Withdrawn { .. } => "withdrawn",
        }
    }

    fn effective_date(&self) -> Option<NaiveDate> {
        match self {
            DocumentEvent::Attached { meta, .. } | DocumentEvent::Described { meta, .. } => meta.date,
            DocumentEvent::Withdrawn { .. } => None,
        }
    }
}

/// Who withdrew a document, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    pub by: String,
    pub at: DateTime<Utc>,
    pub reason: String,
}

/// A document as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    pub child: ChildId,
    pub meta: DocumentMeta,
    pub file: FileInfo,
    pub attached_by: String,
    pub attached_at: DateTime<Utc>,
    pub withdrawn: Option<Withdrawal>,
}

fn reason(r: &str) -> Result<(), String> {
    if r.trim().is_empty() || r.chars().count() > MAX_TITLE {
        return Err(format!("a reason of 1 to {MAX_TITLE} characters is needed"));
    }
    Ok(())
}

impl Projection for Document {
    const STREAM: &'static str = "document";
    type Id = DocumentId;
    type Event = DocumentEvent;

    fn start(id: &DocumentId, at: Stamp, event: &DocumentEvent) -> Result<Self, String> {
        let DocumentEvent::Attached { child, meta, file } = event else {
            return Err("a document starts when it is attached".into());
        };
        meta.check(at)?;
        file.check()?;
        Ok(Document {
            id: id.clone(),
            child: child.clone(),
            meta: meta.clone(),
            file: file.clone(),
            attached_by: at.recorded.by.clone(),
            attached_at: at.recorded.at,
            withdrawn: None,
        })
    }

    fn about(&self) -> Option<&str> {
        Some(self.child.as_str())
    }

    fn blobs(&self) -> Vec<(&str, u64)> {
        vec![(self.file.sha256.as_str(), self.file.size)]
    }

    fn apply(&mut self, at: Stamp, event: &DocumentEvent) -> Result<(), String> {
        if self.withdrawn.is_some() {
            return Err("the document was withdrawn".into());
        }
        match event {
            DocumentEvent::Attached { .. } => return Err("the document is already attached".into()),
            DocumentEvent::Described { meta, reason: why } => {
                meta.check(at)?;
                reason(why)?;
                self.meta = meta.clone();
            }
            DocumentEvent::Withdrawn { reason: why } => {
                reason(why)?;
                self.withdrawn =
                    Some(Withdrawal { by: at.recorded.by.clone(), at: at.recorded.at, reason: why.trim().to_string() });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_known_by_their_content() {
        assert_eq!(MediaType::sniff(b"%PDF-1.7\n..."), Some(MediaType::Pdf));
        assert_eq!(MediaType::sniff(b"\x89PNG\r\n\x1a\n\0\0"), Some(MediaType::Png));
        assert_eq!(MediaType::sniff(b"\xff\xd8\xff\xe0"), Some(MediaType::Jpeg));
        assert_eq!(MediaType::sniff(b"PK\x03\x04...[Content_Types].xml...word/document.xml"), Some(MediaType::Docx));
        assert_eq!(MediaType::sniff(b"PK\x03\x04...[Content_Types].xml...xl/workbook.xml"), Some(MediaType::Xlsx));
        assert_eq!(MediaType::sniff(b"PK\x03\x04 a zip of something else"), None);
        assert_eq!(MediaType::sniff("Notes from the meeting\r\n".as_bytes()), Some(MediaType::Text));
        assert_eq!(MediaType::sniff(b"MZ\x90\0 an executable"), None);
        assert_eq!(MediaType::sniff(b""), None);
    }

    #[test]
    fn a_file_is_named_as_what_it_is() {
        let file = |name: &str| FileInfo {
            filename: name.into(),
            media_type: MediaType::Pdf,
            size: 10,
            sha256: "a".repeat(64),
        };
        assert!(file("Order.PDF").check().is_ok());
        assert!(file("order.png").check().unwrap_err().contains("does not end .pdf"));
        assert!(file("../order.pdf").check().unwrap_err().contains("cannot"));
        assert!(FileInfo { size: 0, ..file("a.pdf") }.check().unwrap_err().contains("empty"));
        assert!(FileInfo { sha256: "xyz".into(), ..file("a.pdf") }.check().is_err());
    }
}
