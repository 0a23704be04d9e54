//! 219: a URN (other than XXXXXXX) is of a provider registered for the episode's placement type; an
//! unknown URN fires too.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "219",
        message: "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement type recorded.",
        severity: Severity::Error,
        tables: &["Episodes", "Provider Info"],
        fields: &["URN", "PLACE"],
        needs: &[Reference::OfstedProviders],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(providers)) = (&d.this.episodes, &d.opts.providers) else { return };
    let urns = eps.iter().filter(|e| e.urn.value().is_some_and(|u| &**u != "XXXXXXX"));
    for e in urns {
        let provider = e.urn.value().and_then(|u| providers.get(u));
        let offered = provider.zip(e.place.get()).is_some_and(|(p, place)| p.placement_codes.iter().any(|c| **c == *place.code()));
        if !offered {
            s.flag(&e.child, Episode::TABLE, e.row, &["URN", "PLACE"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let t = [csv::<Episode>("CHILD,URN,PLACE\n1,SC1,K2\n2,SC1,K1\n3,SC9,K2\n4,XXXXXXX,U1\n5,SC2,S1\n6,SC1,")];
        assert_eq!(flagged_with("219", &t, &[], opts_with_providers()), [("Episodes", 1), ("Episodes", 2), ("Episodes", 5)]);
    }
}
