//! Complaints answered in timescale (stage 1: the authority's extended limit,
//! by default 20 working days, which the papers report).

use super::*;
use crate::model::{Basis, Outcome, Polarity};

pub(crate) const COMPLAINTS_IN_TIMESCALE: Indicator = based(
    {
        let mut i = flow(
            "complaints_in_timescale",
            "% of stage 1 complaints answered within 20 working days",
            "Stage 1 complaints answered in the period no later than 20 working days after they were received \
         (the day received is day 0).",
            |c, out| {
                for x in c.rec.complaints.iter().filter(|x| x.stage == 1) {
                    if let Some(a) = x.answered {
                        let ok = a <= c.due(x.received, c.ts.complaint_stage1_extended);
                        out.push(event(a, u32::from(ok), 1, if ok { "answered in time" } else { "answered late" }));
                    }
                }
            },
            &[Source::Complaints],
        );
        i = share(
            i,
            Outcome::Workforce,
            Polarity::HighGood,
            "stage 1 complaints answered in the period within 20 working days",
            "stage 1 complaints answered in the period",
        );
        i.def.cohort = "stage 1 complaints answered in the period";
        i
    },
    Basis::Local("Children Act 1989 representations procedure: stage 1 within 20 working days"),
);
