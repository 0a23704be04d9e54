//! 503B: this year's first episode must repeat the legal status (LS) of the episode left open at the
//! end of last year (see 503A); a blank on one side only counts as a change. Needs both years' Episodes.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "503B",
        message: "The legal status in the first episode does not match open episode at end of last year.",
        severity: Severity::Error,
        tables: &["Episodes", "Episodes_last"],
        fields: &["LS"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r503a::flag_changed(d, s, &["LS"], |now, then| now.ls != then.ls);
}

#[cfg(test)]
mod tests {
    use crate::rules::r503a::tests::carried;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_the_first_episode_changes_ls() {
        let (this, last) = carried("LS", "C2", ["C2", "C1", "C1"]);
        assert_eq!(flagged_with("503B", &this, &last, opts()), [("Episodes", 2)]);
    }
}
