//! EPI (the reference validator's own check): a child in the Header with neither episodes nor
//! care leaver data (OC3) cannot be judged by the episode-based rules, so the Header row is
//! flagged as a warning (a Query). A table not supplied counts as having no rows.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "EPI",
        message: "WARNING: Episodes need to be loaded for this child before further validation is possible [NOTE: This refers to the DfE portal - here, all checks that can be performed with only the available data will be.]",
        severity: Severity::Query,
        tables: &["Header"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (eps, oc3) = (d.this.episodes.as_ref(), d.this.oc3.as_ref());
    flag_rows(d.this.header.as_ref(), s, RULE.meta.fields, |h| {
        !eps.is_some_and(|t| t.has(&h.child)) && !oc3.is_some_and(|t| t.has(&h.child))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header, Oc3};

    #[test]
    fn child_without_episodes_or_oc3_fires() {
        let h = csv::<Header>("CHILD\n1\n2\n3");
        assert_eq!(flagged("EPI", &[h.clone(), csv::<Episode>("CHILD\n1"), csv::<Oc3>("CHILD\n2")]), [("Header", 2)]);
        assert_eq!(flagged("EPI", &[h.clone(), csv::<Episode>("CHILD\n1")]), [("Header", 1), ("Header", 2)]);
        assert_eq!(flagged("EPI", &[h]).len(), 3);
    }
}
