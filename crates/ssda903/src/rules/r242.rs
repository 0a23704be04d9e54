//! 242: the placeholder URN XXXXXXX is only for placements through regional adoption agencies:
//! foster and adoption placements (U1–U6, A3–A6).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "242",
        message: "URN = 'XXXXXXX' can only be used for regional adoption agencies",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["URN"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["URN"], |e| {
        e.urn.value().is_some_and(|u| &**u == "XXXXXXX") && !e.place.get().is_some_and(|p| p.is_foster() || p.is_adoption())
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let t = [csv::<Episode>("CHILD,PLACE,URN\n1,U1,XXXXXXX\n2,K2,XXXXXXX\n3,,XXXXXXX\n4,K2,SC1")];
        assert_eq!(flagged_with("242", &t, &[], opts()), [("Episodes", 1), ("Episodes", 2)]);
    }
}
