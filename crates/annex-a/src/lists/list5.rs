//! List 5, section 47 enquiries: every enquiry started in the look-back, and any started earlier
//! that is still open on the reference date, one row per enquiry.

use super::{Def, headers, no_inputs};
use crate::counts::{icpcs_in, s47s_in};
use crate::labels::LabelError;
use crate::person::{allocated, disability, lead, maybe_yes_no};
use crate::{Ctx, Row, Value};
use carefile_domain::journey::ChildRecord;

pub const DEF: Def = Def {
    number: 5,
    sheet: "List 5",
    title: "Section 47 enquiries and initial child protection conferences",
    headers: headers![
        "Does the Child have a Disability",
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        "Allocated Team",
        "Allocated Worker",
    ],
    pending: &[],
    partial: &[],
    rows: super::Rows::PerChild(rows),
    needs_input: no_inputs,
};

fn rows(ctx: &Ctx, c: &ChildRecord, out: &mut Vec<Row>) -> Result<(), LabelError> {
    for r in &c.referrals {
        for s in &r.s47s {
            let concluded = s.concluded.filter(|(d, _)| *d <= ctx.as_of);
            let icpc = s.icpc.filter(|d| *d <= ctx.as_of);
            let ended = icpc.or(concluded.filter(|(_, required)| !required).map(|(d, _)| d));
            if s.start > ctx.as_of || !(ctx.window.contains(s.start) || ended.is_none()) {
                continue;
            }
            // The enquiry's start as Annex A reads it: the strategy discussion that began it.
            let began =
                s.discussion.and_then(|no| r.discussions.iter().find(|d| d.no == no)).map_or(s.start, |d| d.at.date());
            let conference = icpc.and_then(|day| r.icpcs.iter().find(|i| i.s47 == Some(s.no) && i.date == day));
            let mut values = lead(ctx, c)?;
            values.extend([
                disability(ctx, c)?,
                Value::Date(began),
                maybe_yes_no(ctx, concluded.map(|(_, required)| !required).or(icpc.map(|_| false)))?,
                Value::date(icpc),
                maybe_yes_no(ctx, conference.map(|i| i.plan))?,
                Value::Count(s47s_in(c, ctx.year)),
                Value::Count(icpcs_in(c, ctx.year)),
            ]);
            values.extend(allocated(ctx, c, ended.unwrap_or(ctx.as_of)));
            out.push(Row { subject: c.id.to_string(), values });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::DEF;
    use crate::testkit::*;
    use carefile_domain::journey::ChildEvent;

    #[test]
    fn an_enquiry_starts_with_its_strategy_discussion_and_says_what_came_of_it() {
        let mut events = vec![referral(1, "2025-11-03")];
        events.push(ChildEvent::StrategyDiscussionHeld { referral: 1, discussion: 7, at: at("2025-11-04"), s47: true });
        events.push(ChildEvent::S47Started { referral: 1, s47: 2, date: d("2025-11-06"), discussion: Some(7) });
        events.push(ChildEvent::S47Concluded { s47: 2, date: d("2025-11-20"), icpc_required: true });
        events.push(ChildEvent::IcpcHeld { referral: 1, s47: Some(2), date: d("2025-11-25"), plan: false });
        let c = child(&events);
        let rows = rows_of(&DEF, "2026-03-31", &c);
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!(cell(&DEF, r, "Strategy discussion initiating Section 47 Enquiry Start Date"), "04/11/2025");
        assert_eq!(cell(&DEF, r, "Was an Initial Child Protection Conference deemed unnecessary?"), "b) No");
        assert_eq!(cell(&DEF, r, "Date of Initial Child Protection Conference"), "25/11/2025");
        assert_eq!(
            cell(&DEF, r, "Did the Initial Child Protection Conference Result in a Child Protection Plan"),
            "b) No"
        );
        assert_eq!(cell(&DEF, r, "Number of Section 47 Enquiries in the last 12 months"), "1");
        assert_eq!(cell(&DEF, r, "Number of ICPCs in the last 12 months"), "1");
        // Before its conclusion the answers are not known yet; before the look-back it is not listed.
        assert_eq!(
            cell(
                &DEF,
                &rows_of(&DEF, "2025-11-10", &c)[0],
                "Was an Initial Child Protection Conference deemed unnecessary?"
            ),
            ""
        );
        assert!(rows_of(&DEF, "2026-06-01", &c).is_empty(), "ended before the six months to 1 June 2026");
    }

    #[test]
    fn an_enquiry_still_open_is_listed_however_long_ago_it_began() {
        let c = child(&enquiry(1, "2024-01-10", None));
        let rows = rows_of(&DEF, "2026-03-31", &c);
        assert_eq!(rows.len(), 1);
        assert_eq!(cell(&DEF, &rows[0], "Number of Section 47 Enquiries in the last 12 months"), "0");
    }
}
