//! SEND, the social care part: advice to EHC needs assessments given within
//! the statutory 6 weeks of the SEND service's request (service.md §3).

use super::*;
use crate::model::{Basis, Outcome, Polarity};

pub(crate) const SEND_ADVICE_IN_TIMESCALE: Indicator = based(
    {
        let mut i = flow(
            "send_advice_in_timescale",
            "% of social care advice to EHC needs assessments given within 6 weeks",
            "Social care advice to an EHC needs assessment given in the period no later than the configured \
         limit (6 weeks by default) after the SEND service asked for it; a due date on a non-working day \
         moves back to the working day before.",
            |c, out| {
                for a in &c.rec.send_advice {
                    if let Some(given) = a.given {
                        let ok = given <= c.due(a.requested, c.ts.send_advice);
                        out.push(event(given, u32::from(ok), 1, if ok { "advice in time" } else { "advice late" }));
                    }
                }
            },
            &[Source::SendAdvice],
        );
        i = share(
            i,
            Outcome::HealthAndWellbeing,
            Polarity::HighGood,
            "requests for advice answered in the period within 6 weeks",
            "requests for advice answered in the period",
        );
        i.def.cohort = "social care advice given in the period";
        i
    },
    Basis::Local("SEND Regulations 2014: advice within 6 weeks of the request"),
);
