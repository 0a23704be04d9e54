//! List 1, contacts: every contact in the look-back, one row per child per contact (a contact about
//! several children is recorded on each child's record, so each gets its row).

use super::{Def, headers, no_inputs};
use crate::labels::LabelError;
use crate::person::lead;
use crate::{Ctx, Row, Value};
use carefile_domain::journey::ChildRecord;

pub const DEF: Def = Def {
    number: 1,
    sheet: "List 1",
    title: "Contacts",
    headers: headers!["Date of Contact", "Contact Source"],
    pending: &[],
    partial: &[],
    rows: super::Rows::PerChild(rows),
    needs_input: no_inputs,
};

fn rows(ctx: &Ctx, c: &ChildRecord, out: &mut Vec<Row>) -> Result<(), LabelError> {
    let mut contacts: Vec<_> = c.contacts.iter().filter(|k| ctx.window.contains(k.at.date())).collect();
    contacts.sort_by_key(|k| k.at);
    for k in contacts {
        let mut values = lead(ctx, c)?;
        values.push(Value::Date(k.at.date()));
        values.push(Value::text(ctx.labels.get("referral_source", k.source.code())?));
        out.push(Row { subject: c.id.to_string(), values });
    }
    Ok(())
}
