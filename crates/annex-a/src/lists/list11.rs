//! List 11, adopters: everyone who had contact with the adoption agency in the 12 months to the
//! reference date, one row per adopter (each adult in the adopter role of the household) and
//! application. An application is in contact from its enquiry until the adopters leave the process
//! (withdrawal, a "not suitable" determination, the approval ended) or, once approved, until the
//! approval ends: its span must meet the 12 months. Adopters approved before carefile kept the record
//! have an approval but no application, so no enquiry date.
//!
//! The family identifier is the household's ID, as list 10 names it for the children matched with
//! the household. Matches, placements and orders come from the children's records: a match naming
//! the household, a placement with it, and the end of that care by an adoption order (E11, E12).

use super::{Def, Rows, no_inputs};
use crate::labels::LabelError;
use crate::person::label;
use crate::{Count, Counted, Ctx, Pending, Row, Value, Window};
use carefile_domain::ChildId;
use carefile_domain::adopters::record::Outcome;
use carefile_domain::adopters::{AdopterApplication, AdopterApproval, AdopterRecord, ApprovalEndReason};
use carefile_domain::codes::{PlacementType, ReasonEpisodeCeased};
use carefile_domain::journey::ChildRecord;
use carefile_domain::people::{HouseholdId, MemberRole, PersonRef};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

pub const DEF: Def = Def {
    number: 11,
    sheet: "List 11",
    title: "Adopters",
    headers: &[
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
    ],
    pending: &[Pending {
        column: "Disability",
        supplier: "an adult's disability on the person record (people and households, #13)",
    }],
    partial: &[
        Pending {
            column: "Date enquiry received",
            supplier: "the adopter's application (approvals recorded from before carefile kept the record have none)",
        },
        Pending {
            column: "Reason for leaving adoption process",
            supplier: "Ofsted's three reasons (withdrew, on hold, refused); an approval ended for another reason has the date only",
        },
    ],
    rows: Rows::Whole(rows),
    needs_input: no_inputs,
};

/// Why adopters left the process, as keys of the `adopter_left` labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Left {
    Withdrew,
    OnHold,
    Refused,
    /// The approval ended for a reason Ofsted's list does not name.
    Other,
    /// The approval ended with the family complete: the adopters did not leave, they adopted.
    Completed,
}

impl Left {
    fn key(self) -> Option<&'static str> {
        match self {
            Left::Withdrew => Some("withdrew"),
            Left::OnHold => Some("on_hold"),
            Left::Refused => Some("refused"),
            Left::Other | Left::Completed => None,
        }
    }
}

/// What the children's records say about one household.
#[derive(Default)]
struct WithChildren {
    /// (date, child) of each match naming the household.
    matches: Vec<(NaiveDate, ChildId)>,
    /// (date, child, kind) of each placement with the household.
    placements: Vec<(NaiveDate, ChildId, PlacementType)>,
    /// (date, child) of each adoption order ending care while placed with the household.
    orders: Vec<(NaiveDate, ChildId)>,
}

fn by_household(ctx: &Ctx, children: &[&ChildRecord]) -> HashMap<HouseholdId, WithChildren> {
    let mut out: HashMap<HouseholdId, WithChildren> = HashMap::new();
    for c in children {
        for a in &c.adoptions {
            if let (Some((date, _)), Some(h)) = (a.matched, a.matched_with.as_ref().and_then(|m| m.household.as_ref()))
                && date <= ctx.as_of
            {
                out.entry(h.clone()).or_default().matches.push((date, c.id.clone()));
            }
        }
        for p in &c.care {
            let mut last = None;
            for ch in p.changes.iter().filter(|ch| ch.date <= ctx.as_of) {
                let with = ch.placement.household.as_ref();
                if let Some(h) = with.filter(|h| last != Some(*h)) {
                    out.entry(h.clone()).or_default().placements.push((ch.date, c.id.clone(), ch.placement.kind));
                }
                last = with;
            }
            let adopted = p.end.filter(|(d, r)| {
                *d <= ctx.as_of && matches!(r, ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12)
            });
            if let (Some((date, _)), Some(h)) = (adopted, p.changes.last().and_then(|ch| ch.placement.household.as_ref())) {
                out.entry(h.clone()).or_default().orders.push((date, c.id.clone()));
            }
        }
    }
    out
}

/// One stretch of the household's contact with the agency: an application, with its approval if
/// approved, or an approval recorded without one.
struct Contact<'a> {
    application: Option<&'a AdopterApplication>,
    approval: Option<&'a AdopterApproval>,
}

