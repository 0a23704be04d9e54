//! 359: a young person still looked after (open episode) who was 18 before 31 March must be
//! accommodated under section 20(5) (LS V2) in a community home (PLACE K2).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "359",
        message: "Child being looked after following 18th birthday must be accommodated under section 20(5) of the Children Act 1989 in a community home.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["DEC", "LS", "PLACE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(h), Some(eps)) = (&d.this.header, &d.this.episodes) else { return };
    let end = d.year().end();
    flag_rows(Some(eps), s, &["DEC", "LS", "PLACE"], |e| {
        e.dec.is_blank()
            && !(e.ls.get() == Some(LegalStatus::V2) && e.place.get() == Some(PlacementType::K2))
            && h.of(&e.child).iter().any(|r| r.dob.get().is_some_and(|b| add_years(b, 18) < end))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_for_open_episodes_of_adults_outside_v2_k2() {
        let h = csv::<Header>("CHILD,DOB\n1,30/03/2008\n2,31/03/2008\n3,01/01/2007\n4,01/01/2007");
        let e = csv::<Episode>("CHILD,LS,PLACE,DEC\n1,C2,U1,\n2,C2,U1,\n3,V2,K2,\n4,C2,U1,01/01/2026");
        assert_eq!(flagged("359", &[h, e]), [("Episodes", 0)]);
    }
}
