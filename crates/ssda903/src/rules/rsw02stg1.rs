//! SW02STG1: a social worker ID starts with SW (or XX when not known) and has at least 4 characters;
//! a blank ID fires too.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "SW02STG1",
        message: "Social worker ID does not begin with the characters ‘SW’ or ‘XX’.",
        severity: Severity::Error,
        tables: &["SWEpisodes"],
        fields: &["SW_ID"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.sw_episodes.as_ref(), s, &["SW_ID"], |r| r.sw_id.value().is_none_or(|id| id.len() < 4 || !(id.starts_with("SW") || id.starts_with("XX"))));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::SwEpisode;

    #[test]
    fn fires_on_malformed_ids() {
        let t = [csv::<SwEpisode>("CHILD,SW_ID\n1,SW123\n2,XX99\n3,SW1\n4,AB123\n5,\n6,sw12")];
        assert_eq!(flagged("SW02STG1", &t), [("SWEpisodes", 2), ("SWEpisodes", 3), ("SWEpisodes", 4)]);
    }
}
