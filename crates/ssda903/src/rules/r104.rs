//! 104: a date UASC status ceased, when given, must be a real date and not before
//! the collection year began (an older date belongs to an earlier return).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "104",
        message: "Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date.",
        severity: Severity::Error,
        tables: &["UASC"],
        fields: &["DUC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let start = d.year().start();
    flag_rows(d.this.uasc.as_ref(), s, &["DUC"], |u| match &u.duc {
        Cell::Blank => false,
        Cell::Valid(duc) => *duc < start,
        Cell::Invalid(_) => true,
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Uasc;

    #[test]
    fn fires_on_bad_dates_and_dates_before_the_year() {
        let t = [csv::<Uasc>("CHILD,DUC\n1,31/03/2025\n2,01/04/2025\n3,\n4,31/04/2025")];
        assert_eq!(flagged("104", &t), [("UASC", 0), ("UASC", 3)]);
    }
}
