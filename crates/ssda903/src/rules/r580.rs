//! 580: a child who is still missing when care ends on their 18th birthday (the missing period
//! ends that day, the same day as the episode) should have the episode end with E8 ("any other
//! reason"); any other or a blank REC fires, on the episode.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "580",
        message: "Child is missing when cease being looked after but reason episode ceased not ‘E8’.",
        severity: Severity::Error,
        tables: &["Episodes", "Missing"],
        fields: &["REC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(mis)) = (&d.this.episodes, &d.this.missing) else { return };
    for m in mis.iter() {
        let (Some(dob), Some(end)) = (m.dob.get(), m.mis_end.get()) else { continue };
        if add_years(dob, 18) != end {
            continue;
        }
        for e in eps.of(&m.child) {
            if e.dec.get() == Some(end) && e.rec.get() != Some(ReasonEpisodeCeased::E8) {
                s.flag(&m.child, Episode::TABLE, e.row, RULE.meta.fields);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Missing};

    #[test]
    fn missing_at_18_needs_e8() {
        let eps = csv::<Episode>("CHILD,DEC,REC\n1,10/05/2025,E4A\n2,10/05/2025,E8\n3,10/05/2025,E4A\n4,11/05/2025,");
        let mis = csv::<Missing>("CHILD,DOB,MIS_END\n1,10/05/2007,10/05/2025\n2,10/05/2007,10/05/2025\n3,10/05/2007,09/05/2025\n4,11/05/2007,11/05/2025");
        assert_eq!(flagged("580", &[eps, mis]), [("Episodes", 0), ("Episodes", 3)]);
    }
}
