//! INT21: the sex in UASC agrees with the child's Header sex: both given and different (as written,
//! so an unreadable sex in one table differs from a readable one in the other) fires.

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
    differs_from_header(d, d.this.uasc.as_ref(), s, &["SEX"], |r| given(&r.sex), |h| given(&h.sex));
}

/// The value as written, when there is one.
fn given(c: &Cell<Sex>) -> Option<String> {
    c.is_present().then(|| c.to_string())
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Header, Uasc};

    #[test]
    fn fires_when_sexes_differ() {
        let t = [csv::<Header>("CHILD,SEX\n1,M\n2,F\n4,L1\n5,"), csv::<Uasc>("CHILD,SEX\n1,M\n2,M\n3,F\n4,F\n5,F")];
        assert_eq!(flagged("INT21", &t), [("UASC", 1), ("UASC", 3)]);
    }
}
