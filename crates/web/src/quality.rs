//! Data quality on the live record: both returns' rules run on what the exports would produce
//! for a collection year, without writing a file (`carefile validate record`, the team's
//! data-quality page), and, for each finding, the form on the child's record that fixes it.
//!
//! The SSDA903 return is judged with last year's return as the record gives it today (so the
//! rules comparing years run) and with the authority the record serves (so placements in or out of
//! its area are judged). Postcode and provider rules need reference data the record does not hold:
//! they are listed as not run, as `validate ssda903` lists them.

use carefile_domain::CollectionYear;
use carefile_domain::Calendar;
use carefile_domain::form::Declared;
use carefile_domain::journey::{ChildEvent, ChildRecord, Order};
use carefile_domain::ChildId;
use carefile_work::{FindingKey, Missing};
use chrono::{DateTime, Utc};
use carefile_domain::org::Authority;
use carefile_domain::InvariantError;
use carefile_returns::{Finding, Report, RuleMeta};
use carefile_work::Acceptances;
use chrono::NaiveDate;
use chrono::NaiveDateTime;
use std::sync::Arc;

/// Which return a finding comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Return {
    Ssda903,
    Cin,
}

impl Return {
    pub fn label(self) -> &'static str {
        match self {
            Return::Ssda903 => "SSDA903",
            Return::Cin => "CIN census",
        }
    }

    /// As an acceptance stores it.
    pub fn code(self) -> &'static str {
        match self {
            Return::Ssda903 => "ssda903",
            Return::Cin => "cin",
        }
    }

    pub fn from_code(code: &str) -> Option<Return> {
        [Return::Ssda903, Return::Cin].into_iter().find(|r| r.code() == code)
    }
}

/// What an acceptance of `f` names: every row of its table for the child.
pub fn key(ret: Return, f: &Finding) -> FindingKey {
    FindingKey { ret: ret.code().into(), rule: f.rule.code.into(), table: f.table.into() }
}

/// The values `year`'s returns need that `record` does not hold (the exports leave them blank),
/// one per rule and table, for the worker's tray.
pub fn missing(record: &ChildRecord, year: CollectionYear) -> Vec<Missing> {
    let mut out: Vec<Missing> = Vec::new();
    for f in carefile_ssda903::export::gaps(std::slice::from_ref(record), year) {
        let key = key(Return::Ssda903, &f);
        let Some(form) = fixing_kind(Return::Ssda903, f.table, f.fields) else { continue };
        if out.iter().all(|m| m.key != key) {
            // The rule's words up to its advice: "No Ofsted URN is recorded for the placement".
            let what = f.rule.message.split(':').next().unwrap_or(f.rule.message);
            out.push(Missing { title: format!("{what} ({} {})", Return::Ssda903.label(), f.rule.code), key, form });
        }
    }
    out
}

/// A child's record as it stood at `end`: the fold of the entries recorded before then (their
/// corrections and withdrawals recorded later left out, as they were not yet made). `None` for a
/// child not yet registered. What the counts over time are drawn from: the log, not a snapshot.
pub fn as_it_stood(
    id: &ChildId,
    log: &[(DateTime<Utc>, u64, ChildEvent)],
    end: DateTime<Utc>,
) -> Result<Option<ChildRecord>, InvariantError> {
    // Each entry bound by the journey's order rules as when it was recorded (#12).
    let kept: Vec<(u64, ChildEvent, Order)> =
        log.iter().filter(|(at, ..)| *at < end).map(|(at, seq, e)| (*seq, e.clone(), Order::at(*at))).collect();
    if kept.is_empty() {
        return Ok(None);
    }
    ChildRecord::replay(id, &kept).map(Some)
}

/// The findings about children on one day: those counted, those accepted on that day (counted
/// apart), and the children with a counted finding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub findings: usize,
    pub accepted: usize,
    pub children: usize,
}

