//! Every derived count of Annex A, each one small function returning the events it counted.

use crate::{Count, Counted, Window};
use carefile_domain::codes::{MissingType, ReasonNewEpisode};
use carefile_domain::journey::{CarePeriod, ChildRecord, CpPlan, Referral};

fn count(items: impl Iterator<Item = Counted>) -> Count {
    let mut counted: Vec<Counted> = items.collect();
    counted.sort_by_key(|c| (c.date, c.item));
    Count { counted, reported: None }
}

/// List 3, "Number of Referrals in Last 12 Months": the child's other referrals received in the 12
/// months before this one (so 0 means none; 1 or more makes this a re-referral).
pub fn referrals_before(c: &ChildRecord, this: &Referral) -> Count {
    let before = Window::months_to(this.date(), 12);
    count(
        c.referrals
            .iter()
            .filter(|r| r.no != this.no && r.at < this.at && before.contains(r.date()))
            .map(|r| Counted { child: None, event: "referral_received", item: Some(r.no), date: r.date() }),
    )
}

/// List 5, "Number of Section 47 Enquiries in the last 12 months": enquiries started in the 12
/// months to the reference date.
pub fn s47s_in(c: &ChildRecord, year: Window) -> Count {
    count(c.referrals.iter().flat_map(|r| &r.s47s).filter(|s| year.contains(s.start)).map(|s| Counted {
        child: None,
        event: "s47_started",
        item: Some(s.no),
        date: s.start,
    }))
}

/// List 5, "Number of ICPCs in the last 12 months": initial conferences held in the 12 months to the
/// reference date (transfer-in conferences included: they are initial conferences here).
pub fn icpcs_in(c: &ChildRecord, year: Window) -> Count {
    count(c.referrals.iter().flat_map(|r| &r.icpcs).filter(|i| year.contains(i.date)).map(|i| Counted {
        child: None,
        event: "icpc_held",
        item: i.s47,
        date: i.date,
    }))
}

/// List 7, "Number of Previous Child Protection Plans": the child's plans that started before this
/// one, or the number of earlier plans recorded with this one (another authority's, a census's
/// NumberOfPreviousCPP) when that is larger, as the CIN census counts them.
pub fn previous_cp_plans(c: &ChildRecord, this: &CpPlan) -> Count {
    let mut held = count(
        c.referrals
            .iter()
            .flat_map(|r| &r.cp_plans)
            .filter(|p| p.no != this.no && p.start < this.start)
            .map(|p| Counted { child: None, event: "cp_plan_started", item: Some(p.no), date: p.start }),
    );
    held.reported = this
        .previous_plans
        .map(|n| (n as usize, Counted { child: None, event: "cp_plan_started", item: Some(this.no), date: this.start }));
    held
}

/// The event that records a change of care: its kind as stored.
fn care_change_event(reason: ReasonNewEpisode) -> &'static str {
    match reason {
        ReasonNewEpisode::Started => "care_started",
        ReasonNewEpisode::LegalStatus => "legal_status_changed",
        ReasonNewEpisode::PlacementAndCarer | ReasonNewEpisode::PlacementOnly => "placement_changed",
        ReasonNewEpisode::LegalStatusPlacementAndCarer | ReasonNewEpisode::LegalStatusAndPlacement => {
            "legal_status_and_placement_changed"
        }
    }
}

/// List 8, "Number of Placements in the Last 12 months": placements in force at some point in the
/// 12 months to the reference date, in any period of care. A change of legal status alone is not a
/// new placement, and temporary placements (T0-T4) are not counted, as in the DfE's placement
/// stability measure.
pub fn placements_in(c: &ChildRecord, year: Window) -> Count {
    let mut out = Vec::new();
    for p in &c.care {
        let placements: Vec<_> = p.changes.iter().filter(|ch| ch.reason != ReasonNewEpisode::LegalStatus).collect();
        for (i, ch) in placements.iter().enumerate() {
            let until = placements.get(i + 1).map(|n| n.date).or(p.end_date());
            let ended_before = until.is_some_and(|u| u < year.from || (u == ch.date && i + 1 < placements.len()));
            if ch.placement.kind.is_temporary() || ended_before || ch.date > year.to {
                continue;
            }
            out.push(Counted { child: None, event: care_change_event(ch.reason), item: None, date: ch.date });
        }
    }
    count(out.into_iter())
}

