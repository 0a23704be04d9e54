//! One form per step of the child's journey, each read into one `ChildEvent`.

use super::reader::{Items, Reader};
use carefile_domain::ChildEvent::{self, *};
use carefile_domain::codes::*;
use carefile_domain::journey::*;

macro_rules! kinds {
    ($($kind:ident = $slug:literal : $title:literal),+ $(,)?) => {
        /// The recording forms.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum FormKind { $($kind),+ }

        impl FormKind {
            pub const ALL: &'static [FormKind] = &[$(FormKind::$kind),+];
            /// The form's name in its address (`/children/{id}/record/{slug}`).
            pub fn slug(self) -> &'static str {
                match self { $(FormKind::$kind => $slug),+ }
            }
            pub fn title(self) -> &'static str {
                match self { $(FormKind::$kind => $title),+ }
            }
            pub fn from_slug(s: &str) -> Option<FormKind> {
                match s { $($slug => Some(FormKind::$kind),)+ _ => None }
            }
        }
    };
}

kinds! {
    Contact = "contact": "Contact received",
    ContactDecision = "contact-decision": "Screening decision on a contact",
    Referral = "referral": "Referral received",
    ReferralDecision = "referral-decision": "Manager's decision on a referral",
    AssessmentStart = "assessment-start": "Assessment started",
    AssessmentAuthorise = "assessment-authorise": "Assessment authorised",
    StrategyDiscussion = "strategy-discussion": "Strategy discussion",
    S47Start = "s47-start": "Section 47 enquiry started",
    S47Conclude = "s47-conclude": "Section 47 enquiry concluded",
    Icpc = "icpc": "Initial child protection conference",
    CpPlanStart = "cp-plan-start": "Child protection plan started",
    CpReview = "cp-review": "Child protection review conference",
    CpPlanEnd = "cp-plan-end": "Child protection plan ended",
    CinPlanStart = "cin-plan-start": "Child in need plan started",
    CinPlanEnd = "cin-plan-end": "Child in need plan ended",
    Visit = "visit": "Statutory visit",
    CareStart = "care-start": "Started to be looked after",
    PlacementChange = "placement-change": "Placement changed",
    LegalStatusChange = "legal-status-change": "Legal status changed",
    CareEnd = "care-end": "Ceased to be looked after",
    LacReview = "lac-review": "Looked-after review",
    MissingStart = "missing-start": "Missing or away from placement",
    MissingEnd = "missing-end": "Returned from missing",
    ReturnInterview = "return-interview": "Return home interview",
    Closure = "closure": "Case closed",
    Allocation = "allocation": "Allocated to a worker",
    Oversight = "oversight": "Management oversight",
}

impl FormKind {
    /// The form that records events like `e` (to correct one), if any.
    pub fn of_event(e: &ChildEvent) -> Option<FormKind> {
        use FormKind as K;
        Some(match e {
            ContactReceived { .. } => K::Contact,
            ContactDecided { .. } => K::ContactDecision,
            ReferralReceived { .. } => K::Referral,
            ReferralDecided { .. } => K::ReferralDecision,
            AssessmentStarted { .. } => K::AssessmentStart,
            AssessmentAuthorised { .. } => K::AssessmentAuthorise,
            StrategyDiscussionHeld { .. } => K::StrategyDiscussion,
            S47Started { .. } => K::S47Start,
            S47Concluded { .. } => K::S47Conclude,
            IcpcHeld { .. } => K::Icpc,
            CpPlanStarted { .. } => K::CpPlanStart,
            CpReviewHeld { .. } => K::CpReview,
            CpPlanEnded { .. } => K::CpPlanEnd,
            CinPlanStarted { .. } => K::CinPlanStart,
            CinPlanEnded { .. } => K::CinPlanEnd,
            Visited { .. } => K::Visit,
            CareStarted { .. } => K::CareStart,
            PlacementChanged { .. } => K::PlacementChange,
            LegalStatusChanged { .. } => K::LegalStatusChange,
            CareEnded { .. } => K::CareEnd,
            LacReviewHeld { .. } => K::LacReview,
            MissingStarted { .. } => K::MissingStart,
            MissingEnded { .. } => K::MissingEnd,
            ReturnInterview { .. } => K::ReturnInterview,
            CaseClosed { .. } => K::Closure,
            WorkerAllocated { .. } => K::Allocation,
            ManagementOversight { .. } => K::Oversight,
            _ => return None,
        })
    }

