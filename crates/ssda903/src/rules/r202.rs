//! 202: a child's sex cannot change from last year's return (children in both years' Header;
//! values compared as submitted).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "202",
        message: "The gender code conflicts with the gender already recorded for this child.",
        severity: Severity::Error,
        tables: &["Header", "Header_last"],
        fields: &["SEX"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(h), Some(last)) = (&d.this.header, &d.last.header) else { return };
    flag_rows(Some(h), s, &["SEX"], |r| last.of(&r.child).iter().any(|l| l.sex != r.sex));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn fires_when_sex_differs_from_last_year() {
        let this = [csv::<Header>("CHILD,SEX\n1,M\n2,F\n3,M\n4,")];
        let last = [csv::<Header>("CHILD,SEX\n1,M\n2,M\n4,F")];
        assert_eq!(flagged_with("202", &this, &last, opts()), [("Header", 1), ("Header", 3)]);
    }
}
