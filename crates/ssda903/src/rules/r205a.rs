//! 205A: a child who was UASC last year but is not this year must have had their UASC status cease
//! during last year's collection year, and has no date ceased this year.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "205A",
        message: "Child identified as UASC last year is no longer UASC this year, but date UASC ceased in both years does not support this.",
        severity: Severity::Error,
        tables: &["Header", "Header_last", "UASC", "UASC_last"],
        fields: &["CHILD", "UASC", "DUC"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (start, end) = (add_years(d.year().start(), -1), add_years(d.year().end(), -1));
    for (u, l) in uasc_pairs(d) {
        let Some(l) = l else { continue };
        let last_only = uasc_status(&d.this, &u.child) != Some(true) && uasc_status(&d.last, &u.child) == Some(true);
        let ceased_last_year = l.duc.get().is_some_and(|x| x >= start && x <= end);
        if last_only && (u.duc.is_present() || !ceased_last_year) {
            s.flag(&u.child, Uasc::TABLE, u.row, &["DUC"]);
            d.this.header.iter().flat_map(|h| h.of(&u.child)).for_each(|r| s.flag(&u.child, Header::TABLE, r.row, &["UASC"]));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Source;
    use crate::rules::testing::*;

    fn xml(children: &[(&str, &str, &str)]) -> Source {
        let body: String = children
            .iter()
            .map(|(c, uasc, duc)| format!("<CHILD><HEADER><CHILDID>{c}</CHILDID><UASC>{uasc}</UASC><DUC>{duc}</DUC></HEADER></CHILD>"))
            .collect();
        Source::new("r.xml", format!("<EXPSSDA903>{body}</EXPSSDA903>"))
    }

    #[test]
    fn fires_when_the_status_did_not_cease_last_year() {
        let this = [xml(&[("1", "0", ""), ("2", "0", ""), ("3", "0", "01/05/2025")])];
        let last = [xml(&[("1", "1", "01/05/2024"), ("2", "1", "01/04/2025"), ("3", "1", "01/05/2024")])];
        assert_eq!(flagged_with("205A", &this, &last, opts()), [("Header", 1), ("Header", 2), ("UASC", 1), ("UASC", 2)]);
    }
}
