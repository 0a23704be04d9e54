//! 210: UN4 (UPN not yet obtained for a newly looked-after child) is only for children who at 31 March
//! had been looked after for a week or less. A child looked after both on 23 March and on 31 March has
//! their Header row and the episode open at 31 March flagged. (The reference validator flags the
//! opposite case, children who started on or after 24 March; carefile follows the DfE's wording.)

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "210",
        message: "Children looked after for more than a week at 31 March should not have an unknown Unique Pupil Number (UPN) code of UN4.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["UPN", "DECOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(h), Some(eps)) = (&d.this.header, &d.this.episodes) else { return };
    let end = d.year().end();
    let Some(week_before) = end.checked_sub_days(chrono::Days::new(8)) else { return };
    let covers = |e: &Episode, day: NaiveDate| e.decom.get().is_some_and(|c| c <= day) && e.dec.get().is_none_or(|x| x >= day);
    for r in h.iter().filter(|r| r.upn.value().is_some_and(|u| &**u == "UN4")) {
        let rows = eps.of(&r.child);
        let open = rows.iter().find(|e| covers(e, end));
        if let Some(open) = open.filter(|_| rows.iter().any(|e| covers(e, week_before))) {
            s.flag(&r.child, Header::TABLE, r.row, &["UPN"]);
            s.flag(&r.child, Episode::TABLE, open.row, &["DECOM"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn fires_for_un4_after_more_than_a_week_in_care() {
        let h = csv::<Header>("CHILD,UPN\n1,UN4\n2,UN4\n3,UN4\n4,UN1");
        let e = csv::<Episode>("CHILD,DECOM,DEC\n1,23/03/2026,\n2,24/03/2026,\n3,01/01/2026,20/03/2026\n4,01/01/2026,");
        assert_eq!(flagged("210", &[h, e]), [("Episodes", 0), ("Header", 0)]);
    }
}
