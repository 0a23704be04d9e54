//! 2883: across the return, child protection plans starting in the census year
//! cannot outnumber the initial conferences held in it (at CIN details or
//! section 47 level): each plan follows a conference. Return-level.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "2883",
        message: "There are more child protection plans starting than initial conferences taking place",
        severity: Severity::Error,
        tables: &["ChildProtectionPlans"],
        fields: &["CPPstartDate", "DateOfInitialCPC"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    let in_year = |d: &Cell<NaiveDate>| d.get().is_some_and(|d| c.period.contains(d));
    let plans = c.cpps.iter().filter(|p| in_year(&p.start_date)).count();
    let conferences = c.cin_details.iter().filter(|e| in_year(&e.date_of_initial_cpc)).count()
        + c.section47.iter().filter(|r| in_year(&r.date_of_initial_cpc)).count();
    if plans > conferences {
        s.flag_return(&["CPPstartDate", "DateOfInitialCPC"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_when_plans_outnumber_conferences() {
        let plan = cpp("");
        assert!(flags_return(&RULE, &one(&plan)));
        let with_icpc = format!("{plan}{}", s47("2025-06-02", Some("2025-06-03"), "false"));
        assert!(!flags_return(&RULE, &one(&with_icpc)));
        let at_cin_level = format!("{plan}<DateOfInitialCPC>2025-06-03</DateOfInitialCPC>");
        assert!(!flags_return(&RULE, &one(&at_cin_level)));
        let old_plan = cpp("<CPPstartDate>2025-03-31</CPPstartDate>");
        assert!(!flags_return(&RULE, &one(&old_plan)), "plans before the census year are not counted");
    }
}