impl Counts {
    /// Counts `checked`'s findings about children on `date`, with each child's acceptances.
    pub fn of<'a>(checked: &Checked, accepted: impl Fn(&ChildId) -> Option<&'a Acceptances>, date: NaiveDate) -> Counts {
        let mut counts = Counts::default();
        let mut children = std::collections::BTreeSet::new();
        for (ret, f) in checked.findings() {
            let Some(child) = f.child.as_deref().and_then(|c| ChildId::new(c).ok()) else { continue };
            if accepted(&child).and_then(|a| a.on(&key(ret, f), date)).is_some() {
                counts.accepted += 1;
            } else {
                counts.findings += 1;
                children.insert(child);
            }
        }
        counts.children = children.len();
        counts
    }
}

/// A team's counts on past days, kept once drawn: entries recorded later never change what the
/// log held at the end of a past day (an erasure, which does, takes effect on the next start).
pub type PastCounts = std::sync::Mutex<std::collections::HashMap<(carefile_domain::TeamId, NaiveDate), Counts>>;

/// The rule `code` of `ret` in `year`'s catalogue (carefile's own checks beside the DfE's).
pub fn rule(ret: Return, year: CollectionYear, code: &str) -> Option<&'static RuleMeta> {
    fn find<D: ?Sized>(rules: &[&'static carefile_returns::Rule<D>], code: &str) -> Option<&'static RuleMeta> {
        rules.iter().map(|r| &r.meta).find(|m| m.code == code)
    }
    match ret {
        Return::Ssda903 if code == carefile_ssda903::export::URN_NOT_RECORDED.code => {
            Some(&carefile_ssda903::export::URN_NOT_RECORDED)
        }
        Return::Ssda903 => find(&carefile_ssda903::rule_set(year).ok()?.rules, code),
        Return::Cin => find(&carefile_cin::rule_set(year).ok()?.rules, code),
    }
}

/// Both returns' reports on the record for one collection year.
#[derive(Debug, Clone)]
pub struct Checked {
    pub year: CollectionYear,
    pub ssda903: Report,
    pub cin: Report,
    /// Children in each return.
    pub children: (u64, u64),
}

impl Checked {
    /// Every finding with the return it comes from.
    pub fn findings(&self) -> impl Iterator<Item = (Return, &Finding)> {
        let tag = |r: Return| move |f| (r, f);
        self.ssda903.findings.iter().map(tag(Return::Ssda903)).chain(self.cin.findings.iter().map(tag(Return::Cin)))
    }
}

/// Why the record could not be checked: its own export could not be read back (a fault in
/// carefile, named with what failed), or the year has no rules.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("{0}")]
    Year(#[from] carefile_returns::UnsupportedYear),
    #[error("the record's {which} could not be read back: {problem}")]
    Export { which: &'static str, problem: String },
}

fn export_error(which: &'static str) -> impl Fn(String) -> CheckError {
    move |problem| CheckError::Export { which, problem }
}

/// Runs the SSDA903 and CIN rules of `year` on what `export ssda903` and `export cin` would
/// write from `children`.
pub fn check(
    children: &[ChildRecord],
    year: CollectionYear,
    authority: &Authority,
    generated_at: NaiveDateTime,
) -> Result<Checked, CheckError> {
    let e903 = export_error("SSDA903 return");
    let this = carefile_ssda903::export::in_memory(children, year).map_err(|e| e903(e.to_string()))?;
    let last = carefile_ssda903::export::in_memory(children, year.previous()).map_err(|e| e903(e.to_string()))?;
    let ret = Arc::new(carefile_ssda903::from_sources(&this.files, &last.files).map_err(|e| e903(e.to_string()))?);
    let mut opts = carefile_ssda903::Options::new(year);
    opts.la = carefile_ssda903::find_local_authority(&authority.gss);
    let mut ssda903 = carefile_ssda903::validate(&ret, &opts)?;
    // What the export left blank for want of a value on the record, beside the DfE's rules.
    ssda903.ran.push(&carefile_ssda903::export::URN_NOT_RECORDED);
    ssda903.findings.extend(this.gaps);
    ssda903.findings.sort_by(|a, b| (a.rule.code, a.table, a.row).cmp(&(b.rule.code, b.table, b.row)));

    let ecin = export_error("CIN census");
    let mut xml = Vec::new();
    let source = carefile_cin::export::Source { authority, generated_at };
    let census = carefile_cin::export::write_census(&mut xml, children, year, &source, &Calendar::england_and_wales())
        .map_err(|e| ecin(e.to_string()))?;
    let read = carefile_cin::read(&xml, year).map_err(|e| ecin(e.to_string()))?;
    let cin = carefile_cin::validate(&read.census)?;
    Ok(Checked { year, ssda903, cin, children: (this.written.children, census.children) })
}

/// The kind of entry whose form fixes a finding's fields, by return and table (and field where a
/// table's fields come from different forms). `None` where no single form does (e.g. a rule on
/// the return as a whole).
fn fixing_kind(ret: Return, table: &str, fields: &[&str]) -> Option<&'static str> {
    let has = |names: &[&str]| fields.iter().any(|f| names.contains(f));
    // Last year's rows are fixed where this year's are: on the record.
    let table = table.strip_suffix("_last").unwrap_or(table);
    Some(match (ret, table) {
        (Return::Ssda903, "Header") if has(&["MOTHER", "MC_DOB"]) => "became_mother",
        (Return::Ssda903, "Header") => "details_amended",
        (Return::Ssda903, "Episodes") if has(&["HOME_POST"]) => "details_amended",
        (Return::Ssda903, "Episodes") if has(&["LS"]) && !has(&["PLACE", "PLACE_PROVIDER", "URN", "PL_POST"]) => {
            "legal_status_changed"
        }
        (Return::Ssda903, "Episodes") => "placement_changed",
        (Return::Ssda903, "Reviews") => "lac_review_held",
        (Return::Ssda903, "UASC") => "uasc_started",
        (Return::Ssda903, "OC2") if has(&["SDQ_SCORE", "SDQ_REASON"]) => "sdq",
        (Return::Ssda903, "OC2") if has(&["HEALTH_CHECK"]) => "health_assessment",
        (Return::Ssda903, "OC2") if has(&["TEETH_CHECK"]) => "dental_check",
        (Return::Ssda903, "OC2") => "health_outcomes_recorded",
        (Return::Ssda903, "OC3") => "care_leaver_contact",
        (Return::Ssda903, "AD1") => "adoption_decision",
        (Return::Ssda903, "PlacedAdoption") => "adoption_decision",
        (Return::Ssda903, "PrevPerm") => "care_started",
        (Return::Ssda903, "Missing") => "missing_started",
        (Return::Ssda903, "SWEpisodes") => "worker_allocated",
        (Return::Ssda903, "DoLo") => "dolo_started",
        (Return::Cin, "ChildIdentifiers" | "ChildCharacteristics" | "Disabilities") => "details_amended",
        (Return::Cin, "CINdetails") if has(&["CINclosureDate", "ReasonForClosure"]) => "case_closed",
        (Return::Cin, "CINdetails") if has(&["PrimaryNeedCode"]) => "primary_need_recorded",
        (Return::Cin, "CINdetails") if has(&["ReferralNFA"]) => "referral_decided",
        (Return::Cin, "CINdetails") => "referral_received",
        (Return::Cin, "Assessments") if has(&["AssessmentAuthorisationDate", "AssessmentFactors"]) => {
            "assessment_authorised"
        }
        (Return::Cin, "Assessments") => "assessment_started",
        (Return::Cin, "CINplanDates") if has(&["CINPlanEndDate"]) => "cin_plan_ended",
        (Return::Cin, "CINplanDates") => "cin_plan_started",
        (Return::Cin, "Section47") if has(&["DateOfInitialCPC", "ICPCnotRequired"]) => "s47_concluded",
        (Return::Cin, "Section47") => "s47_started",
        (Return::Cin, "ChildProtectionPlans") if has(&["CPPendDate"]) => "cp_plan_ended",
        (Return::Cin, "ChildProtectionPlans") => "cp_plan_started",
        (Return::Cin, "Reviews") => "cp_review_held",
        _ => return None,
    })
}

/// The form that fixes `f`: its address under `/children/{id}/record/` and its title.
pub fn fixing_form(ret: Return, f: &Finding) -> Option<(&'static str, &'static str)> {
    let kind = fixing_kind(ret, f.table, f.fields)?;
    ChildEvent::declarations().iter().find(|d| d.kind == kind).map(|d| (d.slug, d.title))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table either return's catalogue names, with its rules' fields.
    fn tables() -> Vec<(Return, &'static str, &'static [&'static str])> {
        fn of<D: ?Sized>(ret: Return, rules: &[&'static carefile_returns::Rule<D>]) -> Vec<(Return, &'static str, &'static [&'static str])> {
            rules.iter().flat_map(|r| r.meta.tables.iter().map(move |t| (ret, *t, r.meta.fields))).collect()
        }
        let year = CollectionYear::new(2026);
        [
            of(Return::Ssda903, &carefile_ssda903::rule_set(year).unwrap().rules),
            of(Return::Cin, &carefile_cin::rule_set(year).unwrap().rules),
        ]
        .concat()
    }

    #[test]
    fn every_table_of_a_child_has_a_declared_fixing_form() {
        let declared = |k: Option<&str>| k.is_some_and(|k| ChildEvent::declarations().iter().any(|d| d.kind == k));
        // Reference data and the census's own header are not on any child's record.
        let on_a_record = |(ret, t, _): &(Return, &str, _)| *t != "Provider Info" && !(*ret == Return::Cin && *t == "Header");
        for (ret, table, fields) in tables().into_iter().filter(on_a_record) {
            assert!(declared(fixing_kind(ret, table, fields)), "no declared form fixes {ret:?} {table} {fields:?}");
            assert!(declared(fixing_kind(ret, table, &[])), "no declared form fixes {ret:?} {table}");
        }
    }

    #[test]
    fn a_missing_value_links_to_the_form_that_records_it() {
        let child = carefile_domain::ChildId::new("C0000001").unwrap();
        let slug = fixing_form(Return::Ssda903, &Finding {
            rule: &carefile_ssda903::export::URN_NOT_RECORDED, child: None, table: "Episodes", row: Some(0), fields: &["URN"],
        }).unwrap().0;
        let target = carefile_work::Target::Fix { child: child.clone(), form: "placement_changed" };
        assert_eq!(crate::pages::tray::href(&target), format!("/children/{child}/record/{slug}"));
        assert_eq!(rule(Return::Ssda903, CollectionYear::new(2026), "CF-URN").map(|r| r.code), Some("CF-URN"));
        assert_eq!(rule(Return::Cin, CollectionYear::new(2026), "4220").map(|r| r.code), Some("4220"));
        assert!(rule(Return::Cin, CollectionYear::new(2026), "CF-URN").is_none());
    }

    #[test]
    fn a_field_decides_between_forms_of_one_table() {
        assert_eq!(fixing_kind(Return::Ssda903, "Header", &["ETHNIC"]), Some("details_amended"));
        assert_eq!(fixing_kind(Return::Ssda903, "Header", &["MOTHER"]), Some("became_mother"));
        assert_eq!(fixing_kind(Return::Ssda903, "Episodes_last", &["URN"]), Some("placement_changed"));
        assert_eq!(fixing_kind(Return::Cin, "CINdetails", &["ReasonForClosure"]), Some("case_closed"));
        assert_eq!(fixing_kind(Return::Cin, "Header", &["LEA"]), None);
    }
}
