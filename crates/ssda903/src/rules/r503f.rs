//! 503F: this year's first episode must repeat the Ofsted URN of the episode left open at the
//! end of last year (see 503A); a blank on one side only counts as a change. Needs both years' Episodes.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "503F",
        message: "The Ofsted URN in the  first episode does not match open episode at end of last year.",
        severity: Severity::Error,
        tables: &["Episodes", "Episodes_last"],
        fields: &["URN"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r503a::flag_changed(d, s, &["URN"], |now, then| now.urn != then.urn);
}

#[cfg(test)]
mod tests {
    use crate::rules::r503a::tests::carried;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_the_first_episode_changes_urn() {
        let (this, last) = carried("URN", "SC123456", ["SC123456", "SC654321", "SC000001"]);
        assert_eq!(flagged_with("503F", &this, &last, opts()), [("Episodes", 2)]);
    }
}
