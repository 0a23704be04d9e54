//! 208: a child's UPN cannot change from last year's, except from unknown to known (last year blank
//! or UN1–UN5, this year a real UPN) or from UN1 or blank to UN2–UN5.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "208",
        message: "Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil Number (UPN) already recorded for this child.",
        severity: Severity::Error,
        tables: &["Header", "Header_last"],
        fields: &["UPN"],
        needs: &[Reference::LastYear],
    },
    check,
};

const UNKNOWN: [&str; 5] = ["UN1", "UN2", "UN3", "UN4", "UN5"];

/// Whether going from `last` to `now` is a change the DfE accepts.
fn allowed(last: Option<&str>, now: Option<&str>) -> bool {
    let unknown = |u: Option<&str>| u.is_none_or(|u| UNKNOWN.contains(&u));
    last == now
        || (unknown(last) && !unknown(now))
        || (last.is_none_or(|l| l == "UN1") && now.is_some_and(|n| UNKNOWN[1..].contains(&n)))
}

fn check(d: &Input, s: &mut Sink) {
    let (Some(h), Some(last)) = (&d.this.header, &d.last.header) else { return };
    let upn = |c: &Cell<Text>| match c {
        Cell::Blank => None,
        Cell::Valid(t) | Cell::Invalid(t) => Some(t.to_string()),
    };
    flag_rows(Some(h), s, &["UPN"], |r| {
        last.of(&r.child).iter().any(|l| !allowed(upn(&l.upn).as_deref(), upn(&r.upn).as_deref()))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn fires_on_changes_other_than_unknown_to_known() {
        let this = [csv::<Header>("CHILD,UPN\n1,A123456789012\n2,A123456789012\n3,UN2\n4,UN3\n5,\n6,B123456789012\n7,UN1")];
        let last = [csv::<Header>("CHILD,UPN\n1,A123456789012\n2,UN4\n3,UN1\n4,UN2\n5,A123456789012\n6,A123456789012\n7,")];
        assert_eq!(flagged_with("208", &this, &last, opts()), [("Header", 3), ("Header", 4), ("Header", 5), ("Header", 6)]);
    }
}
