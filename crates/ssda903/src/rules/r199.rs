//! 199: a child adopted from care (REC E11 or E12) should not come back into care: every episode
//! of this year that starts after an adoption episode (this year's or last year's), and any
//! adoption after the first, is flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "199",
        message: "Episode information shows child has been previously adopted from care. [NOTE: This only tests the current and previous year data loaded into the tool]",
        severity: Severity::Error,
        tables: &["Episodes"],
        fields: &["CHILD"],
        needs: &[],
    },
    check,
};

fn adopted(e: &Episode) -> bool {
    matches!(e.rec.get(), Some(ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12))
}

fn check(d: &Input, s: &mut Sink) {
    let Some(eps) = &d.this.episodes else { return };
    let last = d.last.episodes.as_ref();
    for (child, rows) in eps.groups() {
        // Last year's episodes first, so that on equal start dates they count as earlier.
        let mut all: Vec<(bool, &Episode)> = last.map_or_else(Vec::new, |l| l.of(child)).into_iter().map(|e| (false, e)).collect();
        all.extend(rows.into_iter().map(|e| (true, e)));
        all.retain(|(_, e)| e.decom.get().is_some());
        all.sort_by_key(|(_, e)| e.decom.get());
        let mut adoptions = 0;
        for (this_year, e) in all {
            adoptions += usize::from(adopted(e));
            let first_adoption = adoptions == 1 && adopted(e);
            if this_year && adoptions > 0 && !first_adoption {
                s.flag(child, Episode::TABLE, e.row, &["CHILD"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Episode;

    #[test]
    fn fires_for_episodes_after_an_adoption() {
        let this = csv::<Episode>("CHILD,DECOM,REC\n1,01/05/2025,E11\n1,01/07/2025,\n2,01/05/2025,E12\n3,01/05/2025,");
        let last = csv::<Episode>("CHILD,DECOM,REC\n3,01/05/2024,E11\n2,01/04/2024,X1");
        assert_eq!(flagged_with("199", &[this], &[last], opts()), [("Episodes", 1), ("Episodes", 3)]);
    }
}
