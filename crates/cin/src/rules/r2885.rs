//! 2885: a child protection plan starting in the census year should start on
//! the day of an initial conference in its episode: a section 47 enquiry's
//! conference (enquiries with ICPCnotRequired set are left out) or, when the
//! episode has no such enquiry, the CIN details conference.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "2885",
        message: "Child protection plan shown as starting a different day to the initial child protection conference.",
        severity: Severity::Error,
        tables: &["ChildProtectionPlans"],
        fields: &["CPPstartDate", "DateOfInitialCPC"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    for p in &c.cpps {
        let Some(start) = p.start_date.get().filter(|d| c.period.contains(*d)) else { continue };
        let ep = c.episode_of(&p.key);
        let enquiries: Vec<&Section47> =
            c.section47_of(ep).iter().filter(|r| r.icpc_not_required.get() != Some(true)).collect();
        let matched = if enquiries.is_empty() {
            ep.date_of_initial_cpc.get() == Some(start)
        } else {
            enquiries.iter().any(|r| r.date_of_initial_cpc.get() == Some(start))
        };
        if !matched {
            flag(c, s, p, &["CPPstartDate"]);
            if enquiries.is_empty() {
                flag(c, s, ep, &["DateOfInitialCPC"]);
            }
            for r in enquiries {
                flag(c, s, r, &["DateOfInitialCPC"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_when_no_conference_matches_the_start() {
        let plan = cpp("<CPPstartDate>2025-06-10</CPPstartDate>");
        let at = |d: &str| format!("{plan}{}", s47("2025-06-02", Some(d), "false"));
        assert!(hits(&RULE, &one(&at("2025-06-10"))).is_empty());
        assert_eq!(hits(&RULE, &one(&at("2025-06-09"))), [("ChildProtectionPlans", 0), ("Section47", 0)]);
        let cin_level = format!("{plan}<DateOfInitialCPC>2025-06-10</DateOfInitialCPC>");
        assert!(hits(&RULE, &one(&cin_level)).is_empty());
        assert_eq!(hits(&RULE, &one(&plan)), [("CINdetails", 0), ("ChildProtectionPlans", 0)]);
        let not_required = format!("{cin_level}{}", s47("2025-06-02", None, "true"));
        assert!(hits(&RULE, &one(&not_required)).is_empty(), "an enquiry needing no conference is left out");
    }
}
