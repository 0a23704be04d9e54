//! List 6, children in need: every child-in-need episode (a referral that went on to an assessment,
//! an enquiry or a plan) open at some point in the look-back, one row per episode. Referrals that
//! went no further are list 3's alone.

use super::{Def, headers, no_inputs};
use crate::labels::LabelError;
use crate::person::{allocated, disability, label, last_seen, lead};
use crate::{Ctx, Row, Value};
use carefile_domain::journey::{ChildRecord, Referral};
use chrono::NaiveDate;

pub const DEF: Def = Def {
    number: 6,
    sheet: "List 6",
    title: "Children in need",
    headers: headers![
        "Does the Child have a Disability",
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
        "Allocated Team",
        "Allocated Worker",
    ],
    pending: &[],
    partial: &[],
    rows: super::Rows::PerChild(rows),
    needs_input: no_inputs,
};

/// The episode's status on `on`: closed, or the most intensive service open then (an S47 counts as an
/// assessment until its conference, or its conclusion that none is needed). An open episode between
/// services (a plan ended, the closure not yet recorded) keeps the status of its latest service.
pub(crate) fn case_status(c: &ChildRecord, r: &Referral, on: NaiveDate) -> Option<&'static str> {
    if r.closed.is_some_and(|(d, _)| d <= on) {
        return Some("closed");
    }
    if c.care.iter().any(|p| p.is_open_on(on)) {
        return Some("looked_after");
    }
    let s47_end = |s: &carefile_domain::journey::S47| s.icpc.or(s.concluded.filter(|x| !x.1).map(|x| x.0));
    // Each service with its end (None = open), most intensive first.
    let services = r
        .cp_plans
        .iter()
        .map(|p| ("child_protection", p.start, p.end))
        .chain(r.cin_plans.iter().map(|p| ("child_in_need", p.start, p.end)))
        .chain(r.assessments.iter().map(|a| ("open_assessment", a.start, a.authorised)))
        .chain(r.s47s.iter().map(|s| ("open_assessment", s.start, s47_end(s))))
        .filter(|(_, start, _)| *start <= on);
    let mut latest: Option<(&'static str, NaiveDate)> = None;
    for (status, _, end) in services {
        match end.filter(|e| *e <= on) {
            None => return Some(status),
            Some(e) if latest.is_none_or(|(_, l)| e > l) => latest = Some((status, e)),
            Some(_) => {}
        }
    }
    latest.map(|(status, _)| status)
}

fn went_further(r: &Referral) -> bool {
    !(r.assessments.is_empty() && r.s47s.is_empty() && r.cp_plans.is_empty() && r.cin_plans.is_empty())
}

fn rows(ctx: &Ctx, c: &ChildRecord, out: &mut Vec<Row>) -> Result<(), LabelError> {
    for r in c.referrals.iter().filter(|r| went_further(r)) {
        let closed = r.closed.filter(|(d, _)| *d <= ctx.as_of);
        if r.date() > ctx.as_of || !ctx.window.meets(r.date(), closed.map(|x| x.0)) {
            continue;
        }
        let until = closed.map_or(ctx.as_of, |x| x.0);
        let mut values = lead(ctx, c)?;
        values.extend([
            disability(ctx, c)?,
            Value::Date(r.date()),
            Value::text(ctx.labels.get("primary_need", r.primary_need.map_or("none", |n| n.code()))?),
            Value::date(last_seen(c, r.date(), until)),
            Value::date(closed.map(|x| x.0)),
            label(ctx, "reason_for_closure", closed.map(|x| x.1.code()))?,
            label(ctx, "case_status", case_status(c, r, until))?,
        ]);
        values.extend(allocated(ctx, c, until));
        out.push(Row { subject: c.id.to_string(), values });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::testkit::*;
    use carefile_domain::codes::ReasonForClosure;
    use carefile_domain::journey::ChildEvent;

    fn status(c: &carefile_domain::journey::ChildRecord, as_of: &str) -> String {
        cell(&DEF, &rows_of(&DEF, as_of, c)[0], "Case Status").to_string()
    }

    #[test]
    fn case_status_follows_the_episode() {
        let mut events = enquiry(1, "2025-10-01", None);
        events.push(ChildEvent::S47Concluded { s47: 1, date: d("2025-10-10"), icpc_required: true });
        let awaiting_conference = child(&events);
        assert_eq!(status(&awaiting_conference, "2025-10-20"), "d) Open assessment");
        events.push(ChildEvent::IcpcHeld { referral: 1, s47: Some(1), date: d("2025-10-24"), plan: false });
        events.push(ChildEvent::CinPlanStarted { referral: 1, plan: 1, date: d("2025-10-24") });
        events.push(ChildEvent::Visited { date: d("2025-11-05"), seen: true, seen_alone: false });
        events.push(ChildEvent::CinPlanEnded { plan: 1, date: d("2026-03-01") });
        let c = child(&events);
        assert_eq!(status(&c, "2025-12-01"), "c) Child in need plan");
        // The plan has ended and the closure is not recorded yet: the episode keeps its latest service.
        assert_eq!(status(&c, "2026-03-10"), "c) Child in need plan");
        events.push(ChildEvent::CaseClosed { referral: 1, date: d("2026-03-12"), reason: ReasonForClosure::RC7 });
        let c = child(&events);
        let row = &rows_of(&DEF, "2026-03-31", &c)[0];
        assert_eq!(cell(&DEF, row, "Case Status"), "e) Closed episode");
        assert_eq!(cell(&DEF, row, "Date Child Was Last Seen"), "05/11/2025");
        assert_eq!(cell(&DEF, row, "CIN Closure Date"), "12/03/2026");
        assert_eq!(cell(&DEF, row, "Primary Need Code"), "N0 - Not stated");
    }

    #[test]
    fn a_referral_that_went_no_further_is_not_a_child_in_need() {
        let mut events = vec![referral(1, "2025-12-01")];
        events.extend(nfa(1, "2025-12-01"));
        assert!(rows_of(&DEF, "2026-03-31", &child(&events)).is_empty());
    }
}
