//! 205D: a child UASC this year was also UASC last year (children in both years' returns).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "205D",
        message: "Child identified as UASC this year but not identified as UASC status provided for the child last year.",
        severity: Severity::Error,
        tables: &["Header", "Header_last", "UASC", "UASC_last"],
        fields: &["UASC", "CHILD"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let this_children: Vec<&str> = match (&d.this.header, &d.this.uasc) {
        (Some(h), _) => h.iter().map(|r| &*r.child).collect(),
        (None, Some(u)) => u.iter().map(|r| &*r.child).collect(),
        (None, None) => return,
    };
    let in_last = |c: &str| {
        d.last.header.as_ref().map(|h| h.has(c)).or_else(|| d.last.uasc.as_ref().map(|u| u.has(c))).unwrap_or(false)
    };
    let mut seen = HashSet::new();
    for c in this_children {
        if seen.insert(c) && in_last(c) && uasc_status(&d.this, c) == Some(true) && uasc_status(&d.last, c) != Some(true) {
            flag_uasc_status(d, c, s);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Header, Uasc};

    #[test]
    fn fires_for_children_newly_uasc() {
        let this = [csv::<Header>("CHILD\n1\n2\n3"), csv::<Uasc>("CHILD\n1\n2\n3")];
        let last = [csv::<Header>("CHILD\n1\n2"), csv::<Uasc>("CHILD\n2")];
        assert_eq!(flagged_with("205D", &this, &last, opts()), [("Header", 0)]);
    }
}
