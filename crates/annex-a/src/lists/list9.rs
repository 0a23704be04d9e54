//! List 9, care leavers: young people entitled to care leavers' support on the reference date, one
//! row each. Eligible children (16 and 17 and still looked after) are list 8's. The categories
//! follow the Children (Leaving Care) Act 2000 as amended:
//! - relevant: aged 16 or 17, no longer looked after, and eligible when they left (13 weeks looked
//!   after since their 14th birthday, not counting short breaks, some of it after their 16th);
//! - former relevant: aged 18 to 20 who were relevant or eligible, or 21 to 24 and still supported
//!   (a pathway plan review or a contact in the last 12 months);
//! - qualifying: aged 16 to 20, looked after at some time after their 16th birthday, but not eligible
//!   (left under a special guardianship or child arrangements order, or for less than 13 weeks).
//!
//! Not care leavers here: children adopted, who died, whose care another authority took over, or who
//! returned home for six months before their 18th birthday.

use super::{Def, headers, no_inputs};
use crate::labels::LabelError;
use crate::person::{allocated, disability, label, lead, yes_no};
use crate::{Ctx, Pending, Row, Value, Window};
use carefile_domain::codes::{Accommodation, Activity, LegalStatus, ReasonEpisodeCeased};
use carefile_domain::journey::ChildRecord;
use carefile_domain::org::StaffRole;
use chrono::{Months, NaiveDate};

pub const DEF: Def = Def {
    number: 9,
    sheet: "List 9",
    title: "Care leavers",
    headers: headers![
        "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
        "Does the Child have a Disability",
        "Allocated Team",
        "Allocated Worker",
        "Allocated Personal Advisor",
        "Eligibility Category",
        "Latest Pathway Plan Review Date",
        "LA in Touch",
        "Latest Date of Contact",
        "Type of Accommodation",
        "Suitability of Accommodation",
        "Activity Status",
    ],
    pending: &[],
    partial: &[Pending {
        column: "Allocated Personal Advisor",
        supplier: "the allocated worker when a personal adviser; an adviser beside a social worker needs the professionals involved (practice record issue #13)",
    }],
    rows: super::Rows::PerChild(rows),
    needs_input: no_inputs,
};

fn birthday(dob: NaiveDate, years: u32) -> NaiveDate {
    dob.checked_add_months(Months::new(12 * years)).unwrap_or(NaiveDate::MAX)
}

/// Days looked after (short breaks aside) from `from` up to `until`.
fn days_in_care(c: &ChildRecord, from: NaiveDate, until: NaiveDate) -> i64 {
    c.care
        .iter()
        .flat_map(|p| {
            p.changes.iter().enumerate().map(move |(i, ch)| {
                if matches!(ch.legal_status, LegalStatus::V3 | LegalStatus::V4) {
                    return 0;
                }
                let end = p.changes.get(i + 1).map(|n| n.date).or(p.end_date()).unwrap_or(until).min(until);
                (end - ch.date.max(from)).num_days().max(0)
            })
        })
        .sum()
}

/// The care leaver category on `on` (`None`: not a care leaver then).
pub(crate) fn category(c: &ChildRecord, on: NaiveDate) -> Option<&'static str> {
    let dob = c.details.dob?;
    let age = on.years_since(dob)?;
    let last = c.care.last()?;
    let (left, reason) = last.end.filter(|(d, _)| *d <= on)?;
    use ReasonEpisodeCeased::*;
    if c.died.is_some_and(|d| d <= on) || matches!(reason, E11 | E12 | E2 | E3) {
        return None;
    }
    let settled_home = matches!(reason, E4A | E4B)
        && left.checked_add_months(Months::new(6)).is_some_and(|x| x <= on.min(birthday(dob, 18)));
    if settled_home {
        return None;
    }
    let eligible = days_in_care(c, birthday(dob, 14), left) >= 91 && days_in_care(c, birthday(dob, 16), left) >= 1;
    let after_16 = days_in_care(c, birthday(dob, 16), left) >= 1;
    let supported = {
        let year = Window::months_to(on, 12);
        c.pathway_plan_reviews.iter().any(|d| year.contains(*d))
            || c.care_leaver_contacts.iter().any(|k| year.contains(k.date))
    };
    let to_an_order = matches!(reason, E41 | E45 | E46 | E47 | E48);
    match age {
        16 | 17 if eligible && !to_an_order => Some("relevant"),
        18..=20 if eligible && !to_an_order => Some("former_relevant"),
        21..=24 if eligible && !to_an_order && supported => Some("former_relevant"),
        16..=20 if after_16 => Some("qualifying"),
        _ => None,
    }
}

