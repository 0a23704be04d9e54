//! 503C: this year's first episode must repeat the category of need (CIN) of the episode left open at the
//! end of last year (see 503A); a blank on one side only counts as a change. Needs both years' Episodes.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "503C",
        message: "The category of need in the first episode does not match open episode at end of last year.",
        severity: Severity::Error,
        tables: &["Episodes", "Episodes_last"],
        fields: &["CIN"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r503a::flag_changed(d, s, &["CIN"], |now, then| now.cin != then.cin);
}

#[cfg(test)]
mod tests {
    use crate::rules::r503a::tests::carried;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_the_first_episode_changes_cin() {
        let (this, last) = carried("CIN", "N1", ["N1", "N2", "N2"]);
        assert_eq!(flagged_with("503C", &this, &last, opts()), [("Episodes", 2)]);
    }
}
