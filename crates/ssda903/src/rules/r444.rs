//! 444: a UPN identifies one pupil, so it cannot appear on two children's Header rows. Every row
//! sharing a UPN with another is flagged; blank UPNs and the "UPN unknown" codes UN1–UN5 are
//! exempt.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "444",
        message: "Duplicate UPN has been reported",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["UPN"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let Some(header) = &d.this.header else { return };
    fn upn(h: &Header) -> Option<&str> {
        h.upn.value().map(|u| &**u).filter(|u| !matches!(*u, "UN1" | "UN2" | "UN3" | "UN4" | "UN5"))
    }
    let mut count: HashMap<&str, u32> = HashMap::new();
    for u in header.iter().filter_map(upn) {
        *count.entry(u).or_default() += 1;
    }
    flag_rows(Some(header), s, &["UPN"], |h| upn(h).is_some_and(|u| count.get(u).is_some_and(|&n| n > 1)));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn fires_on_shared_upns() {
        let t = [csv::<Header>("CHILD,UPN\n1,A123456789012\n2,a123456789012\n3,UN1\n4,UN1\n5,\n6,\n7,B123456789012")];
        assert_eq!(flagged("444", &t), [("Header", 0), ("Header", 1)]);
    }
}
