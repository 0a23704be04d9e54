//! 8935: a child can have only one open child protection plan (no end date),
//! across all its episodes; every open plan of a child with several is flagged.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8935",
        message: "This child is showing more than one open Child Protection plan, i.e. with no End Date",
        severity: Severity::Error,
        tables: &["ChildProtectionPlans"],
        fields: &["CPPendDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ch in &c.children {
        let open: Vec<_> = c.child_cpps(ch).iter().filter(|p| lacks(&p.end_date)).collect();
        flag_if_several(c, s, &open, &["CPPendDate"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_two_open_plans() {
        let two =
            census(&child("C1", "", &[cin(&cpp("")), cin(&cpp("<CPPstartDate>2025-08-01</CPPstartDate>"))].concat()));
        assert_eq!(hits(&RULE, &two), [("ChildProtectionPlans", 0), ("ChildProtectionPlans", 1)]);
        let ended =
            census(&child("C1", "", &[cin(&cpp("<CPPendDate>2025-07-01</CPPendDate>")), cin(&cpp(""))].concat()));
        assert!(hits(&RULE, &ended).is_empty());
    }
}
