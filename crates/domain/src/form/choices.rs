//! The lists a form picks from: DfE code lists (code and label from `codes`) and the domain's
//! own enums (labelled here). What is sent is what is stored: the value of an option is the
//! serde form of the value, so a form's answer reads as the stored payload would.

use crate::CollectionYear;
use crate::codes::*;
use crate::journey::*;
use crate::virtual_school::*;

/// One fixed list of options.
pub struct Choices {
    /// The list's name in messages ("legal status").
    pub what: &'static str,
    /// Whether people know the values (DfE codes) and should see them beside the labels.
    pub show_value: bool,
    /// `(value sent and stored, label shown)` in display order.
    pub options: fn() -> Vec<(&'static str, &'static str)>,
    /// Whether a value may be chosen in a collection year (codes the DfE added or withdrew).
    pub in_year: fn(&str, CollectionYear) -> bool,
}

impl Choices {
    /// The label of `value`, if it is one of the list's.
    pub fn label(&self, value: &str) -> Option<&'static str> {
        (self.options)().into_iter().find(|(v, _)| *v == value).map(|(_, l)| l)
    }
}

/// A type whose values are picked from a fixed list.
pub trait Choice {
    const CHOICES: Choices;
}

fn always(_: &str, _: CollectionYear) -> bool {
    true
}

macro_rules! code_choices {
    ($($t:ty),+ $(,)?) => {$(
        impl Choice for $t {
            const CHOICES: Choices = Choices {
                what: <$t>::LIST,
                show_value: true,
                options: || <$t>::ALL.iter().map(|c| (c.code(), c.label())).collect(),
                in_year: |v, year| <$t>::from_code(v).is_some_and(|c| c.valid_in(year)),
            };
        }
    )+};
}

code_choices!(
    ReferralSource,
    PrimaryNeed,
    ReasonForClosure,
    CategoryOfAbuse,
    Disability,
    UpnUnknown,
    AssessmentFactor,
    Sex,
    Ethnicity,
    LegalStatus,
    CategoryOfNeed,
    PlacementType,
    PlacementProvider,
    ReasonEpisodeCeased,
    ReasonPlaceChange,
    MissingType,
    SdqReason,
    InTouch,
    Activity,
    Accommodation,
    ReasonPlacedCeased,
    PreviousPermanence,
    ReviewParticipation,
    AdopterSex,
    AdopterLegalStatus,
    SocialWorkerChangeReason,
);

/// The domain's own enums: each value with the name it is stored by and the words people read.
macro_rules! labelled {
    ($t:ident, $what:literal { $($v:ident = $value:literal : $label:literal),+ $(,)? }) => {
        impl $t {
            /// Every value, in the order forms offer them.
            pub const ALL: &'static [$t] = &[$($t::$v),+];
            /// The words shown to people.
            pub const fn label(self) -> &'static str {
                match self { $($t::$v => $label,)+ }
            }
            /// The name it is stored by.
            pub const fn value(self) -> &'static str {
                match self { $($t::$v => $value,)+ }
            }
        }
        impl Choice for $t {
            const CHOICES: Choices = Choices {
                what: $what,
                show_value: false,
                options: || vec![$(($value, $label)),+],
                in_year: always,
            };
        }
    };
}

labelled!(ContactOutcome, "contact outcome" {
    InformationAndAdvice = "information_and_advice": "Information and advice",
    EarlyHelp = "early_help": "Early help",
    Referral = "referral": "Referral to children's social care",
    NoFurtherAction = "no_further_action": "No further action",
});

labelled!(ReferralNext, "next step" {
    Assessment = "assessment": "Single assessment",
    StrategyDiscussion = "strategy_discussion": "Strategy discussion",
    NoFurtherAction = "no_further_action": "No further action",
});

labelled!(Exploitation, "exploitation concern" {
    Cse = "Cse": "Child sexual exploitation (CSE)",
    Cce = "Cce": "Child criminal exploitation (CCE)",
});

labelled!(AssessmentOutcome, "assessment outcome" {
    NoFurtherAction = "no_further_action": "No further action",
    EarlyHelp = "early_help": "Early help",
    ChildInNeedPlan = "child_in_need_plan": "Child in need plan",
    StrategyDiscussion = "strategy_discussion": "Strategy discussion",
    LookedAfter = "looked_after": "To be looked after",
    ContinueExistingPlan = "continue_existing_plan": "Continue the existing plan",
});

labelled!(ProceedingsOutcome, "proceedings outcome" {
    CareOrder = "care_order": "Care order",
    SupervisionOrder = "supervision_order": "Supervision order",
    PlacementOrder = "placement_order": "Placement order",
    SpecialGuardianshipOrder = "special_guardianship_order": "Special guardianship order",
    ChildArrangementsOrder = "child_arrangements_order": "Child arrangements order",
    NoOrder = "no_order": "No order",
    Withdrawn = "withdrawn": "Application withdrawn",
});

labelled!(PreProceedingsOutcome, "pre-proceedings outcome" {
    ConcernsAddressed = "concerns_addressed": "Concerns addressed",
    CareProceedingsIssued = "care_proceedings_issued": "Care proceedings to be issued",
    OtherOutcome = "other_outcome": "Other outcome",
});

labelled!(PermanencePlan, "permanence plan" {
    ReturnHome = "return_home": "Return home",
    Adoption = "adoption": "Adoption",
    SpecialGuardianship = "special_guardianship": "Special guardianship",
    ChildArrangementsOrder = "child_arrangements_order": "Child arrangements order",
    LongTermFostering = "long_term_fostering": "Long-term fostering",
    ResidentialCare = "residential_care": "Residential care",
    IndependentLiving = "independent_living": "Independent living",
    Other = "other": "Other",
});

