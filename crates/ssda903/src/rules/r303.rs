//! 303: a child with a date UASC status ceased must be recorded as UASC (Header UASC = 1).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "303",
        message: "If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, UASC status must be coded 1.",
        severity: Severity::Error,
        tables: &["Header", "UASC"],
        fields: &["DUC", "UASC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(h), Some(uasc)) = (&d.this.header, &d.this.uasc) else { return };
    for r in h.iter().filter(|r| r.uasc.get() != Some(true)) {
        for u in uasc.of(&r.child).into_iter().filter(|u| u.duc.is_present()) {
            s.flag(&r.child, Header::TABLE, r.row, &["UASC"]);
            s.flag(&r.child, Uasc::TABLE, u.row, &["DUC"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Source;
    use crate::rules::testing::*;

    #[test]
    fn fires_for_ceased_dates_of_children_not_recorded_as_uasc() {
        let x = "<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID><UASC>0</UASC><DUC>01/05/2025</DUC></HEADER></CHILD>\
                 <CHILD><HEADER><CHILDID>2</CHILDID><UASC>1</UASC><DUC>01/05/2025</DUC></HEADER></CHILD>\
                 <CHILD><HEADER><CHILDID>3</CHILDID><UASC>0</UASC></HEADER></CHILD></EXPSSDA903>";
        assert_eq!(flagged("303", &[Source::new("r.xml", x)]), [("Header", 0), ("UASC", 0)]);
    }
}
