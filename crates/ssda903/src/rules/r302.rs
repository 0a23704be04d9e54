//! 302: a child's first episode (earliest start) cannot start before the child was born; the episode
//! and the Header row are flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "302",
        message: "First episode starts before child was born.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["DECOM", "DOB"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(h), Some(eps)) = (&d.this.header, &d.this.episodes) else { return };
    for (child, rows) in eps.groups() {
        let Some(first) = earliest(rows) else { continue };
        for r in h.of(child) {
            if r.dob.get().zip(first.decom.get()).is_some_and(|(b, c)| b > c) {
                s.flag(child, Episode::TABLE, first.row, &["DECOM"]);
                s.flag(child, Header::TABLE, r.row, &["DOB"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_when_care_starts_before_birth() {
        let h = csv::<Header>("CHILD,DOB\n1,02/05/2025\n2,01/05/2025");
        let e = csv::<Episode>("CHILD,DECOM\n1,01/06/2025\n1,01/05/2025\n2,01/05/2025");
        assert_eq!(flagged("302", &[h, e]), [("Episodes", 1), ("Header", 0)]);
    }
}
