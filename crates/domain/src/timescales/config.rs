//! The timescales an authority works to, read from TOML (`config/timescales.toml`
//! is the default). An authority's file may set any subset of keys; the rest keep
//! their defaults. Every error names the key it is about.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The shipped defaults (service.md §3).
pub const DEFAULT_TOML: &str = include_str!("../../config/timescales.toml");

/// Largest number a period or count may hold: keeps date arithmetic far from chrono's limits.
const MAX_N: u32 = 1000;

/// How a period is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    WorkingDays,
    Days,
    Weeks,
    Months,
    /// From the recorded time of the starting event.
    Hours,
}

impl Unit {
    const ALL: [Unit; 5] = [Unit::WorkingDays, Unit::Days, Unit::Weeks, Unit::Months, Unit::Hours];

    /// The unit's name in the TOML file.
    pub fn name(self) -> &'static str {
        match self {
            Unit::WorkingDays => "working_days",
            Unit::Days => "days",
            Unit::Weeks => "weeks",
            Unit::Months => "months",
            Unit::Hours => "hours",
        }
    }
}

/// `n` units: "within n working days", "every 6 months".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub n: u32,
    pub unit: Unit,
}

impl Period {
    pub const fn new(n: u32, unit: Unit) -> Period {
        Period { n, unit }
    }

    /// The day this period after `d` falls due, by the conventions (service.md §3): working
    /// days with `d` as day 0; days, weeks and months to the same date, weekday or day of the
    /// month (its last day where there is none), moved back to a working day; hours end on the
    /// day they reach.
    pub fn after(self, cal: &crate::Calendar, d: NaiveDate) -> NaiveDate {
        let n = self.n;
        match self.unit {
            Unit::WorkingDays => cal.add_working_days(d, i64::from(n)),
            Unit::Days => cal.on_or_before(d + chrono::Days::new(u64::from(n))),
            Unit::Weeks => cal.due_after_weeks(d, n),
            Unit::Months => cal.due_after_months(d, n),
            Unit::Hours => d + chrono::Days::new(u64::from(n / 24)),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.n, self.unit.name().replace('_', " "))
    }
}

/// Every timescale, as configured. Field names follow the TOML keys (`section_key`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimescaleConfig {
    pub contact_decision: Period,
    pub referral_decision: Period,
    pub early_help_screening: Period,
    /// Single assessment, counted from the referral.
    pub assessment: Period,
    pub icpc: Period,
    pub cp_first_review: Period,
    pub cp_later_reviews: Period,
    pub cp_visits: Period,
    pub lac_first_review: Period,
    pub lac_second_review: Period,
    pub lac_later_reviews: Period,
    /// The permanence plan is due by this review (1 = the first).
    pub permanence_plan_by_review: u32,
    /// The initial health assessment after becoming looked after (before the first review).
    pub initial_health_assessment: Period,
    pub health_assessment: Period,
    /// Interval for children younger than `young_under_age` at their last assessment.
    pub health_assessment_young: Period,
    pub young_under_age: u32,
    pub dental_check: Period,
    /// Statutory visits (reg 28): after a placement starts; in its first year; later where it is
    /// meant to last until 18; later otherwise.
    pub visit_first: Period,
    pub visits_first_year: Period,
    pub visits_long_term: Period,
    pub visits_later: Period,
    /// Care plan and placement plan after the placement (regs 4, 9).
    pub care_plan: Period,
    pub placement_plan: Period,
    /// Adoption agreed as the plan to the agency decision maker's best-interest decision (service.md §3).
    pub adoption_best_interest: Period,
    /// Reviews while placed for adoption (AAR 2005 reg 36).
    pub adoption_first_review: Period,
    pub adoption_second_review: Period,
    pub adoption_later_reviews: Period,
    pub family_finding: Period,
    /// Family-finding updates while no match is made.
    pub family_finding_update: Period,
    pub return_interview: Period,
    pub missing_escalation_episodes: u32,
    pub missing_escalation_window: Period,
    pub missing_escalation: Period,
    pub pathway_plan_by_age: u32,
    pub pathway_plan_from_age: u32,
    pub pathway_plan_until_age: u32,
    /// Reviews continue to this birthday where the care leaver asked for support to 25.
    pub pathway_plan_extended_until_age: u32,
    pub pathway_plan_review: Period,
    pub complaint_stage1: Period,
    pub complaint_stage1_extended: Period,
    /// The complainant's window to ask for the next stage, after a response.
    pub complaint_escalation: Period,
    pub complaint_stage2: Period,
    pub complaint_stage2_extended: Period,
    pub complaint_panel: Period,
    pub complaint_panel_report: Period,
    pub complaint_response: Period,
    pub ehc_plan: Period,
    pub send_advice: Period,
    /// The first PEP, after becoming looked after.
    pub pep_initial: Period,
    pub pep_early_years: Period,
    /// A child who became looked after less than this before a term's end has no termly PEP due
    /// that term (the initial PEP stands for it).
    pub pep_new_into_care: Period,
    /// A reviewing officer's or conference chair's minutes (their written record) after the
    /// review or conference they chaired.
    pub reviewing_minutes: Period,
    /// The school terms the termly PEPs are due on (set from their own table, not the TOML).
    #[serde(default)]
    pub school_terms: crate::virtual_school::SchoolTerms,
}

