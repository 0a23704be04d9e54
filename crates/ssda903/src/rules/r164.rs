//! 164: a derived placement distance lies between 0 and 999.9 miles. Children recorded as UASC this year
//! or last are exempt; without any UASC information the rule is not judged (as in the DfE tool).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "164",
        message: "Distance is not valid. Please check a valid postcode has been entered. [NOTE: This check will result in false positives for children formerly UASC not identified as such in loaded data]",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PL_DISTANCE"],
        needs: &[Reference::Postcodes],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (uasc, known) = uasc_children(d);
    let Some(eps) = d.this.episodes.as_ref().filter(|_| known) else { return };
    for (e, geo) in eps.iter().zip(&d.geo) {
        if !uasc.contains(&*e.child) && geo.pl_distance.is_some_and(|m| !(0.0..=999.9).contains(&m)) {
            s.flag(&e.child, Episode::TABLE, e.row, &["PL_DISTANCE"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header, Uasc};

    #[test]
    fn fires_beyond_999_9_miles_except_for_uasc() {
        let mut o = opts();
        let onspd = "pcd,laua,oseast1m,osnrth1m\nA1 1AA,E06000016,0,0\nB1 1BB,E06000016,1609000,0\nC1 1CC,E06000016,1610000,0\n";
        o.postcodes = Some(std::sync::Arc::new(crate::Postcodes::read("pc.csv", onspd.as_bytes(), |_| true).unwrap()));
        let t = [
            csv::<Header>("CHILD\n1\n2"),
            csv::<Uasc>("CHILD\n2"),
            csv::<Episode>("CHILD,HOME_POST,PL_POST\n1,A1 1AA,B1 1BB\n1,A1 1AA,C1 1CC\n2,A1 1AA,C1 1CC"),
        ];
        assert_eq!(flagged_with("164", &t, &[], o), [("Episodes", 1)]);
    }
}
