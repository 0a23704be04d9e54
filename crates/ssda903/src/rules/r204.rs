//! 204: a child's ethnicity cannot change from last year's return.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "204",
        message: "Ethnic origin code disagrees with the ethnic origin already recorded for this child.",
        severity: Severity::Error,
        tables: &["Header_last", "Header"],
        fields: &["ETHNIC"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(h), Some(last)) = (&d.this.header, &d.last.header) else { return };
    flag_rows(Some(h), s, &["ETHNIC"], |r| last.of(&r.child).iter().any(|l| l.ethnic != r.ethnic));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn fires_when_ethnicity_differs_from_last_year() {
        let this = [csv::<Header>("CHILD,ETHNIC\n1,WBRI\n2,wbri\n3,AIND")];
        let last = [csv::<Header>("CHILD,ETHNIC\n1,WBRI\n2,WBRI\n3,ABAN")];
        assert_eq!(flagged_with("204", &this, &last, opts()), [("Header", 2)]);
    }
}