/// List 8, missing (`M`) or absent (`A`) episodes that started in the 12 months to the reference date.
pub fn missing_in(c: &ChildRecord, year: Window, kind: MissingType) -> Count {
    count(c.missing.iter().filter(|m| m.kind == kind && year.contains(m.start.date())).map(|m| Counted {
        child: None,
        event: "missing_started",
        item: Some(m.no),
        date: m.start.date(),
    }))
}

/// List 8, "Is this a second or subsequent period of being a Looked After Child within the last 12
/// months": the child's earlier periods of care that were open at some point in the 12 months to the
/// reference date (yes when there is one).
pub fn earlier_periods_in(c: &ChildRecord, this: &CarePeriod, year: Window) -> Count {
    count(c.care.iter().filter(|p| p.start < this.start && year.meets(p.start, p.end_date())).map(|p| Counted {
        child: None,
        event: "care_started",
        item: None,
        date: p.start,
    }))
}

/// List 8, "UASC within the Last 12 Months": spells of UASC status that met the 12 months.
pub fn uasc_in(c: &ChildRecord, year: Window) -> Count {
    count(c.uasc.iter().filter(|u| year.meets(u.start, u.end)).map(|u| Counted {
        child: None,
        event: "uasc_started",
        item: None,
        date: u.start,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;
    use carefile_domain::codes::*;
    use carefile_domain::journey::ChildEvent;
    use chrono::NaiveDate;

    fn dates(c: &Count) -> Vec<NaiveDate> {
        c.counted.iter().map(|x| x.date).collect()
    }

    fn year() -> Window {
        Window::months_to(d("2026-03-31"), 12)
    }

    #[test]
    fn referrals_in_the_twelve_months_before_this_one() {
        let mut events = vec![];
        for (no, date) in [(1, "2024-12-01"), (2, "2025-02-01"), (3, "2025-06-01")] {
            events.push(referral(no, date));
            events.extend(nfa(no, date));
        }
        events.push(referral(4, "2026-02-01"));
        let c = child(&events);
        // Before referral 4 (1 Feb 2026): referral 3 is within 12 months, 2 is exactly 12 months
        // before (2 Feb 2025 onwards counts) and so outside, 1 long before.
        assert_eq!(dates(&referrals_before(&c, &c.referrals[3])), [d("2025-06-01")]);
        let items: Vec<_> = referrals_before(&c, &c.referrals[2]).counted.iter().map(|x| x.item).collect();
        assert_eq!(items, [Some(1), Some(2)]);
        assert_eq!(referrals_before(&c, &c.referrals[0]).n(), 0);
        assert_eq!(referrals_before(&c, &c.referrals[3]).counted[0].event, "referral_received");
    }

    #[test]
    fn s47s_and_conferences_in_the_year_to_the_reference_date() {
        let mut events = enquiry(1, "2025-03-20", Some("2025-04-02"));
        events.push(ChildEvent::CpPlanStarted {
            referral: 1,
            plan: 1,
            date: d("2025-04-02"),
            category: CategoryOfAbuse::Neglect,
            transfer_in: false,
            previous_plans: None,
        });
        events.push(ChildEvent::CpPlanEnded { plan: 1, date: d("2025-10-01") });
        events.push(ChildEvent::CaseClosed { referral: 1, date: d("2025-10-01"), reason: ReasonForClosure::RC7 });
        events.extend(enquiry(2, "2026-01-05", None));
        let c = child(&events);
        // The first S47 started before the year; its conference fell in it.
        assert_eq!(dates(&s47s_in(&c, year())), [d("2026-01-05")]);
        assert_eq!(dates(&icpcs_in(&c, year())), [d("2025-04-02")]);
        assert_eq!(icpcs_in(&c, year()).counted[0].item, Some(1));
        assert_eq!(s47s_in(&c, Window::months_to(d("2026-03-31"), 13)).n(), 2);
    }

    #[test]
    fn previous_plans_are_those_started_before_this_one() {
        let mut events = vec![];
        for (r, start, end) in [(1, "2021-01-10", "2021-09-01"), (2, "2023-02-01", "2023-12-01"), (3, "2025-05-01", "")]
        {
            events.extend(enquiry(r, start, Some(start)));
            events.push(ChildEvent::CpPlanStarted {
                referral: r,
                plan: r,
                date: d(start),
                category: CategoryOfAbuse::Emotional,
                transfer_in: false,
                previous_plans: if r == 3 { Some(4) } else { None },
            });
            if !end.is_empty() {
                events.push(ChildEvent::CpPlanEnded { plan: r, date: d(end) });
                events.push(ChildEvent::CaseClosed { referral: r, date: d(end), reason: ReasonForClosure::RC7 });
            }
        }
        let c = child(&events);
        let plans: Vec<_> = c.referrals.iter().flat_map(|r| &r.cp_plans).collect();
        assert_eq!(dates(&previous_cp_plans(&c, plans[2])), [d("2021-01-10"), d("2023-02-01")]);
        // The third plan reports four earlier plans (two with another authority): four, reported.
        let third = previous_cp_plans(&c, plans[2]);
        assert_eq!(third.n(), 4);
        assert_eq!(third.reported.as_ref().map(|r| (r.0, r.1.item)), Some((4, Some(3))));
        assert_eq!(previous_cp_plans(&c, plans[0]).n(), 0);
        assert!(previous_cp_plans(&c, plans[1]).counted.iter().all(|x| x.event == "cp_plan_started"));
    }

    #[test]
    fn placements_in_force_in_the_year_not_legal_status_changes_or_temporary_moves() {
        let c = child(&[
            care("2024-01-10", PlacementType::U6),
            moved("2025-02-01", PlacementType::U4), // ended 1 March, before the year: out
            moved("2025-03-01", PlacementType::U5), // ended on the year's first day: in, as its 903 episode is
            moved("2025-04-01", PlacementType::K2),
            ChildEvent::LegalStatusChanged { date: d("2025-05-01"), legal_status: LegalStatus::C2 },
            moved("2025-07-01", PlacementType::T2), // temporary: out
            moved("2025-07-15", PlacementType::K2),
        ]);
        assert_eq!(dates(&placements_in(&c, year())), [d("2025-03-01"), d("2025-04-01"), d("2025-07-15")]);
        let kinds: Vec<_> = placements_in(&c, year()).counted.iter().map(|x| x.event).collect();
        assert_eq!(kinds, ["placement_changed"; 3]);
        // A placement that ended the day the year began met it; one that ended the day before did not.
        let c = child(&[care("2024-01-10", PlacementType::U6), moved("2025-04-01", PlacementType::U4)]);
        assert_eq!(dates(&placements_in(&c, year())), [d("2024-01-10"), d("2025-04-01")]);
        let c = child(&[care("2024-01-10", PlacementType::U6), moved("2025-03-31", PlacementType::U4)]);
        assert_eq!(dates(&placements_in(&c, year())), [d("2025-03-31")]);
    }

    #[test]
    fn earlier_periods_of_care_open_in_the_year() {
        let c = child(&[
            care("2023-01-01", PlacementType::U6),
            ChildEvent::CareEnded { date: d("2023-06-01"), reason: ReasonEpisodeCeased::E4A },
            care("2025-01-01", PlacementType::U6),
            ChildEvent::CareEnded { date: d("2025-04-01"), reason: ReasonEpisodeCeased::E4A },
            care("2025-09-01", PlacementType::U6),
        ]);
        let this = &c.care[2];
        assert_eq!(dates(&earlier_periods_in(&c, this, year())), [d("2025-01-01")]);
        assert_eq!(earlier_periods_in(&c, &c.care[0], year()).n(), 0);
    }

    #[test]
    fn missing_and_absent_are_counted_apart() {
        let mut events = vec![care("2024-01-10", PlacementType::U6)];
        for (no, start, kind) in [
            (1, "2025-03-30", MissingType::Missing),
            (2, "2025-04-02", MissingType::Missing),
            (3, "2025-05-02", MissingType::Absent),
            (4, "2026-03-31", MissingType::Missing),
        ] {
            events.push(ChildEvent::MissingStarted { episode: no, at: at(start), kind });
            events.push(ChildEvent::MissingEnded { episode: no, at: at(start) + chrono::Duration::hours(5) });
        }
        let c = child(&events);
        assert_eq!(dates(&missing_in(&c, year(), MissingType::Missing)), [d("2025-04-02"), d("2026-03-31")]);
        assert_eq!(dates(&missing_in(&c, year(), MissingType::Absent)), [d("2025-05-02")]);
    }

    #[test]
    fn uasc_spells_meeting_the_year() {
        let c = child(&[
            ChildEvent::UascStarted { date: d("2024-01-01") },
            ChildEvent::UascEnded { date: d("2025-04-01") },
        ]);
        assert_eq!(uasc_in(&c, year()).n(), 1);
        let c = child(&[
            ChildEvent::UascStarted { date: d("2024-01-01") },
            ChildEvent::UascEnded { date: d("2025-03-31") },
        ]);
        assert_eq!(uasc_in(&c, year()).n(), 0);
    }
}
