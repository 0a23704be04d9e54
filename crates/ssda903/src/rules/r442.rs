//! 442: every looked-after child other than one only on short breaks needs a UPN (or a UN code).
//! The Header row is flagged when its UPN is blank and the child has any episode whose legal
//! status is not V3 or V4 (a blank or unreadable LS included).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "442",
        message: "Unique Pupil Number (UPN) field is not completed.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["UPN", "LS"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    flag_rows(d.this.header.as_ref(), s, &["UPN"], |h| {
        h.upn.is_blank() && eps.of(&h.child).iter().any(|e| !matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4)))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_without_a_upn_outside_short_breaks() {
        let eps = csv::<Episode>("CHILD,LS\n1,C2\n2,V3\n2,V4\n3,\n4,C2\n5,C2");
        let h = csv::<Header>("CHILD,UPN\n1,\n2,\n3,\n4,UN1\n6,");
        assert_eq!(flagged("442", &[eps, h]), [("Header", 0), ("Header", 2)]);
    }
}
