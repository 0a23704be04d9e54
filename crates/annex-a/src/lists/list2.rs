//! List 2, early help: early help assessments that started in the look-back or are still open on
//! the reference date, one row per child. Early help is recorded two ways. On a family's record
//! (decision 008) each episode names its children, its assessment's completion and its lead
//! practitioner, so the organisation is the lead's: the authority for its own staff, the other
//! agency as written for theirs. On a child's own record an episode has only its request, start and
//! end, so the assessment's start and completion are the episode's, as LA tools read them, and no
//! organisation is recorded.

use super::{Def, Rows, headers, no_inputs};
use crate::labels::LabelError;
use crate::person::lead;
use crate::{Ctx, Pending, Row, Value};
use carefile_domain::early_help::{Episode, Lead};
use carefile_domain::journey::ChildRecord;
use carefile_domain::ChildId;
use chrono::NaiveDate;
use std::collections::HashMap;

pub const DEF: Def = Def {
    number: 2,
    sheet: "List 2",
    title: "Early help",
    headers: headers!["Assessment start date", "Assessment completion date", "Organisation completing assessment"],
    pending: &[],
    partial: &[Pending {
        column: "Organisation completing assessment",
        supplier: "the lead practitioner of early help on the family's record (decision 008); early help on a child's own record names none",
    }],
    rows: Rows::Whole(rows),
    needs_input: no_inputs,
};

/// Whether an assessment from `start` (completed `end`, if by the reference date) is in the list.
fn listed(ctx: &Ctx, start: NaiveDate, end: Option<NaiveDate>) -> bool {
    start <= ctx.as_of && (ctx.window.contains(start) || end.is_none())
}

fn rows(ctx: &Ctx, children: &[&ChildRecord], out: &mut Vec<Row>) -> Result<(), LabelError> {
    let mut families: HashMap<&ChildId, Vec<&Episode>> = HashMap::new();
    for e in ctx.streams.early_help.iter().flat_map(|f| &f.episodes) {
        for c in &e.children {
            families.entry(c).or_default().push(e);
        }
    }
    for c in children {
        // (start, completed, organisation) of each assessment, in date order.
        let mut found: Vec<(NaiveDate, Option<NaiveDate>, Value)> = Vec::new();
        for h in &c.early_help {
            let Some(start) = h.start else { continue };
            let end = h.end.filter(|e| *e <= ctx.as_of);
            if listed(ctx, start, end) {
                found.push((start, end, Value::Blank));
            }
        }
        for e in families.get(&c.id).into_iter().flatten() {
            let done = e.assessed.filter(|d| *d <= ctx.as_of);
            // An episode closed without an assessment completed is not an assessment still open.
            let closed = e.closed.as_ref().map(|(d, _)| *d).filter(|d| *d <= ctx.as_of);
            if listed(ctx, e.opened, done.or(closed)) {
                found.push((e.opened, done, organisation(ctx, e, done.unwrap_or(ctx.as_of))));
            }
        }
        found.sort_by_key(|f| f.0);
        for (start, end, organisation) in found {
            let mut values = lead(ctx, c)?;
            values.extend([Value::Date(start), Value::date(end), organisation]);
            out.push(Row { subject: c.id.to_string(), values });
        }
    }
    Ok(())
}

/// The lead practitioner's organisation on `on`: the authority for its own staff, another agency
/// as its practitioner was recorded.
fn organisation(ctx: &Ctx, e: &Episode, on: NaiveDate) -> Value {
    match e.leads.iter().rev().find(|(from, _)| *from <= on).or(e.leads.first()).map(|(_, l)| l) {
        Some(Lead::Worker(_)) => Value::text(ctx.authority.name.as_str()),
        Some(Lead::Agency(name)) => Value::text(name.as_str()),
        None => Value::Blank,
    }
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::Streams;
    use crate::testkit::*;
    use carefile_domain::ChildId;
    use carefile_domain::early_help::{Episode, FamilyEarlyHelp, Lead};
    use carefile_domain::ids::WorkerId;
    use carefile_domain::people::HouseholdId;

    fn episode(no: u32, opened: &str, assessed: Option<&str>, leads: Vec<(&str, Lead)>) -> Episode {
        Episode {
            no,
            opened: d(opened),
            children: vec![ChildId::new("C1").unwrap()],
            reason: "parenting support".into(),
            leads: leads.into_iter().map(|(from, l)| (d(from), l)).collect(),
            stepped_down: None,
            assessed: assessed.map(d),
            plan: None,
            reviews: vec![],
            stepped_up: None,
            closed: None,
        }
    }

    #[test]
    fn the_organisation_is_the_lead_practitioners_when_the_assessment_was_completed() {
        let school = Lead::Agency("Oak School, family support worker".into());
        let staff = Lead::Worker(WorkerId::new("W1").unwrap());
        let mut earlier = episode(1, "2025-01-05", Some("2025-02-01"), vec![("2025-01-05", staff.clone())]);
        earlier.closed = Some((d("2025-06-01"), carefile_domain::early_help::EpisodeEnd::NeedsMet));
        let streams = Streams {
            early_help: vec![FamilyEarlyHelp {
                household: HouseholdId::new("H1").unwrap(),
                episodes: vec![
                    earlier,
                    // The school led the assessment; the authority's worker took over afterwards.
                    episode(2, "2025-11-03", Some("2025-12-10"), vec![("2025-11-03", school), ("2026-01-15", staff)]),
                ],
            }],
            ..Default::default()
        };
        let c = child(&[]);
        let rows = rows_with(&DEF, "2026-03-31", &[&c], &streams);
        assert_eq!(rows.len(), 1, "the episode of January 2025 is out of the six months: {rows:?}");
        let r = &rows[0];
        assert_eq!(cell(&DEF, r, "Assessment start date"), "03/11/2025");
        assert_eq!(cell(&DEF, r, "Assessment completion date"), "10/12/2025");
        assert_eq!(cell(&DEF, r, "Organisation completing assessment"), "Oak School, family support worker");
        // Not yet completed on 30 November: still listed, its lead named.
        let open = rows_with(&DEF, "2025-11-30", &[&c], &streams);
        assert_eq!(cell(&DEF, &open[0], "Assessment completion date"), "");
        assert_eq!(cell(&DEF, &open[0], "Organisation completing assessment"), "Oak School, family support worker");
        // A staff lead's organisation is the authority.
        let early = rows_with(&DEF, "2025-03-31", &[&c], &streams);
        assert_eq!(cell(&DEF, &early[0], "Organisation completing assessment"), "Leicestershire");
        // Another child of the family is not named by these episodes.
        let other = born_as("C2", "2012-01-01");
        assert!(rows_with(&DEF, "2026-03-31", &[&other], &streams).is_empty());
    }
}
