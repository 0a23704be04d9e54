//! 620: a child recorded as a mother must have been at least 11 at the start of the collection
//! year: DOB + 11 years after 1 April fires (an 11th birthday on 1 April is fine).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "620",
        message: "Child has been recorded as a mother, but date of birth shows that the mother is under 11 years of age.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["DOB", "MOTHER"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let start = d.year().start();
    flag_rows(d.this.header.as_ref(), s, RULE.meta.fields, |h| {
        h.mother.get() == Some(true) && h.dob.get().is_some_and(|dob| add_years(dob, 11) > start)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn mother_under_11_fires() {
        let t = [csv::<Header>("CHILD,DOB,MOTHER\n1,01/04/2014,1\n2,02/04/2014,1\n3,02/04/2014,0\n4,31/03/2014,1")];
        assert_eq!(flagged("620", &t), [("Header", 1)]);
    }
}
