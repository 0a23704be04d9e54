//! NoE (the reference validator's own check): a child with an episode that began before this
//! collection year should appear in last year's episodes; with last year's return loaded and no
//! rows there for the child, each such episode is flagged. Unreadable DECOMs are not judged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "NoE",
        message: "This child has no episodes loaded for previous year even though child started to be looked after before this current year.",
        severity: Severity::Error,
        tables: &["Episodes", "Episodes_last"],
        fields: &["DECOM"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(last)) = (&d.this.episodes, &d.last.episodes) else { return };
    let start = d.year().start();
    flag_rows(Some(eps), s, RULE.meta.fields, |e| e.decom.get().is_some_and(|c| c < start) && !last.has(&e.child));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn old_episode_missing_from_last_year_fires() {
        let this = [csv::<Episode>("CHILD,DECOM\n1,31/03/2025\n2,31/03/2025\n3,01/04/2025")];
        let last = [csv::<Episode>("CHILD,DECOM\n2,01/01/2025")];
        assert_eq!(flagged_with("NoE", &this, &last, opts()), [("Episodes", 0)]);
        assert!(flagged("NoE", &this).is_empty());
    }
}
