//! Where children stand on a day: open cases and their groups (children in
//! need, CP, pre-proceedings, proceedings, looked after), counts and rates.
//!
//! Children in need follow service.md §4: open to social care and not on a CP
//! plan, not looked after, not in pre-proceedings or proceedings (the domain's
//! `Status::child_in_need`). An open case is an open referral, a period of
//! care, or pre-proceedings or proceedings. For the reconciliation the groups are made exclusive in the order
//! looked after, proceedings, pre-proceedings, CP, CIN.

use super::*;
use crate::model::Basis;
use crate::model::Outcome;
use carefile_domain::stats::Status;

/// Every day on which a child's status can change.
pub(crate) fn status_breaks(c: &Child, out: &mut Vec<NaiveDate>) {
    let r = c.rec;
    for x in &r.referrals {
        out.push(x.date());
        out.extend(x.closed.map(|c| c.0));
        for p in &x.cp_plans {
            out.push(p.start);
            out.extend(p.end);
        }
    }
    for p in &r.care {
        out.push(p.start);
        out.extend(p.end_date());
    }
    for p in &r.proceedings {
        out.extend([p.pre_start, p.pre_end.map(|e| e.0), p.issued, p.concluded.map(|e| e.0)].into_iter().flatten());
    }
}

/// Open to social care: an open referral (CIN episode), looked after, or in
/// pre-proceedings or care proceedings (a child in proceedings is an open case
/// even where the record has no open episode).
pub(crate) fn open(s: &Status) -> bool {
    s.open_case || s.looked_after || s.pre_proceedings || s.proceedings
}

/// The exclusive group of an open case, in the reconciliation's order.
#[derive(PartialEq, Eq)]
enum Group {
    LookedAfter,
    Proceedings,
    PreProceedings,
    Cp,
    Cin,
}

fn group(s: &Status) -> Option<Group> {
    if s.looked_after {
        Some(Group::LookedAfter)
    } else if s.proceedings {
        Some(Group::Proceedings)
    } else if s.pre_proceedings {
        Some(Group::PreProceedings)
    } else if s.cp_plan {
        Some(Group::Cp)
    } else if s.child_in_need() {
        Some(Group::Cin)
    } else {
        None
    }
}

fn count_if(hit: bool) -> Option<Weights> {
    hit.then_some(ONE)
}

fn open_at(c: &Child, d: NaiveDate) -> Option<Weights> {
    count_if(open(&c.rec.status_on(d)))
}

fn cin_at(c: &Child, d: NaiveDate) -> Option<Weights> {
    count_if(c.rec.status_on(d).child_in_need())
}

fn lac_at(c: &Child, d: NaiveDate) -> Option<Weights> {
    count_if(c.rec.status_on(d).looked_after)
}

fn group_at(c: &Child, d: NaiveDate, g: Group) -> Option<Weights> {
    count_if(group(&c.rec.status_on(d)) == Some(g))
}

const fn snapshot_count(
    id: &'static str,
    name: &'static str,
    definition: &'static str,
    at: AtFn,
    what: &'static str,
    needs: &'static [Source],
) -> Indicator {
    let mut i = snapshot(id, name, definition, (at, status_breaks, what), needs);
    i.def.outcome = Outcome::ProtectedFromHarm;
    i.def.cohort = "children open to children's social care on the period's last day";
    i
}

pub(crate) const OPEN_CASES: Indicator = based(
    snapshot_count(
        "open_cases",
        "Children open to social care",
        "Children with an open referral (CIN episode), looked after, or in pre-proceedings or care proceedings on \
     the period's last day.",
        open_at,
        "open case",
        &[Source::Referrals],
    ),
    Basis::Local("children open to children's social care"),
);