/// A TOML text that is not a valid timescale configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("timescales: {key}: {message}")]
pub struct ConfigError {
    /// The dotted key (`assessment.from_referral`), or `(file)` for a syntax error.
    pub key: String,
    pub message: String,
}

/// Where a key's value goes, and what it may hold.
enum Slot<'a> {
    /// A period; `hours` says whether the starting event records a time.
    Period {
        value: &'a mut Period,
        hours: bool,
    },
    Count(&'a mut u32),
}

impl Default for TimescaleConfig {
    fn default() -> TimescaleConfig {
        parse(TimescaleConfig::blank(), DEFAULT_TOML, true).expect("the shipped timescales.toml is valid")
    }
}

impl TimescaleConfig {
    /// The defaults with the values `text` sets (a whole file or only the keys an authority changes).
    pub fn from_toml(text: &str) -> Result<TimescaleConfig, ConfigError> {
        parse(TimescaleConfig::default(), text, false)
    }

    /// These timescales with the school terms of `terms` (the Virtual School's calendar).
    pub fn with_school_terms(mut self, terms: crate::virtual_school::SchoolTerms) -> TimescaleConfig {
        self.school_terms = terms;
        self
    }

    /// The dotted keys a TOML file may set.
    pub fn keys() -> Vec<&'static str> {
        TimescaleConfig::blank().slots().into_iter().map(|(k, _)| k).collect()
    }

    fn blank() -> TimescaleConfig {
        let p = Period::new(0, Unit::Days);
        TimescaleConfig {
            contact_decision: p,
            referral_decision: p,
            early_help_screening: p,
            assessment: p,
            icpc: p,
            cp_first_review: p,
            cp_later_reviews: p,
            cp_visits: p,
            lac_first_review: p,
            lac_second_review: p,
            lac_later_reviews: p,
            permanence_plan_by_review: 0,
            initial_health_assessment: p,
            health_assessment: p,
            health_assessment_young: p,
            young_under_age: 0,
            dental_check: p,
            visit_first: p,
            visits_first_year: p,
            visits_long_term: p,
            visits_later: p,
            care_plan: p,
            placement_plan: p,
            adoption_best_interest: p,
            adoption_first_review: p,
            adoption_second_review: p,
            adoption_later_reviews: p,
            family_finding: p,
            family_finding_update: p,
            return_interview: p,
            missing_escalation_episodes: 0,
            missing_escalation_window: p,
            missing_escalation: p,
            pathway_plan_by_age: 0,
            pathway_plan_from_age: 0,
            pathway_plan_until_age: 0,
            pathway_plan_extended_until_age: 0,
            pathway_plan_review: p,
            complaint_stage1: p,
            complaint_stage1_extended: p,
            complaint_escalation: p,
            complaint_stage2: p,
            complaint_stage2_extended: p,
            complaint_panel: p,
            complaint_panel_report: p,
            complaint_response: p,
            ehc_plan: p,
            send_advice: p,
            pep_initial: p,
            pep_early_years: p,
            pep_new_into_care: p,
            reviewing_minutes: p,
            school_terms: crate::virtual_school::SchoolTerms::default(),
        }
    }

    /// The one list of keys: each dotted TOML key with the field it sets.
    fn slots(&mut self) -> Vec<(&'static str, Slot<'_>)> {
        fn timed(value: &mut Period) -> Slot<'_> {
            Slot::Period { value, hours: true }
        }
        fn dated(value: &mut Period) -> Slot<'_> {
            Slot::Period { value, hours: false }
        }
        vec![
            ("front_door.contact_decision", timed(&mut self.contact_decision)),
            ("front_door.referral_decision", timed(&mut self.referral_decision)),
            ("front_door.early_help_screening", dated(&mut self.early_help_screening)),
            ("assessment.from_referral", dated(&mut self.assessment)),
            ("child_protection.icpc", dated(&mut self.icpc)),
            ("child_protection.first_review", dated(&mut self.cp_first_review)),
            ("child_protection.later_reviews", dated(&mut self.cp_later_reviews)),
            ("child_protection.visits", dated(&mut self.cp_visits)),
            ("looked_after.first_review", dated(&mut self.lac_first_review)),
            ("looked_after.second_review", dated(&mut self.lac_second_review)),
            ("looked_after.later_reviews", dated(&mut self.lac_later_reviews)),
            ("looked_after.permanence_plan_by_review", Slot::Count(&mut self.permanence_plan_by_review)),
            ("looked_after.initial_health_assessment", dated(&mut self.initial_health_assessment)),
            ("looked_after.health_assessment", dated(&mut self.health_assessment)),
            ("looked_after.health_assessment_young", dated(&mut self.health_assessment_young)),
            ("looked_after.young_under_age", Slot::Count(&mut self.young_under_age)),
            ("looked_after.dental_check", dated(&mut self.dental_check)),
            ("looked_after.visit_first", dated(&mut self.visit_first)),
            ("looked_after.visits_first_year", dated(&mut self.visits_first_year)),
            ("looked_after.visits_long_term", dated(&mut self.visits_long_term)),
            ("looked_after.visits_later", dated(&mut self.visits_later)),
            ("looked_after.care_plan", dated(&mut self.care_plan)),
            ("looked_after.placement_plan", dated(&mut self.placement_plan)),
            ("adoption.best_interest", dated(&mut self.adoption_best_interest)),
            ("adoption.placement_first_review", dated(&mut self.adoption_first_review)),
            ("adoption.placement_second_review", dated(&mut self.adoption_second_review)),
            ("adoption.placement_later_reviews", dated(&mut self.adoption_later_reviews)),
            ("adoption.family_finding", dated(&mut self.family_finding)),
            ("adoption.family_finding_update", dated(&mut self.family_finding_update)),
            ("missing.return_interview", timed(&mut self.return_interview)),
            ("missing.escalation_episodes", Slot::Count(&mut self.missing_escalation_episodes)),
            ("missing.escalation_window", dated(&mut self.missing_escalation_window)),
            ("missing.escalation", dated(&mut self.missing_escalation)),
            ("care_leavers.pathway_plan_by_age", Slot::Count(&mut self.pathway_plan_by_age)),
            ("care_leavers.pathway_plan_from_age", Slot::Count(&mut self.pathway_plan_from_age)),
            ("care_leavers.pathway_plan_until_age", Slot::Count(&mut self.pathway_plan_until_age)),
            ("care_leavers.pathway_plan_extended_until_age", Slot::Count(&mut self.pathway_plan_extended_until_age)),
            ("care_leavers.pathway_plan_review", dated(&mut self.pathway_plan_review)),
            ("complaints.stage1", dated(&mut self.complaint_stage1)),
            ("complaints.stage1_extended", dated(&mut self.complaint_stage1_extended)),
            ("complaints.escalation", dated(&mut self.complaint_escalation)),
            ("complaints.stage2", dated(&mut self.complaint_stage2)),
            ("complaints.stage2_extended", dated(&mut self.complaint_stage2_extended)),
            ("complaints.panel", dated(&mut self.complaint_panel)),
            ("complaints.panel_report", dated(&mut self.complaint_panel_report)),
            ("complaints.response", dated(&mut self.complaint_response)),
            ("send.ehc_plan", dated(&mut self.ehc_plan)),
            ("send.social_care_advice", dated(&mut self.send_advice)),
            ("virtual_school.pep_initial", dated(&mut self.pep_initial)),
            ("virtual_school.pep_early_years", dated(&mut self.pep_early_years)),
            ("virtual_school.pep_new_into_care", dated(&mut self.pep_new_into_care)),
            ("reviewing.minutes", dated(&mut self.reviewing_minutes)),
        ]
    }
}

