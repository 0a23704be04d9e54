//! The lists a carer's record picks from, and the terms of approval.

use crate::ChildId;
use serde::{Deserialize, Serialize};

crate::code_list! {
    /// What a household is approved (or applies) to be.
    pub enum CarerType ("type of carer") {
        Mainstream = "mainstream": "Mainstream foster carers",
        Specialist = "specialist": "Specialist foster carers",
        ShortBreaks = "short_breaks": "Short breaks carers",
        ConnectedPerson = "connected_person": "Connected person (kinship) foster carers for a named child",
    }
}

crate::code_list! {
    /// How an enquiry came in.
    pub enum EnquiryChannel ("enquiry channel") {
        Website = "website": "Website form",
        BookAChat = "book_a_chat": "Booked a chat online",
        Phone = "phone": "Telephone",
        Event = "event": "Recruitment event",
        WordOfMouth = "word_of_mouth": "Recommended by a carer",
        Other = "other": "Other",
    }
}

crate::code_list! {
    /// A stage of an assessment.
    pub enum Stage ("assessment stage") {
        Stage1 = "stage_1": "Stage 1",
        Stage2 = "stage_2": "Stage 2",
        FullAssessment = "full_assessment": "Full connected-person assessment",
    }
}

crate::code_list! {
    /// Why an application closed before a decision.
    pub enum ClosureReason ("reason for closure") {
        Withdrew = "withdrew": "The applicants withdrew",
        ChangeOfCircumstances = "change_of_circumstances": "A change in the applicants' circumstances",
        NotProgressed = "not_progressed": "Not progressed to assessment",
        CounselledOut = "counselled_out": "Counselled out during assessment",
        ChildMovedOn = "child_moved_on": "The child no longer needs the placement",
        Other = "other": "Other",
    }
}

crate::code_list! {
    /// Why an approval ended.
    pub enum EndReason ("reason the approval ended") {
        Resigned = "resigned": "Resigned",
        Retired = "retired": "Retired from fostering",
        StayingPut = "staying_put": "The young person stayed on after 18 (Staying Put)",
        SpecialGuardianship = "special_guardianship": "Became special guardians of the child",
        Adopted = "adopted": "Adopted their foster child",
        ChangeOfCircumstances = "change_of_circumstances": "A change in circumstances (health, separation)",
        TransferredOut = "transferred_out": "Transferred to another fostering service",
        Deregistered = "deregistered": "Approval ended by the agency decision maker",
        Died = "died": "Died",
        Other = "other": "Other",
    }
}

crate::code_list! {
    /// Why a review is held.
    pub enum ReviewKind ("review") {
        Annual = "annual": "Annual review",
        FollowingConcerns = "following_concerns": "Review following concerns or an allegation",
        ChangeOfApproval = "change_of_approval": "Review for a change of approval",
        ChangeOfCircumstances = "change_of_circumstances": "Review following a change in circumstances",
    }
}

crate::code_list! {
    /// What a review recommends and the agency decision maker decides.
    pub enum ReviewDecision ("review outcome") {
        Continue = "continue": "Continue the approval on the same terms",
        ChangeTerms = "change_terms": "Change the terms of approval",
        Terminate = "terminate": "End the approval",
    }
}

impl ReviewDecision {
    /// The same outcome as a panel recommends it.
    pub fn recommendation(self) -> crate::panels::Recommendation {
        use crate::panels::Recommendation as R;
        match self {
            ReviewDecision::Continue => R::ContinueApproval,
            ReviewDecision::ChangeTerms => R::ChangeTerms,
            ReviewDecision::Terminate => R::TerminateApproval,
        }
    }
}

crate::code_list! {
    /// A check of a household member that expires.
    pub enum CheckKind ("check") {
        Dbs = "dbs": "Enhanced DBS check",
        Medical = "medical": "Medical",
    }
}

crate::code_list! {
    /// A concern about the care a household gives.
    pub enum AllegationKind ("concern") {
        Allegation = "allegation": "Allegation of harm (referred to the LADO)",
        StandardsOfCare = "standards_of_care": "Standards of care concern",
    }
}

crate::code_list! {
    /// How an allegation or concern concluded.
    pub enum AllegationOutcome ("outcome") {
        Substantiated = "substantiated": "Substantiated",
        Unsubstantiated = "unsubstantiated": "Unsubstantiated",
        Unfounded = "unfounded": "Unfounded",
        False = "false": "False",
        Malicious = "malicious": "Malicious",
        Resolved = "resolved": "Standards of care: resolved with support",
    }
}

crate::code_list! {
    /// The regulation a temporary approval is made under.
    pub enum TemporaryRegulation ("regulation") {
        Reg24 = "reg24": "Connected person, Care Planning Regulations 2010 reg 24",
        Reg25A = "reg25a": "Fostering for adoption, Care Planning Regulations 2010 reg 25A",
    }
}

crate::code_list! {
    /// Arrangements the fostering service supports that are not fostering approvals.
    pub enum ArrangementKind ("arrangement") {
        StayingPut = "staying_put": "Staying Put (a young person staying on after 18)",
        SupportedLodgings = "supported_lodgings": "Supported lodgings host",
    }
}

crate::panels::own_choices!(
    CarerType,
    EnquiryChannel,
    Stage,
    ClosureReason,
    EndReason,
    ReviewKind,
    ReviewDecision,
    CheckKind,
    AllegationKind,
    AllegationOutcome,
    TemporaryRegulation,
    ArrangementKind,
);

/// The usual fostering limit: no more than three children fostered at once unless the local
/// authority exempts the carer (Children Act 1989 Sch 7 para 2; siblings placed together are
/// exempt of themselves).
pub const USUAL_FOSTERING_LIMIT: u32 = 3;

/// Oldest age in a range of approval (care leavers stay with their carers beyond 18 under
/// Staying Put, which is not fostering).
pub const MAX_AGE: u32 = 18;

/// What a household is approved for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    pub carer_type: CarerType,
    /// Ages of children, from and to (inclusive, whole years).
    pub age_from: u32,
    pub age_to: u32,
    /// How many children at once.
    pub children: u32,
    /// The child a connected person is approved for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named_child: Option<ChildId>,
}

impl Terms {
    /// Whether the terms read as terms: an age range, a number of children, a named child for a
    /// connected person (and only for one).
    pub fn check(&self) -> Result<(), String> {
        if self.age_from > self.age_to || self.age_to > MAX_AGE {
            return Err(format!("ages {} to {} are not a range within 0 to {MAX_AGE}", self.age_from, self.age_to));
        }
        if !(1..=10).contains(&self.children) {
            return Err(format!("approval for {} children: 1 to 10 expected", self.children));
        }
        match (self.carer_type, &self.named_child) {
            (CarerType::ConnectedPerson, None) => Err("a connected person is approved for a named child".into()),
            (CarerType::ConnectedPerson, Some(_)) | (_, None) => Ok(()),
            (t, Some(_)) => Err(format!("{} are not approved for a named child", t.label().to_lowercase())),
        }
    }

    /// The terms in a few words ("mainstream foster carers, 2 children aged 0 to 18").
    pub fn describe(&self) -> String {
        let named = self.named_child.as_ref().map(|c| format!(" ({c})")).unwrap_or_default();
        format!(
            "{}{named}, {} {} aged {} to {}",
            self.carer_type.label(),
            self.children,
            if self.children == 1 { "child" } else { "children" },
            self.age_from,
            self.age_to
        )
    }

    /// Whether a child of `age` fits the range.
    pub fn covers_age(&self, age: u32) -> bool {
        (self.age_from..=self.age_to).contains(&age)
    }
}
