//! 544: a child with conviction information recorded (CONVICTED 1) needs the health items too:
//! IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT and SUBSTANCE_MISUSE must not be blank.
//! (The same completeness test as 547, triggered by a conviction.)

use super::prelude::*;
use super::r547::health_items_missing;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "544",
        message: "Any child who has conviction information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed.",
        severity: Severity::Error,
        tables: &["OC2"],
        fields: &["CONVICTED", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.oc2.as_ref(), s, RULE.meta.fields, |o| o.convicted.get() == Some(true) && health_items_missing(o));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Oc2;

    #[test]
    fn fires_when_a_convicted_childs_health_item_is_blank() {
        let t = [csv::<Oc2>("CHILD,CONVICTED,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE\n1,1,1,1,1,0\n2,1,,1,1,0\n3,0,,,,")];
        assert_eq!(flagged("544", &t), [("OC2", 1)]);
    }
}
