//! 625: a mother's first child cannot be born after the collection year ends, nor after the
//! mother's latest episode ended (her care ended before the birth). The reference takes the
//! latest episode that has an end date, so a child who left care and came back is compared with
//! the old episode's end; here the latest episode (by DECOM) is used, and its DEC only when it
//! has one (DISAGREEMENTS.toml). Only children with episodes are judged. Flags the Header row
//! and that episode.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "625",
        message: "Date of birth of the first child is beyond the end of this reporting year or the date the child ceased to be looked after.",
        severity: Severity::Error,
        tables: &["Episodes", "Header"],
        fields: &["MC_DOB", "DEC"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(header)) = (&d.this.episodes, &d.this.header) else { return };
    let end = d.year().end();
    for h in header.iter() {
        let (Some(mc), Some(e)) = (h.mc_dob.get(), latest(eps.of(&h.child))) else { continue };
        if mc > end || e.dec.get().is_some_and(|dec| mc > dec) {
            s.flag(&h.child, Header::TABLE, h.row, &["MC_DOB"]);
            s.flag(&h.child, Episode::TABLE, e.row, &["DEC"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header};

    #[test]
    fn birth_after_care_or_year_end_fires() {
        let h = csv::<Header>("CHILD,MC_DOB\n1,11/05/2025\n2,10/05/2025\n3,01/04/2026\n4,01/06/2025\n5,01/06/2025");
        let e = csv::<Episode>(
            "CHILD,DECOM,DEC\n1,01/04/2025,10/05/2025\n2,01/04/2025,10/05/2025\n3,01/04/2025,\n4,01/04/2025,10/05/2025\n4,20/05/2025,",
        );
        // 4 came back into care before the birth; 5 has no episodes.
        assert_eq!(flagged("625", &[h, e]), [("Episodes", 0), ("Episodes", 2), ("Header", 0), ("Header", 2)]);
    }
}
