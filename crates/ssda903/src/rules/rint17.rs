//! INT17: the date of birth in Reviews agrees with the child's Header DOB (both readable and different fires).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "INT17",
        message: "Internal Check: DOB in Reviews is different to DOB in Header.",
        severity: Severity::Error,
        tables: &["Header", "Reviews"],
        fields: &["DOB"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    differs_from_header(d, d.this.reviews.as_ref(), s, &["DOB"], |r| r.dob.get(), |h| h.dob.get());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Header, Review};

    #[test]
    fn fires_when_dates_of_birth_differ() {
        let t = [csv::<Header>("CHILD,DOB\n1,01/01/2015\n2,01/01/2015\n3,"), csv::<Review>("CHILD,DOB\n1,1/1/2015\n2,02/01/2015\n3,01/01/2015\n4,01/01/2015\n1,")];
        assert_eq!(flagged("INT17", &t), [("Reviews", 1)]);
    }
}