fn err(key: &str, message: impl Into<String>) -> ConfigError {
    ConfigError { key: key.to_string(), message: message.into() }
}

/// Reads `text` onto `base`; with `complete`, every key must be set.
fn parse(mut base: TimescaleConfig, text: &str, complete: bool) -> Result<TimescaleConfig, ConfigError> {
    let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| err("(file)", e.to_string().trim_end()))?;
    let mut values = Vec::new();
    for (section, body) in &doc {
        let toml::Value::Table(body) = body else {
            return Err(err(section, "expected a section ([name]) of timescales"));
        };
        for (key, value) in body {
            values.push((format!("{section}.{key}"), value));
        }
    }
    let mut slots = base.slots();
    let mut seen = vec![false; slots.len()];
    for (key, value) in values {
        let i = slots.iter().position(|(k, _)| *k == key).ok_or_else(|| {
            let section = key.split('.').next().unwrap_or_default();
            let near: Vec<&str> =
                slots.iter().map(|(k, _)| *k).filter(|k| k.starts_with(&format!("{section}."))).collect();
            let hint =
                if near.is_empty() { String::new() } else { format!(" (this section has: {})", near.join(", ")) };
            err(&key, format!("unknown key{hint}"))
        })?;
        match &mut slots[i].1 {
            Slot::Period { value: field, hours } => **field = period(&key, value, *hours)?,
            Slot::Count(field) => **field = count(&key, value)?,
        }
        seen[i] = true;
    }
    if complete && let Some(i) = seen.iter().position(|s| !s) {
        return Err(err(slots[i].0, "missing"));
    }
    Ok(base)
}

