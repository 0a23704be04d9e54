//! 503A: an episode still open at the end of last year carries on into this year, so this year's
//! first episode must repeat its details; here, the reason for new episode (RNE). The other
//! 503 rules compare the other fields through [`flag_changed`]. Needs both years' Episodes.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "503A",
        message: "The reason for new episode in the first episode does not match open episode at end of last year.",
        severity: Severity::Error,
        tables: &["Episodes", "Episodes_last"],
        fields: &["RNE"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_changed(d, s, &["RNE"], |now, then| now.rne != then.rne);
}

/// For each child whose last episode last year (latest readable DECOM) has no readable DEC, flags
/// this year's first episode (earliest readable DECOM) when `differs(first, last_year_open)`.
/// Blank equals blank; children without a readable DECOM in either year are passed over.
pub(super) fn flag_changed(d: &Input, s: &mut Sink, fields: &'static [&'static str], differs: impl Fn(&Episode, &Episode) -> bool) {
    let (Some(now), Some(last)) = (&d.this.episodes, &d.last.episodes) else { return };
    for (child, rows) in now.groups() {
        let (Some(first), Some(open)) = (earliest(rows), latest(last.of(child))) else { continue };
        if open.dec.get().is_none() && differs(first, open) {
            s.flag(child, Episode::TABLE, first.row, fields);
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use crate::Source;
    use crate::rules::testing::*;
    use crate::tables::Episode;

    /// Last year: children 1–3 end the year in an open episode with `field` = `then`; child 3's
    /// last episode is closed. This year: each child's first episode has `field` = `now`.
    pub fn carried(field: &str, then: &str, now: [&str; 3]) -> (Vec<Source>, Vec<Source>) {
        let last = format!("CHILD,DECOM,DEC,{field}\n1,01/01/2024,01/02/2024,X\n1,01/02/2024,,{then}\n2,01/02/2024,,{then}\n3,01/02/2024,01/03/2025,{then}");
        let this = format!("CHILD,DECOM,{field}\n1,01/05/2025,X\n1,01/02/2024,{}\n2,01/02/2024,{}\n3,01/04/2025,{}", now[0], now[1], now[2]);
        (vec![csv::<Episode>(&this)], vec![csv::<Episode>(&last)])
    }

    #[test]
    fn fires_when_the_first_episode_changes_the_open_one() {
        let (this, last) = carried("RNE", "S", ["S", "P", "P"]);
        assert_eq!(flagged_with("503A", &this, &last, opts()), [("Episodes", 2)]);
        assert!(flagged_with("503A", &this, &[], opts()).is_empty());
    }
}
