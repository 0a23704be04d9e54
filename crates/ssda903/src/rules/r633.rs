//! 633: LA_PERM, when given, must name the authority that arranged the previous permanence
//! order: an English authority's DfE number (current, or one abolished since, as orders can
//! predate reorganisation), 999 (not known), or WAL, SCO, NIR or NUK for orders made outside
//! England. The reference's list predates the 2019–2023 reorganisations (it lacks 838, 839 and
//! 940–943); carefile accepts those (DISAGREEMENTS.toml).

use super::prelude::*;
use crate::refdata::local_authorities;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "633",
        message: "Local authority code where previous permanence option was arranged is not a valid value.",
        severity: Severity::Error,
        tables: &["PrevPerm"],
        fields: &["LA_PERM"],
        needs: &[],
    },
    check,
};

/// Codes accepted besides the shipped authorities: Dorset, Bournemouth and Poole (abolished
/// 2019) and Northamptonshire (2021), which the shipped list lacks; not known; outside England.
const OTHER_CODES: &[&str] = &["835", "836", "837", "928", "999", "WAL", "SCO", "NIR", "NUK"];

fn check(d: &Input, s: &mut Sink) {
    let numbers: HashSet<String> = local_authorities().iter().map(|la| la.dfe_number.to_string()).collect();
    flag_rows(d.this.prev_perm.as_ref(), s, RULE.meta.fields, |p| {
        p.la_perm.value().is_some_and(|la| !numbers.contains(&**la) && !OTHER_CODES.contains(&&**la))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::PrevPerm;

    #[test]
    fn unknown_authority_fires() {
        let t = [csv::<PrevPerm>("CHILD,LA_PERM\n1,855\n2,940\n3,wal\n4,123\n5,\n6,928\n7,E10000018")];
        assert_eq!(flagged("633", &t), [("PrevPerm", 3), ("PrevPerm", 6)]);
    }
}
