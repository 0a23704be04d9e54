//! The GOV.UK Design System's components as maud functions, with the
//! Design System's markup and classes, so a page never writes a `govuk-` class
//! itself. Text is always escaped by maud; only fixed SVG icons are written raw.

use super::paging::{Links, Noun, Paging, pagination};
use super::text;
use carefile_domain::timescales::Status;
use chrono::NaiveDate;
use maud::{Markup, html};

// ---------------------------------------------------------------- tags

/// The colours of a tag, each with its meaning in carefile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    /// Overdue, refused, restricted.
    Red,
    /// Due soon, needs attention.
    Yellow,
    /// Done.
    Green,
    /// In progress, for information.
    Blue,
    /// Not started, closed, nothing to do.
    Grey,
}

impl Colour {
    fn class(self) -> &'static str {
        match self {
            Colour::Red => "govuk-tag govuk-tag--red",
            Colour::Yellow => "govuk-tag govuk-tag--yellow",
            Colour::Green => "govuk-tag govuk-tag--green",
            Colour::Blue => "govuk-tag govuk-tag--blue",
            Colour::Grey => "govuk-tag govuk-tag--grey",
        }
    }
}

pub fn tag(colour: Colour, words: &str) -> Markup {
    html! { strong class=(colour.class()) { (words) } }
}

/// Days before a due date from which it counts as "due soon".
pub const DUE_SOON_DAYS: i64 = 7;

/// The tag of a due item: overdue, due today or due soon; nothing for a date
/// further ahead (a tag on every row would make none stand out).
pub fn due_tag(status: Status, due: NaiveDate, today: NaiveDate) -> Markup {
    let days = (due - today).num_days();
    match status {
        Status::Overdue => tag(Colour::Red, "Overdue"),
        Status::Met => tag(Colour::Green, "Done"),
        Status::MetLate => tag(Colour::Green, "Done late"),
        Status::Due if days <= 0 => tag(Colour::Yellow, "Due today"),
        Status::Due if days <= DUE_SOON_DAYS => tag(Colour::Yellow, "Due soon"),
        Status::Due => html! {},
    }
}

// ---------------------------------------------------------------- buttons and links

