//! Single assessments: how many were completed and how quickly.
//!
//! Two timeliness measures, each labelled (service.md §3): the DfE indicator
//! counts working days from the assessment's start to its authorisation; the
//! statutory due date counts 45 working days (the authority's timescale) from
//! the referral. Working days
//! are the calendar's (weekends, bank holidays, closures); the start is day 0,
//! so an assessment authorised on working day 45 is in time.

use super::*;
use crate::model::{Basis, Outcome, Polarity};
use carefile_domain::journey::Referral;

/// Each authorised assessment with its referral.
fn authorised<'a>(c: &'a Child) -> impl Iterator<Item = (&'a Referral, NaiveDate, NaiveDate)> + 'a {
    c.rec.referrals.iter().flat_map(|r| r.assessments.iter().filter_map(move |a| a.authorised.map(|d| (r, a.start, d))))
}

const fn timeliness(i: Indicator, numerator: &'static str) -> Indicator {
    let outcome = i.def.outcome;
    let mut i = share(i, outcome, Polarity::HighGood, numerator, "assessments authorised in the period");
    i.split = Split::ByService;
    i
}

pub(crate) const ASSESSMENTS_COMPLETED: Indicator = based(
    {
        let mut i = flow(
            "assessments_completed",
            "Assessments completed",
            "Single assessments authorised (completed) in the period, split by the service of the team holding the case.",
            |c, out| out.extend(authorised(c).map(|(_, _, d)| event(d, 1, 0, "assessment authorised"))),
            &[Source::Assessments],
        );
        i.split = Split::ByService;
        i
    },
    Basis::Dfe("Children in need, C2: assessments completed in the year"),
);

pub(crate) const ASSESSMENTS_WITHIN_45_WD: Indicator = based(
    {
        let mut i = flow(
            "assessments_within_45_wd",
            "% single assessments completed within 45 working days",
            "Single assessments authorised in the period whose duration, in working days from the assessment's \
         start (day 0) to its authorisation, is 45 or fewer; split by the service of the team holding the case.",
            |c, out| {
                for (_, start, done) in authorised(c) {
                    let ok = c.cal.working_days_between(start, done) <= 45;
                    out.push(event(
                        done,
                        u32::from(ok),
                        1,
                        if ok { "authorised within 45 working days" } else { "authorised late" },
                    ));
                }
            },
            &[Source::Assessments],
        );
        i.def.outcome = Outcome::ProtectedFromHarm;
        i.def.source = Some("seed 001_def840bf2424c9c7.txt lines 10351–10352");
        timeliness(i, "assessments authorised in the period within 45 working days of their start")
    },
    Basis::Dfe(
        "Children in need, C2: assessments completed within 45 working days of their start (LAIT Continue_Assess_Comp)",
    ),
);

pub(crate) const ASSESSMENTS_DUE_DATE_MET: Indicator = based(
    {
        let i = flow(
            "assessments_due_date_met",
            "% assessments authorised by their due date (45 working days from referral)",
            "Single assessments authorised in the period no later than 45 working days after the referral \
         that opened the episode (the statutory due date, counted from the referral, not the assessment's start).",
            |c, out| {
                for (r, _, done) in authorised(c) {
                    let ok = done <= c.due(r.date(), c.ts.assessment);
                    out.push(event(
                        done,
                        u32::from(ok),
                        1,
                        if ok { "authorised by the due date" } else { "authorised after the due date" },
                    ));
                }
            },
            &[Source::Assessments],
        );
        timeliness(i, "assessments authorised in the period within 45 working days of the referral")
    },
    Basis::Local("statutory guidance's due date, 45 working days from the referral"),
);
