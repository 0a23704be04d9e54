//! Missing episodes, episodes away from placement without authorisation, and the return home
//! interviews offered after a child goes missing.
//!
//! The DfE counts the two apart (SSDA903 Missing table, MISSING = M or A; the children looked
//! after release reports missing incidents and away incidents separately), and a return home
//! interview is owed after a missing episode, not after an absence (statutory guidance on
//! children who run away or go missing from home or care, 2014).

use super::*;
use crate::model::{Basis, Outcome, Polarity};
use carefile_domain::codes::MissingType;
use carefile_domain::journey::MissingEpisode;

fn episodes<'a>(c: &'a Child, kind: MissingType) -> impl Iterator<Item = &'a MissingEpisode> + 'a {
    c.rec.missing.iter().filter(move |m| m.kind == kind)
}

const fn episode_count(i: Indicator) -> Indicator {
    let mut i = i;
    i.def.outcome = Outcome::ProtectedFromHarm;
    i
}

pub(crate) const MISSING_EPISODES: Indicator = based(
    episode_count(flow(
        "missing_episodes",
        "Missing episodes",
        "Episodes of a child missing from placement (SSDA903 MISSING = M) that started in the period; episodes \
     away from placement without authorisation are counted apart (`away_episodes`).",
        |c, out| out.extend(episodes(c, MissingType::Missing).map(|m| event(m.start.date(), 1, 0, "went missing"))),
        &[Source::Missing],
    )),
    Basis::Dfe("Children looked after: missing incidents (SSDA903 MISSING = M)"),
);

pub(crate) const AWAY_EPISODES: Indicator = based(
    episode_count(flow(
        "away_episodes",
        "Episodes away from placement without authorisation",
        "Episodes of a child away from placement without authorisation (SSDA903 MISSING = A) that started in the \
     period.",
        |c, out| {
            out.extend(episodes(c, MissingType::Absent).map(|m| event(m.start.date(), 1, 0, "away from placement")))
        },
        &[Source::Missing],
    )),
    Basis::Dfe("Children looked after: away from placement without authorisation (SSDA903 MISSING = A)"),
);

const fn offered(i: Indicator, numerator: &'static str, denominator: &'static str) -> Indicator {
    share(i, Outcome::ProtectedFromHarm, Polarity::HighGood, numerator, denominator)
}

pub(crate) const RETURN_INTERVIEWS_OFFERED: Indicator = based(
    offered(
        flow(
            "return_interviews_offered",
            "% of returns from missing with a return home interview offered",
            "Missing episodes (not absences) that ended in the period (the child returned) after which a return home \
         interview was offered.",
            |c, out| {
                for m in episodes(c, MissingType::Missing) {
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
            &[Source::Missing, Source::ReturnInterviews],
        ),
        "missing episodes ended in the period with a return home interview offered",
        "missing episodes ended in the period",
    ),
    Basis::Local("statutory guidance on children who go missing: a return home interview offered after each return"),
);

pub(crate) const RETURN_INTERVIEWS_ACCEPTED: Indicator = based(
    offered(
        flow(
            "return_interviews_accepted",
            "% of return home interviews offered that were accepted",
            "Return home interviews offered in the period, after a missing episode, that the child accepted.",
            |c, out| {
                for (at, accepted) in episodes(c, MissingType::Missing).filter_map(|m| m.interview) {
                    out.push(event(
                        at.date(),
                        u32::from(accepted),
                        1,
                        if accepted { "interview accepted" } else { "interview declined" },
                    ));
                }
            },
            &[Source::Missing, Source::ReturnInterviews],
        ),
        "interviews offered in the period and accepted",
        "return home interviews offered in the period",
    ),
    Basis::Local("statutory guidance on children who go missing: return home interviews accepted"),
);
