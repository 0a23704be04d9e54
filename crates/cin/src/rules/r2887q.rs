//! 2887Q: across the return, fewer than 8 different disability codes (other
//! than NONE) suggests disabilities are under-recorded. Return-level.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "2887Q",
        message: "Please check and either amend or provide a reason: Less than 8 disability codes have been used in your return",
        severity: Severity::Query,
        tables: &["Disabilities"],
        fields: &["Disability"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    use carefile_domain::codes::Disability;
    let used: std::collections::BTreeSet<Disability> =
        c.disabilities.iter().filter_map(|d| d.disability.get()).filter(|d| *d != Disability::None).collect();
    if used.len() < 8 {
        s.flag_return(&["Disability"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_with_fewer_than_eight_codes() {
        let with = |codes: &[&str]| {
            let d: String = codes.iter().map(|c| el("Disability", c)).collect();
            census(&child("C1", "", "").replace("<Disability>NONE</Disability>", &d))
        };
        let eight = ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS"];
        assert!(!flags_return(&RULE, &with(&eight)));
        assert!(flags_return(&RULE, &with(&eight[..7])));
        assert!(flags_return(&RULE, &with(&[&eight[..7], &["NONE"]].concat())), "NONE is not a disability code");
    }
}
