//! 1008: an episode's URN, when given (other than the DfE's placeholder XXXXXXX for providers
//! without one), must be a URN in Ofsted's provider list. Needs the Ofsted provider data.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "1008",
        message: "Ofsted Unique Reference Number (URN) is not valid.",
        severity: Severity::Error,
        tables: &["Episodes", "Provider Info"],
        fields: &["URN"],
        needs: &[Reference::OfstedProviders],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(providers) = &d.opts.providers else { return };
    flag_rows(d.this.episodes.as_ref(), s, RULE.meta.fields, |e| {
        e.urn.value().is_some_and(|urn| &**urn != "XXXXXXX" && providers.get(urn).is_none())
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;
    use crate::Providers;
    use std::sync::Arc;

    #[test]
    fn unknown_urn_fires() {
        let list = "urn,local_authority,placement_codes,provider_codes,registration_end,postcode\nSC123456,Leicestershire,K2,PR4,,LE1 1AA\n";
        let mut o = opts();
        o.providers = Some(Arc::new(Providers::read("p.csv", list.as_bytes()).unwrap()));
        let t = [csv::<Episode>("CHILD,URN\n1,sc123456\n2,SC999999\n3,XXXXXXX\n4,")];
        assert_eq!(flagged_with("1008", &t, &[], o), [("Episodes", 1)]);
        assert!(flagged("1008", &t).is_empty(), "nothing to judge against without the provider list");
    }
}
