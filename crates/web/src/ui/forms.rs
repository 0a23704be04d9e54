//! The recording forms ([`crate::forms`]) as the Design System draws them:
//! dates as day, month and year boxes (and a time), a yes/no as a checkbox,
//! short lists as radios and long ones as a drop-down, several choices as
//! checkboxes; an error summary at the top linking to each field, and each
//! message beside its field. The forms read one value per date (`YYYY-MM-DD`,
//! or `YYYY-MM-DDTHH:MM`): [`submit`] joins the boxes into it first, and a
//! date that cannot be joined is refused beside its field with what was typed
//! kept. A client that sends the joined value itself (the API's tests, a
//! script) is read as before.

use super::components::{Control, checkbox, date_input, error_summary, input, radios, select, textarea};
use crate::forms::{self, Accepted, Context, Field, FormErrors, FormKind, Input, Rejected};
use chrono::{NaiveDate, NaiveDateTime};
use maud::{Markup, html};

/// Lists this short are radios; longer ones a drop-down.
const RADIOS_UP_TO: usize = 6;

/// Reads a submission as [`forms::submit`] does, after joining its date boxes.
pub fn submit(kind: FormKind, ctx: &Context, sent: &[(String, String)]) -> Result<Accepted, Rejected> {
    let (joined, problems) = join_dates(sent, &forms::fields(kind, ctx));
    let result = forms::submit(kind, ctx, &joined);
    if problems.is_empty() {
        return result;
    }
    // A date that could not be joined was left out, so the form's own
    // "is required" (or nothing, if optional) stands in its place: say what is wrong instead.
    let (fields, mut errors) = match result {
        Ok(_) => (forms::fields(kind, ctx), FormErrors::default()),
        Err(r) => (r.fields, r.errors),
    };
    errors.fields.retain(|(name, _)| !problems.iter().any(|(p, _)| p == name));
    errors.fields.extend(problems);
    Err(Rejected { fields, errors })
}

/// The submission with each date's boxes joined into the one value the form
/// reads, and the dates that could not be joined (field, message).
pub(crate) fn join_dates(sent: &[(String, String)], fields: &[Field]) -> (Vec<(String, String)>, Vec<(&'static str, String)>) {
    let mut out: Vec<(String, String)> = sent.to_vec();
    let mut problems = Vec::new();
    for f in fields.iter().filter(|f| matches!(f.input, Input::Date | Input::DateTime)) {
        let prefix = format!("{}-", f.name);
        if !sent.iter().any(|(k, _)| k.starts_with(&prefix)) {
            continue; // sent joined already, or not at all
        }
        out.retain(|(k, _)| !k.starts_with(&prefix) && k != f.name);
        let date = match super::components::date_parts(sent, f.name, f.label) {
            Ok(d) => d,
            Err(m) => {
                problems.push((f.name, m));
                continue;
            }
        };
        let time = sent.iter().find(|(k, _)| *k == format!("{}-time", f.name)).map_or("", |(_, v)| v.trim());
        let value = match (&f.input, date) {
            (_, None) if time.is_empty() => continue,
            (Input::DateTime, None) => {
                problems.push((f.name, format!("{} must include a date", f.label)));
                continue;
            }
            (Input::DateTime, Some(d)) => match read_time(time) {
                Some(t) => format!("{d}T{t}"),
                None => {
                    problems.push((f.name, format!("{}: enter the time as hours and minutes, like 14:05", f.label)));
                    continue;
                }
            },
            (_, Some(d)) => d,
            (_, None) => continue,
        };
        out.push((f.name.to_string(), value));
    }
    (out, problems)
}

/// "9:05", "09:05" or "0905" as `HH:MM`.
fn read_time(s: &str) -> Option<String> {
    let (h, m) = match s.split_once([':', '.']) {
        Some((h, m)) => (h, m),
        None if s.len() == 4 => s.split_at(2),
        None => return None,
    };
    let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// What a date field shows: the boxes as typed if this is a redraw of them,
/// else the parts of the value the form holds.
fn date_shown(f: &Field, raw: &[(String, String)]) -> (String, String, String, String) {
    let part = |suffix: &str| {
        let key = format!("{}-{suffix}", f.name);
        raw.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())
    };
    if let Some(day) = part("day") {
        let get = |s: &str| part(s).unwrap_or_default();
        return (day, get("month"), get("year"), get("time"));
    }
    let value = f.sent.first().map(String::as_str).unwrap_or("");
    if let Ok(at) = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M") {
        let d = at.date();
        return (d.format("%-d").to_string(), d.format("%-m").to_string(), d.format("%Y").to_string(), at.format("%H:%M").to_string());
    }
    match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(d) => (d.format("%-d").to_string(), d.format("%-m").to_string(), d.format("%Y").to_string(), String::new()),
        Err(_) => Default::default(),
    }
}

