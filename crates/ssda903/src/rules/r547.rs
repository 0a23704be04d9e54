//! 547: a child whose health promotion information is recorded (HEALTH_CHECK 1) needs the other
//! health items too: IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT and SUBSTANCE_MISUSE must not be
//! blank (an unreadable value is present, and left to the field's own validity rule).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "547",
        message: "Any child who has health promotion information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed.",
        severity: Severity::Error,
        tables: &["OC2"],
        fields: &["HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc2.as_ref(), s, RULE.meta.fields, |o| o.health_check.get() == Some(true) && health_items_missing(o));
}

/// Whether any of the four health items every OC2 child with recorded outcomes needs is blank.
pub(super) fn health_items_missing(o: &Oc2) -> bool {
    [&o.immunisations, &o.teeth_check, &o.health_assessment, &o.substance_misuse].iter().any(|c| c.is_blank())
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_when_a_health_item_is_blank() {
        let t = [csv::<Oc2>(
            "CHILD,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE\n1,1,1,1,1,0\n2,1,1,,1,0\n3,0,,,,\n4,1,1,1,1,\n5,,,,,",
        )];
        assert_eq!(flagged("547", &t), [("OC2", 1), ("OC2", 3)]);
    }
}
