//! Ofsted's drop-down value labels, as versioned data (`data/labels-<template>.toml`) keyed by
//! carefile's typed codes. Every code of every domain list used here must have a label in each
//! template (a test walks the lists), so a new DfE code cannot reach a sheet unlabelled.

use serde::Deserialize;
use std::collections::BTreeMap;

/// A template's labels could not be read or lack a code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabelError {
    #[error("unknown Annex A template '{0}' (known: {known})", known = TEMPLATES.iter().map(|t| t.0).collect::<Vec<_>>().join(", "))]
    UnknownTemplate(String),
    #[error("labels file: {0}")]
    Malformed(String),
    #[error("the {template} template has no label for {list} code '{code}'")]
    Missing { template: String, list: &'static str, code: String },
}

/// The templates carefile knows, newest last: (name, the labels file's text).
const TEMPLATES: &[(&str, &str)] = &[("2024", include_str!("../data/labels-2024.toml"))];

/// The newest template.
pub const LATEST: &str = "2024";

#[derive(Debug, Clone, Deserialize)]
struct File {
    template: String,
    description: String,
    labels: BTreeMap<String, BTreeMap<String, String>>,
}

/// One template's labels.
#[derive(Debug, Clone)]
pub struct Labels {
    pub template: String,
    pub description: String,
    lists: BTreeMap<String, BTreeMap<String, String>>,
}

impl Labels {
    /// The labels of a shipped template (`2024`).
    pub fn template(name: &str) -> Result<Labels, LabelError> {
        let (_, text) =
            TEMPLATES.iter().find(|(n, _)| *n == name).ok_or_else(|| LabelError::UnknownTemplate(name.into()))?;
        Labels::parse(text)
    }

    /// Labels from a file's text (an authority may hold a newer template than carefile ships).
    pub fn parse(text: &str) -> Result<Labels, LabelError> {
        let f: File = toml::from_str(text).map_err(|e| LabelError::Malformed(e.to_string()))?;
        Ok(Labels { template: f.template, description: f.description, lists: f.labels })
    }

    /// The label of `code` in `list`.
    pub fn get(&self, list: &'static str, code: &str) -> Result<&str, LabelError> {
        self.lists.get(list).and_then(|l| l.get(code)).map(String::as_str).ok_or_else(|| LabelError::Missing {
            template: self.template.clone(),
            list,
            code: code.into(),
        })
    }

    /// Every label of `list` (for conformance checks).
    pub fn all(&self, list: &str) -> impl Iterator<Item = (&str, &str)> {
        self.lists.get(list).into_iter().flatten().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The lists this template labels.
    pub fn lists(&self) -> impl Iterator<Item = &str> {
        self.lists.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use carefile_domain::codes::*;

    /// Every code of every domain list the lists write has a label in every shipped template.
    #[test]
    fn every_code_has_a_label_in_every_template() {
        fn all<T: Copy>(l: &Labels, list: &'static str, codes: &[T], code: impl Fn(T) -> &'static str) {
            for c in codes {
                l.get(list, code(*c)).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        for (name, _) in TEMPLATES {
            let l = Labels::template(name).unwrap();
            all(&l, "sex", Sex::ALL, Sex::code);
            all(&l, "ethnicity", Ethnicity::ALL, Ethnicity::code);
            all(&l, "referral_source", ReferralSource::ALL, ReferralSource::code);
            all(&l, "primary_need", PrimaryNeed::ALL, PrimaryNeed::code);
            all(&l, "reason_for_closure", ReasonForClosure::ALL, ReasonForClosure::code);
            all(&l, "category_of_abuse", CategoryOfAbuse::ALL, CategoryOfAbuse::code);
            all(&l, "category_of_need", CategoryOfNeed::ALL, CategoryOfNeed::code);
            all(&l, "legal_status", LegalStatus::ALL, LegalStatus::code);
            all(&l, "reason_ceased", ReasonEpisodeCeased::ALL, ReasonEpisodeCeased::code);
            all(&l, "placement_type", PlacementType::ALL, PlacementType::code);
            all(&l, "placement_provider", PlacementProvider::ALL, PlacementProvider::code);
            all(&l, "in_touch", InTouch::ALL, InTouch::code);
            all(&l, "reason_placed_ceased", ReasonPlacedCeased::ALL, ReasonPlacedCeased::code);
            let activities: Vec<Activity> = Activity::ALL.iter().copied().filter(|a| *a != Activity::Zero).collect();
            all(&l, "activity", &activities, Activity::code);
            for a in Accommodation::ALL.iter().filter(|a| **a != Accommodation::Zero) {
                l.get("accommodation", &a.code()[..1]).unwrap();
            }
            for key in ["yes", "no", "unknown"] {
                l.get("yes_no", key).unwrap();
            }
            for key in ["yes", "no"] {
                l.get("adopter_ffa", key).unwrap();
            }
            for key in ["withdrew", "on_hold", "refused"] {
                l.get("adopter_left", key).unwrap();
            }
        }
    }

    #[test]
    fn unknown_templates_and_codes_are_named() {
        let e = Labels::template("1999").unwrap_err();
        assert!(e.to_string().contains("'1999'") && e.to_string().contains("2024"), "{e}");
        let l = Labels::template(LATEST).unwrap();
        let e = l.get("ethnicity", "XXXX").unwrap_err();
        assert_eq!(e.to_string(), "the 2024 template has no label for ethnicity code 'XXXX'");
        assert!(Labels::parse("template = 1").is_err());
    }
}
