//! 1001: care leaver information (OC3) is only for relevant and former relevant children:
//! looked after for at least 13 weeks (91 days) since their 14th birthday, some of it after
//! their 16th birthday, and not adopted at the end of their care. From this and last year's
//! episodes together (an episode in both returns counted once, the still-open latest episode
//! counted to 31 March, short breaks V3/V4 not counted), a young person under 20 at the end of
//! the year with too little care, or whose latest episode ended in adoption (E11/E12), fires.
//! The reference means to leave out those aged 20 or more (their care is older than the data)
//! but flags them all, and drops unrelated episodes through duplicated row labels (returns.md §5,
//! DISAGREEMENTS.toml); carefile leaves them out, and also young people without a readable DOB.
//! As the DfE note says, care before last year is not seen, so false positives remain possible.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "1001",
        message: "The episodes recorded for this young person suggest they are not a relevant or a former relevant child and therefore should not have care leaver information completed. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]",
        severity: Severity::Error,
        tables: &["Episodes", "Episodes_last", "Header", "OC3"],
        fields: &["IN_TOUCH", "ACTIV", "ACCOM"],
        needs: &[Reference::LastYear],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(last), Some(oc3), Some(header)) = (&d.this.episodes, &d.last.episodes, &d.this.oc3, &d.this.header) else { return };
    if eps.is_empty() || last.is_empty() || header.is_empty() {
        return;
    }
    let end = d.year().end();
    for o in oc3.iter() {
        let Some(dob) = header.of(&o.child).first().and_then(|h| h.dob.get()) else { continue };
        if add_years(dob, 20) <= end {
            continue;
        }
        let care = episodes_across_years(&eps.of(&o.child), &last.of(&o.child), end);
        let adopted = care.last().is_some_and(|c| matches!(c.rec, Some(ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12)));
        let days_since = |birthday: NaiveDate| -> i64 {
            care.iter()
                .filter(|c| !c.short_break)
                .filter_map(|c| Some((c.dec? - c.decom.max(birthday)).num_days().max(0)))
                .sum()
        };
        if adopted || days_since(add_years(dob, 14)) < 91 || days_since(add_years(dob, 16)) < 1 {
            s.flag(&o.child, Oc3::TABLE, o.row, RULE.meta.fields);
        }
    }
}

/// One episode of care as 1001 counts it.
struct Care {
    decom: NaiveDate,
    dec: Option<NaiveDate>,
    rec: Option<ReasonEpisodeCeased>,
    short_break: bool,
}

/// A child's episodes from both years in DECOM order, one per DECOM (preferring a version with
/// an end date, the earliest), the latest one ending at `end` when it is still open.
fn episodes_across_years(this: &[&Episode], last: &[&Episode], end: NaiveDate) -> Vec<Care> {
    let mut by_start: std::collections::BTreeMap<NaiveDate, Care> = std::collections::BTreeMap::new();
    for e in this.iter().chain(last) {
        let Some(decom) = e.decom.get() else { continue };
        let care = Care { decom, dec: e.dec.get(), rec: e.rec.get(), short_break: matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4)) };
        let better = |old: &Care| match (care.dec, old.dec) {
            (Some(new), Some(old)) => new < old,
            (Some(_), None) => true,
            _ => false,
        };
        if by_start.get(&decom).is_none_or(better) {
            by_start.insert(decom, care);
        }
    }
    let mut care: Vec<Care> = by_start.into_values().collect();
    if let Some(latest) = care.last_mut() {
        latest.dec.get_or_insert(end);
    }
    care
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::{Episode, Header, Oc3};

    #[test]
    fn too_little_care_since_14_or_adoption_fires() {
        // 14th birthdays: child 1 on 01/01/2022, so in care since well before; child 2 looked
        // after for 90 days only; child 3 adopted; child 4 aged 20 at the year end; child 5 counts
        // the same episode from both years once and its open end to 31 March.
        let h = csv::<Header>("CHILD,DOB\n1,01/01/2008\n2,01/01/2008\n3,01/01/2008\n4,31/03/2006\n5,01/01/2008\n6,01/01/2008");
        let this = [
            h,
            csv::<Episode>("CHILD,DECOM,DEC,REC,LS\n1,01/01/2024,01/01/2025,E4A,C2\n3,01/01/2024,01/01/2025,E11,C2\n5,01/01/2026,,,C2\n6,01/04/2025,,,V3"),
            csv::<Oc3>("CHILD,IN_TOUCH\n1,YES\n2,YES\n3,YES\n4,YES\n5,YES\n6,YES"),
        ];
        let last = [csv::<Episode>("CHILD,DECOM,DEC,REC,LS\n2,01/04/2024,30/06/2024,E4A,C2\n5,01/01/2026,,,C2\n5,01/01/2024,01/06/2024,X1,C2")];
        assert_eq!(flagged_with("1001", &this, &last, opts()), [("OC3", 1), ("OC3", 2), ("OC3", 5)]);
    }
}
