//! 214: short breaks (LS V3/V4) need no placement postcode or URN.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "214",
        message: "Placement location information not required.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PL_POST", "URN"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["PL_POST", "URN"], |r| {
        matches!(r.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4)) && (r.pl_post.is_present() || r.urn.is_present())
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_short_breaks_with_location_details() {
        let t = [csv::<Episode>("CHILD,LS,PL_POST,URN\n1,V3,LE1 1AA,\n2,V4,,SC1\n3,V3,,\n4,C2,LE1 1AA,SC1")];
        assert_eq!(flagged("214", &t), [("Episodes", 0), ("Episodes", 1)]);
    }
}
