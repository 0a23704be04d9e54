//! 224: a URN (other than XXXXXXX) is of a provider of the episode's placement provider type (PR0–PR5);
//! an unknown URN fires too.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "224",
        message: "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement provider recorded.",
        severity: Severity::Error,
        tables: &["Episodes", "Provider Info"],
        fields: &["PLACE_PROVIDER"],
        needs: &[Reference::OfstedProviders],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(providers)) = (&d.this.episodes, &d.opts.providers) else { return };
    let urns = eps.iter().filter(|e| e.urn.value().is_some_and(|u| &**u != "XXXXXXX"));
    for e in urns {
        let provider = e.urn.value().and_then(|u| providers.get(u));
        let matches = provider.zip(e.place_provider.get()).is_some_and(|(p, pr)| p.provider_codes.iter().any(|c| **c == *pr.code()));
        if !matches {
            s.flag(&e.child, Episode::TABLE, e.row, &["PLACE_PROVIDER"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let t = [csv::<Episode>("CHILD,URN,PLACE_PROVIDER\n1,SC1,PR4\n2,SC1,PR1\n3,SC3,PR5\n4,SC9,PR4\n5,,PR1")];
        assert_eq!(flagged_with("224", &t, &[], opts_with_providers()), [("Episodes", 1), ("Episodes", 3)]);
    }
}
