//! List 2, early help: early help episodes that started in the look-back or are still open on the
//! reference date. The record holds early help as episodes (requested, started, ended), so the
//! assessment's start and completion are the episode's start and end, as LA tools read them; the
//! organisation that completed the assessment is not recorded yet.

use super::{Def, headers, no_inputs};
use crate::labels::LabelError;
use crate::person::lead;
use crate::{Ctx, Pending, Row, Value};
use carefile_domain::journey::ChildRecord;

pub const DEF: Def = Def {
    number: 2,
    sheet: "List 2",
    title: "Early help",
    headers: headers!["Assessment start date", "Assessment completion date", "Organisation completing assessment"],
    pending: &[Pending {
        column: "Organisation completing assessment",
        supplier: "early help assessments with their lead organisation (services issue #16)",
    }],
    partial: &[],
    rows,
    needs_input: no_inputs,
};

fn rows(ctx: &Ctx, c: &ChildRecord, out: &mut Vec<Row>) -> Result<(), LabelError> {
    for h in &c.early_help {
        let Some(start) = h.start.filter(|s| *s <= ctx.as_of) else { continue };
        let end = h.end.filter(|e| *e <= ctx.as_of);
        if !(ctx.window.contains(start) || end.is_none()) {
            continue;
        }
        let mut values = lead(ctx, c)?;
        values.extend([Value::Date(start), Value::date(end), Value::Blank]);
        out.push(Row { subject: c.id.to_string(), values });
    }
    Ok(())
}
