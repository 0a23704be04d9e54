//! 392c: home and placement postcodes, when given, are real postcodes (found in the postcode data).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "392c",
        message: "Postcode(s) provided are invalid.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["HOME_POST", "PL_POST"],
        needs: &[Reference::Postcodes],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(pc) = &d.opts.postcodes else { return };
    let unknown = |c: &Cell<Text>| c.value().is_some_and(|p| pc.place(p).is_none());
    flag_rows(d.this.episodes.as_ref(), s, &["HOME_POST", "PL_POST"], |e| unknown(&e.home_post) || unknown(&e.pl_post));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_unknown_postcodes() {
        let t = [csv::<Episode>("CHILD,HOME_POST,PL_POST\n1,LE1 1AA,le22bb\n2,ZZ9 9ZZ,\n3,,\n4,LE1 1AA,XX1")];
        assert_eq!(flagged_with("392c", &t, &[], opts_with_postcodes()), [("Episodes", 1), ("Episodes", 3)]);
    }
}
