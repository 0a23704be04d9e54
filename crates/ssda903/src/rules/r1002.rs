//! 1002: care leaver information is only for young people who were looked after. A young person
//! in OC3 with no episodes this year or last year fires, but only when that absence proves it:
//! a care leaver must have been looked after on or after their 16th birthday, so the check is
//! sound only for those whose 16th birthday (OC3 DOB) fell on or after the start of last year's
//! collection year. The reference judges everyone and so fires for most care leavers aged 19–21,
//! who left care before last year (returns.md §5, DISAGREEMENTS.toml). Needs last year's episodes.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "1002",
        message: "This child has no previous episodes of care, therefore should not have care leaver information recorded. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]",
        severity: Severity::Error,
        tables: &["Episodes", "Episodes_last", "OC3"],
        fields: &["IN_TOUCH", "ACTIV", "ACCOM"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(last), Some(oc3)) = (&d.this.episodes, &d.last.episodes, &d.this.oc3) else { return };
    let in_view_from = add_years(d.year().start(), -1);
    flag_rows(Some(oc3), s, RULE.meta.fields, |o| {
        o.dob.get().is_some_and(|dob| add_years(dob, 16) >= in_view_from) && !eps.has(&o.child) && !last.has(&o.child)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Oc3};

    #[test]
    fn care_leaver_never_in_care_since_16_fires() {
        // Last year began on 1 April 2024: a 16th birthday then or later is in view.
        let this = [
            csv::<Episode>("CHILD,DECOM\n1,01/04/2025"),
            csv::<Oc3>("CHILD,DOB\n1,01/04/2008\n2,01/04/2008\n3,01/04/2008\n4,31/03/2008\n5,"),
        ];
        let last = [csv::<Episode>("CHILD,DECOM\n3,01/04/2024")];
        assert_eq!(flagged_with("1002", &this, &last, opts()), [("OC3", 1)]);
        assert!(flagged("1002", &this).is_empty());
    }
}
