//! 365: a single short-term break (LS V3) lasts at most 17 days (an open one counts to 31 March).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "365",
        message: "Any individual short- term respite placement must not exceed 17 days.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["LS", "DECOM", "DEC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let end = d.year().end();
    flag_rows(d.this.episodes.as_ref(), s, &["LS", "DECOM", "DEC"], |e| {
        e.ls.get() == Some(LegalStatus::V3)
            && e.decom.get().zip(if e.dec.is_blank() { Some(end) } else { e.dec.get() }).is_some_and(|(c, x)| (x - c).num_days() > 17)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_after_17_days() {
        let t = [csv::<Episode>("CHILD,LS,DECOM,DEC\n1,V3,01/05/2025,18/05/2025\n2,V3,01/05/2025,19/05/2025\n3,V3,20/03/2026,\n4,V3,01/03/2026,\n5,V4,01/05/2025,19/06/2025")];
        assert_eq!(flagged("365", &t), [("Episodes", 1), ("Episodes", 3)]);
    }
}
