//! 703 (from 2026-27): a DoLO cannot start after the collection year ends (31 March).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "703",
        message: "The date that the DoLO started is after the end of the collection year.",
        severity: Severity::Error,
        tables: &["DoLo"],
        fields: &["DOLO_START"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let end = d.year().end();
    flag_rows(d.this.dolo.as_ref(), s, RULE.meta.fields, |o| o.dolo_start.get().is_some_and(|st| st > end));
}

#[cfg(test)]
mod tests {
    use crate::Options;
    use crate::rules::testing::*;
    use crate::tables::DoLo;
    use carefile_domain::CollectionYear;

    #[test]
    fn start_after_31_march_fires() {
        let t = [csv::<DoLo>("CHILD,DOLO_START\n1,31/03/2027\n2,01/04/2027\n3,")];
        assert_eq!(flagged_with("703", &t, &[], Options::new(CollectionYear::new(2027))), [("DoLo", 1)]);
    }
}
