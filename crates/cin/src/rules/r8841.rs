//! 8841: a child protection plan review must be after the plan's start day.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "8841",
        message: "The review date cannot be on the same day or before the Child protection Plan start date.",
        severity: Severity::Error,
        tables: &["ChildProtectionPlans"],
        fields: &["CPPstartDate", "CPPreviewDate"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for p in &c.cpps {
        for r in c.reviews_of(p).iter().filter(|r| both(&r.review_date, &p.start_date).is_some_and(|(r, s)| r <= s)) {
            flag(c, s, r, &["CPPreviewDate"]);
            flag(c, s, p, &["CPPstartDate"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_on_a_review_on_or_before_the_start() {
        let reviewed = |d: &str| {
            one(&cpp(&format!(
                "<Reviews>{}<CPPreviewDate>2025-07-01</CPPreviewDate></Reviews>",
                el("CPPreviewDate", d)
            )))
        };
        assert_eq!(hits(&RULE, &reviewed("2025-06-03")), [("ChildProtectionPlans", 0), ("Reviews", 0)]);
        assert!(hits(&RULE, &reviewed("2025-06-04")).is_empty());
    }
}
