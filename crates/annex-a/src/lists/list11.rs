//! List 11, adopters: everyone who had contact with the adoption agency in the 12 months. The record
//! holds no adopters yet (they come as people and households with their own adoption stream), so
//! the sheet has its headers and no rows, and every column is named in the summary.

use super::{Def, no_inputs};
use crate::labels::LabelError;
use crate::{Ctx, Pending, Row};
use carefile_domain::journey::ChildRecord;

const ADOPTERS: &str = "the adopter journey on people and households (fostering and adoption issue #15)";

/// Every column of list 11 is waiting for the adopter journey: one list of names makes both the
/// headers and the pending columns.
macro_rules! adopter_columns {
    ($($c:literal),* $(,)?) => {
        const HEADERS: &[&str] = &[$($c),*];
        const PENDING: &[Pending] = &[$(Pending { column: $c, supplier: ADOPTERS }),*];
    };
}

adopter_columns![
    "Individual adopter identifier",
    "Family identifier",
    "Gender",
    "Ethnicity",
    "Disability",
    "Is the (prospective) adopter fostering for adoption?",
    "Date enquiry received",
    "Date Stage 1 started",
    "Date Stage 1 ended",
    "Date Stage 2 started",
    "Date Stage 2 ended",
    "Date application submitted",
    "Date application approved",
    "Date adopter matched with child(ren)",
    "Date child/children placed with adopter(s)",
    "No. of children placed",
    "Date of Adoption Order",
    "Date of leaving adoption process",
    "Reason for leaving adoption process",
];

pub const DEF: Def = Def {
    number: 11,
    sheet: "List 11",
    title: "Adopters",
    headers: HEADERS,
    pending: PENDING,
    partial: &[],
    rows,
    needs_input: no_inputs,
};

/// Adopters are not children: no child's record adds a row.
fn rows(_: &Ctx, _: &ChildRecord, _: &mut Vec<Row>) -> Result<(), LabelError> {
    Ok(())
}