impl Contact<'_> {
    fn start(&self) -> NaiveDate {
        self.application.map_or_else(|| self.approval.map_or(NaiveDate::MAX, |a| a.from), |a| a.enquired)
    }

    /// When and why the adopters left the process, as it stood on `as_of`.
    fn left(&self, as_of: NaiveDate) -> Option<(NaiveDate, Left)> {
        let on = |d: NaiveDate| d <= as_of;
        if let Some(app) = self.application {
            match app.outcome.as_ref().filter(|o| on(o.date())) {
                Some(Outcome::Withdrew { date, .. }) => return Some((*date, Left::Withdrew)),
                Some(Outcome::NotSuitable { date }) => return Some((*date, Left::Refused)),
                Some(Outcome::Approved { .. }) => {}
                None => {
                    // A break between the stages at the applicants' request: the process is on hold.
                    let paused = app.breaks.iter().map(|(s, _)| s).find(|s| on(s.start) && s.end.is_none_or(|e| e > as_of));
                    return paused.map(|s| (s.start, Left::OnHold));
                }
            }
        }
        let (date, reason) = self.approval?.ended.filter(|(d, _)| on(*d))?;
        let why = match reason {
            ApprovalEndReason::Withdrew | ApprovalEndReason::Transferred => Left::Withdrew,
            ApprovalEndReason::NotSuitableOnReview => Left::Refused,
            ApprovalEndReason::Adopted => Left::Completed,
            ApprovalEndReason::Other => Left::Other,
        };
        Some((date, why))
    }

    /// The last day of contact, if it has ended by `as_of` (an approval ended for any reason).
    fn end(&self, as_of: NaiveDate) -> Option<NaiveDate> {
        self.left(as_of).filter(|(_, why)| *why != Left::OnHold).map(|(d, _)| d)
    }
}

fn contacts(r: &AdopterRecord) -> Vec<Contact<'_>> {
    let mut out: Vec<Contact> = r
        .applications
        .iter()
        .map(|a| Contact { application: Some(a), approval: r.approvals.iter().find(|x| x.application == Some(a.no)) })
        .collect();
    out.extend(r.approvals.iter().filter(|x| x.application.is_none()).map(|x| Contact { application: None, approval: Some(x) }));
    out
}

fn rows(ctx: &Ctx, children: &[&ChildRecord], out: &mut Vec<Row>) -> Result<(), LabelError> {
    let known = by_household(ctx, children);
    let none = WithChildren::default();
    let mut records: Vec<&AdopterRecord> = ctx.streams.adopters.iter().collect();
    records.sort_by(|a, b| a.id.cmp(&b.id));
    for r in records {
        let with = known.get(&r.id).unwrap_or(&none);
        for contact in contacts(r) {
            let start = contact.start();
            if start > ctx.as_of || !ctx.year.meets(start, contact.end(ctx.as_of)) {
                continue;
            }
            let family = family_columns(ctx, &contact, with)?;
            for (id, person) in adopters(ctx, r.id.clone(), start, contact.end(ctx.as_of)) {
                let mut values = vec![Value::text(id.clone()), Value::text(r.id.as_str())];
                values.extend(person_columns(ctx, person)?);
                values.extend(family.iter().cloned());
                out.push(Row { subject: id, values });
            }
        }
    }
    Ok(())
}

/// The adopters of household `h` while `[from, to]` lasted: each adult member in the adopter role,
/// by ID; the household's own ID when no member is recorded, so its contact is not lost.
fn adopters<'a>(
    ctx: &Ctx<'a>,
    h: HouseholdId,
    from: NaiveDate,
    to: Option<NaiveDate>,
) -> Vec<(String, Option<&'a carefile_domain::people::Person>)> {
    let span = Window { from, to: to.unwrap_or(ctx.as_of).min(ctx.as_of) };
    let mut people: BTreeMap<String, Option<&carefile_domain::people::Person>> = BTreeMap::new();
    for m in ctx.streams.households.get(&h).into_iter().flat_map(|h| &h.members) {
        if m.role != MemberRole::Adopter || !span.meets(m.from, m.to.map(|t| t.pred_opt().unwrap_or(t))) {
            continue;
        }
        if let PersonRef::Adult(p) = &m.member {
            people.insert(p.to_string(), ctx.streams.people.get(p));
        }
    }
    if people.is_empty() {
        people.insert(h.to_string(), None);
    }
    people.into_iter().collect()
}

/// Gender, Ethnicity and Disability (not on the person record: blank, named in the summary).
fn person_columns(ctx: &Ctx, p: Option<&carefile_domain::people::Person>) -> Result<[Value; 3], LabelError> {
    let d = p.map(|p| &p.details);
    Ok([
        Value::text(ctx.labels.get("sex", d.and_then(|d| d.sex).map_or("none", |s| s.code()))?),
        Value::text(ctx.labels.get("ethnicity", d.and_then(|d| d.ethnicity).map_or("none", |e| e.code()))?),
        Value::Blank,
    ])
}

