//! 704 (from 2026-27): a DoLO's end date, when given, must fall inside the collection year.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "704",
        message: "The date that the DoLO ended is before the start or after the end of the collection year.",
        severity: Severity::Error,
        tables: &["DoLo"],
        fields: &["DOLO_END"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let year = d.year();
    flag_rows(d.this.dolo.as_ref(), s, RULE.meta.fields, |o| o.dolo_end.get().is_some_and(|e| !year.contains(e)));
}

#[cfg(test)]
mod tests {
    use crate::Options;
    use crate::rules::testing::*;
    use crate::tables::DoLo;
    use carefile_domain::CollectionYear;

    #[test]
    fn end_outside_the_year_fires() {
        let t = [csv::<DoLo>("CHILD,DOLO_END\n1,31/03/2026\n2,01/04/2026\n3,31/03/2027\n4,01/04/2027\n5,")];
        assert_eq!(flagged_with("704", &t, &[], Options::new(CollectionYear::new(2027))), [("DoLo", 0), ("DoLo", 3)]);
    }
}
