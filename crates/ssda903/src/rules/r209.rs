//! 209: UN1 (child under 6 and not yet at school) cannot be used for a child of school age: one who
//! was 4 by 31 August before the collection year began.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "209",
        message: "Child looked after is of school age and should not have an unknown Unique Pupil Number (UPN) code of UN1.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["UPN", "DOB"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let cutoff = NaiveDate::from_ymd_opt(d.year().start().year() - 1, 8, 31);
    flag_rows(d.this.header.as_ref(), s, &["UPN", "DOB"], |r| {
        r.upn.value().is_some_and(|u| &**u == "UN1") && r.dob.get().zip(cutoff).is_some_and(|(b, c)| add_years(b, 4) <= c)
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn fires_for_school_age_children_with_un1() {
        // For 2025-26 the cut-off is 31/08/2024: born on or before 31/08/2020.
        let t = [csv::<Header>("CHILD,UPN,DOB\n1,UN1,31/08/2020\n2,UN1,01/09/2020\n3,UN2,01/01/2010\n4,UN1,")];
        assert_eq!(flagged("209", &t), [("Header", 0)]);
    }
}
