//! 4003: a child protection plan review cannot be held while a CIN plan of the
//! child is open (on or after its start and before its end; a plan with no end
//! date is open to the end of the census year). A review on the day the
//! protection plan ends is allowed: the plan may step down to a CIN plan that day.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "4003",
        message: "A CPP review date is shown as being held at the same time as an open CIN Plan.",
        severity: Severity::Error,
        tables: &["Reviews"],
        fields: &["CINPlanStartDate", "CINPlanEndDate", "CPPreviewDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for ch in &c.children {
        let plans = c.child_plans(ch);
        if plans.is_empty() {
            continue;
        }
        for r in c.child_reviews(ch) {
            let Some(day) = r.review_date.get() else { continue };
            if c.cpps[r.cpp as usize].end_date.get() == Some(day) {
                continue;
            }
            for p in plans {
                let Some(start) = p.start_date.get() else { continue };
                if day >= start && p.end_date.get().is_none_or(|end| day < end) && day <= c.period.end {
                    flag(c, s, r, &["CPPreviewDate"]);
                    flag(c, s, p, &["CINPlanStartDate", "CINPlanEndDate"]);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    fn review(on: &str) -> String {
        cpp(&format!("<Reviews>{}</Reviews>", el("CPPreviewDate", on)))
    }

    #[test]
    fn fires_on_a_review_inside_a_cin_plan() {
        let during = format!("{}{}", plan("2025-07-01", Some("2025-08-01")), review("2025-07-15"));
        assert_eq!(hits(&RULE, &one(&during)), [("CINplanDates", 0), ("Reviews", 0)]);
        let on_end = format!("{}{}", plan("2025-07-01", Some("2025-07-15")), review("2025-07-15"));
        assert!(hits(&RULE, &one(&on_end)).is_empty(), "the plan's end day is outside it");
        let open = format!("{}{}", plan("2025-07-01", None), review("2025-07-15"));
        assert_eq!(rows_of(&RULE, &one(&open), "Reviews"), [0]);
        let before = format!("{}{}", plan("2025-07-16", None), review("2025-07-15"));
        assert!(hits(&RULE, &one(&before)).is_empty());
    }
}
