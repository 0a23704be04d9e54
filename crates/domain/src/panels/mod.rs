//! Panels and agency decisions as first-class steps (issue #15, decision 007): the fostering,
//! adoption and permanence panels and the children's decision meeting, each **sitting** a
//! subject of the `panel` stream (`S` and digits). A sitting is scheduled, held with its
//! attendance (checked against the quorum the authority configures, citing the regulation) or
//! cancelled; cases are listed for it, heard (a typed recommendation, the quality of the main
//! report), and decided by the agency decision maker where the business needs one; the
//! recommendations and actions that come out of it are tracked open → done → verified.
//!
//! The facts a decision changes live on the subject's own stream (a household approved on the
//! `fostering` stream, a child matched on the child's): that event names the case it decides
//! ([`CaseRef`]) and the sitting's [`PanelEvent::AdmDecided`] is written with it, in one
//! transaction, so the sitting knows which cases still wait for their decision.
//!
//! | module | what |
//! |---|---|
//! | [`sitting`] | the events, the projection, its invariants |
//! | [`agenda`] | what is ready to come to a panel; where each agency decision is recorded |
//! | [`quorum`] | the quorum rules, configurable per panel, and the check of an attendance |
//! | [`declarations`] | the forms of a sitting (schedule, list, hear, decide, actions) |
//! | [`annual`] | the panel chairs' annual figures (sittings, outcomes, grades, decisions, actions) |
//! | [`legacy`] | today's free-text panel decisions on children's records, moved to sittings |

pub mod agenda;
pub mod annual;
pub mod declarations;
pub mod examples;
pub mod legacy;
pub mod quorum;
pub mod sitting;

pub use crate::journey::Panel;
pub use quorum::{Quorum, QuorumRule, QuorumRules};
pub use sitting::{
    Action, ActionSource, ActionStatus, AdmDecision, Attendee, Business, Case, CaseRef, Decided, Grade, Heard, PanelEvent,
    PanelRole, Recommendation, Sitting, SittingId,
};

/// Declares that a code list of the domain's own (not a DfE list) is offered by forms by its
/// label alone.
macro_rules! own_choices {
    ($($t:ty),+ $(,)?) => {$(
        impl $crate::form::Choice for $t {
            const CHOICES: $crate::form::Choices = $crate::form::Choices {
                what: <$t>::LIST,
                show_value: false,
                options: || <$t>::ALL.iter().map(|c| (c.code(), c.label())).collect(),
                in_year: |_, _| true,
            };
        }
    )+};
}
pub(crate) use own_choices;
