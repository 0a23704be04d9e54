//! The options of every select on the forms: DfE code lists (code and label
//! from the domain) and the domain's own enums (labels written here).

use carefile_domain::codes::*;
use carefile_domain::journey::{AssessmentOutcome, ContactOutcome, Exploitation, ReferralNext};

/// A value picked from a fixed list: what the form sends, what people read.
pub trait Choice: Sized + Copy + 'static {
    /// The list's name in error messages ("legal status").
    const WHAT: &'static str;
    /// Whether people know the values (DfE codes) and should see them beside the labels.
    const SHOW_VALUE: bool;
    /// `(value sent, label shown)` in display order.
    fn options() -> Vec<(&'static str, &'static str)>;
    fn pick(value: &str) -> Option<Self>;
    fn value(self) -> &'static str;
}

/// `(value, text shown)` for a select: DfE codes are shown with their labels.
pub fn shown<T: Choice>() -> Vec<(String, String)> {
    T::options()
        .into_iter()
        .map(|(v, l)| (v.to_string(), if T::SHOW_VALUE { format!("{v} – {l}") } else { l.to_string() }))
        .collect()
}

macro_rules! code_choices {
    ($($t:ty),+ $(,)?) => {$(
        impl Choice for $t {
            const WHAT: &'static str = <$t>::LIST;
            const SHOW_VALUE: bool = true;
            fn options() -> Vec<(&'static str, &'static str)> {
                <$t>::ALL.iter().map(|c| (c.code(), c.label())).collect()
            }
            fn pick(value: &str) -> Option<Self> {
                <$t>::from_code(value)
            }
            fn value(self) -> &'static str {
                self.code()
            }
        }
    )+};
}

code_choices!(
    ReferralSource,
    AssessmentFactor,
    CategoryOfAbuse,
    ReasonForClosure,
    LegalStatus,
    CategoryOfNeed,
    PlacementType,
    PlacementProvider,
    ReasonPlaceChange,
    ReasonEpisodeCeased,
    ReviewParticipation,
    MissingType,
    SocialWorkerChangeReason,
);

/// The domain's own enums: the value sent is the name the event is stored with.
macro_rules! labelled_choices {
    ($t:ty, $what:literal { $($v:ident = $value:literal : $label:literal),+ $(,)? }) => {
        impl Choice for $t {
            const WHAT: &'static str = $what;
            const SHOW_VALUE: bool = false;
            fn options() -> Vec<(&'static str, &'static str)> {
                vec![$(($value, $label)),+]
            }
            fn pick(value: &str) -> Option<Self> {
                match value { $($value => Some(<$t>::$v),)+ _ => None }
            }
            fn value(self) -> &'static str {
                match self { $(<$t>::$v => $value,)+ }
            }
        }
    };
}

labelled_choices!(ContactOutcome, "contact outcome" {
    InformationAndAdvice = "information_and_advice": "Information and advice",
    EarlyHelp = "early_help": "Early help",
    Referral = "referral": "Referral to children's social care",
    NoFurtherAction = "no_further_action": "No further action",
});

labelled_choices!(ReferralNext, "next step" {
    Assessment = "assessment": "Single assessment",
    StrategyDiscussion = "strategy_discussion": "Strategy discussion",
    NoFurtherAction = "no_further_action": "No further action",
});

labelled_choices!(AssessmentOutcome, "assessment outcome" {
    NoFurtherAction = "no_further_action": "No further action",
    EarlyHelp = "early_help": "Early help",
    ChildInNeedPlan = "child_in_need_plan": "Child in need plan",
    StrategyDiscussion = "strategy_discussion": "Strategy discussion",
    LookedAfter = "looked_after": "Looked after",
    ContinueExistingPlan = "continue_existing_plan": "Continue the existing plan",
});

labelled_choices!(Exploitation, "exploitation concern" {
    Cse = "cse": "Child sexual exploitation",
    Cce = "cce": "Child criminal exploitation",
});

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<T: Choice + PartialEq + std::fmt::Debug>() {
        let opts = T::options();
        assert!(!opts.is_empty());
        for (value, label) in opts {
            let picked = T::pick(value).unwrap_or_else(|| panic!("{value} of {} not picked", T::WHAT));
            assert_eq!(picked.value(), value);
            assert!(!label.is_empty());
        }
        assert!(T::pick("no such value").is_none());
    }

    #[test]
    fn every_list_round_trips() {
        round_trips::<ContactOutcome>();
        round_trips::<ReferralNext>();
        round_trips::<AssessmentOutcome>();
        round_trips::<Exploitation>();
        round_trips::<LegalStatus>();
        round_trips::<PlacementType>();
        round_trips::<AssessmentFactor>();
    }

    #[test]
    fn codes_are_shown_with_their_labels_and_domain_values_are_not() {
        assert_eq!(shown::<LegalStatus>()[0], ("C1".to_string(), "C1 – Interim care order".to_string()));
        assert_eq!(
            shown::<ContactOutcome>()[0],
            ("information_and_advice".to_string(), "Information and advice".to_string())
        );
    }

    #[test]
    fn domain_enums_send_their_stored_names() {
        // The value sent is the serde name, so a form value reads as the stored payload would.
        for (value, _) in AssessmentOutcome::options() {
            let json = serde_json::to_string(&AssessmentOutcome::pick(value).unwrap()).unwrap();
            assert_eq!(json, format!("\"{value}\""));
        }
    }
}
