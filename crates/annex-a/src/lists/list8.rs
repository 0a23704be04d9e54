//! List 8, children in care: every child looked after on the reference date or who ceased to be in
//! the look-back, one row per child (their latest such period of care). Children looked after only
//! under short-break legal statuses (V3, V4) are not listed: Ofsted's template has no place for them.

use super::{Def, headers};
use crate::counts::{earlier_periods_in, missing_in, placements_in, uasc_in};
use crate::labels::LabelError;
use crate::person::{allocated, disability, label, lead, maybe_yes_no, yes_if_any};
use crate::{Ctx, Pending, Row, Value};
use carefile_domain::codes::{LegalStatus, MissingType, ReasonNewEpisode};
use carefile_domain::journey::{CarePeriod, ChildRecord};
use carefile_ssda903::refdata::find_local_authority;
use chrono::NaiveDate;

pub const DEF: Def = Def {
    number: 8,
    sheet: "List 8",
    title: "Children in care",
    headers: headers![
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
        "Does the Child have a Disability",
        "Date Started to be Looked After",
        "Child's Category of Need",
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
        "Start date of current legal status",
        "Child's Legal Status",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        "What is the permanence plan for this child?",
        "Date of Last IRO Visit / Contact to the Child",
        "Date of Last Health Assessment",
        "Date of Last Dental Check",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement",
        "Placement Type",
        "Placement Provider",
        "Placement postcode",
        "URN of Placement",
        "Placement Location",
        "LA of Placement",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        "Allocated Team",
        "Allocated Worker",
    ],
    pending: &[],
    partial: &[],
    rows: super::Rows::PerChild(rows),
    needs_input,
};

const POSTCODES: &str = "--postcodes (the ONS Postcode Directory, to place the placement's postcode)";

fn needs_input(ctx: &Ctx) -> Vec<Pending> {
    if ctx.postcodes.is_some() {
        return vec![];
    }
    ["Placement Location", "LA of Placement"].map(|column| Pending { column, supplier: POSTCODES }).into()
}

/// The period of care list 8 reports for the child, if any.
pub(crate) fn reported_period<'a>(ctx: &Ctx, c: &'a ChildRecord) -> Option<&'a CarePeriod> {
    c.care.iter().rev().find(|p| {
        let end = p.end_date().filter(|e| *e <= ctx.as_of);
        let listed = p.start <= ctx.as_of && (end.is_none() || end.is_some_and(|e| ctx.window.contains(e)));
        let status = p.changes.iter().rev().find(|ch| ch.date <= ctx.as_of).map(|ch| ch.legal_status);
        listed && !matches!(status, Some(LegalStatus::V3 | LegalStatus::V4))
    })
}

/// Placement Location (in or out of the authority) and LA of Placement, from the postcode directory.
fn place(ctx: &Ctx, postcode: Option<&str>) -> Result<[Value; 2], LabelError> {
    let Some(gss) = ctx.postcodes.zip(postcode).and_then(|(pc, post)| pc.authority(post)) else {
        return Ok([Value::Blank, Value::Blank]);
    };
    let inside = gss.eq_ignore_ascii_case(&ctx.authority.gss);
    let name = match gss {
        "SCO" => "Scotland".to_string(),
        "WAL" => "Wales".to_string(),
        "NIR" => "Northern Ireland".to_string(),
        _ => find_local_authority(gss).map_or_else(|| gss.to_string(), |la| la.name),
    };
    Ok([Value::text(ctx.labels.get("placement_location", if inside { "in" } else { "out" })?), Value::text(name)])
}

