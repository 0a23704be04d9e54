//! 229: the placement provider agrees with where the provider is: own provision (PR1) is in the
//! authority's area and other authorities' provision (PR2) is not. The provider's authority is derived
//! from its postcode; placement types without a provider URN are exempt.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "229",
        message: "Placement provider does not match between the placing authority and the local authority code of the provider. [NOTE: The provider's LA code is inferred from the its postcode, and may be inaccurate in some cases.]",
        severity: Severity::Error,
        tables: &["Episodes", "Provider Info"],
        fields: &["URN", "PLACE_PROVIDER"],
        needs: &[Reference::OfstedProviders, Reference::Postcodes, Reference::Authority],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(providers)) = (&d.this.episodes, &d.opts.providers) else { return };
    let urns = eps.iter().filter(|e| e.urn.value().is_some_and(|u| &**u != "XXXXXXX"));
    let (Some(pc), Some(la)) = (&d.opts.postcodes, &d.opts.la) else { return };
    use PlacementType::*;
    for e in urns.filter(|e| !matches!(e.place.get(), Some(K3 | P1 | P3 | R1 | R2 | R5 | T0 | T1 | T2 | T3 | T4 | Z11 | Z12 | Z13 | Z14))) {
        let provider_la = e.urn.value().and_then(|u| providers.get(u)).and_then(|p| pc.authority(&p.postcode));
        let own = provider_la == Some(la.gss_code.as_str());
        let bad = match e.place_provider.get() {
            Some(PlacementProvider::PR1) => !own,
            Some(PlacementProvider::PR2) => own,
            _ => false,
        };
        if bad {
            s.flag(&e.child, Episode::TABLE, e.row, &["URN", "PLACE_PROVIDER"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let t = [csv::<Episode>("CHILD,URN,PLACE,PLACE_PROVIDER\n1,SC2,K2,PR1\n2,SC1,K2,PR1\n3,SC2,K2,PR2\n4,SC1,K2,PR2\n5,SC1,P1,PR1")];
        assert_eq!(flagged_with("229", &t, &[], opts_with_providers()), [("Episodes", 1), ("Episodes", 2)]);
    }
}
