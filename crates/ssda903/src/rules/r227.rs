//! 227: an episode cannot start on or after its provider's registration ended.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "227",
        message: "Ofsted Unique reference number (URN) is not valid for the episode start date.",
        severity: Severity::Error,
        tables: &["Episodes", "Provider Info"],
        fields: &["URN", "DECOM"],
        needs: &[Reference::OfstedProviders],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(providers)) = (&d.this.episodes, &d.opts.providers) else { return };
    let urns = eps.iter().filter(|e| e.urn.value().is_some_and(|u| &**u != "XXXXXXX"));
    for e in urns {
        let end = e.urn.value().and_then(|u| providers.get(u)).and_then(|p| p.registration_end);
        if end.zip(e.decom.get()).is_some_and(|(end, start)| start >= end) {
            s.flag(&e.child, Episode::TABLE, e.row, &["URN", "DECOM"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let t = [csv::<Episode>("CHILD,URN,DECOM\n1,SC2,31/05/2025\n2,SC2,01/06/2025\n3,SC1,01/06/2025")];
        assert_eq!(flagged_with("227", &t, &[], opts_with_providers()), [("Episodes", 1)]);
    }
}
