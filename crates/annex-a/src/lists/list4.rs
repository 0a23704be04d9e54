//! List 4, assessments: every assessment open at some point in the look-back (started in it, or
//! started earlier and authorised in it or not yet), one row per assessment. Whether the child was
//! seen comes from the visits recorded during the assessment: seen on one of them (yes), visited but
//! never seen (no), or no visit recorded (unknown).

use super::{Def, headers, no_inputs};
use crate::labels::LabelError;
use crate::person::{allocated, disability, lead, maybe_yes_no};
use crate::{Ctx, Pending, Row, Value};
use carefile_domain::journey::{AssessmentOutcome, ChildRecord};
use chrono::NaiveDate;

pub const DEF: Def = Def {
    number: 4,
    sheet: "List 4",
    title: "Assessments",
    headers: headers![
        "Does the Child have a Disability",
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        "Allocated Team",
        "Allocated Worker",
    ],
    pending: &[],
    partial: &[Pending {
        column: "Child Seen During Continuous Assessment",
        supplier: "visits recorded during the assessment; a note on each step saying who was seen (practice record issue #13)",
    }],
    rows: super::Rows::PerChild(rows),
    needs_input: no_inputs,
};

/// Whether an assessment's outcome means the child needs children's social care support.
fn needs_support(o: AssessmentOutcome) -> bool {
    use AssessmentOutcome::*;
    match o {
        ChildInNeedPlan | StrategyDiscussion | LookedAfter | ContinueExistingPlan => true,
        NoFurtherAction | EarlyHelp => false,
    }
}

fn seen_during(ctx: &Ctx, c: &ChildRecord, from: NaiveDate, to: NaiveDate) -> Result<Value, LabelError> {
    let visits: Vec<_> = c.visits.iter().filter(|v| v.date >= from && v.date <= to).collect();
    let key = match (visits.is_empty(), visits.iter().any(|v| v.value.seen)) {
        (true, _) => "unknown",
        (false, seen) => {
            if seen {
                "yes"
            } else {
                "no"
            }
        }
    };
    Ok(Value::text(ctx.labels.get("yes_no", key)?))
}

fn rows(ctx: &Ctx, c: &ChildRecord, out: &mut Vec<Row>) -> Result<(), LabelError> {
    for a in c.referrals.iter().flat_map(|r| &r.assessments) {
        let authorised = a.authorised.filter(|d| *d <= ctx.as_of);
        if a.start > ctx.as_of || !ctx.window.meets(a.start, authorised) {
            continue;
        }
        let until = authorised.unwrap_or(ctx.as_of);
        let mut values = lead(ctx, c)?;
        values.extend([
            disability(ctx, c)?,
            Value::Date(a.start),
            seen_during(ctx, c, a.start, until)?,
            Value::date(authorised),
            maybe_yes_no(ctx, a.outcome.filter(|_| authorised.is_some()).map(needs_support))?,
        ]);
        values.extend(allocated(ctx, c, until));
        out.push(Row { subject: c.id.to_string(), values });
    }
    Ok(())
}
