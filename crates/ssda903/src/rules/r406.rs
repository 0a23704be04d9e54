//! 406: distances are not reported for unaccompanied asylum-seeking children, current or former,
//! so an episode with a placement distance (PL_DISTANCE, derived from HOME_POST and PL_POST) is
//! flagged for a child recorded as UASC in this or last year's Header. Where a year has no Header
//! table, that year's UASC table identifies the children instead (rows with any value besides
//! CHILD). Needs postcode data.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "406",
        message: "Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. Distance should be blank. [NOTE: This check will result in false negatives for children formerly UASC not identified as such in loaded data]",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["PL_DISTANCE"],
        needs: &[Reference::Postcodes],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let uasc: HashSet<&str> = [&d.this, &d.last].into_iter().flat_map(uasc_children).collect();
    flag_rows(d.this.episodes.as_ref(), s, &["PL_DISTANCE"], |e| {
        uasc.contains(&*e.child) && geo_of(&d.geo, e).is_some_and(|g| g.pl_distance.is_some())
    });
}

/// The children one year's return records as UASC.
fn uasc_children(t: &Tables) -> Vec<&str> {
    match (&t.header, &t.uasc) {
        (Some(h), _) => h.iter().filter(|h| h.uasc.get() == Some(true)).map(|h| &*h.child).collect(),
        (None, Some(u)) => u.iter().filter(|u| u.sex.is_present() || u.dob.is_present() || u.duc.is_present()).map(|u| &*u.child).collect(),
        (None, None) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header, Uasc};

    #[test]
    fn fires_on_a_distance_for_current_or_former_uasc() {
        let eps = csv::<Episode>("CHILD,HOME_POST,PL_POST\n1,LE1 1AA,LE2 2BB\n2,LE1 1AA,LE2 2BB\n3,LE1 1AA,LE2 2BB\n4,,LE2 2BB");
        let this = [eps, csv::<Header>("CHILD\n1\n2\n3\n4"), csv::<Uasc>("CHILD,DOB\n1,01/01/2008\n4,01/01/2008")];
        let last = [csv::<Uasc>("CHILD,DUC\n2,01/01/2025")];
        assert_eq!(flagged_with("406", &this, &last, opts_with_postcodes()), [("Episodes", 0), ("Episodes", 1)]);
    }
}
