//! 504: the category of need is fixed at the start of a period of care. When an episode ends with
//! REC X1 (a new episode begins the same day) and the next episode (in DECOM order) starts on that
//! DEC, the next episode's CIN must be the same. Both blank counts as the same; the reference
//! validator flags that too (see DISAGREEMENTS.toml). Unreadable dates are ignored.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "504",
        message: "The category of need code differs from that reported at start of current period of being looked after",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["CIN"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    super::r436::flag_after_previous(d, s, &["CIN"], |prev, next| {
        let continues = prev.rec.get() == Some(ReasonEpisodeCeased::X1) && prev.dec.get().is_some() && prev.dec.get() == next.decom.get();
        continues && prev.cin != next.cin
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_when_cin_changes_within_a_period() {
        let t = [csv::<Episode>(
            "CHILD,DECOM,DEC,REC,CIN\n1,01/06/2025,,,N2\n1,01/05/2025,01/06/2025,X1,N1\n2,01/05/2025,01/06/2025,E4A,N1\n2,01/06/2025,,,N2\n3,01/05/2025,01/06/2025,X1,N1\n3,02/06/2025,,,N2\n4,01/05/2025,01/06/2025,X1,\n4,01/06/2025,,,",
        )];
        assert_eq!(flagged("504", &t), [("Episodes", 0)]);
    }
}
