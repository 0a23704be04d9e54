//! 105: in the XML, the UASC element must be 0 or 1 (blank fires). CSV uploads have no
//! UASC column (carefile derives it from the UASC table), so the rule does not apply to them.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "105",
        message: "Data entry for Unaccompanied Asylum-Seeking Children (UASC) status of child is invalid or has not been completed.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["UASC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    if d.this.from_xml {
        flag_rows(d.this.header.as_ref(), s, &["UASC"], |h| h.uasc.value().is_none());
    }
}

#[cfg(test)]
mod tests {
    use crate::Source;
    use crate::rules::testing::*;
    use crate::tables::{Header, Uasc};

    #[test]
    fn fires_on_bad_xml_values_only() {
        let x = "<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID><UASC>1</UASC></HEADER></CHILD>\
                 <CHILD><HEADER><CHILDID>2</CHILDID><UASC>Y</UASC></HEADER></CHILD>\
                 <CHILD><HEADER><CHILDID>3</CHILDID></HEADER></CHILD></EXPSSDA903>";
        assert_eq!(flagged("105", &[Source::new("r.xml", x)]), [("Header", 1), ("Header", 2)]);
        assert!(flagged("105", &[csv::<Header>("CHILD\n1"), csv::<Uasc>("CHILD\n2")]).is_empty());
    }
}
