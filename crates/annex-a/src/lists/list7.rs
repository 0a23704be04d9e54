//! List 7, child protection: every child protection plan open on the reference date or ended in
//! the look-back, one row per plan.

use super::{Def, headers, no_inputs};
use crate::counts::previous_cp_plans;
use crate::labels::LabelError;
use crate::person::{allocated, disability, lead, maybe_yes_no, yes_no};
use crate::{Ctx, Pending, Row, Value};
use carefile_domain::codes::LegalStatus;
use carefile_domain::journey::ChildRecord;
use chrono::NaiveDate;

pub const DEF: Def = Def {
    number: 7,
    sheet: "List 7",
    title: "Child protection",
    headers: headers![
        "Does the Child have a Disability",
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
        "Number of Previous Child Protection Plans",
        "Allocated Team",
        "Allocated Worker",
    ],
    pending: &[],
    partial: &[Pending {
        column: "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
        supplier: "legal statuses L1 and L2 of accommodated children; orders for children not accommodated need their own fact (practice record issue #12)",
    }],
    rows: super::Rows::PerChild(rows),
    needs_input: no_inputs,
};

/// Whether the child was under police protection (L1) or an emergency protection order (L2) while
/// accommodated, at some point in the six months to the reference date. The record holds these
/// orders as legal statuses of care, so an order for a child who was not accommodated is not seen.
fn protected_in(c: &ChildRecord, from: NaiveDate, to: NaiveDate) -> bool {
    c.care.iter().any(|p| {
        p.changes.iter().enumerate().any(|(i, ch)| {
            let end = p.changes.get(i + 1).map(|n| n.date).or(p.end_date());
            matches!(ch.legal_status, LegalStatus::L1 | LegalStatus::L2)
                && ch.date <= to
                && end.is_none_or(|e| e >= from)
        })
    })
}

fn rows(ctx: &Ctx, c: &ChildRecord, out: &mut Vec<Row>) -> Result<(), LabelError> {
    let six_months = crate::Window::months_to(ctx.as_of, 6);
    for p in c.referrals.iter().flat_map(|r| &r.cp_plans) {
        let end = p.end.filter(|e| *e <= ctx.as_of);
        if p.start > ctx.as_of || !(end.is_none() || end.is_some_and(|e| ctx.window.contains(e))) {
            continue;
        }
        let until = end.unwrap_or(ctx.as_of);
        let visit = c.visits.iter().filter(|v| v.date >= p.start && v.date <= until).max_by_key(|v| v.date);
        let review = p.reviews.iter().copied().filter(|d| *d <= ctx.as_of).max();
        let mut values = lead(ctx, c)?;
        values.extend([
            disability(ctx, c)?,
            Value::Date(p.start),
            Value::text(ctx.labels.get("category_of_abuse", p.initial_category.code())?),
            Value::text(ctx.labels.get("category_of_abuse", p.latest_category.code())?),
            Value::date(visit.map(|v| v.date)),
            maybe_yes_no(ctx, visit.map(|v| v.value.seen_alone))?,
            Value::date(review),
            Value::date(end),
            yes_no(ctx, protected_in(c, six_months.from, six_months.to))?,
            Value::Count(previous_cp_plans(c, p)),
        ]);
        values.extend(allocated(ctx, c, until));
        out.push(Row { subject: c.id.to_string(), values });
    }
    Ok(())
}
