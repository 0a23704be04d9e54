//! Caseloads and unallocated cases on the period's last day.

use super::*;
use crate::model::{Basis, Outcome, Polarity, Unit};

fn open_case(c: &Child, d: NaiveDate) -> bool {
    status::open(&c.rec.status_on(d))
}

fn allocated(c: &Child, d: NaiveDate) -> bool {
    c.rec.allocation_on(d).is_some_and(|a| a.worker.is_some())
}

pub(crate) const CASELOAD_PER_WORKER: Indicator = based(
    {
        let mut i = snapshot(
            "caseload_per_worker",
            "Average caseload per social worker",
            "Open cases (as counted by `open_cases`) allocated to a worker on the period's last day, divided by \
         the social workers in post that day (head count) in the same teams.",
            (|c, d| (open_case(c, d) && allocated(c, d)).then_some(ONE), status::status_breaks, "allocated open case"),
            &[Source::Referrals, Source::Allocations],
        );
        i.def.outcome = Outcome::Workforce;
        i.def.numerator = "open cases allocated to a worker";
        i.def.denominator = Some("social workers in post");
        i.def.polarity = Polarity::LowGood;
        i.def.unit = Unit::Ratio;
        i.denominator = Denominator::SocialWorkers;
        i
    },
    Basis::Local("open cases allocated per social worker in post"),
);

pub(crate) const UNALLOCATED_CASES: Indicator = based(
    {
        let mut i = snapshot(
            "unallocated_cases",
            "Unallocated cases",
            "Open cases (as counted by `open_cases`) with no worker allocated on the period's last day.",
            (
                |c, d| (open_case(c, d) && !allocated(c, d)).then_some(ONE),
                status::status_breaks,
                "open case, unallocated",
            ),
            &[Source::Referrals, Source::Allocations],
        );
        i.def.outcome = Outcome::Workforce;
        i.def.polarity = Polarity::LowGood;
        i
    },
    Basis::Local("open cases with no worker allocated"),
);
