//! 626: a child recorded as not a mother last year (MOTHER 0) but as a mother this year must
//! have had her first child this year: an MC_DOB before 1 April contradicts last year's return.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "626",
        message: "Child was reported as a mother but the date of birth of the first child is before the current year which contradicts with the mother status recorded last year.",
        severity: Severity::Error,
        tables: &["Header", "Header_last"],
        fields: &["MOTHER", "MC_DOB"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(header), Some(last)) = (&d.this.header, &d.last.header) else { return };
    let start = d.year().start();
    flag_rows(Some(header), s, RULE.meta.fields, |h| {
        h.mother.get() == Some(true)
            && h.mc_dob.get().is_some_and(|mc| mc < start)
            && last.of(&h.child).iter().any(|l| l.mother.get() == Some(false))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn new_mother_with_old_birth_fires() {
        let this = [csv::<Header>("CHILD,MOTHER,MC_DOB\n1,1,31/03/2025\n2,1,01/04/2025\n3,1,31/03/2025\n4,1,31/03/2025")];
        let last = [csv::<Header>("CHILD,MOTHER\n1,0\n2,0\n3,1\n4,")];
        assert_eq!(flagged_with("626", &this, &last, opts()), [("Header", 0)]);
    }
}