fn number(key: &str, value: &toml::Value) -> Result<u32, ConfigError> {
    match value {
        toml::Value::Integer(n) if (0..=i64::from(MAX_N)).contains(n) => Ok(*n as u32),
        toml::Value::Integer(n) => Err(err(key, format!("{n} is out of range (0 to {MAX_N})"))),
        other => Err(err(key, format!("expected a whole number, found {}", other.type_str()))),
    }
}

fn count(key: &str, value: &toml::Value) -> Result<u32, ConfigError> {
    match number(key, value)? {
        0 => Err(err(key, "must be at least 1")),
        n => Ok(n),
    }
}

fn period(key: &str, value: &toml::Value, hours_allowed: bool) -> Result<Period, ConfigError> {
    let toml::Value::Table(t) = value else {
        return Err(err(key, format!("expected {{ n = <number>, unit = \"<unit>\" }}, found {}", value.type_str())));
    };
    if let Some(extra) = t.keys().find(|k| *k != "n" && *k != "unit") {
        return Err(err(&format!("{key}.{extra}"), "unknown key (a period has n and unit)"));
    }
    let n = t.get("n").ok_or_else(|| err(&format!("{key}.n"), "missing"))?;
    let n = number(&format!("{key}.n"), n)?;
    let unit_key = format!("{key}.unit");
    let unit = match t.get("unit") {
        Some(toml::Value::String(s)) => Unit::ALL.into_iter().find(|u| u.name() == s).ok_or_else(|| {
            let names: Vec<&str> = Unit::ALL.iter().map(|u| u.name()).collect();
            err(&unit_key, format!("'{s}' is not a unit (expected one of {})", names.join(", ")))
        })?,
        Some(other) => return Err(err(&unit_key, format!("expected a string, found {}", other.type_str()))),
        None => return Err(err(&unit_key, "missing")),
    };
    if unit == Unit::Hours && !hours_allowed {
        return Err(err(&unit_key, "hours need a recorded time, and this timescale starts from a date"));
    }
    Ok(Period { n, unit })
}