fn rows(ctx: &Ctx, c: &ChildRecord, out: &mut Vec<Row>) -> Result<(), LabelError> {
    let Some(p) = reported_period(ctx, c) else { return Ok(()) };
    let end = p.end.filter(|(d, _)| *d <= ctx.as_of);
    let until = end.map_or(ctx.as_of, |(d, _)| d);
    let during = |d: NaiveDate| d >= p.start && d <= until;
    let changes: Vec<_> = p.changes.iter().filter(|ch| ch.date <= until).collect();
    let current = changes.last().copied().unwrap_or(p.current());
    let status_since = changes
        .iter()
        .rev()
        .take_while(|ch| ch.legal_status == current.legal_status)
        .last()
        .map_or(current.date, |ch| ch.date);
    let placed =
        changes.iter().rev().find(|ch| ch.reason != ReasonNewEpisode::LegalStatus).map_or(p.start, |ch| ch.date);
    let latest = |dates: &[NaiveDate]| dates.iter().copied().filter(|d| *d <= ctx.as_of).max();
    let plan = c.permanence_plans.iter().filter(|x| during(x.date)).max_by_key(|x| x.date);
    let last_missing = c
        .missing
        .iter()
        .filter(|m| m.kind == MissingType::Missing && m.end.is_some_and(|e| e.date() <= ctx.as_of))
        .max_by_key(|m| m.start);
    let interview = last_missing.map(|m| m.interview.filter(|(at, _)| at.date() <= ctx.as_of));
    let pl = &current.placement;
    let mut values = lead(ctx, c)?;
    values.extend([
        yes_if_any(ctx, uasc_in(c, ctx.year))?,
        disability(ctx, c)?,
        Value::Date(p.start),
        Value::text(ctx.labels.get("category_of_need", p.need.code())?),
        yes_if_any(ctx, earlier_periods_in(c, p, ctx.year))?,
        Value::Date(status_since),
        Value::text(ctx.labels.get("legal_status", current.legal_status.code())?),
        Value::date(c.lac_reviews.iter().map(|r| r.date).filter(|d| during(*d)).max()),
        Value::date(c.visits.iter().map(|v| v.date).filter(|d| during(*d)).max()),
        label(ctx, "permanence_plan", plan.map(|x| permanence_key(x.value)))?,
        Value::date(ctx.streams.reviewing.get(&c.id).and_then(|r| r.last_contact(until)).filter(|d| during(*d))),
        Value::date(latest(&c.health_assessments)),
        Value::date(latest(&c.dental_checks)),
        Value::Count(placements_in(c, ctx.year)),
        Value::date(end.map(|x| x.0)),
        label(ctx, "reason_ceased", end.map(|x| x.1.code()))?,
        Value::Date(placed),
        Value::text(ctx.labels.get("placement_type", pl.kind.code())?),
        label(ctx, "placement_provider", pl.provider.map(|x| x.code()))?,
        Value::text(pl.postcode.clone().unwrap_or_default()),
        Value::text(pl.urn.clone().unwrap_or_default()),
    ]);
    values.extend(place(ctx, pl.postcode.as_deref())?);
    values.extend([
        Value::Count(missing_in(c, ctx.year, MissingType::Missing)),
        Value::Count(missing_in(c, ctx.year, MissingType::Absent)),
        maybe_yes_no(ctx, interview.map(|i| i.is_some()))?,
        maybe_yes_no(ctx, interview.flatten().map(|(_, accepted)| accepted))?,
    ]);
    values.extend(allocated(ctx, c, until));
    out.push(Row { subject: c.id.to_string(), values });
    Ok(())
}

