//! Documents on a child's record: the list, attaching one (its type known by
//! its content, its size bounded while it is read), its details and history,
//! downloading it, and withdrawing one attached in error. Every page and every
//! download opens the child's record through the access policy and is audited.

use super::sent::{Errors, Sent};
use crate::auth::SignedIn;
use crate::ui::components::{
    self, Colour, Column, Control, SummaryRow, Table, button, date_input, error_summary, input, select, summary_list,
    tag, textarea,
};
use crate::ui::paging::{Links, ListQuery, PER_PAGE, Paging, Sort};
use crate::ui::{Layout, csrf_input, text};
use crate::workplace::{Refusal, open, outcome, require};
use crate::{AppError, AppState};
use axum::Form;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use carefile_domain::documents::{
    Document, DocumentEvent, DocumentId, DocumentKind, DocumentMeta, FileInfo, MediaType,
};
use carefile_domain::notes::NoteId;
use carefile_domain::{ChildId, Recorded};
use carefile_store::{Expected, Subjects, TxSubjects};
use maud::{Markup, html};

/// The largest document accepted (20 MiB): court bundles are split before upload.
pub const MAX_DOCUMENT: usize = 20 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/documents", get(list).post(attach))
        .route("/children/{id}/documents/new", get(blank))
        .route("/children/{id}/documents/{doc}", get(view))
        .route("/children/{id}/documents/{doc}/file", get(download))
        .route("/children/{id}/documents/{doc}/withdraw", post(withdraw))
        // The file and the form's other fields, with room for multipart's framing.
        .layer(DefaultBodyLimit::max(MAX_DOCUMENT + 64 * 1024))
}

/// A child's documents still on the record, newest first.
pub async fn of_child(state: &AppState, child: &ChildId) -> Result<Vec<Document>, AppError> {
    let about = child.to_string();
    let mut docs: Vec<Document> = state
        .read_store(move |s| s.subjects::<Document>(Some(&about)))
        .await?
        .into_iter()
        .map(|(d, _)| d)
        .filter(|d| d.withdrawn.is_none())
        .collect();
    docs.sort_by_key(|d| std::cmp::Reverse(d.attached_at));
    Ok(docs)
}

/// "1.2 MB", "340 KB".
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{b} bytes"),
    }
}

