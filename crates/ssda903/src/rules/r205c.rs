//! 205C: a child not UASC in either year has no date UASC ceased in either year.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "205C",
        message: "Child not identified as UASC either this year or last year but date UASC ceased has been provided.",
        severity: Severity::Error,
        tables: &["Header", "Header_last", "UASC", "UASC_last"],
        fields: &["DUC", "UASC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    for (u, l) in uasc_pairs(d) {
        let never = uasc_status(&d.this, &u.child) != Some(true) && uasc_status(&d.last, &u.child) != Some(true);
        if never && (u.duc.get().is_some() || l.is_some_and(|l| l.duc.get().is_some())) {
            s.flag(&u.child, Uasc::TABLE, u.row, &["DUC"]);
            d.this.header.iter().flat_map(|h| h.of(&u.child)).for_each(|r| s.flag(&u.child, Header::TABLE, r.row, &["UASC"]));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Source;
    use crate::rules::testing::*;

    #[test]
    fn fires_for_dates_ceased_of_children_never_uasc() {
        let x = |c: &str| Source::new("r.xml", format!("<EXPSSDA903>{c}</EXPSSDA903>"));
        let this = [x("<CHILD><HEADER><CHILDID>1</CHILDID><UASC>0</UASC><DUC>01/05/2025</DUC></HEADER></CHILD><CHILD><HEADER><CHILDID>2</CHILDID><UASC>0</UASC></HEADER></CHILD>")];
        let last = [x("<CHILD><HEADER><CHILDID>2</CHILDID><UASC>0</UASC></HEADER></CHILD>")];
        assert_eq!(flagged_with("205C", &this, &last, opts()), [("Header", 0), ("UASC", 0)]);
    }
}
