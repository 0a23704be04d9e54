//! Building children's records from events, for the unit tests.

use carefile_domain::ChildId;
use carefile_domain::codes::*;
use carefile_domain::journey::{ChildDetails, ChildEvent, ChildRecord, Placement, ReferralNext};
use chrono::{NaiveDate, NaiveDateTime};

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn at(s: &str) -> NaiveDateTime {
    d(s).and_hms_opt(10, 0, 0).unwrap()
}

pub fn child(events: &[ChildEvent]) -> ChildRecord {
    born("2010-01-01", events)
}

/// Child `id`, born on `dob`, with nothing else recorded.
pub fn born_as(id: &str, dob: &str) -> ChildRecord {
    let details = ChildDetails { forename: "A".into(), surname: "B".into(), dob: Some(d(dob)), ..Default::default() };
    ChildRecord::register(ChildId::new(id).unwrap(), &ChildEvent::Registered { details }).unwrap()
}

/// A child born on `dob` with `events`.
pub fn born(dob: &str, events: &[ChildEvent]) -> ChildRecord {
    let mut c = born_as("C1", dob);
    for e in events {
        c.apply(e).unwrap_or_else(|err| panic!("{err}"));
    }
    c
}

pub fn referral(no: u32, date: &str) -> ChildEvent {
    ChildEvent::ReferralReceived {
        referral: no,
        at: at(date),
        source: ReferralSource::Police,
        contact: None,
        exploitation: vec![],
    }
}

pub fn nfa(no: u32, date: &str) -> [ChildEvent; 2] {
    [
        ChildEvent::ReferralDecided { referral: no, at: at(date), next: ReferralNext::NoFurtherAction },
        ChildEvent::CaseClosed { referral: no, date: d(date), reason: ReasonForClosure::RC7 },
    ]
}

pub fn care(date: &str, kind: PlacementType) -> ChildEvent {
    ChildEvent::CareStarted {
        date: d(date),
        legal_status: LegalStatus::V2,
        need: CategoryOfNeed::N1,
        placement: Placement { kind, provider: Some(PlacementProvider::PR1), postcode: None, urn: None, carer: None, household: None },
        previous_permanence: None,
    }
}

pub fn moved(date: &str, kind: PlacementType) -> ChildEvent {
    ChildEvent::PlacementChanged {
        date: d(date),
        placement: Placement { kind, provider: Some(PlacementProvider::PR1), postcode: None, urn: None, carer: None, household: None },
        reason: ReasonPlaceChange::Carpl,
    }
}

/// A referral with a strategy discussion, an S47 and, if `icpc`, a conference deciding on a plan.
pub fn enquiry(r: u32, date: &str, icpc: Option<&str>) -> Vec<ChildEvent> {
    let mut e = vec![
        referral(r, date),
        ChildEvent::StrategyDiscussionHeld { referral: r, discussion: r, at: at(date), s47: true },
        ChildEvent::S47Started { referral: r, s47: r, date: d(date), discussion: Some(r) },
    ];
    if let Some(day) = icpc {
        e.push(ChildEvent::S47Concluded { s47: r, date: d(day), icpc_required: true });
        e.push(ChildEvent::IcpcHeld { referral: r, s47: Some(r), date: d(day), plan: true });
    }
    e
}

/// The rows `list` makes of `c` on `as_of` (six-month look-back, the 2024 labels, no postcodes).
pub fn rows_of(list: &crate::lists::Def, as_of: &str, c: &ChildRecord) -> Vec<Vec<String>> {
    rows_with(list, as_of, &[c], &crate::Streams::default())
}

/// The rows `list` makes of `children` and the agency's records on `as_of`.
pub fn rows_with(
    list: &crate::lists::Def,
    as_of: &str,
    children: &[&ChildRecord],
    streams: &crate::Streams,
) -> Vec<Vec<String>> {
    use crate::lists::Rows;
    use crate::{Ctx, Labels, Window};
    use carefile_domain::org::{Authority, Organisation};
    let labels = Labels::template("2024").unwrap();
    let org = Organisation::default();
    let authority = Authority { name: "Leicestershire".into(), gss: "E10000018".into(), dfe_number: 855 };
    let ctx = Ctx {
        as_of: d(as_of),
        window: Window::months_to(d(as_of), 6),
        year: Window::months_to(d(as_of), 12),
        org: &org,
        authority: &authority,
        labels: &labels,
        postcodes: None,
        streams,
    };
    let mut out = Vec::new();
    match list.rows {
        Rows::PerChild(f) => children.iter().for_each(|c| f(&ctx, c, &mut out).unwrap()),
        Rows::Whole(f) => f(&ctx, children, &mut out).unwrap(),
    }
    out.into_iter().map(|r| r.values.iter().map(crate::Value::display).collect()).collect()
}

/// A row's cell by header.
pub fn cell<'a>(list: &crate::lists::Def, row: &'a [String], header: &str) -> &'a str {
    &row[list.headers.iter().position(|h| *h == header).unwrap_or_else(|| panic!("no column {header}"))]
}
