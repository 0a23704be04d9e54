//! 355: an episode cannot start and end on the same day (it would have lasted less than 24 hours).
//! Both dates must be given; they are compared as dates when readable, else as written.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "355",
        message: "Episode appears to have lasted for less than 24 hours",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["DECOM", "DEC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.episodes.as_ref(), s, &["DECOM", "DEC"], |r| match (r.decom.get(), r.dec.get()) {
        (Some(c), Some(x)) => c == x,
        _ => r.decom.is_present() && r.decom.to_string() == r.dec.to_string(),
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_same_day_episodes() {
        let t = [csv::<Episode>("CHILD,DECOM,DEC\n1,01/05/2025,1/5/2025\n2,01/05/2025,02/05/2025\n3,,\n4,xx,xx")];
        assert_eq!(flagged("355", &t), [("Episodes", 0), ("Episodes", 3)]);
    }
}