async fn list(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Markup, AppError> {
    let (id, child) = open(&state, &user, &raw, "GET /children/{id}/documents").await?;
    // Newest attached first.
    let docs = of_child(&state, &id).await?;
    let paging = Paging::new(&q.page, docs.len(), PER_PAGE);
    let path = format!("/children/{id}/documents");
    let newest = Sort { key: "attached", descending: true };
    let links = Links { path: &path, keep: vec![], sort: newest, default: newest };
    const COLUMNS: [Column; 5] = [
        Column::new("Document"),
        Column::new("Type"),
        Column::new("Dated"),
        Column::new("Size"),
        Column::new("Attached"),
    ];
    let body = html! {
        p.govuk-body { (components::button_link(&format!("/children/{id}/documents/new"), "Attach a document", false)) }
        @if docs.is_empty() { p.govuk-body { "No documents." } } @else {
            (Table::new("Documents", &COLUMNS).hidden_caption().paged(&paging, &links, ("document", "documents")).render(paging.slice(&docs).iter().map(|d| vec![
                html! { a.govuk-link href={ "/children/" (id) "/documents/" (d.id) } { (d.meta.title) } },
                html! { (d.meta.kind.label()) },
                html! { @if let Some(date) = d.meta.date { (text::short_date(date)) } },
                html! { (size(d.file.size)) },
                html! { (text::short_date(d.attached_at.date_naive())) " by " (state.who(&d.attached_by)) },
            ])))
        }
    };
    Ok(Layout::new("Documents")
        .caption(&child.name)
        .user(Some(&user))
        .back(&format!("/children/{id}"), "Back to the record")
        .render(body))
}

fn kinds() -> Vec<(String, String)> {
    DocumentKind::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect()
}

fn accepted() -> String {
    let names: Vec<&str> = MediaType::ALL.iter().map(|m| m.label()).collect();
    names.join(", ")
}

fn form(user: &SignedIn, id: &ChildId, name: &str, sent: &Sent, errors: &Errors) -> Markup {
    let c = |id: &'static str, label: &'static str| Control::new(id, id, label).errors(errors.of(id));
    let hint = format!("{}; at most {}", accepted(), size(MAX_DOCUMENT as u64));
    let file = c("file", "File").hint(&hint);
    let body = html! {
        (error_summary(&errors.problems()))
        // The CSRF token is the first field: the guard reads that far, and no further.
        form method="post" action={ "/children/" (id) "/documents" } enctype="multipart/form-data" novalidate {
            (csrf_input(&user.csrf))
            @if !sent.get("note").is_empty() { input type="hidden" name="note" value=(sent.get("note")); }
            div class={ "govuk-form-group" @if !file.errors.is_empty() { " govuk-form-group--error" } } {
                label.govuk-label for="file" { "File" }
                div.govuk-hint id="file-hint" { (hint) }
                @if !file.errors.is_empty() { (components::error_message("file-error", &file.errors)) }
                input.govuk-file-upload id="file" name="file" type="file" aria-describedby="file-hint";
            }
            (select(&c("kind", "Type of document").required(true), &kinds(), &[sent.get("kind").to_string()], false))
            (input(&c("title", "Title").required(true), "text", sent.get("title"), None))
            (date_input(&c("date", "Date on the document (optional)"), sent.date_value("date")))
            (textarea(&c("description", "Description (optional)"), sent.get("description"), 3))
            (components::button_group(html! { (button("Attach the document")) (components::link(&format!("/children/{id}/documents"), "Cancel")) }))
        }
    };
    Layout::new("Attach a document").caption(name).user(Some(user)).errors(!errors.is_empty()).render(body)
}

#[derive(serde::Deserialize, Default)]
struct Blank {
    note: Option<String>,
}

async fn blank(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    axum::extract::Query(b): axum::extract::Query<Blank>,
) -> Result<Markup, AppError> {
    require(&user, "document.record", "attach documents")?;
    let (id, child) = open(&state, &user, &raw, "GET /children/{id}/documents/new").await?;
    let sent = Sent(b.note.into_iter().map(|n| ("note".to_string(), n)).collect());
    Ok(form(&user, &id, &child.name, &sent, &Errors::default()))
}

/// Reads the upload: the file (bounded as it streams in) and the other fields.
async fn read_upload(mut mp: Multipart, errors: &mut Errors) -> Result<(Sent, Option<(String, Vec<u8>)>), AppError> {
    let bad =
        |e: axum::extract::multipart::MultipartError| AppError::BadRequest(format!("the upload was cut short: {e}"));
    let mut sent = Sent::default();
    let mut file = None;
    while let Some(mut field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let filename = field.file_name().unwrap_or("").to_string();
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                if bytes.len() + chunk.len() > MAX_DOCUMENT {
                    errors.field("file", format!("The file must be smaller than {}", size(MAX_DOCUMENT as u64)));
                    return Ok((sent, None));
                }
                bytes.extend_from_slice(&chunk);
            }
            if !filename.is_empty() || !bytes.is_empty() {
                file = Some((filename, bytes));
            }
        } else if sent.0.len() < 32 {
            let value = field.text().await.map_err(bad)?;
            sent.0.push((name, value.chars().take(crate::workplace::MAX_FIELD).collect()));
        }
    }
    Ok((sent, file))
}

async fn attach(
    State(state): State<AppState>,
    user: SignedIn,
    Path(raw): Path<String>,
    mp: Multipart,
) -> Result<Response, AppError> {
    require(&user, "document.record", "attach documents")?;
    let (id, child) = open(&state, &user, &raw, "POST /children/{id}/documents").await?;
    let mut errors = Errors::default();
    let (sent, file) = read_upload(mp, &mut errors).await?;
    let kind = errors.code::<DocumentKind>(&sent, "kind", "a type of document");
    let date = errors.optional_date(&sent, "date", "The date on the document");
    let note = match sent.get("note") {
        "" => None,
        n => NoteId::new(n).ok(),
    };
    let media = match &file {
        None if errors.of("file").is_empty() => {
            errors.field("file", "Select a file");
            None
        }
        None => None,
        Some((_, bytes)) => MediaType::sniff(bytes).or_else(|| {
            errors.field("file", format!("The file must be one of: {}", accepted()));
            None
        }),
    };
    let redraw = |errors: &Errors| {
        (StatusCode::UNPROCESSABLE_ENTITY, form(&user, &id, &child.name, &sent, errors)).into_response()
    };
    let (Some(kind), Some(media), Some((filename, bytes)), true) = (kind, media, file, errors.is_empty()) else {
        return Ok(redraw(&errors));
    };
    let meta = DocumentMeta {
        kind,
        title: sent.get("title").to_string(),
        date,
        description: sent.get("description").to_string(),
        note,
    };
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    let child_id = id.clone();
    let filename = filename.rsplit(['/', '\\']).next().unwrap_or("").to_string();
    let written = state
        .with_store(move |s| {
            let mut made = None;
            outcome(s.transaction(&mut |tx| {
                let sha256 = tx.put_blob(&bytes)?;
                let file = FileInfo { filename: filename.clone(), media_type: media, size: bytes.len() as u64, sha256 };
                let event = DocumentEvent::Attached { child: child_id.clone(), meta: meta.clone(), file };
                made = Some(tx.create::<Document>(&[(recorded.clone(), event)])?.0);
                Ok(())
            }))
            .map(|r| r.map(|()| made))
        })
        .await?;
    match written {
        Ok(Some(doc)) => Ok(Redirect::to(&format!("/children/{id}/documents/{doc}")).into_response()),
        Ok(None) => Err(AppError::Internal("document".into())),
        Err(why) => {
            errors.refused(
                &why.to_string(),
                &[("title", &["title"]), ("file", &["file", "name"]), ("date", &["before 1900", "after the day"])],
            );
            Ok(redraw(&errors))
        }
    }
}

