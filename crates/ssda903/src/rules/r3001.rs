//! 3001: a young person reported around their 17th birthday (17th birthday within the
//! collection year, from the Header DOB) is still of looked-after age, so their care leaver
//! accommodation cannot be "with former foster carers" (ACCOM Z1 or Z2).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "3001",
        message: "Where care leavers information is being returned for a young person around their 17th birthday, the accommodation cannot be with their former foster carer(s).",
        severity: Severity::Error,
        tables: &["Header", "OC3"],
        fields: &["REC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(header), Some(oc3)) = (&d.this.header, &d.this.oc3) else { return };
    let year = d.year();
    flag_rows(Some(oc3), s, &["ACCOM"], |o| {
        matches!(o.accom.get(), Some(Accommodation::Z1 | Accommodation::Z2))
            && header.of(&o.child).iter().any(|h| h.dob.get().is_some_and(|dob| year.contains(add_years(dob, 17))))
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Header, Oc3};

    #[test]
    fn former_foster_carers_at_17_fires() {
        let h = csv::<Header>("CHILD,DOB\n1,01/04/2008\n2,31/03/2008\n3,31/03/2009\n4,01/04/2009\n5,01/06/2008");
        let o = csv::<Oc3>("CHILD,ACCOM\n1,Z1\n2,Z2\n3,z2\n4,Z1\n5,B1");
        assert_eq!(flagged("3001", &[h, o]), [("OC3", 0), ("OC3", 2)]);
    }
}
