//! 228: an episode cannot end after its provider's registration ended; an open episode counts as
//! running to 31 March.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "228",
        message: "Ofsted Unique reference number (URN) is not valid for the episode end date [NOTE: may give false positives on open episodes at providers who close during the year]",
        severity: Severity::Error,
        tables: &["Episodes", "Provider Info"],
        fields: &["URN", "DEC"],
        needs: &[Reference::OfstedProviders],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(providers)) = (&d.this.episodes, &d.opts.providers) else { return };
    let urns = eps.iter().filter(|e| e.urn.value().is_some_and(|u| &**u != "XXXXXXX"));
    let year_end = d.year().end();
    for e in urns {
        let Some(reg_end) = e.urn.value().and_then(|u| providers.get(u)).and_then(|p| p.registration_end) else { continue };
        let ends = if e.dec.is_blank() { Some(year_end) } else { e.dec.get() };
        if ends.is_some_and(|x| x > reg_end) {
            s.flag(&e.child, Episode::TABLE, e.row, &["URN", "DEC"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_as_described() {
        let t = [csv::<Episode>("CHILD,URN,DEC\n1,SC2,01/06/2025\n2,SC2,02/06/2025\n3,SC2,\n4,SC1,")];
        assert_eq!(flagged_with("228", &t, &[], opts_with_providers()), [("Episodes", 1), ("Episodes", 2)]);
    }
}
