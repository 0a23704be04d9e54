//! 503E: this year's first episode must repeat the placement provider (PLACE_PROVIDER) of the episode left open at the
//! end of last year (see 503A); a blank on one side only counts as a change. Needs both years' Episodes.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "503E",
        message: "The placement provider in the first episode does not match open episode at end of last year.",
        severity: Severity::Error,
        tables: &["Episodes", "Episodes_last"],
        fields: &["PLACE_PROVIDER"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r503a::flag_changed(d, s, &["PLACE_PROVIDER"], |now, then| now.place_provider != then.place_provider);
}

#[cfg(test)]
mod tests {
    use crate::rules::r503a::tests::carried;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_the_first_episode_changes_place_provider() {
        let (this, last) = carried("PLACE_PROVIDER", "PR1", ["PR1", "", "PR4"]);
        assert_eq!(flagged_with("503E", &this, &last, opts()), [("Episodes", 2)]);
    }
}
