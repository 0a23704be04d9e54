//! Columns many lists share: who the child is, who works with them, and yes/no answers.

use crate::labels::LabelError;
use crate::{Count, Ctx, Value};
use carefile_domain::codes::Disability;
use carefile_domain::journey::ChildRecord;
use chrono::NaiveDate;

/// The lead columns of lists 1-9: Child Unique ID, Gender, Ethnicity, Date of Birth, Age of Child (Years).
pub(crate) fn lead(ctx: &Ctx, c: &ChildRecord) -> Result<Vec<Value>, LabelError> {
    let [gender, ethnicity, dob, age] = characteristics(ctx, c)?;
    Ok(vec![Value::text(c.id.as_str()), gender, ethnicity, dob, age])
}

/// Gender, Ethnicity, Date of Birth and Age (in whole years on the reference date; blank for a
/// child not yet born then).
pub(crate) fn characteristics(ctx: &Ctx, c: &ChildRecord) -> Result<[Value; 4], LabelError> {
    let d = &c.details;
    let born = d.dob.filter(|dob| *dob <= ctx.as_of);
    Ok([
        Value::text(ctx.labels.get("sex", d.sex.map_or("none", |s| s.code()))?),
        Value::text(ctx.labels.get("ethnicity", d.ethnicity.map_or("none", |e| e.code()))?),
        Value::date(born),
        born.and_then(|dob| ctx.as_of.years_since(dob)).map_or(Value::Blank, |y| Value::Int(i64::from(y))),
    ])
}

/// Does the child have a disability: yes for any recorded, no for NONE, unknown when nothing is recorded.
pub(crate) fn disability(ctx: &Ctx, c: &ChildRecord) -> Result<Value, LabelError> {
    let ds = &c.details.disabilities;
    let key = if ds.is_empty() {
        "unknown"
    } else if ds.iter().all(|d| *d == Disability::None) {
        "no"
    } else {
        "yes"
    };
    Ok(Value::text(ctx.labels.get("yes_no", key)?))
}

/// A yes/no drop-down answer.
pub(crate) fn yes_no(ctx: &Ctx, b: bool) -> Result<Value, LabelError> {
    Ok(Value::text(ctx.labels.get("yes_no", if b { "yes" } else { "no" })?))
}

/// Yes when `count` counted anything, with the count kept for drill-down.
pub(crate) fn yes_if_any(ctx: &Ctx, count: Count) -> Result<Value, LabelError> {
    let text = ctx.labels.get("yes_no", if count.n() > 0 { "yes" } else { "no" })?.to_string();
    Ok(Value::Explained { text, count })
}

/// A yes/no answer that may not be known yet (blank).
pub(crate) fn maybe_yes_no(ctx: &Ctx, b: Option<bool>) -> Result<Value, LabelError> {
    b.map_or(Ok(Value::Blank), |b| yes_no(ctx, b))
}

/// A coded value's label, blank when there is no code.
pub(crate) fn label(ctx: &Ctx, list: &'static str, code: Option<&str>) -> Result<Value, LabelError> {
    code.map_or(Ok(Value::Blank), |c| Ok(Value::text(ctx.labels.get(list, c)?)))
}

/// Written for a child with no allocated team or worker.
pub(crate) const UNALLOCATED: &str = "Unallocated";

/// Allocated Team and Allocated Worker on `on` (the reference date, or the day the work ended if
/// earlier), by name as the organisation knows them.
pub(crate) fn allocated(ctx: &Ctx, c: &ChildRecord, on: NaiveDate) -> [Value; 2] {
    let a = c.allocation_on(on.min(ctx.as_of));
    let team =
        a.and_then(|a| a.team.as_ref()).map(|t| ctx.org.teams.get(t).map_or_else(|| t.to_string(), |t| t.name.clone()));
    let worker = a
        .and_then(|a| a.worker.as_ref())
        .map(|w| ctx.org.staff.get(w).map_or_else(|| w.to_string(), |s| s.name.clone()));
    [team, worker].map(|n| Value::text(n.unwrap_or_else(|| UNALLOCATED.into())))
}

/// The latest visit on which the child was seen, within `[from, to]`.
pub(crate) fn last_seen(c: &ChildRecord, from: NaiveDate, to: NaiveDate) -> Option<NaiveDate> {
    c.visits.iter().filter(|v| v.value.seen && v.date >= from && v.date <= to).map(|v| v.date).max()
}
