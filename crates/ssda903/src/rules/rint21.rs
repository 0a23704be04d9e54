//! INT21: the sex in UASC agrees with the child's Header sex (both given and different fires).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "INT21",
        message: "Internal Check: SEX in UASC is different to SEX in Header.",
        severity: Severity::Error,
        tables: &["Header", "UASC"],
        fields: &["SEX"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    differs_from_header(d, d.this.uasc.as_ref(), s, &["SEX"], |r| r.sex.get(), |h| h.sex.get());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Header, Uasc};

    #[test]
    fn fires_when_sexes_differ() {
        let t = [csv::<Header>("CHILD,SEX\n1,M\n2,F"), csv::<Uasc>("CHILD,SEX\n1,M\n2,M\n3,F")];
        assert_eq!(flagged("INT21", &t), [("UASC", 1)]);
    }
}