pub(crate) const CHILDREN_IN_NEED: Indicator = based(
    {
        let mut i = snapshot_count(
            "children_in_need",
            "Children in need (not on a CP plan or looked after)",
            "Children open to social care on the period's last day who are not on a CP plan, not looked after, \
         and not in pre-proceedings or care proceedings: the committee's group, not the DfE's count of children \
         in need (which includes CP plans and looked-after children: `children_in_need_dfe`).",
            cin_at,
            "child in need",
            &[Source::Referrals],
        );
        i.def.source = Some("seed 002_634c10b91000a622.txt line 204");
        i
    },
    Basis::Local("the committee's children in need group: not on a CP plan, not looked after, not in proceedings"),
);

/// In need on `d` as the DfE counts: an open CIN episode, or looked after (each looked-after
/// child has an episode of need in the census).
fn cin_dfe_at(c: &Child, d: NaiveDate) -> Option<Weights> {
    let s = c.rec.status_on(d);
    count_if(s.open_case || s.looked_after)
}

pub(crate) const CHILDREN_IN_NEED_DFE: Indicator = based(
    snapshot_count(
        "children_in_need_dfe",
        "Children in need (DfE: all open episodes of need)",
        "Children with an open episode of need on the period's last day, or looked after, as the DfE counts \
     children in need at 31 March: those on CP plans and looked after included.",
        cin_dfe_at,
        "child in need (DfE)",
        &[Source::Referrals],
    ),
    Basis::Dfe("Children in need, B1: children in need at 31 March"),
);

pub(crate) const LOOKED_AFTER: Indicator = based(
    {
        let mut i = snapshot_count(
            "looked_after",
            "Children looked after",
            "Children in a period of care on the period's last day.",
            lac_at,
            "looked after",
            &[Source::Care],
        );
        i.def.outcome = Outcome::StableAndSecure;
        i.def.cohort = "children looked after on the period's last day";
        i
    },
    Basis::Dfe("Children looked after: children looked after at 31 March"),
);

pub(crate) const CIN_RATE: Indicator = based(
    rate(
        CHILDREN_IN_NEED_DFE,
        "cin_rate_per_10k",
        "Children in need per 10,000 children (DfE)",
        "Children in need as the DfE counts them (all open episodes of need, CP plans and looked-after children \
     included) on the period's last day, per 10,000 children under 18.",
    ),
    Basis::Dfe("Children in need, B1: children in need at 31 March per 10,000 children"),
);

pub(crate) const LAC_RATE: Indicator = based(
    rate(
        LOOKED_AFTER,
        "lac_rate_per_10k",
        "Children looked after per 10,000 children",
        "Children looked after on the period's last day per 10,000 children under 18 \
     (the seed county: 553 looked after = 42.5 per 10,000).",
    ),
    Basis::Dfe("Children looked after: children looked after at 31 March per 10,000 children"),
);

const fn part(id: &'static str, name: &'static str, definition: &'static str, at: AtFn) -> Indicator {
    snapshot_count(id, name, definition, at, name, &[Source::Referrals])
}

/// The exclusive groups whose sum must equal [`OPEN_CASES`].
pub(crate) static OPEN_CASE_PARTS: &[&Indicator] = &[
    &part("open_looked_after", "looked after", "Open cases: looked after.", |c, d| group_at(c, d, Group::LookedAfter)),
    &part(
        "open_proceedings",
        "in care proceedings",
        "Open cases: in care proceedings and not looked after.",
        |c, d| group_at(c, d, Group::Proceedings),
    ),
    &part(
        "open_pre_proceedings",
        "in pre-proceedings",
        "Open cases: in pre-proceedings, not in proceedings, not looked after.",
        |c, d| group_at(c, d, Group::PreProceedings),
    ),
    &part("open_cp", "on a CP plan", "Open cases: on a CP plan and in none of the groups above.", |c, d| {
        group_at(c, d, Group::Cp)
    }),
    &part("open_cin", "children in need", "Open cases: children in need.", |c, d| group_at(c, d, Group::Cin)),
];
