//! 243: a placement outside England (PL_LA SCO, WAL or NIR) has no Ofsted URN.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "243",
        message: "Only placements with providers registered with Ofsted should have a URN reported.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["URN"],
        needs: &[Reference::Postcodes],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    for (e, geo) in eps.iter().zip(&d.geo) {
        if e.urn.is_present() && geo.pl_la.as_deref().is_some_and(|la| matches!(la, "SCO" | "WAL" | "NIR")) {
            s.flag(&e.child, Episode::TABLE, e.row, &["URN"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let t = [csv::<Episode>("CHILD,PL_POST,URN\n1,CF10 1AA,SC1\n2,ZE1 0AA,\n3,LE2 2BB,SC1")];
        assert_eq!(flagged_with("243", &t, &[], opts_with_postcodes()), [("Episodes", 0)]);
    }
}