/// The columns after the adopter's own: fostering for adoption, the stages, approval, match,
/// placement, order and leaving.
fn family_columns(ctx: &Ctx, contact: &Contact, with: &WithChildren) -> Result<Vec<Value>, LabelError> {
    let on = |d: NaiveDate| (d <= ctx.as_of).then_some(d);
    let app = contact.application;
    let start = contact.start();
    let end = contact.end(ctx.as_of).unwrap_or(ctx.as_of);
    let during = |d: NaiveDate| d >= start && d <= end;
    let stage = |s: Option<carefile_domain::fostering::record::Span>| {
        let s = s.filter(|s| s.start <= ctx.as_of);
        [Value::date(s.map(|s| s.start)), Value::date(s.and_then(|s| s.end).and_then(on))]
    };
    let approved = contact.approval.map(|a| a.from).and_then(on);
    let matched = with.matches.iter().filter(|(d, _)| during(*d)).map(|(d, _)| *d).min();
    let placed: Vec<&(NaiveDate, ChildId, PlacementType)> = {
        let mut first: BTreeMap<&ChildId, &(NaiveDate, ChildId, PlacementType)> = BTreeMap::new();
        for p in with.placements.iter().filter(|(d, _, _)| during(*d)) {
            first.entry(&p.1).or_insert(p);
        }
        first.into_values().collect()
    };
    let ffa = contact.approval.is_some_and(|a| a.terms.early_permanence)
        || placed.iter().any(|(_, _, k)| matches!(k, PlacementType::U2 | PlacementType::U5));
    let placed_count = Count {
        counted: placed
            .iter()
            .map(|(d, c, _)| Counted { child: Some(c.clone()), event: "placement_with_household", item: None, date: *d })
            .collect(),
        reported: None,
    };
    let order = with.orders.iter().filter(|(d, c)| during(*d) && placed.iter().any(|p| p.1 == *c)).map(|o| o.0).min();
    let left = contact.left(ctx.as_of).filter(|l| l.1 != Left::Completed);
    let mut v = vec![Value::text(ctx.labels.get("adopter_ffa", if ffa { "yes" } else { "no" })?)];
    v.push(Value::date(app.map(|a| a.enquired)));
    v.extend(stage(app.and_then(|a| a.stage1)));
    v.extend(stage(app.and_then(|a| a.stage2)));
    // The formal application is made when stage 2 begins (Adoption Agencies Regulations 2005, reg 30).
    v.push(Value::date(app.and_then(|a| a.stage2).map(|s| s.start).and_then(on)));
    v.extend([
        Value::date(approved),
        Value::date(matched),
        Value::date(placed.iter().map(|p| p.0).min()),
        Value::Count(placed_count),
        Value::date(order),
        Value::date(left.map(|l| l.0)),
        label(ctx, "adopter_left", left.and_then(|l| l.1.key()))?,
    ]);
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::Streams;
    use crate::testkit::*;
    use carefile_domain::adopters::record::Outcome;
    use carefile_domain::adopters::{
        AdopterApplication, AdopterApproval, AdopterRecord, AdopterTerms, ApprovalEndReason, WithdrawalReason,
    };
    use carefile_domain::codes::*;
    use carefile_domain::fostering::record::Span;
    use carefile_domain::journey::{Adopters, ChildEvent, ChildRecord, Placement};
    use carefile_domain::people::{
        Household, HouseholdId, HouseholdKind, MemberRole, Membership, Person, PersonDetails, PersonId, PersonRef,
    };

    fn h(id: &str) -> HouseholdId {
        HouseholdId::new(id).unwrap()
    }

    fn span(from: &str, to: Option<&str>) -> Option<Span> {
        Some(Span { start: d(from), end: to.map(d) })
    }

    fn application(no: u32, enquired: &str, outcome: Option<Outcome>) -> AdopterApplication {
        AdopterApplication {
            no,
            enquired: d(enquired),
            channel: None,
            initial_visit: None,
            registered: None,
            stage1: None,
            stage2: None,
            fast_track: false,
            breaks: vec![],
            outcome,
            irm: None,
        }
    }

    fn approval(from: &str, application: Option<u32>, early_permanence: bool) -> AdopterApproval {
        AdopterApproval {
            from: d(from),
            application,
            panel: None,
            terms: AdopterTerms { children: 2, age_from: 0, age_to: 4, early_permanence },
            reviews: vec![],
            ended: None,
        }
    }

    fn record(id: &str, applications: Vec<AdopterApplication>, approvals: Vec<AdopterApproval>) -> AdopterRecord {
        AdopterRecord { id: h(id), applications, approvals, workers: vec![], support: vec![] }
    }

    /// The Ahmeds (H1): two adopters, through both stages to approval, matched with and placed a child.
    fn streams() -> Streams {
        let mut ahmed = application(1, "2025-01-10", Some(Outcome::Approved { date: d("2025-09-30") }));
        ahmed.stage1 = span("2025-02-01", Some("2025-04-15"));
        ahmed.stage2 = span("2025-05-01", Some("2025-09-30"));
        // The Browns (H2): withdrew long ago, came back in November and paused after stage 1.
        let mut again = application(2, "2025-11-01", None);
        again.stage1 = span("2025-11-20", Some("2026-01-31"));
        again.breaks = vec![(Span { start: d("2026-02-01"), end: None }, "house move".into())];
        let browns = vec![
            application(1, "2024-01-01", Some(Outcome::Withdrew { date: d("2024-06-01"), reason: WithdrawalReason::NotReady })),
            again,
        ];
        // The Clarks (H3): found not suitable.
        let clarks = vec![application(1, "2025-03-01", Some(Outcome::NotSuitable { date: d("2025-12-15") }))];
        // The Davies (H4): approved for early permanence before carefile kept the record.
        let mut davies = approval("2023-05-01", None, true);
        davies.ended = Some((d("2025-06-30"), ApprovalEndReason::Transferred));
        let member = |p: &str, from: &str| Membership {
            member: PersonRef::Adult(PersonId::new(p).unwrap()),
            role: MemberRole::Adopter,
            from: d(from),
            to: None,
        };
        let household = Household {
            id: h("H1"),
            kind: HouseholdKind::Adoptive,
            name: "the Ahmeds".into(),
            formed: d("2025-01-10"),
            ended: None,
            addresses: vec![],
            members: vec![member("P2", "2025-01-10"), member("P1", "2025-01-10")],
        };
        let person = |id: &str, sex: Sex, ethnicity: Option<Ethnicity>| Person {
            id: PersonId::new(id).unwrap(),
            details: PersonDetails { forename: "A".into(), surname: "Ahmed".into(), sex: Some(sex), ethnicity, ..Default::default() },
            died: None,
            connections: Default::default(),
        };
        Streams {
            adopters: vec![
                record("H4", vec![], vec![davies]),
                record("H3", clarks, vec![]),
                record("H2", browns, vec![]),
                record("H1", vec![ahmed], vec![approval("2025-09-30", Some(1), false)]),
            ],
            households: [(h("H1"), household)].into(),
            people: [
                (PersonId::new("P1").unwrap(), person("P1", Sex::Female, Some(Ethnicity::ABAN))),
                (PersonId::new("P2").unwrap(), person("P2", Sex::Male, None)),
            ]
            .into(),
            early_help: vec![],
            reviewing: Default::default(),
        }
    }

    /// A child matched with the Ahmeds in December, placed with them in January, adopted in March.
    fn placed_child() -> ChildRecord {
        child(&[
            care("2024-06-01", PlacementType::U3),
            ChildEvent::AdoptionDecision { date: d("2025-01-10") },
            ChildEvent::MatchedWithAdopters {
                date: d("2025-12-01"),
                adopters: Adopters {
                    foster_carers: false,
                    number: 2,
                    sex: AdopterSex::MF,
                    legal_status: AdopterLegalStatus::L11,
                },
                household: Some(h("H1")),
                agency: None,
                panel: None,
            },
            ChildEvent::PlacementChanged {
                date: d("2026-01-10"),
                placement: Placement {
                    kind: PlacementType::A5,
                    provider: Some(PlacementProvider::PR1),
                    postcode: None,
                    urn: None,
                    carer: None,
                    household: Some(h("H1")),
                },
                reason: ReasonPlaceChange::Carpl,
            },
            ChildEvent::CareEnded { date: d("2026-03-20"), reason: ReasonEpisodeCeased::E11 },
        ])
    }

    fn rows(as_of: &str) -> Vec<Vec<String>> {
        let c = placed_child();
        rows_with(&DEF, as_of, &[&c], &streams())
    }

    #[test]
    fn one_row_per_adopter_with_the_familys_journey() {
        let rows = rows("2026-03-31");
        let ids: Vec<&str> = rows.iter().map(|r| cell(&DEF, r, "Individual adopter identifier")).collect();
        // Households in ID order, adopters by ID; the Browns' withdrawn 2024 application is out of the
        // 12 months, the Davies' approval ended within them.
        assert_eq!(ids, ["P1", "P2", "H2", "H3", "H4"]);
        let p1 = &rows[0];
        let want = [
            ("Family identifier", "H1"),
            ("Gender", "b) Female"),
            ("Ethnicity", "l) ABAN"),
            ("Disability", ""),
            ("Is the (prospective) adopter fostering for adoption?", "No"),
            ("Date enquiry received", "10/01/2025"),
            ("Date Stage 1 started", "01/02/2025"),
            ("Date Stage 1 ended", "15/04/2025"),
            ("Date Stage 2 started", "01/05/2025"),
            ("Date Stage 2 ended", "30/09/2025"),
            ("Date application submitted", "01/05/2025"),
            ("Date application approved", "30/09/2025"),
            ("Date adopter matched with child(ren)", "01/12/2025"),
            ("Date child/children placed with adopter(s)", "10/01/2026"),
            ("No. of children placed", "1"),
            ("Date of Adoption Order", "20/03/2026"),
            ("Date of leaving adoption process", ""),
            ("Reason for leaving adoption process", ""),
        ];
        for (column, value) in want {
            assert_eq!(cell(&DEF, p1, column), value, "{column}");
        }
        assert_eq!(cell(&DEF, &rows[1], "Gender"), "a) Male");
        assert_eq!(cell(&DEF, &rows[1], "Ethnicity"), "t) NOBT");
        assert_eq!(rows[1][6..], p1[6..], "the family's columns are the same for both adopters");
    }

    #[test]
    fn leaving_the_process_is_dated_with_ofsteds_reason() {
        let rows = rows("2026-03-31");
        let by = |id: &str| rows.iter().find(|r| r[0] == id).unwrap();
        let left = |id: &str| {
            let r = by(id);
            (cell(&DEF, r, "Date of leaving adoption process"), cell(&DEF, r, "Reason for leaving adoption process"))
        };
        assert_eq!(left("H2"), ("01/02/2026", "b) Process on hold"));
        assert_eq!(cell(&DEF, by("H2"), "Date enquiry received"), "01/11/2025");
        // No one in the household recorded: the household stands for its adopters.
        assert_eq!(cell(&DEF, by("H2"), "Gender"), "c) Not stated/recorded");
        assert_eq!(left("H3"), ("15/12/2025", "c) Application refused"));
        assert_eq!(left("H4"), ("30/06/2025", "a) Withdrew"));
        assert_eq!(cell(&DEF, by("H4"), "Is the (prospective) adopter fostering for adoption?"), "Yes");
        assert_eq!(cell(&DEF, by("H4"), "Date enquiry received"), "", "approved before carefile: no application");
        // Before the break began, the Browns were in stage 1, not on hold.
        let earlier = super::tests::rows("2026-01-15");
        let browns = earlier.iter().find(|r| r[0] == "H2").unwrap();
        assert_eq!(cell(&DEF, browns, "Date of leaving adoption process"), "");
        assert_eq!(cell(&DEF, browns, "Date Stage 1 ended"), "", "stage 1 had not ended on 15 January");
    }

    #[test]
    fn the_reference_date_bounds_what_is_shown() {
        // On 31 December the child was matched, not yet placed or adopted.
        let rows = rows("2025-12-31");
        let p1 = &rows[0];
        assert_eq!(cell(&DEF, p1, "Date adopter matched with child(ren)"), "01/12/2025");
        assert_eq!(cell(&DEF, p1, "Date child/children placed with adopter(s)"), "");
        assert_eq!(cell(&DEF, p1, "No. of children placed"), "0");
        assert_eq!(cell(&DEF, p1, "Date of Adoption Order"), "");
        // The Browns' return had not begun on 31 October 2025 and their first try ended in 2024.
        assert!(super::tests::rows("2025-10-31").iter().all(|r| r[0] != "H2"));
        // A year after the Davies' approval ended they are out of the list.
        assert!(super::tests::rows("2026-07-01").iter().all(|r| r[0] != "H4"));
    }

    #[test]
    fn the_family_identifier_is_the_one_list_10_gives_the_child() {
        let c = placed_child();
        let ten = rows_with(&super::super::list10::DEF, "2026-03-31", &[&c], &streams());
        let eleven = rows_with(&DEF, "2026-03-31", &[&c], &streams());
        let family = cell(&super::super::list10::DEF, &ten[0], "Family identifier");
        assert_eq!(family, "H1");
        assert_eq!(eleven.iter().filter(|r| cell(&DEF, r, "Family identifier") == family).count(), 2);
    }
}
