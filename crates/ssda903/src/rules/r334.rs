//! 334: the latest period of care (the latest episode with RNE S) starts on or before the date the
//! child should be placed for adoption (DATE_INT).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "334",
        message: "Date child started to be looked after in latest period of care must be on or prior to the date should be placed for adoption.",
        severity: Severity::Error,
        tables: &["AD1", "Episodes"],
        fields: &["DATE_INT", "DECOM", "RNE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(ad1), Some(eps)) = (&d.this.ad1, &d.this.episodes) else { return };
    for (child, rows) in eps.groups() {
        let started = rows.into_iter().filter(|e| e.rne.get() == Some(ReasonNewEpisode::Started));
        let Some(last) = latest(started) else { continue };
        for a in ad1.of(child) {
            if a.date_int.get().zip(last.decom.get()).is_some_and(|(i, c)| i < c) {
                s.flag(child, Episode::TABLE, last.row, &["DECOM", "RNE"]);
                s.flag(child, Ad1::TABLE, a.row, &["DATE_INT"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Ad1, Episode};

    #[test]
    fn fires_when_decision_predates_the_latest_period_of_care() {
        let e = csv::<Episode>("CHILD,DECOM,RNE\n1,01/01/2020,S\n1,01/05/2025,S\n1,01/06/2025,P\n2,01/05/2025,S");
        let a = csv::<Ad1>("CHILD,DATE_INT\n1,30/04/2025\n2,01/05/2025");
        assert_eq!(flagged("334", &[e, a]), [("AD1", 0), ("Episodes", 1)]);
    }
}
