//! 582: when an episode ends in adoption (REC E11 or E12), the date the child was matched with
//! the adopters (AD1 DATE_MATCH) is expected before the adoption, so a DEC on the same day as
//! DATE_MATCH is queried. Dates are compared as dates, so `1/5/2025` equals `01/05/2025`.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "582",
        message: "Child is showing as ceasing to be looked after due to adoption, but the date of adoption is the same as the date reported for being matched with adopters. In most circumstances we expect the date the child is matched with adopters to be before the date of adoption.",
        severity: Severity::Error,
        tables: &["AD1", "Episodes"],
        fields: &["DEC", "DATE_MATCH"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(ad1)) = (&d.this.episodes, &d.this.ad1) else { return };
    for e in eps.iter() {
        let adopted = matches!(e.rec.get(), Some(ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12));
        let Some(dec) = e.dec.get().filter(|_| adopted) else { continue };
        if ad1.of(&e.child).iter().any(|a| a.date_match.get() == Some(dec)) {
            s.flag(&e.child, Episode::TABLE, e.row, &["DEC"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Ad1, Episode};

    #[test]
    fn adoption_on_the_matching_day_fires() {
        let eps = csv::<Episode>("CHILD,DEC,REC\n1,10/05/2025,E11\n2,10/05/2025,E12\n3,10/05/2025,E4A\n4,10/05/2025,E11");
        let ad1 = csv::<Ad1>("CHILD,DATE_MATCH\n1,10/5/2025\n2,09/05/2025\n3,10/05/2025\n4,");
        assert_eq!(flagged("582", &[eps, ad1]), [("Episodes", 0)]);
    }
}