labelled!(ReviewerRole, "reviewer's role" {
    ReviewingOfficer = "reviewing_officer": "Independent reviewing officer",
    ConferenceChair = "conference_chair": "Child protection conference chair",
});

labelled!(Panel, "panel" {
    EarlyHelpTransition = "early_help_transition": "Early help transition panel",
    FamilyCareAndProtect = "family_care_and_protect": "Family care and protect panel",
    ChildrensDecisionMeeting = "childrens_decision_meeting": "Children's decision meeting",
    Permanence = "permanence": "Permanence panel",
    AdditionalResource = "additional_resource": "Additional resource panel",
    ShortBreaks = "short_breaks": "Short breaks panel",
    Adoption = "adoption": "Adoption panel",
    Fostering = "fostering": "Fostering panel",
    Ehcp = "ehcp": "EHCP panel",
});

// The Virtual School's lists (#16).
labelled!(YearGroup, "year group" {
    N1 = "n1": "Nursery 1", N2 = "n2": "Nursery 2", Reception = "reception": "Reception",
    Y1 = "y1": "Year 1", Y2 = "y2": "Year 2", Y3 = "y3": "Year 3", Y4 = "y4": "Year 4", Y5 = "y5": "Year 5",
    Y6 = "y6": "Year 6", Y7 = "y7": "Year 7", Y8 = "y8": "Year 8", Y9 = "y9": "Year 9", Y10 = "y10": "Year 10",
    Y11 = "y11": "Year 11", Y12 = "y12": "Year 12", Y13 = "y13": "Year 13", Y14 = "y14": "Year 14",
});

labelled!(PepPhase, "kind of PEP" {
    EarlyYears = "early_years": "Early years",
    School = "school": "School",
    Post16 = "post16": "Post-16",
    Neet = "neet": "NEET",
});

labelled!(Rating, "rating" {
    Red = "red": "Red",
    Amber = "amber": "Amber",
    Green = "green": "Green",
    Gold = "gold": "Gold",
});

labelled!(ExclusionKind, "suspension or exclusion" {
    Suspension = "suspension": "Suspension",
    Permanent = "permanent": "Permanent exclusion",
});

labelled!(ExclusionReason, "reason" {
    PhysicalAssaultPupil = "physical_assault_pupil": "Physical assault against a pupil",
    PhysicalAssaultAdult = "physical_assault_adult": "Physical assault against an adult",
    VerbalAbusePupil = "verbal_abuse_pupil": "Verbal abuse or threatening behaviour against a pupil",
    VerbalAbuseAdult = "verbal_abuse_adult": "Verbal abuse or threatening behaviour against an adult",
    Bullying = "bullying": "Bullying",
    Discriminatory = "discriminatory": "Racist, disability, sexual orientation or gender identity abuse",
    SexualMisconduct = "sexual_misconduct": "Sexual misconduct",
    DrugOrAlcohol = "drug_or_alcohol": "Drug or alcohol related",
    Damage = "damage": "Damage",
    Theft = "theft": "Theft",
    Weapon = "weapon": "Use or threat of use of an offensive weapon or prohibited item",
    PersistentDisruptive = "persistent_disruptive": "Persistent or general disruptive behaviour",
    Other = "other": "Other",
});

labelled!(Destination, "destination" {
    Education = "education": "In education",
    Apprenticeship = "apprenticeship": "In an apprenticeship",
    Training = "training": "In training",
    Employment = "employment": "In employment",
    NeetAvailable = "neet_available": "NEET, available for education, employment or training",
    NeetNotAvailable = "neet_not_available": "NEET, not available (illness, disability, caring, parenting)",
    NotKnown = "not_known": "Not known",
});

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    /// Every option is sent as the value's stored form, and read back to it.
    fn stored_as_sent<T: Choice + Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(all: &[T]) {
        let options = (T::CHOICES.options)();
        assert_eq!(options.len(), all.len(), "{}", T::CHOICES.what);
        for (t, (value, label)) in all.iter().zip(options) {
            assert_eq!(serde_json::to_value(t).unwrap(), serde_json::Value::String(value.into()));
            assert_eq!(serde_json::from_value::<T>(value.into()).unwrap(), *t);
            assert!(!label.is_empty());
        }
    }

    #[test]
    fn every_domain_list_sends_the_stored_name() {
        stored_as_sent(ContactOutcome::ALL);
        stored_as_sent(ReferralNext::ALL);
        stored_as_sent(Exploitation::ALL);
        stored_as_sent(AssessmentOutcome::ALL);
        stored_as_sent(ProceedingsOutcome::ALL);
        stored_as_sent(PreProceedingsOutcome::ALL);
        stored_as_sent(PermanencePlan::ALL);
        stored_as_sent(Panel::ALL);
        stored_as_sent(ReviewerRole::ALL);
        stored_as_sent(LegalStatus::ALL);
        stored_as_sent(AssessmentFactor::ALL);
        stored_as_sent(YearGroup::ALL);
        stored_as_sent(PepPhase::ALL);
        stored_as_sent(Rating::ALL);
        stored_as_sent(ExclusionKind::ALL);
        stored_as_sent(ExclusionReason::ALL);
        stored_as_sent(Destination::ALL);
    }

    #[test]
    fn codes_withdrawn_or_added_are_offered_only_in_their_years() {
        let c = PlacementType::CHOICES;
        assert!((c.in_year)("Z11", CollectionYear::new(2026)));
        assert!(!(c.in_year)("Z11", CollectionYear::new(2025)));
        assert!(!(c.in_year)("Z1", CollectionYear::new(2026)));
        assert_eq!(c.label("C1"), None);
        assert_eq!(LegalStatus::CHOICES.label("C1"), Some("Interim care order"));
    }
}