/// The error summary and the fields of a form; `raw` is the submission as
/// sent (empty for a blank form), so date boxes come back as typed.
pub fn fields(fields: &[Field], errors: &FormErrors, raw: &[(String, String)]) -> Markup {
    let ids: Vec<(String, &str)> = errors.fields.iter().map(|(f, m)| (format!("f-{f}"), m.as_str())).collect();
    let mut problems: Vec<(Option<&str>, &str)> = errors.form.iter().map(|m| (None, m.as_str())).collect();
    problems.extend(ids.iter().map(|(id, m)| (Some(id.as_str()), *m)));
    html! {
        (error_summary(&problems))
        @for f in fields { (field(f, errors, raw)) }
    }
}

fn field(f: &Field, errors: &FormErrors, raw: &[(String, String)]) -> Markup {
    let id = format!("f-{}", f.name);
    let label = if f.required || matches!(f.input, Input::Check) { f.label.to_string() } else { format!("{} (optional)", f.label) };
    let mut c = Control::new(&id, f.name, &label).errors(errors.for_field(f.name).collect()).required(f.required);
    if let Some(h) = f.hint {
        c = c.hint(h);
    }
    let value = f.sent.first().map(String::as_str).unwrap_or("");
    if f.fixed {
        // A correction keeps the entry's numbers: shown, not sent (the form reads them from the entry).
        return html! { div.govuk-form-group { p.govuk-body { strong { (f.label) ": " } (f.sent.join(", ")) } } };
    }
    match &f.input {
        Input::Date | Input::DateTime => {
            let (d, m, y, t) = date_shown(f, raw);
            let with_time = matches!(f.input, Input::DateTime);
            let example = if with_time { "For example, 27 3 2026 and 14:05" } else { "For example, 27 3 2026" };
            let hint = f.hint.map_or_else(|| example.to_string(), |h| format!("{h}. {example}"));
            html! {
                (date_input(&c.clone().hint(&hint), (&d, &m, &y)))
                @if with_time {
                    div.govuk-form-group {
                        label.govuk-label for={ (id) "-time" } { "Time (24-hour clock)" }
                        input.govuk-input.govuk-input--width-5 id={ (id) "-time" } name={ (f.name) "-time" } type="text"
                            inputmode="numeric" value=(t) required[f.required] autocomplete="off";
                    }
                }
            }
        }
        Input::Check => checkbox(&c, value == "on"),
        Input::Text { long: true } => textarea(&c, value, 5),
        Input::Text { long: false } => input(&c, "text", value, None),
        Input::Id { example } => {
            let hint = f.hint.map_or_else(|| format!("For example, {example}"), |h| format!("{h}. For example, {example}"));
            identifier(&c.clone().hint(&hint), value)
        }
        Input::Select { options, multiple: true } => checkboxes(&c, options, &f.sent),
        Input::Select { options, multiple: false } if options.len() <= RADIOS_UP_TO => radios(&c, options, value, false),
        Input::Select { options, multiple: false } => select(&c, options, &f.sent, false),
    }
}