/// A form's submit button.
pub fn button(words: &str) -> Markup {
    html! { button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true" { (words) } }
}

/// A button for a lesser action beside the main one.
pub fn secondary_button(words: &str) -> Markup {
    html! { button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { (words) } }
}

/// A button for an action that cannot be undone or needs care.
pub fn warning_button(words: &str) -> Markup {
    html! { button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" data-prevent-double-click="true" { (words) } }
}

/// A link drawn as a button (a "start" or "record" action that opens a page).
pub fn button_link(href: &str, words: &str, secondary: bool) -> Markup {
    let class = if secondary { "govuk-button govuk-button--secondary" } else { "govuk-button" };
    html! { a href=(href) role="button" draggable="false" class=(class) data-module="govuk-button" { (words) } }
}

/// Buttons and links in one row.
pub fn button_group(items: Markup) -> Markup {
    html! { div.govuk-button-group { (items) } }
}

pub fn link(href: &str, words: &str) -> Markup {
    html! { a.govuk-link href=(href) { (words) } }
}

pub fn back_link(href: &str, words: &str) -> Markup {
    html! { a.govuk-back-link href=(href) { (words) } }
}

// ---------------------------------------------------------------- text blocks

pub fn inset(body: Markup) -> Markup {
    html! { div.govuk-inset-text { (body) } }
}

/// A warning the user must not miss ("!" icon, bold text).
pub fn warning(words: &str) -> Markup {
    html! {
        div.govuk-warning-text {
            span.govuk-warning-text__icon aria-hidden="true" { "!" }
            strong.govuk-warning-text__text { span.govuk-visually-hidden { "Warning" } (words) }
        }
    }
}

/// Text hidden behind a summary the user opens.
pub fn details(summary: &str, body: Markup) -> Markup {
    html! {
        details.govuk-details {
            summary.govuk-details__summary { span.govuk-details__summary-text { (summary) } }
            div.govuk-details__text { (body) }
        }
    }
}

/// A notification banner: `success` after something was done (announced as an
/// alert), otherwise important information about the page.
pub fn notification(success: bool, heading: &str, body: Option<Markup>) -> Markup {
    let (class, role, title) = if success {
        ("govuk-notification-banner govuk-notification-banner--success", "alert", "Success")
    } else {
        ("govuk-notification-banner", "region", "Important")
    };
    html! {
        div class=(class) role=(role) aria-labelledby="govuk-notification-banner-title" data-module="govuk-notification-banner" {
            div.govuk-notification-banner__header {
                h2.govuk-notification-banner__title id="govuk-notification-banner-title" { (title) }
            }
            div.govuk-notification-banner__content {
                p.govuk-notification-banner__heading { (heading) }
                @if let Some(b) = body { (b) }
            }
        }
    }
}

// ---------------------------------------------------------------- summary list

/// One row of a summary list: a key, its value, and optionally an action link
/// (`href`, words, and what it acts on for screen readers: "Change" + " date of birth").
pub struct SummaryRow<'a> {
    pub key: &'a str,
    pub value: Markup,
    pub action: Option<(&'a str, &'a str, &'a str)>,
}

impl<'a> SummaryRow<'a> {
    pub fn new(key: &'a str, value: Markup) -> Self {
        SummaryRow { key, value, action: None }
    }
    pub fn text(key: &'a str, value: &str) -> Self {
        SummaryRow { key, value: html! { (value) }, action: None }
    }
    pub fn action(mut self, href: &'a str, words: &'a str, hidden: &'a str) -> Self {
        self.action = Some((href, words, hidden));
        self
    }
}

pub fn summary_list(rows: &[SummaryRow]) -> Markup {
    let any_action = rows.iter().any(|r| r.action.is_some());
    html! {
        dl.govuk-summary-list {
            @for r in rows {
                div class={ "govuk-summary-list__row" @if any_action && r.action.is_none() { " govuk-summary-list__row--no-actions" } } {
                    dt.govuk-summary-list__key { (r.key) }
                    dd.govuk-summary-list__value { (r.value) }
                    @if let Some((href, words, hidden)) = r.action {
                        dd.govuk-summary-list__actions {
                            a.govuk-link href=(href) { (words) span.govuk-visually-hidden { " " (hidden) } }
                        }
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------- tables

/// A column of a table: its heading, the sort key that orders by it (if it
/// can), and whether it holds numbers (right-aligned).
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    pub heading: &'a str,
    pub sort: Option<&'static str>,
    pub numeric: bool,
}

impl<'a> Column<'a> {
    pub const fn new(heading: &'a str) -> Self {
        Column { heading, sort: None, numeric: false }
    }
    pub const fn sorted_by(mut self, key: &'static str) -> Self {
        self.sort = Some(key);
        self
    }
    pub const fn numeric(mut self) -> Self {
        self.numeric = true;
        self
    }
}

/// A table: a caption (shown, or for screen readers only when the page's
/// heading already says it), its columns, and rows of cells. The first cell
/// of a row is its header (`th scope="row"`) when `row_headers` is set.
pub struct Table<'a> {
    pub caption: &'a str,
    pub caption_hidden: bool,
    pub columns: &'a [Column<'a>],
    pub row_headers: bool,
    /// Paging and sorting, when the table is one page of a longer list.
    pub paged: Option<(&'a Paging, &'a Links<'a>, Noun<'a>)>,
    pub id: Option<&'a str>,
}

impl<'a> Table<'a> {
    pub fn new(caption: &'a str, columns: &'a [Column<'a>]) -> Self {
        Table { caption, caption_hidden: false, columns, row_headers: false, paged: None, id: None }
    }
    pub fn hidden_caption(mut self) -> Self {
        self.caption_hidden = true;
        self
    }
    pub fn row_headers(mut self) -> Self {
        self.row_headers = true;
        self
    }
    /// One page of a list: sortable headings and the pagination under the table
    /// (`noun` counts the rows: ("child", "children")).
    pub fn paged(mut self, paging: &'a Paging, links: &'a Links<'a>, noun: Noun<'a>) -> Self {
        self.paged = Some((paging, links, noun));
        self
    }
    pub fn id(mut self, id: &'a str) -> Self {
        self.id = Some(id);
        self
    }

    /// Draws the table with `rows`, each a list of cells in column order.
    pub fn render<I: IntoIterator<Item = Vec<Markup>>>(&self, rows: I) -> Markup {
        let links = self.paged.map(|(_, l, _)| l);
        html! {
            div.app-table-wrapper {
                table.govuk-table id=[self.id] {
                    caption class={ "govuk-table__caption govuk-table__caption--m" @if self.caption_hidden { " govuk-visually-hidden" } } { (self.caption) }
                    thead.govuk-table__head {
                        tr.govuk-table__row {
                            @for c in self.columns {
                                @let class = if c.numeric { "govuk-table__header govuk-table__header--numeric" } else { "govuk-table__header" };
                                @match (c.sort, links) {
                                    (Some(key), Some(l)) => th scope="col" class=(class) aria-sort=(l.aria_sort(key)) {
                                        a.app-sort href=(l.sorted_by(key)) { (c.heading) }
                                    },
                                    _ => th scope="col" class=(class) { (c.heading) },
                                }
                            }
                        }
                    }
                    tbody.govuk-table__body {
                        @for row in rows {
                            tr.govuk-table__row {
                                @for (i, cell) in row.into_iter().enumerate() {
                                    @let numeric = self.columns.get(i).is_some_and(|c| c.numeric);
                                    @if i == 0 && self.row_headers {
                                        th scope="row" class="govuk-table__header" { (cell) }
                                    } @else if numeric {
                                        td class="govuk-table__cell govuk-table__cell--numeric" { (cell) }
                                    } @else {
                                        td.govuk-table__cell { (cell) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if let Some((p, l, noun)) = self.paged { (pagination(p, l, noun)) }
        }
    }
}

// ---------------------------------------------------------------- errors

/// A message and the ID of the field it is about (none: about the whole form).
pub type Problem<'a> = (Option<&'a str>, &'a str);

/// The error summary at the top of a page whose form was refused: each
/// message links to its field. The page script moves focus to it on load.
pub fn error_summary(problems: &[Problem]) -> Markup {
    html! {
        @if !problems.is_empty() {
            div.govuk-error-summary data-module="govuk-error-summary" {
                div role="alert" {
                    h2.govuk-error-summary__title { "There is a problem" }
                    div.govuk-error-summary__body {
                        ul.govuk-list.govuk-error-summary__list {
                            @for (field, message) in problems {
                                li { @if let Some(f) = field { a href={ "#" (f) } { (message) } } @else { (message) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The message beside a field, with the hidden "Error:" a screen reader reads first.
pub fn error_message(id: &str, messages: &[&str]) -> Markup {
    html! {
        p.govuk-error-message id=(id) {
            @for (i, m) in messages.iter().enumerate() {
                @if i > 0 { br; }
                span.govuk-visually-hidden { "Error:" } " " (m)
            }
        }
    }
}

// ---------------------------------------------------------------- form controls

/// What every form control has: its ID (the error summary links to it), its
/// name, label, an optional hint, and the errors beside it.
#[derive(Debug, Clone, Default)]
pub struct Control<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub label: &'a str,
    pub hint: Option<&'a str>,
    pub errors: Vec<&'a str>,
    pub required: bool,
    /// The label is the page's heading (a one-question page).
    pub label_is_heading: bool,
}

impl<'a> Control<'a> {
    pub fn new(id: &'a str, name: &'a str, label: &'a str) -> Self {
        Control { id, name, label, ..Default::default() }
    }
    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }
    pub fn errors(mut self, errors: Vec<&'a str>) -> Self {
        self.errors = errors;
        self
    }
    pub fn required(mut self, required: bool) -> Self {
        self.required = required;
        self
    }

    pub(crate) fn invalid(&self) -> bool {
        !self.errors.is_empty()
    }
    fn hint_id(&self) -> String {
        format!("{}-hint", self.id)
    }
    fn error_id(&self) -> String {
        format!("{}-error", self.id)
    }
    /// `aria-describedby`: the hint and the error, where present.
    pub(crate) fn described_by(&self) -> Option<String> {
        let ids: Vec<String> = [self.hint.map(|_| self.hint_id()), self.invalid().then(|| self.error_id())]
            .into_iter()
            .flatten()
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
    pub(crate) fn group_class(&self) -> &'static str {
        if self.invalid() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }
    }

    pub(crate) fn label(&self) -> Markup {
        let label = html! { label.govuk-label for=(self.id) { (self.label) } };
        html! {
            @if self.label_is_heading { h1.govuk-label-wrapper { (label) } } @else { (label) }
        }
    }

    pub(crate) fn hint_and_errors(&self) -> Markup {
        html! {
            @if let Some(h) = self.hint { div.govuk-hint id=(self.hint_id()) { (h) } }
            @if self.invalid() { (error_message(&self.error_id(), &self.errors)) }
        }
    }
}

/// A one-line text input; `kind` is its `type` ("text", "email", "number", "search").
pub fn input(c: &Control, kind: &str, value: &str, autocomplete: Option<&str>) -> Markup {
    let class = if c.invalid() { "govuk-input govuk-input--error" } else { "govuk-input" };
    html! {
        div class=(c.group_class()) {
            (c.label())
            (c.hint_and_errors())
            input class=(class) id=(c.id) name=(c.name) type=(kind) value=(value) required[c.required]
                autocomplete=[autocomplete] spellcheck=[(kind == "text").then_some("false")]
                aria-describedby=[c.described_by()];
        }
    }
}

/// A password input with the Design System's "Show" button.
pub fn password(c: &Control, autocomplete: &str) -> Markup {
    let class = if c.invalid() {
        "govuk-input govuk-password-input__input govuk-js-password-input-input govuk-input--error"
    } else {
        "govuk-input govuk-password-input__input govuk-js-password-input-input"
    };
    html! {
        div class=(c.group_class()) data-module="govuk-password-input" {
            (c.label())
            (c.hint_and_errors())
            div.govuk-input__wrapper.govuk-password-input__wrapper {
                input class=(class) id=(c.id) name=(c.name) type="password" spellcheck="false" autocapitalize="none"
                    autocomplete=(autocomplete) required[c.required] aria-describedby=[c.described_by()];
                button type="button" class="govuk-button govuk-button--secondary govuk-password-input__toggle govuk-js-password-input-toggle"
                    data-module="govuk-button" aria-controls=(c.id) aria-label="Show password" hidden { "Show" }
            }
        }
    }
}

pub fn textarea(c: &Control, value: &str, rows: u32) -> Markup {
    let class = if c.invalid() { "govuk-textarea govuk-textarea--error" } else { "govuk-textarea" };
    html! {
        div class=(c.group_class()) {
            (c.label())
            (c.hint_and_errors())
            textarea class=(class) id=(c.id) name=(c.name) rows=(rows) required[c.required] aria-describedby=[c.described_by()] { (value) }
        }
    }
}

/// A drop-down list (`multiple`: a list box to pick several with Ctrl or Shift).
pub fn select(c: &Control, options: &[(String, String)], chosen: &[String], multiple: bool) -> Markup {
    let class = if c.invalid() { "govuk-select govuk-select--error" } else { "govuk-select" };
    html! {
        div class=(c.group_class()) {
            (c.label())
            (c.hint_and_errors())
            select class=(class) id=(c.id) name=(c.name) multiple[multiple] required[c.required] aria-describedby=[c.described_by()] {
                // A blank first choice, unless the list has its own blank choice.
                @if !multiple && !options.iter().any(|(v, _)| v.is_empty()) { option value="" { "Choose…" } }
                @for (v, label) in options { option value=(v) selected[chosen.contains(v)] { (label) } }
            }
        }
    }
}

/// One checkbox on its own (a yes/no question).
pub fn checkbox(c: &Control, checked: bool) -> Markup {
    html! {
        div class=(c.group_class()) {
            (c.hint_and_errors())
            div.govuk-checkboxes.govuk-checkboxes--small data-module="govuk-checkboxes" {
                div.govuk-checkboxes__item {
                    input.govuk-checkboxes__input id=(c.id) name=(c.name) type="checkbox" value="on" checked[checked]
                        aria-describedby=[c.described_by()];
                    label class="govuk-label govuk-checkboxes__label" for=(c.id) { (c.label) }
                }
            }
        }
    }
}

/// Radio buttons: one of `options` (value, label); the first option's input carries the control's ID.
pub fn radios(c: &Control, options: &[(String, String)], chosen: &str, inline: bool) -> Markup {
    html! {
        div class=(c.group_class()) {
            fieldset.govuk-fieldset aria-describedby=[c.described_by()] {
                legend class="govuk-fieldset__legend govuk-fieldset__legend--s" { (c.label) }
                (c.hint_and_errors())
                div class={ "govuk-radios" @if inline { " govuk-radios--inline" } } data-module="govuk-radios" {
                    @for (i, (v, label)) in options.iter().enumerate() {
                        @let id = if i == 0 { c.id.to_string() } else { format!("{}-{}", c.id, i + 1) };
                        div.govuk-radios__item {
                            input.govuk-radios__input id=(id) name=(c.name) type="radio" value=(v) checked[chosen == v];
                            label class="govuk-label govuk-radios__label" for=(id) { (label) }
                        }
                    }
                }
            }
        }
    }
}

/// The Design System's date input: day, month and year as three fields named
/// `NAME-day`, `NAME-month`, `NAME-year` (read back with [`date_parts`]); the
/// day's input carries the control's ID.
pub fn date_input(c: &Control, value: (&str, &str, &str)) -> Markup {
    let part = |suffix: &str, label: &str, v: &str, width: &str, first: bool| {
        let id = if first { c.id.to_string() } else { format!("{}-{suffix}", c.id) };
        let class = format!(
            "govuk-input govuk-date-input__input govuk-input--width-{width}{}",
            if c.invalid() { " govuk-input--error" } else { "" }
        );
        html! {
            div.govuk-date-input__item {
                div.govuk-form-group {
                    label class="govuk-label govuk-date-input__label" for=(id) { (label) }
                    input class=(class) id=(id) name={ (c.name) "-" (suffix) } type="text" inputmode="numeric" value=(v) required[c.required];
                }
            }
        }
    };
    html! {
        div class=(c.group_class()) {
            fieldset.govuk-fieldset role="group" aria-describedby=[c.described_by()] {
                legend class="govuk-fieldset__legend govuk-fieldset__legend--s" { (c.label) }
                (c.hint_and_errors())
                div.govuk-date-input id={ (c.id) "-group" } {
                    (part("day", "Day", value.0, "2", true))
                    (part("month", "Month", value.1, "2", false))
                    (part("year", "Year", value.2, "4", false))
                }
            }
        }
    }
}

/// Reads a date input's three fields back as `YYYY-MM-DD` (what the recording
/// forms parse), or says what is wrong in the Design System's words.
pub fn date_parts(sent: &[(String, String)], name: &str, label: &str) -> Result<Option<String>, String> {
    let get = |suffix: &str| {
        let key = format!("{name}-{suffix}");
        sent.iter().find(|(k, _)| *k == key).map_or(String::new(), |(_, v)| v.trim().to_string())
    };
    let (d, m, y) = (get("day"), get("month"), get("year"));
    if d.is_empty() && m.is_empty() && y.is_empty() {
        return Ok(None);
    }
    let missing: Vec<&str> =
        [("day", &d), ("month", &m), ("year", &y)].into_iter().filter(|(_, v)| v.is_empty()).map(|(w, _)| w).collect();
    if !missing.is_empty() {
        return Err(format!("{label} must include a {}", missing.join(" and ")));
    }
    let num = |s: &str| s.parse::<u32>().ok();
    let (Some(dn), Some(mn), Some(yn)) = (num(&d), num(&m), num(&y)) else {
        return Err(format!("{label} must be a real date"));
    };
    if y.len() != 4 {
        return Err(format!("{label}: the year must include 4 numbers"));
    }
    match NaiveDate::from_ymd_opt(yn as i32, mn, dn) {
        Some(date) => Ok(Some(date.format("%Y-%m-%d").to_string())),
        None => Err(format!("{label} must be a real date")),
    }
}

// ---------------------------------------------------------------- task list

/// One task: its name, where to do it (none: cannot be started yet), a hint,
/// and its status (a tag, or plain text such as "Completed").
pub struct Task<'a> {
    pub name: &'a str,
    pub href: Option<&'a str>,
    pub hint: Option<&'a str>,
    pub status: Markup,
}

pub fn task_list(id: &str, tasks: &[Task]) -> Markup {
    html! {
        ul.govuk-task-list id=(id) {
            @for (i, t) in tasks.iter().enumerate() {
                @let status_id = format!("{id}-{}-status", i + 1);
                @let hint_id = format!("{id}-{}-hint", i + 1);
                @let described = if t.hint.is_some() { format!("{hint_id} {status_id}") } else { status_id.clone() };
                li class={ "govuk-task-list__item" @if t.href.is_some() { " govuk-task-list__item--with-link" } } {
                    div.govuk-task-list__name-and-hint {
                        @if let Some(href) = t.href {
                            a.govuk-link.govuk-task-list__link href=(href) aria-describedby=(described) { (t.name) }
                        } @else { div { (t.name) } }
                        @if let Some(h) = t.hint { div.govuk-task-list__hint id=(hint_id) { (h) } }
                    }
                    div.govuk-task-list__status id=(status_id) { (t.status) }
                }
            }
        }
    }
}

/// A date in a table cell, with the overdue / due soon tag beside it.
pub fn due_cell(status: Status, due: NaiveDate, today: NaiveDate) -> Markup {
    html! { (text::short_date(due)) " " (due_tag(status, due, today)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(d: &str, m: &str, y: &str) -> Vec<(String, String)> {
        vec![("date-day".into(), d.into()), ("date-month".into(), m.into()), ("date-year".into(), y.into())]
    }

    #[test]
    fn a_date_input_is_read_back_or_explained() {
        assert_eq!(date_parts(&sent("3", "11", "2025"), "date", "Date"), Ok(Some("2025-11-03".into())));
        assert_eq!(date_parts(&sent("", "", ""), "date", "Date"), Ok(None));
        assert_eq!(date_parts(&[], "date", "Date"), Ok(None));
        assert_eq!(date_parts(&sent("3", "", "2025"), "date", "Date").unwrap_err(), "Date must include a month");
        assert_eq!(date_parts(&sent("", "", "2025"), "date", "Date").unwrap_err(), "Date must include a day and month");
        assert_eq!(date_parts(&sent("31", "2", "2025"), "date", "Date").unwrap_err(), "Date must be a real date");
        assert_eq!(date_parts(&sent("1", "x", "2025"), "date", "Date").unwrap_err(), "Date must be a real date");
        assert_eq!(date_parts(&sent("1", "2", "25"), "date", "Date").unwrap_err(), "Date: the year must include 4 numbers");
    }

    #[test]
    fn due_tags_say_how_urgent() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        let words = |s, days: i64| due_tag(s, today + chrono::Duration::days(days), today).into_string();
        assert!(words(Status::Overdue, -3).contains("Overdue") && words(Status::Overdue, -3).contains("govuk-tag--red"));
        assert!(words(Status::Due, 0).contains("Due today"));
        assert!(words(Status::Due, DUE_SOON_DAYS).contains("Due soon"));
        assert_eq!(words(Status::Due, DUE_SOON_DAYS + 1), "");
    }

    #[test]
    fn a_control_with_an_error_is_marked_and_described() {
        let c = Control::new("f-date", "date", "Date").hint("For example, 27 3 2026").errors(vec!["Date must be a real date"]);
        let html = input(&c, "text", "x", None).into_string();
        assert!(html.contains("govuk-form-group--error") && html.contains("govuk-input--error"), "{html}");
        assert!(html.contains(r#"aria-describedby="f-date-hint f-date-error""#), "{html}");
        assert!(html.contains(r#"<p class="govuk-error-message" id="f-date-error"><span class="govuk-visually-hidden">Error:</span> Date must be a real date</p>"#), "{html}");
        let plain = input(&Control::new("q", "q", "Name"), "search", "", None).into_string();
        assert!(!plain.contains("aria-describedby") && !plain.contains("--error"), "{plain}");
    }

    #[test]
    fn the_error_summary_links_each_message_to_its_field() {
        let html = error_summary(&[(Some("f-date"), "Enter a date"), (None, "The record changed")]).into_string();
        assert!(html.contains(r##"<a href="#f-date">Enter a date</a>"##) && html.contains("<li>The record changed</li>"), "{html}");
        assert_eq!(error_summary(&[]).into_string(), "");
    }

    #[test]
    fn sortable_headings_say_their_order() {
        use super::super::paging::Sort;
        let default = Sort { key: "due", descending: false };
        let links = Links { path: "/caseload", keep: vec![], sort: default, default };
        let paging = Paging::new("1", 1, 50);
        let cols = [Column::new("Child").sorted_by("name"), Column::new("Due").sorted_by("due"), Column::new("Items").numeric()];
        let html = Table::new("Caseload", &cols).paged(&paging, &links, ("child", "children")).render([vec![
            html! { "A" },
            html! { "B" },
            html! { "3" },
        ]]);
        let html = html.into_string();
        assert!(html.contains(r#"aria-sort="ascending"><a class="app-sort" href="/caseload?sort=due&amp;order=desc">Due</a>"#), "{html}");
        assert!(html.contains(r#"aria-sort="none"><a class="app-sort" href="/caseload?sort=name&amp;order=asc">Child</a>"#), "{html}");
        assert!(html.contains("govuk-table__cell--numeric"), "{html}");
        assert!(html.contains("1 child."), "{html}");
    }
}
