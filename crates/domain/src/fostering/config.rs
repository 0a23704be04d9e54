//! The timescales of carers, adopters and panels, and the panels' quorums, read from TOML
//! (`config/fostering-adoption.toml` is the default). An authority's file names only the keys it
//! changes; the rest keep their defaults. Every error names the key.

use crate::panels::QuorumRules;
use crate::timescales::Period;
use serde::{Deserialize, Serialize};

/// The shipped defaults, with the source of each.
pub const DEFAULT_TOML: &str = include_str!("../../config/fostering-adoption.toml");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fostering {
    pub review: Period,
    pub panel_cycle: u32,
    pub list_for_panel: Period,
    pub review_decision: Period,
    pub escalate_after: Period,
    pub tsd: Period,
    pub tsd_connected: Period,
    pub dbs: Period,
    pub medical: Period,
    pub supervision_visit: Period,
    pub unannounced_visit: Period,
    pub assessment: Period,
    pub review_after_concerns: Period,
    pub staying_put_review: Period,
    pub supported_lodgings_review: Period,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adopters {
    pub stage1: Period,
    pub stage2: Period,
    pub break_between_stages: Period,
    pub assessment_target: Period,
    pub approval_review: Period,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Panels {
    pub adm_decision: Period,
    pub quorum: QuorumRules,
}

/// Every timescale and quorum of the fostering and adoption services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub fostering: Fostering,
    pub adopters: Adopters,
    pub panels: Panels,
}

/// A TOML text that is not a valid configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("fostering and adoption configuration: {0}")]
pub struct ConfigError(pub String);

impl Default for Config {
    fn default() -> Config {
        Config::from_toml("").expect("the shipped fostering-adoption.toml is valid")
    }
}

/// `over`'s keys replace `base`'s, table by table.
fn merge(base: &mut toml::Value, over: toml::Value) {
    match (base, over) {
        (toml::Value::Table(b), toml::Value::Table(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    // A period is replaced whole, not merged key by key.
                    Some(existing) if existing.is_table() && !v.as_table().is_some_and(|t| t.contains_key("n")) => {
                        merge(existing, v)
                    }
                    _ => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (b, o) => *b = o,
    }
}

impl Config {
    /// The defaults with the keys `text` sets.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let mut base: toml::Value = toml::from_str(DEFAULT_TOML).map_err(|e| ConfigError(format!("defaults: {e}")))?;
        let over: toml::Value = toml::from_str(text).map_err(|e| ConfigError(e.to_string()))?;
        merge(&mut base, over);
        let config: Config = base.try_into().map_err(|e: toml::de::Error| ConfigError(e.to_string()))?;
        config.panels.quorum.check_names().map_err(ConfigError)?;
        let periods = [
            ("fostering.review", config.fostering.review),
            ("fostering.tsd", config.fostering.tsd),
            ("fostering.dbs", config.fostering.dbs),
            ("fostering.medical", config.fostering.medical),
            ("fostering.supervision_visit", config.fostering.supervision_visit),
            ("adopters.stage1", config.adopters.stage1),
            ("adopters.stage2", config.adopters.stage2),
            ("adopters.approval_review", config.adopters.approval_review),
        ];
        for (key, p) in periods {
            if p.n == 0 || p.n > 1000 || p.unit == crate::timescales::Unit::Hours {
                return Err(ConfigError(format!("{key}: {p} is not a period of 1 to 1000 days, weeks or months")));
            }
        }
        if !(1..=20).contains(&config.fostering.panel_cycle) {
            return Err(ConfigError(format!("fostering.panel_cycle: {} is not 1 to 20 reviews", config.fostering.panel_cycle)));
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journey::Panel;
    use crate::timescales::Unit;

    #[test]
    fn defaults_and_overrides_by_key() {
        let c = Config::default();
        assert_eq!(c.fostering.review, Period::new(12, Unit::Months));
        assert_eq!(c.panels.quorum.rule(Panel::Fostering).members, 5);
        let c = Config::from_toml("[fostering]\npanel_cycle = 3\n[panels.quorum.adoption]\nmembers = 6\nchair_or_vice = true\nsocial_workers = 1\nindependent = 2\nsource = \"local\"").unwrap();
        assert_eq!(c.fostering.panel_cycle, 3);
        assert_eq!(c.fostering.review, Period::new(12, Unit::Months), "the rest keep their defaults");
        assert_eq!(c.panels.quorum.rule(Panel::Adoption).independent, 2);
        assert_eq!(c.panels.quorum.rule(Panel::Fostering).members, 5);
    }

    #[test]
    fn errors_name_the_key() {
        let e = Config::from_toml("[fostering]\nreveiw = { n = 1, unit = \"months\" }").unwrap_err();
        assert!(e.0.contains("reveiw"), "{e}");
        let e = Config::from_toml("[panels.quorum.fostring]\nmembers = 1\nchair_or_vice = true\nsocial_workers = 0\nindependent = 0\nsource = \"x\"").unwrap_err();
        assert!(e.0.contains("panels.quorum.fostring: not a panel"), "{e}");
        let e = Config::from_toml("[fostering]\ndbs = { n = 0, unit = \"months\" }").unwrap_err();
        assert!(e.0.contains("fostering.dbs"), "{e}");
        let e = Config::from_toml("[adopters]\nstage1 = { n = 2, unit = \"fortnights\" }").unwrap_err();
        assert!(e.0.contains("fortnights"), "{e}");
    }
}