/// An identifier: a short box, typed as it is written (no spelling check, no capitals changed).
fn identifier(c: &Control, value: &str) -> Markup {
    let class = if c.invalid() { "govuk-input govuk-input--width-10 govuk-input--error" } else { "govuk-input govuk-input--width-10" };
    html! {
        div class=(c.group_class()) {
            (c.label())
            (c.hint_and_errors())
            input class=(class) id=(c.id) name=(c.name) type="text" value=(value) required[c.required]
                autocomplete="off" spellcheck="false" autocapitalize="characters" aria-describedby=[c.described_by()];
        }
    }
}

/// Several choices from a list, as checkboxes (the first carries the field's ID).
fn checkboxes(c: &Control, options: &[(String, String)], chosen: &[String]) -> Markup {
    html! {
        div class={ "govuk-form-group" @if !c.errors.is_empty() { " govuk-form-group--error" } } {
            fieldset.govuk-fieldset {
                legend class="govuk-fieldset__legend govuk-fieldset__legend--s" { (c.label) }
                div.govuk-hint { (c.hint.unwrap_or("Select all that apply.")) }
                @if !c.errors.is_empty() { (super::components::error_message(&format!("{}-error", c.id), &c.errors)) }
                div.govuk-checkboxes.govuk-checkboxes--small data-module="govuk-checkboxes" {
                    @for (i, (v, label)) in options.iter().enumerate() {
                        @let id = if i == 0 { c.id.to_string() } else { format!("{}-{}", c.id, i + 1) };
                        div.govuk-checkboxes__item {
                            input.govuk-checkboxes__input id=(id) name=(c.name) type="checkbox" value=(v) checked[chosen.contains(v)];
                            label class="govuk-label govuk-checkboxes__label" for=(id) { (label) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &'static str, input: Input, required: bool) -> Field {
        Field { name, label: "Visited on", hint: None, input, required, sent: vec![], fixed: false }
    }

    fn sent(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn date_boxes_are_joined_into_the_value_the_form_reads() {
        let fields = [field("date", Input::Date, true), field("at", Input::DateTime, true)];
        let (out, problems) = join_dates(
            &sent(&[("date-day", "3"), ("date-month", "11"), ("date-year", "2025"), ("at-day", "1"), ("at-month", "2"), ("at-year", "2026"), ("at-time", "9.05"), ("seen", "on")]),
            &fields,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(out, sent(&[("seen", "on"), ("date", "2025-11-03"), ("at", "2026-02-01T09:05")]));
    }

    #[test]
    fn a_date_that_cannot_be_joined_is_explained_beside_its_field() {
        let fields = [field("date", Input::Date, true), field("at", Input::DateTime, true)];
        let (out, problems) = join_dates(
            &sent(&[("date-day", "31"), ("date-month", "2"), ("date-year", "2026"), ("at-day", "1"), ("at-month", "2"), ("at-year", "2026"), ("at-time", "25:00")]),
            &fields,
        );
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(
            problems,
            [("date", "Visited on must be a real date".to_string()), ("at", "Visited on: enter the time as hours and minutes, like 14:05".to_string())]
        );
        // A value sent joined, by a script, is left alone.
        let (out, problems) = join_dates(&sent(&[("date", "2026-03-30")]), &fields);
        assert_eq!((out, problems.len()), (sent(&[("date", "2026-03-30")]), 0));
    }

    #[test]
    fn a_redrawn_date_shows_what_was_typed() {
        let mut f = field("date", Input::Date, true);
        assert_eq!(date_shown(&f, &sent(&[("date-day", "31"), ("date-month", "2"), ("date-year", "2026")])).0, "31");
        f.sent = vec!["2026-03-09".into()];
        assert_eq!(date_shown(&f, &[]), ("9".into(), "3".into(), "2026".into(), String::new()));
        assert_eq!(read_time("0905").as_deref(), Some("09:05"));
        assert_eq!(read_time("24:00"), None);
    }
}
