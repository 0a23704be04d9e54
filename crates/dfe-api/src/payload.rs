//! The request body of the DfE's children's social care API (`components.schemas.CSC` of its OpenAPI
//! document): typed so that what carefile sends has the schema's shape by construction. Optional
//! fields are left out when empty, never sent as null (the schema has no nullable fields).

use chrono::NaiveDate;
use serde::Serialize;

fn is_false(b: &bool) -> bool {
    !*b
}

/// One child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Child {
    pub la_child_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mis_child_id: Option<String>,
    /// Removes everything the DfE holds about the child.
    #[serde(skip_serializing_if = "is_false")]
    pub purge: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_details: Option<ChildDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_and_wellbeing: Option<Health>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub social_care_episodes: Vec<Episode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct ChildDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unique_pupil_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub former_unique_pupil_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unique_pupil_number_unknown_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_date_of_birth: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disabilities: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uasc_flag: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uasc_end_date: Option<NaiveDate>,
    /// Removes the child's personal details only.
    #[serde(skip_serializing_if = "is_false")]
    pub purge: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Health {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sdq_assessments: Vec<Sdq>,
    /// Removes the health and wellbeing details only.
    #[serde(skip_serializing_if = "is_false")]
    pub purge: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sdq {
    pub date: NaiveDate,
    pub score: u8,
}

/// A social care episode: a referral and what followed it (a CIN episode of the census), or a
/// period of care with no referral recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Episode {
    pub social_care_episode_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral_no_further_action_flag: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closure_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closure_reason: Option<String>,
    /// Has no purge flag in the schema: always sent whole.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub care_worker_details: Vec<Worker>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub child_and_family_assessments: Vec<Assessment>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub child_in_need_plans: Vec<CinPlan>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub section_47_assessments: Vec<Section47>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub child_protection_plans: Vec<CpPlan>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub child_looked_after_placements: Vec<Placement>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adoption: Option<Adoption>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub care_leavers: Option<CareLeaver>,
    #[serde(skip_serializing_if = "is_false")]
    pub purge: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Worker {
    pub worker_id: String,
    pub start_date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Assessment {
    pub child_and_family_assessment_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorisation_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub factors: Vec<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub purge: bool,
}

/// The schema's two kinds of plan have the same fields but for the name of their ID.
macro_rules! plan {
    ($(#[$m:meta])* $name:ident, $id:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
        pub struct $name {
            pub $id: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub start_date: Option<NaiveDate>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub end_date: Option<NaiveDate>,
            #[serde(skip_serializing_if = "is_false")]
            pub purge: bool,
        }
    };
}

plan!(
    /// A child in need plan.
    CinPlan,
    child_in_need_plan_id
);
plan!(
    /// A child protection plan.
    CpPlan,
    child_protection_plan_id
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Section47 {
    pub section_47_assessment_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icpc_required_flag: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icpc_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "is_false")]
    pub purge: bool,
}

/// A looked-after placement: one SSDA903 episode (a change of legal status or placement starts one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Placement {
    pub child_looked_after_placement_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    /// RNE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placement_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    /// REC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_reason: Option<String>,
    /// REASON_PLACE_CHANGE of the change that started this placement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_reason: Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub purge: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Adoption {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_decision_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placed_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "is_false")]
    pub purge: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct CareLeaver {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accommodation: Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub purge: bool,
}