    /// Reads the form's fields; `None` where a field was missing or bad (the reader holds why).
    pub(crate) fn read(self, r: &mut Reader) -> Option<ChildEvent> {
        let rec = r.ctx().record;
        let referrals = || rec.referrals.iter();
        match self {
            FormKind::Contact => {
                let (at, source) = (r.datetime("at", "Received at"), r.choice("source", "Source"));
                let contact = r.next_no(rec.contacts.iter().map(|c| c.no));
                Some(ContactReceived { contact, at: at?, source: source? })
            }
            FormKind::ContactDecision => {
                let contact = r.item("contact", "Contact", Items::Contacts { undecided: true });
                let (at, outcome) = (r.datetime("at", "Decided at"), r.choice("outcome", "Decision"));
                Some(ContactDecided { contact: contact?, at: at?, outcome: outcome? })
            }
            FormKind::Referral => {
                let (at, source) = (r.datetime("at", "Received at"), r.choice("source", "Source"));
                let contact = r.opt_item("contact", "From contact", Items::Contacts { undecided: false });
                let exploitation = r.choices("exploitation", "Exploitation concerns");
                let referral = r.next_no(referrals().map(|x| x.no));
                Some(ReferralReceived { referral, at: at?, source: source?, contact, exploitation: exploitation? })
            }
            FormKind::ReferralDecision => {
                let referral = r.item("referral", "Referral", Items::Referrals { undecided: true });
                let (at, next) = (r.datetime("at", "Decided at"), r.choice("next", "Next step"));
                Some(ReferralDecided { referral: referral?, at: at?, next: next? })
            }
            FormKind::AssessmentStart => {
                let (referral, date) =
                    (r.item("referral", "Referral", Items::OpenReferrals), r.date("date", "Started on"));
                let assessment = r.next_no(referrals().flat_map(|x| &x.assessments).map(|a| a.no));
                Some(AssessmentStarted { referral: referral?, assessment, date: date? })
            }
            FormKind::AssessmentAuthorise => {
                let assessment = r.item("assessment", "Assessment", Items::UnauthorisedAssessments);
                let date = r.date("date", "Authorised on");
                let completed = r.opt_date("completed", "Completed by the worker on");
                let factors = r.choices::<AssessmentFactor>("factors", "Factors identified");
                let outcome = r.choice("outcome", "Outcome");
                Some(AssessmentAuthorised {
                    assessment: assessment?,
                    date: date?,
                    completed,
                    factors: factors?,
                    outcome: outcome?,
                })
            }
            FormKind::StrategyDiscussion => {
                let (referral, at) =
                    (r.item("referral", "Referral", Items::OpenReferrals), r.datetime("at", "Held at"));
                let s47 = r.check("s47", "Decided to start a section 47 enquiry");
                let discussion = r.next_no(referrals().flat_map(|x| &x.discussions).map(|d| d.no));
                Some(StrategyDiscussionHeld { referral: referral?, discussion, at: at?, s47 })
            }
            FormKind::S47Start => {
                let (referral, date) =
                    (r.item("referral", "Referral", Items::OpenReferrals), r.date("date", "Started on"));
                let discussion = r.opt_item("discussion", "Following strategy discussion", Items::Discussions);
                let s47 = r.next_no(referrals().flat_map(|x| &x.s47s).map(|s| s.no));
                Some(S47Started { referral: referral?, s47, date: date?, discussion })
            }
            FormKind::S47Conclude => {
                let (s47, date) = (r.item("s47", "Enquiry", Items::OpenS47s), r.date("date", "Concluded on"));
                let icpc_required = r.check("icpc_required", "An initial conference is needed");
                Some(S47Concluded { s47: s47?, date: date?, icpc_required })
            }
            FormKind::Icpc => {
                let referral = r.item("referral", "Referral", Items::OpenReferrals);
                let s47 = r.opt_item("s47", "Following enquiry", Items::S47s);
                let date = r.date("date", "Held on");
                let plan = r.check("plan", "Decided on a child protection plan");
                Some(IcpcHeld { referral: referral?, s47, date: date?, plan })
            }
            FormKind::CpPlanStart => {
                let (referral, date) =
                    (r.item("referral", "Referral", Items::OpenReferrals), r.date("date", "Started on"));
                let category = r.choice("category", "Category of abuse");
                let transfer_in = r.check("transfer_in", "Transferred in from another authority");
                let plan = r.next_no(referrals().flat_map(|x| &x.cp_plans).map(|p| p.no));
                Some(CpPlanStarted {
                    referral: referral?,
                    plan,
                    date: date?,
                    category: category?,
                    transfer_in,
                    previous_plans: None,
                })
            }
            FormKind::CpReview => {
                let (plan, date) = (r.item("plan", "Plan", Items::OpenCpPlans), r.date("date", "Held on"));
                Some(CpReviewHeld { plan: plan?, date: date? })
            }
            FormKind::CpPlanEnd => {
                let (plan, date) = (r.item("plan", "Plan", Items::OpenCpPlans), r.date("date", "Ended on"));
                Some(CpPlanEnded { plan: plan?, date: date? })
            }
            FormKind::CinPlanStart => {
                let (referral, date) =
                    (r.item("referral", "Referral", Items::OpenReferrals), r.date("date", "Started on"));
                let plan = r.next_no(referrals().flat_map(|x| &x.cin_plans).map(|p| p.no));
                Some(CinPlanStarted { referral: referral?, plan, date: date? })
            }
            FormKind::CinPlanEnd => {
                let (plan, date) = (r.item("plan", "Plan", Items::OpenCinPlans), r.date("date", "Ended on"));
                Some(CinPlanEnded { plan: plan?, date: date? })
            }
            FormKind::Visit => {
                let date = r.date("date", "Visited on");
                let seen = r.check("seen", "The child was seen");
                let seen_alone = r.check("seen_alone", "The child was seen alone");
                Some(Visited { date: date?, seen, seen_alone })
            }
            FormKind::CareStart => {
                let date = r.date("date", "Started on");
                let legal_status = r.choice("legal_status", "Legal status");
                let need = r.choice("need", "Category of need");
                let placement = read_placement(r);
                Some(CareStarted {
                    date: date?,
                    legal_status: legal_status?,
                    need: need?,
                    placement: placement?,
                    previous_permanence: None,
                })
            }
            FormKind::PlacementChange => {
                let date = r.date("date", "Changed on");
                let placement = read_placement(r);
                let reason = r.choice("reason", "Reason for the change");
                Some(PlacementChanged { date: date?, placement: placement?, reason: reason? })
            }
            FormKind::LegalStatusChange => {
                let (date, legal_status) = (r.date("date", "Changed on"), r.choice("legal_status", "Legal status"));
                Some(LegalStatusChanged { date: date?, legal_status: legal_status? })
            }
            FormKind::CareEnd => {
                let (date, reason) = (r.date("date", "Ended on"), r.choice("reason", "Reason care ended"));
                Some(CareEnded { date: date?, reason: reason? })
            }
            FormKind::LacReview => {
                let date = r.date("date", "Held on");
                let participation = r.choice("participation", "How the child took part");
                Some(LacReviewHeld { date: date?, participation: participation? })
            }
            FormKind::MissingStart => {
                let (at, kind) = (r.datetime("at", "From"), r.choice("kind", "Missing or away"));
                let episode = r.next_no(rec.missing.iter().map(|m| m.no));
                Some(MissingStarted { episode, at: at?, kind: kind? })
            }
            FormKind::MissingEnd => {
                let (episode, at) = (r.item("episode", "Episode", Items::OpenMissing), r.datetime("at", "Returned at"));
                Some(MissingEnded { episode: episode?, at: at? })
            }
            FormKind::ReturnInterview => {
                let episode = r.item("episode", "Episode", Items::EndedMissingWithoutInterview);
                let offered_at = r.datetime("offered_at", "Offered at");
                let accepted = r.check("accepted", "The child accepted");
                Some(ReturnInterview { episode: episode?, offered_at: offered_at?, accepted })
            }
            FormKind::Closure => {
                let (referral, date) =
                    (r.item("referral", "Referral", Items::OpenReferrals), r.date("date", "Closed on"));
                let reason = r.choice("reason", "Reason for closure");
                Some(CaseClosed { referral: referral?, date: date?, reason: reason? })
            }
            FormKind::Allocation => {
                let (date, worker) = (r.date("date", "From"), r.worker("worker", "Worker"));
                let reason = r.opt_choice("reason", "Reason for a change of worker");
                let (worker, team) = worker?;
                Some(WorkerAllocated { date: date?, worker, team, reason })
            }
            FormKind::Oversight => {
                let (date, note) = (r.date("date", "On"), r.text("note", "Management oversight", true));
                let Some(by) = r.ctx().user else {
                    r.error("note", "only a member of staff can record management oversight".into());
                    return None;
                };
                Some(ManagementOversight { date: date?, by: by.clone(), note: note? })
            }
        }
    }
}

fn read_placement(r: &mut Reader) -> Option<Placement> {
    let kind = r.choice("placement", "Placement type");
    let provider = r.opt_choice("provider", "Provider");
    let postcode = r.opt_text("postcode", "Placement postcode");
    let urn = r.opt_text("urn", "Ofsted URN");
    let carer = r.opt_text("carer", "Carer reference");
    Some(Placement { kind: kind?, provider, postcode, urn, carer, household: None })
}
