//! List 10, adoption: children who, in the 12 months to the reference date, were adopted, had a
//! decision that they should be placed for adoption still in force, or had that decision reversed;
//! one row per decision. The family identifier is the adoptive household the match names (decision
//! 007), as list 11 will name the same adopters.

use super::{Def, no_inputs};
use crate::labels::LabelError;
use crate::person::{characteristics, disability, label};
use crate::{Ctx, Pending, Row, Value};
use carefile_domain::codes::{LegalStatus, PlacementType, ReasonEpisodeCeased};
use carefile_domain::journey::ChildRecord;

pub const DEF: Def = Def {
    number: 10,
    sheet: "List 10",
    title: "Adoption",
    headers: &[
        "Child Unique ID",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Does the Child have a Disability",
        "Date the Child Entered Care",
        "Date of Decision that Child Should be Placed for Adoption",
        "Date of Placement Order",
        "Date of Matching Child and Prospective Adopters",
        "Date Placed for Adoption",
        "Date of Adoption Order",
        "Date of Decision that Child Should No Longer be Placed for Adoption",
        "Reason Why Child No Longer Placed for Adoption",
        "Date the child was placed for fostering in FFA or concurrent planning placement",
    ],
    pending: &[],
    partial: &[Pending {
        column: "Family identifier",
        supplier: "the household a match names, where the adopters are on carefile's record (another agency's are not)",
    }],
    rows: super::Rows::PerChild(rows),
    needs_input: no_inputs,
};

fn rows(ctx: &Ctx, c: &ChildRecord, out: &mut Vec<Row>) -> Result<(), LabelError> {
    for a in c.adoptions.iter().filter(|a| a.decision <= ctx.as_of) {
        let reversed = a.reversed.filter(|(d, _)| *d <= ctx.as_of);
        // The period of care the decision was made in.
        let Some(p) = c.care.iter().rev().find(|p| p.start <= a.decision) else { continue };
        let adopted = p
            .end
            .filter(|(d, r)| *d <= ctx.as_of && matches!(r, ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12))
            .map(|(d, _)| d);
        let in_force = reversed.is_none() && adopted.is_none() && p.end.is_none_or(|(d, _)| d > ctx.as_of);
        if !(in_force
            || adopted.is_some_and(|d| ctx.year.contains(d))
            || reversed.is_some_and(|(d, _)| ctx.year.contains(d)))
        {
            continue;
        }
        let changes = || p.changes.iter().filter(|ch| ch.date >= a.decision.min(p.start) && ch.date <= ctx.as_of);
        let placement_order = changes().find(|ch| ch.legal_status == LegalStatus::E1).map(|ch| ch.date);
        let placed =
            changes().filter(|ch| ch.date >= a.decision).find(|ch| ch.placement.kind.is_adoption()).map(|ch| ch.date);
        let ffa =
            changes().find(|ch| matches!(ch.placement.kind, PlacementType::U2 | PlacementType::U5)).map(|ch| ch.date);
        let matched = a.matched.map(|m| m.0).filter(|d| *d <= ctx.as_of);
        let family = matched.and(a.matched_with.as_ref()).and_then(|m| m.household.as_ref());
        let [gender, ethnicity, dob, age] = characteristics(ctx, c)?;
        let values = vec![
            Value::text(c.id.as_str()),
            family.map_or(Value::Blank, |h| Value::text(h.as_str())),
            gender,
            ethnicity,
            dob,
            age,
            disability(ctx, c)?,
            Value::Date(p.start),
            Value::Date(a.decision),
            Value::date(placement_order),
            Value::date(matched),
            Value::date(placed),
            Value::date(adopted),
            Value::date(reversed.map(|r| r.0)),
            label(ctx, "reason_placed_ceased", reversed.map(|r| r.1.code()))?,
            Value::date(ffa),
        ];
        out.push(Row { subject: c.id.to_string(), values });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::testkit::*;
    use carefile_domain::codes::*;
    use carefile_domain::journey::{Adopters, ChildEvent};
    use carefile_domain::people::HouseholdId;

    fn matched(date: &str, household: Option<&str>) -> ChildEvent {
        ChildEvent::MatchedWithAdopters {
            date: d(date),
            adopters: Adopters { foster_carers: false, number: 2, sex: AdopterSex::MF, legal_status: AdopterLegalStatus::L11 },
            household: household.map(|h| HouseholdId::new(h).unwrap()),
            agency: None,
            panel: None,
        }
    }

    #[test]
    fn the_family_identifier_is_the_household_the_match_names() {
        let ours = child(&[
            care("2024-06-01", PlacementType::U3),
            ChildEvent::AdoptionDecision { date: d("2025-01-10") },
            matched("2025-09-01", Some("H000042")),
        ]);
        let r = &rows_of(&DEF, "2026-03-31", &ours)[0];
        assert_eq!(cell(&DEF, r, "Family identifier"), "H000042");
        assert_eq!(cell(&DEF, r, "Date of Matching Child and Prospective Adopters"), "01/09/2025");
        // Adopters another agency approved are not on carefile's record: no identifier to share.
        let theirs = child(&[
            care("2024-06-01", PlacementType::U3),
            ChildEvent::AdoptionDecision { date: d("2025-01-10") },
            matched("2025-09-01", None),
        ]);
        assert_eq!(cell(&DEF, &rows_of(&DEF, "2026-03-31", &theirs)[0], "Family identifier"), "");
        // Not yet matched on the reference date.
        assert_eq!(cell(&DEF, &rows_of(&DEF, "2025-08-31", &ours)[0], "Family identifier"), "");
    }
}
