//! 241: supported accommodation (K3) with a URN is in an authority where the provider has premises: the
//! placement's authority (PL_LA) equals the provider's, derived from the provider's postcode. (The DfE
//! tool compares PL_LA with the submitting authority instead; carefile follows the rule's wording.)

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "241",
        message: "LA of placement is not an LA the provider has premises.",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["URN"],
        needs: &[Reference::OfstedProviders, Reference::Postcodes],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(providers), Some(pc)) = (&d.this.episodes, &d.opts.providers, &d.opts.postcodes) else { return };
    for (e, geo) in eps.iter().zip(&d.geo) {
        let Some(urn) = e.urn.value().filter(|u| &***u != "XXXXXXX") else { continue };
        if e.place.get() != Some(PlacementType::K3) {
            continue;
        }
        let provider_la = providers.get(urn).and_then(|p| pc.authority(&p.postcode));
        if geo.pl_la.as_deref() != provider_la {
            s.flag(&e.child, Episode::TABLE, e.row, &["URN"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let t = [csv::<Episode>("CHILD,URN,PLACE,PL_POST\n1,SC3,K3,LE1 1AA\n2,SC3,K3,LE2 2BB\n3,SC3,K2,LE2 2BB\n4,SC9,K3,LE1 1AA")];
        assert_eq!(flagged_with("241", &t, &[], opts_with_providers()), [("Episodes", 1), ("Episodes", 3)]);
    }
}
