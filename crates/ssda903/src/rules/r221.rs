//! 221: for a children's home, secure home, supported accommodation, family centre or residential school
//! (K1, K2, K3, R3, S1) other than a short break, the placement postcode is the provider's.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "221",
        message: "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement postcode provided.",
        severity: Severity::Error,
        tables: &["Episodes", "Provider Info"],
        fields: &["PL_POST"],
        needs: &[Reference::OfstedProviders],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(providers)) = (&d.this.episodes, &d.opts.providers) else { return };
    let urns = eps.iter().filter(|e| e.urn.value().is_some_and(|u| &**u != "XXXXXXX"));
    use PlacementType::*;
    for e in urns.filter(|e| matches!(e.place.get(), Some(K1 | K2 | K3 | R3 | S1)) && !matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4))) {
        let Some(post) = e.pl_post.value() else { continue };
        let provider_post = e.urn.value().and_then(|u| providers.get(u)).map(|p| &*p.postcode);
        if provider_post != Some(postcode_key(post).as_str()) {
            s.flag(&e.child, Episode::TABLE, e.row, &["PL_POST"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let t = [csv::<Episode>("CHILD,URN,PLACE,PL_POST,LS\n1,SC1,K2,le2 2bb,C2\n2,SC1,K2,LE1 1AA,C2\n3,SC1,K2,LE1 1AA,V3\n4,SC9,K2,LE1 1AA,C2\n5,SC1,U1,LE1 1AA,C2\n6,SC1,K2,,C2")];
        assert_eq!(flagged_with("221", &t, &[], opts_with_providers()), [("Episodes", 1), ("Episodes", 3)]);
    }
}
