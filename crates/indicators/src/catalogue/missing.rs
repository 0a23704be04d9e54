//! Missing episodes and the return home interviews offered after them.

use super::*;
use crate::model::{Outcome, Polarity};

const fn offered(i: Indicator, numerator: &'static str, denominator: &'static str) -> Indicator {
    share(i, Outcome::ProtectedFromHarm, Polarity::HighGood, numerator, denominator)
}

pub(crate) const MISSING_EPISODES: Indicator = {
    let mut i = flow(
        "missing_episodes",
        "Missing episodes",
        "Episodes of a child missing or absent that started in the period.",
        |c, out| out.extend(c.rec.missing.iter().map(|m| event(m.start.date(), 1, 0, "went missing"))),
        &[Source::Missing],
    );
    i.def.outcome = Outcome::ProtectedFromHarm;
    i
};

pub(crate) const RETURN_INTERVIEWS_OFFERED: Indicator = offered(
    flow(
        "return_interviews_offered",
        "% of returns from missing with a return home interview offered",
        "Missing episodes that ended in the period (the child returned) after which a return home interview was offered.",
        |c, out| {
            for m in &c.rec.missing {
                if let Some(end) = m.end {
                    let offered = m.interview.is_some();
                    out.push(event(
                        end.date(),
                        u32::from(offered),
                        1,
                        if offered { "returned; interview offered" } else { "returned; no interview offered" },
                    ));
                }
            }
        },
        &[Source::Missing],
    ),
    "episodes ended in the period with a return home interview offered",
    "missing episodes ended in the period",
);

pub(crate) const RETURN_INTERVIEWS_ACCEPTED: Indicator = offered(
    flow(
        "return_interviews_accepted",
        "% of return home interviews offered that were accepted",
        "Return home interviews offered in the period that the child accepted.",
        |c, out| {
            for (at, accepted) in c.rec.missing.iter().filter_map(|m| m.interview) {
                out.push(event(
                    at.date(),
                    u32::from(accepted),
                    1,
                    if accepted { "interview accepted" } else { "interview declined" },
                ));
            }
        },
        &[Source::Missing],
    ),
    "interviews offered in the period and accepted",
    "return home interviews offered in the period",
);