/// The labels file's key for a permanence plan.
fn permanence_key(p: carefile_domain::journey::PermanencePlan) -> &'static str {
    use carefile_domain::journey::PermanencePlan::*;
    match p {
        ReturnHome => "return_home",
        Adoption => "adoption",
        SpecialGuardianship => "special_guardianship",
        ChildArrangementsOrder => "child_arrangements_order",
        LongTermFostering => "long_term_fostering",
        ResidentialCare => "residential_care",
        IndependentLiving => "independent_living",
        Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::testkit::*;
    use carefile_domain::codes::*;
    use carefile_domain::journey::ChildEvent;

    /// The reviewer's last contact with the child in this period of care: a call counts, a letter
    /// does not, nor a visit in an earlier period, nor one after the reference date.
    #[test]
    fn the_last_iro_contact_comes_from_the_reviewers_record() {
        use carefile_domain::reviewing::{ContactKind, Entered, ReviewerContact, ReviewingRecord};
        let c = child(&[care("2025-06-01", PlacementType::U6)]);
        let contact = |date: &str, kind| ReviewerContact {
            date: d(date),
            kind,
            seen_alone: false,
            note: String::new(),
            entered: Entered { by: "W1".into(), at: d(date).and_hms_opt(12, 0, 0).unwrap().and_utc() },
        };
        let column = "Date of Last IRO Visit / Contact to the Child";
        let mut streams = crate::Streams::default();
        assert_eq!(cell(&DEF, &rows_with(&DEF, "2026-03-31", &[&c], &streams)[0], column), "");
        let record = ReviewingRecord {
            child: c.id.clone(),
            minutes: vec![],
            contacts: vec![
                contact("2025-05-20", ContactKind::Visit),
                contact("2026-01-10", ContactKind::Phone),
                contact("2026-02-01", ContactKind::Message),
                contact("2026-04-02", ContactKind::Visit),
            ],
            midway: vec![],
            disputes: vec![],
        };
        streams.reviewing.insert(c.id.clone(), record);
        assert_eq!(cell(&DEF, &rows_with(&DEF, "2026-03-31", &[&c], &streams)[0], column), "10/01/2026");
    }

    #[test]
    fn the_current_legal_status_placement_and_counts() {
        let c = child(&[
            care("2024-06-01", PlacementType::U6),
            ChildEvent::LegalStatusChanged { date: d("2024-09-01"), legal_status: LegalStatus::C1 },
            ChildEvent::LegalStatusChanged { date: d("2025-02-01"), legal_status: LegalStatus::C2 },
            moved("2025-08-01", PlacementType::K2),
            ChildEvent::LacReviewHeld { date: d("2025-12-01"), participation: ReviewParticipation::PN1 },
            ChildEvent::PermanencePlanMade {
                date: d("2025-09-01"),
                plan: carefile_domain::journey::PermanencePlan::LongTermFostering,
            },
        ]);
        let rows = rows_of(&DEF, "2026-03-31", &c);
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!(cell(&DEF, r, "Date Started to be Looked After"), "01/06/2024");
        assert_eq!(cell(&DEF, r, "Start date of current legal status"), "01/02/2025");
        assert_eq!(cell(&DEF, r, "Child's Legal Status"), "C2: FCO");
        assert_eq!(cell(&DEF, r, "Start Date of Most Recent Placement"), "01/08/2025");
        assert_eq!(cell(&DEF, r, "Placement Type"), "p) K2: Children’s Homes");
        assert_eq!(cell(&DEF, r, "Number of Placements in the Last 12 months"), "2");
        assert_eq!(cell(&DEF, r, "Date of Latest Statutory Review"), "01/12/2025");
        assert_eq!(cell(&DEF, r, "What is the permanence plan for this child?"), "f) Long-term fostering");
        assert_eq!(
            cell(
                &DEF,
                r,
                "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)"
            ),
            "b) No"
        );
        assert_eq!(cell(&DEF, r, "Date Ceased to be Looked After"), "");
        assert_eq!(
            cell(&DEF, r, "Was the child offered a Return Interview after their last missing episode (Y/N)?"),
            ""
        );
    }

    #[test]
    fn a_child_who_left_in_the_look_back_is_listed_and_one_on_short_breaks_is_not() {
        let left = child(&[
            care("2025-01-01", PlacementType::U6),
            ChildEvent::CareEnded { date: d("2025-11-15"), reason: ReasonEpisodeCeased::E4A },
        ]);
        let r = &rows_of(&DEF, "2026-03-31", &left)[0];
        assert_eq!(cell(&DEF, r, "Date Ceased to be Looked After"), "15/11/2025");
        assert_eq!(
            cell(&DEF, r, "Reason Ceased to be Looked After"),
            "e) E4A: Returned home to live with parents or relatives - part of planning"
        );
        assert!(rows_of(&DEF, "2026-06-30", &left).is_empty(), "left more than six months before");
        let breaks = child(&[
            care("2025-01-01", PlacementType::U6),
            ChildEvent::LegalStatusChanged { date: d("2025-02-01"), legal_status: LegalStatus::V3 },
        ]);
        assert!(rows_of(&DEF, "2026-03-31", &breaks).is_empty());
    }
}