fn rows(ctx: &Ctx, c: &ChildRecord, out: &mut Vec<Row>) -> Result<(), LabelError> {
    let Some(category) = category(c, ctx.as_of) else { return Ok(()) };
    let contact = c.care_leaver_contacts.iter().filter(|k| k.date <= ctx.as_of).max_by_key(|k| k.date);
    let accommodation = contact.and_then(|k| k.accommodation).filter(|a| *a != Accommodation::Zero);
    let activity = contact.and_then(|k| k.activity).filter(|a| *a != Activity::Zero);
    let [team, worker] = allocated(ctx, c, ctx.as_of);
    let adviser = c
        .allocation_on(ctx.as_of)
        .and_then(|a| a.worker.as_ref())
        .and_then(|w| ctx.org.staff.get(w))
        .filter(|s| s.role == StaffRole::PersonalAdviser)
        .map_or(Value::Blank, |s| Value::text(s.name.clone()));
    let mut values = lead(ctx, c)?;
    values.extend([
        yes_no(ctx, c.uasc.iter().any(|u| u.start <= ctx.as_of))?,
        disability(ctx, c)?,
        team,
        worker,
        adviser,
        Value::text(ctx.labels.get("eligibility", category)?),
        Value::date(c.pathway_plan_reviews.iter().copied().filter(|d| *d <= ctx.as_of).max()),
        label(ctx, "in_touch", contact.map(|k| k.in_touch.code()))?,
        Value::date(contact.map(|k| k.date)),
        label(ctx, "accommodation", accommodation.map(|a| &a.code()[..1]))?,
        label(
            ctx,
            "suitability",
            accommodation.and_then(|a| a.suitable()).map(|s| if s { "suitable" } else { "unsuitable" }),
        )?,
        label(ctx, "activity", activity.map(|a| a.code()))?,
    ]);
    out.push(Row { subject: c.id.to_string(), values });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::category;
    use crate::testkit::*;
    use carefile_domain::codes::*;
    use carefile_domain::journey::{ChildEvent, ChildRecord};

    /// Born 1 June 2008: 14 on 1 June 2022, 16 on 1 June 2024, 18 on 1 June 2026.
    fn leaver(start: &str, end: &str, reason: ReasonEpisodeCeased) -> ChildRecord {
        born("2008-06-01", &[care(start, PlacementType::U6), ChildEvent::CareEnded { date: d(end), reason }])
    }

    #[test]
    fn categories_follow_the_leaving_care_act() {
        use ReasonEpisodeCeased::*;
        // Looked after from 15 for a year, left at 16 and a half: relevant at 17, former relevant at 18.
        let c = leaver("2023-09-01", "2024-12-01", E5);
        assert_eq!(category(&c, d("2026-03-31")), Some("relevant"));
        assert_eq!(category(&c, d("2026-06-01")), Some("former_relevant"));
        // At 21 and over only while still supported.
        assert_eq!(category(&c, d("2029-06-02")), None);
        let mut supported = c.clone();
        supported.apply(&ChildEvent::PathwayPlanReviewed { date: d("2029-03-01") }).unwrap();
        assert_eq!(category(&supported, d("2029-06-02")), Some("former_relevant"));
        // Left under a special guardianship order after 16: qualifying.
        assert_eq!(category(&leaver("2023-09-01", "2024-12-01", E45), d("2026-03-31")), Some("qualifying"));
        // Fewer than 13 weeks in care, some after 16: qualifying.
        assert_eq!(category(&leaver("2024-08-01", "2024-09-15", E13), d("2026-03-31")), Some("qualifying"));
        // Left before 16: no entitlement.
        assert_eq!(category(&leaver("2022-09-01", "2024-05-01", E13), d("2026-03-31")), None);
        // Adopted, taken over by another authority, or home for six months before 18: not a care leaver.
        assert_eq!(category(&leaver("2023-09-01", "2024-12-01", E11), d("2026-03-31")), None);
        assert_eq!(category(&leaver("2023-09-01", "2024-12-01", E3), d("2026-03-31")), None);
        assert_eq!(category(&leaver("2023-09-01", "2024-12-01", E4A), d("2026-03-31")), None);
        assert_eq!(category(&leaver("2023-09-01", "2024-12-01", E4A), d("2025-03-01")), Some("relevant"));
        // Still looked after: an eligible child, list 8's.
        let in_care = born("2008-06-01", &[care("2023-09-01", PlacementType::U6)]);
        assert_eq!(category(&in_care, d("2026-03-31")), None);
    }
}
