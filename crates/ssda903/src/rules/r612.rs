//! 612: a girl (SEX F) whose child's date of birth (MC_DOB) is completed must be recorded as a
//! mother: MOTHER 0 or blank fires. Other sexes are not judged (from 2024-25, SEX is M/F/U).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "612",
        message: "Date of birth field has been completed but mother field indicates child is not a mother.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["SEX", "MOTHER", "MC_DOB"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.header.as_ref(), s, RULE.meta.fields, |h| {
        h.sex.get() == Some(Sex::Female) && h.mc_dob.is_present() && (h.mother.is_blank() || h.mother.get() == Some(false))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn child_dob_without_mother_fires() {
        let t = [csv::<Header>("CHILD,SEX,MOTHER,MC_DOB\n1,F,0,01/01/2025\n2,F,,01/01/2025\n3,F,1,01/01/2025\n4,M,0,01/01/2025\n5,F,0,")];
        assert_eq!(flagged("612", &t), [("Header", 0), ("Header", 1)]);
    }
}
