//! 385: an episode cannot end after the end of the collection year.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "385",
        message: "Date episode ceased must be on or before the end of the current collection year.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["DEC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["DEC"], |e| {
        e.dec.get().is_some_and(|x| x > d.year().end())
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let e = csv::<Episode>("CHILD,DEC\n1,31/03/2026\n2,01/04/2026\n3,");
        assert_eq!(flagged("385", &[e]), [("Episodes", 1)]);
    }
}
