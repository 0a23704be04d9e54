//! 453: when last year's final episode was still open and this year's first episode carries the
//! same reason for new episode (RNE, both given), the placement distance cannot have changed:
//! flagged when the distances differ by 0.2 mile or more, or there is a distance now but none last
//! year (the comparison 503G makes). Needs both years' Episodes and postcode data.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "453",
        message: "Contradiction between placement distance in the last episode of the previous year and in the first episode of the current year.",
        severity: Severity::Error,
        tables: &["Episodes", "Episodes_last"],
        fields: &["PL_DISTANCE"],
        needs: &[Reference::Postcodes, Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r503a::flag_changed(d, s, &["PL_DISTANCE"], |now, then| {
        now.rne.is_present() && now.rne == then.rne && super::r503g::distance_changed(d, now, then)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_when_the_distance_changes_under_the_same_rne() {
        let last = [csv::<Episode>("CHILD,DECOM,DEC,RNE,HOME_POST,PL_POST\n1,01/02/2024,,S,LE1 1AA,LE2 2BB\n2,01/02/2024,,S,LE1 1AA,LE2 2BB\n3,01/02/2024,,S,LE1 1AA,LE2 2BB")];
        let this = [csv::<Episode>("CHILD,DECOM,RNE,HOME_POST,PL_POST\n1,01/02/2024,S,LE1 1AA,LE2 2BB\n2,01/02/2024,S,LE1 1AA,LE1 1AA\n3,01/02/2024,P,LE1 1AA,LE1 1AA")];
        assert_eq!(flagged_with("453", &this, &last, opts_with_postcodes()), [("Episodes", 1)]);
    }
}
