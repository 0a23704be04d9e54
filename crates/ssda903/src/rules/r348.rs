//! 348: a care leaver reported last year as having died (IN_TOUCH DIED) is reported so again.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "348",
        message: "Care leaver has previously been reported as having died.",
        severity: Severity::Error,
        tables: &["OC3"],
        fields: &["IN_TOUCH"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(oc3), Some(last)) = (&d.this.oc3, &d.last.oc3) else { return };
    flag_rows(Some(oc3), s, &["IN_TOUCH"], |r| {
        r.in_touch.get() != Some(InTouch::Died) && last.of(&r.child).iter().any(|l| l.in_touch.get() == Some(InTouch::Died))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc3;

    #[test]
    fn fires_when_a_death_is_not_carried_forward() {
        let this = [csv::<Oc3>("CHILD,IN_TOUCH\n1,YES\n2,DIED\n3,\n4,YES")];
        let last = [csv::<Oc3>("CHILD,IN_TOUCH\n1,DIED\n2,DIED\n3,DIED\n4,NO")];
        assert_eq!(flagged_with("348", &this, &last, opts()), [("OC3", 0), ("OC3", 2)]);
    }
}
