//! Prospective adopters (issue #15, decision 007): an adoptive household's record on the
//! `adopter` stream, keyed by the household's id (decision 002). It holds the adopters' own
//! journey: enquiry → initial visit → registration of interest → stage 1 (two months) → stage 2
//! (four months), with a break between the stages kept out of timeliness, or fast track straight
//! to stage 2 (second-time adopters, approved foster carers) → panel → the agency decision maker
//! (a "not suitable" determination with the Independent Review Mechanism route) → approved and
//! waiting, reviewed yearly while no child is placed; withdrawals with their reason; support
//! after the adoption order.
//!
//! Linking, matching, placement and the adoption order are facts about the child and live on the
//! child's record, naming this household (`ChildEvent::AdopterLinked`, `MatchedWithAdopters`, a
//! placement for adoption with `Placement::household`): one fact, one place.
//!
//! Where the authority works through a regional adoption agency, the agency keeps its own records
//! of the adopters it recruits; carefile keeps those of the authority's own adopters (assessment,
//! approval, support) and, for every child, the match with whichever agency's adopters
//! ([`AdopterAgency`] on the child's match), which is what the scorecard and Annex A need.

pub mod annual;
pub mod declarations;
pub mod due;
pub mod examples;
pub mod record;

pub use record::{AdopterApplication, AdopterApproval, AdopterEvent, AdopterRecord, Support};

use serde::{Deserialize, Serialize};

crate::code_list! {
    /// Where adopters were approved, relative to the authority: its own, a partner in its regional
    /// adoption agency, another agency.
    pub enum AdopterAgency ("adopters' agency") {
        Own = "own": "The authority's own adopters",
        Regional = "regional": "Adopters of a partner in the regional adoption agency",
        OtherRaa = "other_raa": "Another regional adoption agency",
        Voluntary = "voluntary": "A voluntary adoption agency",
        OtherLocalAuthority = "other_la": "Another local authority",
        OutsideEngland = "outside_england": "An agency outside England",
    }
}

impl AdopterAgency {
    /// Placed within the regional adoption agency (the authority's own adopters or a partner's).
    pub fn within_region(self) -> bool {
        matches!(self, AdopterAgency::Own | AdopterAgency::Regional)
    }
}

crate::code_list! {
    /// Why prospective adopters left the process or their approval ended.
    pub enum WithdrawalReason ("reason") {
        ChangeOfCircumstances = "change_of_circumstances": "A change in their circumstances",
        ChoseOtherAgency = "other_agency": "Chose another agency",
        NotReady = "not_ready": "Not ready to proceed",
        AgencyDecision = "agency_decision": "The agency did not proceed (counselled out)",
        Contact = "contact": "Unwilling to support contact with birth family",
        Other = "other": "Other",
    }
}

crate::code_list! {
    /// Why an approval ended.
    pub enum ApprovalEndReason ("reason") {
        Adopted = "adopted": "Adopted: the family is complete",
        Withdrew = "withdrew": "Withdrew",
        NotSuitableOnReview = "not_suitable_on_review": "No longer suitable (on review)",
        Transferred = "transferred": "Transferred to another agency",
        Other = "other": "Other",
    }
}

crate::code_list! {
    /// Support after an adoption order.
    pub enum SupportKind ("support") {
        Assessment = "assessment": "Assessment of adoption support needs",
        FundApplication = "fund_application": "Application to the Adoption and Special Guardianship Support Fund",
        FundTopUp = "fund_top_up": "Top-up application to the Support Fund",
        Therapy = "therapy": "Therapeutic support",
        LifeStory = "life_story": "Life story work",
    }
}

crate::panels::own_choices!(AdopterAgency, WithdrawalReason, ApprovalEndReason, SupportKind);

/// What prospective adopters are approved for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdopterTerms {
    /// Children at once (a sibling group of two: 2).
    pub children: u32,
    pub age_from: u32,
    pub age_to: u32,
    /// Also approved as foster carers for early permanence (fostering for adoption, concurrent planning).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub early_permanence: bool,
}

impl AdopterTerms {
    pub fn check(&self) -> Result<(), String> {
        if self.age_from > self.age_to || self.age_to > 17 {
            return Err(format!("ages {} to {} are not a range within 0 to 17", self.age_from, self.age_to));
        }
        if !(1..=4).contains(&self.children) {
            return Err(format!("approval for {} children: 1 to 4 expected", self.children));
        }
        Ok(())
    }

    pub fn describe(&self) -> String {
        let ep = if self.early_permanence { ", early permanence" } else { "" };
        format!(
            "{} {} aged {} to {}{ep}",
            self.children,
            if self.children == 1 { "child" } else { "children" },
            self.age_from,
            self.age_to
        )
    }
}
