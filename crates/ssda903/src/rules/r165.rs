//! 165: MOTHER, when given, is 0 or 1 and is only for girls; a girl looked after during the year (an
//! episode other than a short break, LS V3/V4, overlapping the year) has it completed; and a girl not
//! looked after this year but with care leaver data has it blank. Only children with episodes other than
//! short breaks are judged; the Header row and any OC3 row are flagged. (The DfE tool still compares SEX
//! with the old codes 1 and 2, so it only checks validity; carefile uses M and F.)

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "165",
        message: "Data entry for mother status is invalid.",
        severity: Severity::Error,
        tables: &["Episodes", "Header", "OC3"],
        fields: &["MOTHER", "SEX", "ACTIV", "ACCOM", "IN_TOUCH", "DECOM"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(h), Some(eps), Some(oc3)) = (&d.this.header, &d.this.episodes, &d.this.oc3) else { return };
    let (start, end) = (d.year().start(), d.year().end());
    for (child, rows) in eps.groups() {
        let rows: Vec<&Episode> = rows.into_iter().filter(|e| !matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4))).collect();
        if rows.is_empty() {
            continue;
        }
        let in_year = rows.iter().any(|e| e.decom.get().is_some_and(|c| c <= end) && (e.dec.is_blank() || e.dec.get().is_some_and(|x| x >= start)));
        let leaver = oc3.of(child);
        let has_oc3 = leaver.iter().any(|o| o.in_touch.is_present() || o.activ.is_present() || o.accom.is_present());
        for r in h.of(child) {
            let female = r.sex.get() == Some(Sex::Female);
            let bad = r.mother.is_invalid()
                || (r.mother.is_present() && r.sex.get() == Some(Sex::Male))
                || (r.mother.is_blank() && female && in_year)
                || (r.mother.is_present() && female && !in_year && has_oc3);
            if bad {
                s.flag(child, Header::TABLE, r.row, &["MOTHER", "SEX"]);
                for o in &leaver {
                    s.flag(child, Oc3::TABLE, o.row, &["ACTIV", "ACCOM", "IN_TOUCH"]);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header, Oc3};

    #[test]
    fn fires_for_invalid_male_and_missing_mother_status() {
        let h = csv::<Header>("CHILD,SEX,MOTHER\n1,F,2\n2,M,0\n3,F,\n4,F,0\n5,F,1\n6,F,");
        let e = csv::<Episode>("CHILD,DECOM,DEC,LS\n1,01/05/2025,,C2\n2,01/05/2025,,C2\n3,01/05/2025,,C2\n4,01/05/2025,,C2\n5,01/01/2024,01/02/2024,C2\n6,01/05/2025,,V3");
        let o = csv::<Oc3>("CHILD,IN_TOUCH\n5,YES\n4,YES");
        assert_eq!(flagged("165", &[h, e, o]), [("Header", 0), ("Header", 1), ("Header", 2), ("Header", 4), ("OC3", 0)]);
    }
}