async fn load(state: &AppState, child: &ChildId, raw: &str) -> Result<(Document, u64), AppError> {
    let doc = DocumentId::new(raw).map_err(|e| AppError::NotFound(e.to_string()))?;
    let found = state.read_store(move |s| s.subject::<Document>(&doc)).await?;
    found.filter(|(d, _)| d.child == *child).ok_or_else(|| AppError::NotFound(format!("{child} has no document {raw}")))
}

async fn view(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, raw_doc)): Path<(String, String)>,
) -> Result<Markup, AppError> {
    let (id, child) = open(&state, &user, &raw, "GET /children/{id}/documents/{doc}").await?;
    let (doc, _) = load(&state, &id, &raw_doc).await?;
    let file_href = format!("/children/{id}/documents/{}/file", doc.id);
    let body = html! {
        @if let Some(w) = &doc.withdrawn {
            (components::warning(&format!("Withdrawn by {} on {}: {}", state.who(&w.by), text::date(w.at.date_naive()), w.reason)))
        }
        (summary_list(&[
            SummaryRow::text("Type", doc.meta.kind.label()),
            SummaryRow::new("Dated", html! { @if let Some(d) = doc.meta.date { (text::date(d)) } @else { "Not given" } }),
            SummaryRow::text("File", &format!("{} ({}, {})", doc.file.filename, doc.file.media_type.label(), size(doc.file.size))),
            SummaryRow::text("Attached", &format!("{} by {}", text::date(doc.attached_at.date_naive()), doc.attached_by)),
            SummaryRow::new("Description", html! { @for line in doc.meta.description.lines() { (line) br; } }),
            SummaryRow::new("With note", html! { @if let Some(n) = &doc.meta.note { a.govuk-link href={ "/children/" (id) "/notes/" (n) } { (n) } } @else { "None" } }),
        ]))
        @if doc.withdrawn.is_none() {
            p.govuk-body { (components::button_link(&file_href, "Download", false)) }
            (components::details("Withdraw this document (attached in error)", html! {
                form method="post" action={ "/children/" (id) "/documents/" (doc.id) "/withdraw" } {
                    (csrf_input(&user.csrf))
                    (input(&Control::new("reason", "reason", "Why it is withdrawn").required(true), "text", "", None))
                    (components::warning_button("Withdraw"))
                }
            }))
        } @else { p.govuk-body { (tag(Colour::Grey, "Withdrawn")) } }
    };
    Ok(Layout::new(&doc.meta.title)
        .caption(&child.name)
        .user(Some(&user))
        .back(&format!("/children/{id}/documents"), "All documents")
        .render(body))
}

async fn download(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, raw_doc)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (id, _) = open(&state, &user, &raw, "GET /children/{id}/documents/{doc}/file").await?;
    let (doc, _) = load(&state, &id, &raw_doc).await?;
    if doc.withdrawn.is_some() {
        return Err(AppError::NotFound(format!("document {} was withdrawn", doc.id)));
    }
    let sha = doc.file.sha256.clone();
    let bytes =
        state.read_store(move |s| s.blob(&sha)).await?.ok_or_else(|| AppError::Internal("document content".into()))?;
    // ASCII letters, digits and a few marks only: the name goes into a header.
    let safe: String = doc
        .file
        .filename
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "._- ".contains(c) { c } else { '_' })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, doc.file.media_type.code().to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{safe}\"")),
            (header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'".to_string()),
        ],
        bytes,
    )
        .into_response())
}

async fn withdraw(
    State(state): State<AppState>,
    user: SignedIn,
    Path((raw, raw_doc)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(&user, "document.withdraw", "withdraw documents")?;
    let (id, _) = open(&state, &user, &raw, "POST /children/{id}/documents/{doc}/withdraw").await?;
    let (doc, version) = load(&state, &id, &raw_doc).await?;
    let sent = Sent(pairs);
    let recorded = Recorded::new(state.now(), user.username.clone(), None);
    let event = DocumentEvent::Withdrawn { reason: sent.get("reason").to_string() };
    let doc_id = doc.id.clone();
    match state
        .with_store(move |s| outcome(s.append::<Document>(&doc_id, Expected::Version(version), &[(recorded, event)])))
        .await?
    {
        Ok(_) => Ok(Redirect::to(&format!("/children/{id}/documents")).into_response()),
        Err(Refusal::Refused(m)) => Err(AppError::BadRequest(m)),
        Err(Refusal::Stale) => {
            Err(AppError::BadRequest("the document changed since you opened it: go back and try again".into()))
        }
    }
}
