//! 392d: the home and placement postcodes are different unless the child is placed with parents (P1).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "392d",
        message: "Home and placement postcodes should not be same unless the placement type is P1.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["HOME_POST", "PL_POST", "PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["HOME_POST", "PL_POST", "PLACE"], |r| {
        r.place.get() != Some(PlacementType::P1) && r.home_post.value().zip(r.pl_post.value()).is_some_and(|(h, p)| same_postcode(h, p))
    });
}

/// Postcodes equal but for spacing (both are upper-cased when read).
fn same_postcode(a: &str, b: &str) -> bool {
    a.chars().filter(|c| !c.is_whitespace()).eq(b.chars().filter(|c| !c.is_whitespace()))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_the_same_postcode_outside_p1() {
        let t = [csv::<Episode>("CHILD,PLACE,HOME_POST,PL_POST\n1,U1,LE1 1AA,LE11AA\n2,P1,LE1 1AA,LE1 1AA\n3,U1,LE1 1AA,LE2 2BB\n4,,LE1,LE1\n5,U1,,")];
        assert_eq!(flagged("392d", &t), [("Episodes", 0), ("Episodes", 3)]);
    }
}
