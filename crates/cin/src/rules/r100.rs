//! 100: the header's ReferenceDate must be 31 March of the header's collection
//! Year. Every date rule measures the census year from it, so a wrong one
//! shifts the whole return. A missing header or date is flagged too.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "100",
        message: "Reference Date is incorrect",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["ReferenceDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    let ok = c.header.as_ref().is_some_and(|h| {
        let expected = h.year.get().and_then(|y| NaiveDate::from_ymd_opt(y, 3, 31));
        expected.is_some() && h.reference_date.get() == expected
    });
    if !ok {
        flag_header(s, &["ReferenceDate"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_when_the_date_is_not_31_march_of_the_year() {
        assert!(hits(&RULE, &census("")).is_empty());
        let wrong = HEADER.replace("2026-03-31", "2026-03-30");
        assert_eq!(hits(&RULE, &census_with_header(&wrong, "")), [("Header", 0)]);
        let no_year = HEADER.replace("<Year>2026</Year>", "");
        assert_eq!(hits(&RULE, &census_with_header(&no_year, "")), [("Header", 0)]);
        assert_eq!(hits(&RULE, &census_with_header("", "")), [("Header", 0)]);
    }
}
