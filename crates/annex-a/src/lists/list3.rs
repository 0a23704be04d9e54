//! List 3, referrals: every referral received in the look-back, one row per referral.

use super::{Def, headers, no_inputs};
use crate::counts::referrals_before;
use crate::labels::LabelError;
use crate::person::{allocated, lead, yes_no};
use crate::{Ctx, Row, Value};
use carefile_domain::journey::ChildRecord;

pub const DEF: Def = Def {
    number: 3,
    sheet: "List 3",
    title: "Referrals",
    headers: headers![
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        "Allocated Team",
        "Allocated Worker",
    ],
    pending: &[],
    partial: &[],
    rows: super::Rows::PerChild(rows),
    needs_input: no_inputs,
};

fn rows(ctx: &Ctx, c: &ChildRecord, out: &mut Vec<Row>) -> Result<(), LabelError> {
    for r in c.referrals.iter().filter(|r| ctx.window.contains(r.date())) {
        let mut values = lead(ctx, c)?;
        values.extend([
            Value::Date(r.date()),
            Value::text(ctx.labels.get("referral_source", r.source.code())?),
            yes_no(ctx, r.nfa())?,
            Value::Count(referrals_before(c, r)),
        ]);
        values.extend(allocated(ctx, c, r.closed.map_or(ctx.as_of, |(d, _)| d)));
        out.push(Row { subject: c.id.to_string(), values });
    }
    Ok(())
}
