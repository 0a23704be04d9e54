//! 205B: a child UASC both last year and this year had last year's date ceased on their 18th birthday,
//! and this year's date ceased is either in this collection year or the same as last year's.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "205B",
        message: "Child previously identified as UASC is also UASC this year, but date UASC ceased in both years does not support this.",
        severity: Severity::Error,
        tables: &["Header", "Header_last", "UASC", "UASC_last"],
        fields: &["DUC", "UASC"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let year = d.year();
    for (u, l) in uasc_pairs(d) {
        let both = uasc_status(&d.this, &u.child) == Some(true) && uasc_status(&d.last, &u.child) == Some(true);
        let last_duc = l.and_then(|l| l.duc.get());
        let at_18 = l.and_then(|l| l.dob.get()).zip(last_duc).is_some_and(|(b, x)| x == add_years(b, 18));
        let this_ok = u.duc.get().is_some_and(|x| year.contains(x) || Some(x) == last_duc);
        if both && (!this_ok || !at_18) {
            s.flag(&u.child, Uasc::TABLE, u.row, &["DUC"]);
            d.this.header.iter().flat_map(|h| h.of(&u.child)).for_each(|r| s.flag(&u.child, Header::TABLE, r.row, &["UASC"]));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Header, Uasc};

    #[test]
    fn fires_unless_the_dates_agree_with_the_18th_birthday() {
        let this = [csv::<Header>("CHILD\n1\n2\n3"), csv::<Uasc>("CHILD,DOB,DUC\n1,01/05/2007,01/05/2025\n2,01/05/2007,01/05/2025\n3,01/05/2007,")];
        let last = [csv::<Header>("CHILD\n1\n2\n3"), csv::<Uasc>("CHILD,DOB,DUC\n1,01/05/2007,01/05/2025\n2,01/05/2007,02/05/2025\n3,01/05/2007,01/05/2025")];
        assert_eq!(flagged_with("205B", &this, &last, opts()), [("Header", 1), ("Header", 2), ("UASC", 1), ("UASC", 2)]);
    }
}
