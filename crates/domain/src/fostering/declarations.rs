//! One declaration per kind of [`FosteringEvent`]: its form, permission key and chronology
//! sentence (see [`crate::form`]). The assessing or supervising social worker records with
//! `household.record`; the agency decision maker's decisions need `household.decide`.

use super::record::*;
use super::terms::*;
use crate::form::*;
use crate::panels::declarations::adm_reasons;

type F = Field<CarerRecord>;
type I = Items<CarerRecord>;
type D = Declaration<FosteringEvent>;

impl Declared for FosteringEvent {
    type Record = CarerRecord;

    fn declarations() -> &'static [&'static D] {
        ALL
    }

    fn blank(id: &str) -> Option<CarerRecord> {
        crate::people::HouseholdId::new(id).ok().map(|h| CarerRecord::new(&h))
    }

    fn declaration(&self) -> Option<&'static D> {
        use FosteringEvent::*;
        Some(match self {
            Enquired { .. } => &ENQUIRED,
            InitialVisit { .. } => &INITIAL_VISIT,
            ViabilityAssessed { .. } => &VIABILITY,
            ProgressDecided { .. } => &PROGRESS,
            StageStarted { .. } => &STAGE_STARTED,
            StageCompleted { .. } => &STAGE_COMPLETED,
            ApplicationClosed { .. } => &CLOSED,
            Approved { .. } => &APPROVED,
            NotApproved { .. } => &NOT_APPROVED,
            IrmRequested { .. } => &IRM_REQUESTED,
            IrmConcluded { .. } => &IRM_CONCLUDED,
            ExistingApproval { .. } => &EXISTING,
            TransferredIn { .. } => &TRANSFERRED_IN,
            ExemptionGranted { .. } => &EXEMPTION,
            ExemptionEnded { .. } => &EXEMPTION_ENDED,
            TemporarilyApproved { .. } => &TEMPORARY,
            TemporaryApprovalExtended { .. } => &TEMPORARY_EXTENDED,
            TemporaryApprovalEnded { .. } => &TEMPORARY_ENDED,
            PlacementsPaused { .. } => &PAUSED,
            PlacementsResumed { .. } => &RESUMED,
            ApprovalEnded { .. } => &ENDED,
            WorkerAllocated { .. } => &ALLOCATED,
            SupervisionVisit { .. } => &VISIT,
            TrainingCompleted { .. } => &TRAINING,
            TsdCompleted { .. } => &TSD,
            CheckCompleted { .. } => &CHECK,
            AllegationMade { .. } => &ALLEGATION,
            AllegationConcluded { .. } => &ALLEGATION_CONCLUDED,
            ReviewHeld { .. } => &REVIEW_HELD,
            ReviewDecided { .. } => &REVIEW_DECIDED,
            ArrangementStarted { .. } => &ARRANGEMENT,
            ArrangementReviewed { .. } => &ARRANGEMENT_REVIEWED,
            ArrangementEnded { .. } => &ARRANGEMENT_ENDED,
            AgencyUrnRecorded { .. } => &URN,
        })
    }
}

static ALL: &[&D] = &[
    &ENQUIRED,
    &INITIAL_VISIT,
    &VIABILITY,
    &PROGRESS,
    &STAGE_STARTED,
    &STAGE_COMPLETED,
    &CLOSED,
    &APPROVED,
    &NOT_APPROVED,
    &IRM_REQUESTED,
    &IRM_CONCLUDED,
    &TEMPORARY,
    &TEMPORARY_EXTENDED,
    &TEMPORARY_ENDED,
    &EXISTING,
    &TRANSFERRED_IN,
    &EXEMPTION,
    &EXEMPTION_ENDED,
    &PAUSED,
    &RESUMED,
    &ENDED,
    &ALLOCATED,
    &VISIT,
    &TRAINING,
    &TSD,
    &CHECK,
    &ALLEGATION,
    &ALLEGATION_CONCLUDED,
    &REVIEW_HELD,
    &REVIEW_DECIDED,
    &ARRANGEMENT,
    &ARRANGEMENT_REVIEWED,
    &ARRANGEMENT_ENDED,
    &URN,
];

const ASSESSMENT: &str = "Enquiry and assessment";
const APPROVAL: &str = "Approval";
const SUPPORT: &str = "Supervision and support";
const REVIEWS: &str = "Reviews of approval";
const OTHER: &str = "Staying Put and supported lodgings";
const RECORD: &str = "household.record";
const DECIDE: &str = "household.decide";

// ---- lists of the record's items ----

fn applications(r: &CarerRecord, keep: fn(&Application) -> bool) -> Vec<(String, String)> {
    r.applications
        .iter()
        .filter(|a| keep(a))
        .map(|a| (a.no.to_string(), format!("{}, enquired {}", a.route.label().to_lowercase(), a.enquired)))
        .collect()
}

static OPEN_APPLICATIONS: I = Items { noun: "application", list: |r| applications(r, Application::is_open), dated: false, new: None };
static NOT_APPROVED_APPLICATIONS: I = Items {
    noun: "application",
    list: |r| applications(r, |a| matches!(a.outcome, Some(Outcome::NotApproved { .. }))),
    dated: false,
    new: None,
};
static OPEN_TEMPORARY: I = Items {
    noun: "temporary approval",
    list: |r| r.temporary.iter().filter(|t| t.ended.is_none()).map(|t| (t.no.to_string(), format!("{} from {}", t.child, t.from))).collect(),
    dated: false,
    new: None,
};
static OPEN_EXEMPTIONS: I = Items {
    noun: "exemption",
    list: |r| r.exemptions.iter().filter(|e| e.until.is_none()).map(|e| (e.no.to_string(), format!("{} children from {}", e.children, e.from))).collect(),
    dated: false,
    new: None,
};
static OPEN_ALLEGATIONS: I = Items {
    noun: "allegation",
    list: |r| r.allegations.iter().filter(|a| a.concluded.is_none()).map(|a| (a.no.to_string(), format!("{} of {}", a.kind.label(), a.date))).collect(),
    dated: false,
    new: None,
};
static UNDECIDED_REVIEWS: I = Items {
    noun: "review",
    list: |r| {
        r.reviews
            .iter()
            .filter(|x| x.decided.is_none())
            .map(|x| (x.no.to_string(), format!("held {}{}", x.held, if x.to_panel { ", went to panel" } else { "" })))
            .collect()
    },
    dated: false,
    new: None,
};
static OPEN_ARRANGEMENTS: I = Items {
    noun: "arrangement",
    list: |r| r.arrangements.iter().filter(|a| a.ended.is_none()).map(|a| (a.no.to_string(), format!("{} from {}", a.kind.label(), a.from))).collect(),
    dated: false,
    new: None,
};

fn next_application(r: &CarerRecord) -> u32 {
    next_number(r.applications.iter().map(|a| a.no))
}

const fn application() -> F {
    item("application", "Application", &OPEN_APPLICATIONS)
}

// ---- the terms of approval, and the panel case a decision is on ----

const TERMS: [F; 5] = [
    choice("carer_type", "Approved as", &CarerType::CHOICES).at("/terms/carer_type"),
    number("age_from", "Children aged from", 0, 18).at("/terms/age_from"),
    number("age_to", "Children aged up to", 0, 18).at("/terms/age_to"),
    number("children", "Number of children at once", 1, 10)
        .at("/terms/children")
        .hint("More than three needs an exemption from the usual fostering limit (Children Act 1989 Sch 7)"),
    id("named_child", "Named child (connected persons)", Subject::Child).at("/terms/named_child").optional().hint("The child's ID, e.g. C0001234"),
];

const fn sitting() -> F {
    id("sitting", "Panel sitting", Subject::Sitting).at("/panel/sitting").hint("The sitting's ID, e.g. S000012")
}
const fn case() -> F {
    number("case", "Case number at the sitting", 1, 1000).at("/panel/case")
}

fn terms(s: &Shown) -> String {
    let named = if s["named_child"].is_empty() { String::new() } else { format!(" for {}", &s["named_child"]) };
    format!("{}{named}, {} child(ren) aged {} to {}", &s["carer_type"], &s["children"], &s["age_from"], &s["age_to"])
}

// ---- enquiry and assessment ----

static ENQUIRED: D = D::new(
    "enquired",
    "enquiry",
    "Enquiry (request for information)",
    ASSESSMENT,
    RECORD,
    &[
        new_number("application", "Application", next_application),
        date("date", "Enquired on"),
        choice("route", "Applying to be", &CarerType::CHOICES),
        choice("channel", "How they enquired", &EnquiryChannel::CHOICES).optional(),
        id("child", "Named child (connected persons)", Subject::Child).optional().hint("The child's ID"),
    ],
    |s| format!("Enquiry about fostering ({})", &s["route"]),
);
static INITIAL_VISIT: D = D::new(
    "initial_visit",
    "initial-visit",
    "Initial visit",
    ASSESSMENT,
    RECORD,
    &[application(), date("date", "Visited on")],
    |s| format!("Initial visit (application {})", s.raw("application")),
);
static VIABILITY: D = D::new(
    "viability_assessed",
    "viability",
    "Initial viability assessment (connected person)",
    ASSESSMENT,
    RECORD,
    &[application(), date("date", "Completed on"), check("positive", "Positive: proceed to a full assessment")],
    |s| if s.has("positive") { "Viability assessment: positive".into() } else { "Viability assessment: negative".into() },
);
static PROGRESS: D = D::new(
    "progress_decided",
    "progress-decision",
    "Progress-to-assessment decision (PTAD)",
    ASSESSMENT,
    RECORD,
    &[application(), date("date", "Decided on"), check("progress", "Progress to assessment")],
    |s| if s.has("progress") { "Decision: progress to assessment".into() } else { "Decision: not progressed to assessment".into() },
);
static STAGE_STARTED: D = D::new(
    "stage_started",
    "stage-start",
    "Assessment stage started",
    ASSESSMENT,
    RECORD,
    &[application(), choice("stage", "Stage", &Stage::CHOICES), date("date", "Started on")],
    |s| format!("{} started", &s["stage"]),
);
static STAGE_COMPLETED: D = D::new(
    "stage_completed",
    "stage-complete",
    "Assessment stage completed",
    ASSESSMENT,
    RECORD,
    &[application(), choice("stage", "Stage", &Stage::CHOICES), date("date", "Completed on")],
    |s| format!("{} completed", &s["stage"]),
);
static CLOSED: D = D::new(
    "application_closed",
    "close-application",
    "Closed in assessment",
    ASSESSMENT,
    RECORD,
    &[application(), date("date", "Closed on"), choice("reason", "Reason", &ClosureReason::CHOICES)],
    |s| format!("Application closed: {}", &s["reason"]),
);

// ---- approval ----

static APPROVED: D = D::new(
    "approved",
    "approve",
    "Agency decision: approve as foster carers",
    APPROVAL,
    DECIDE,
    &[application(), date("date", "Decided on"), TERMS[0], TERMS[1], TERMS[2], TERMS[3], TERMS[4], sitting(), case(), adm_reasons()],
    |s| format!("Approved by the agency decision maker as {}", terms(s)),
);
static NOT_APPROVED: D = D::new(
    "not_approved",
    "not-approved",
    "Agency decision: not approved (qualifying determination)",
    APPROVAL,
    DECIDE,
    &[application(), date("date", "Decided on"), sitting(), case(), adm_reasons()],
    |_| "Not approved by the agency decision maker (may ask the Independent Review Mechanism to review)".into(),
);
static IRM_REQUESTED: D = D::new(
    "irm_requested",
    "irm",
    "Independent Review Mechanism asked to review",
    APPROVAL,
    RECORD,
    &[item("application", "Application", &NOT_APPROVED_APPLICATIONS), date("date", "Asked on")],
    |_| "Asked the Independent Review Mechanism to review the decision".into(),
);
static IRM_CONCLUDED: D = D::new(
    "irm_concluded",
    "irm-outcome",
    "Independent Review Mechanism's recommendation",
    APPROVAL,
    RECORD,
    &[item("application", "Application", &NOT_APPROVED_APPLICATIONS), date("date", "Received on"), check("suitable", "Recommends the applicants are suitable")],
    |s| if s.has("suitable") { "Independent Review Mechanism: suitable".into() } else { "Independent Review Mechanism: not suitable".into() },
);
static EXISTING: D = D::new(
    "existing_approval",
    "existing-approval",
    "Approval made before this record",
    APPROVAL,
    DECIDE,
    &[date("date", "Approved on"), TERMS[0], TERMS[1], TERMS[2], TERMS[3], TERMS[4]],
    |s| format!("Approved (before this record) as {}", terms(s)),
);
static TRANSFERRED_IN: D = D::new(
    "transferred_in",
    "transfer-in",
    "Transferred in from another fostering service",
    APPROVAL,
    DECIDE,
    &[date("date", "Approved here on"), text("from", "Fostering service they came from", 200), TERMS[0], TERMS[1], TERMS[2], TERMS[3], TERMS[4]],
    |s| format!("Transferred in from {} and approved as {}", &s["from"], terms(s)),
);
static EXEMPTION: D = D::new(
    "exemption_granted",
    "exemption",
    "Exemption from the usual fostering limit",
    APPROVAL,
    DECIDE,
    &[
        new_number("exemption", "Exemption", |r| next_number(r.exemptions.iter().map(|e| e.no))),
        date("date", "From"),
        number("children", "Children the household may foster", 4, 10),
        long_text("reason", "Reason", MAX_TEXT),
        future_date("until", "Until").optional(),
    ],
    |s| format!("Exempted from the usual fostering limit: up to {} children", &s["children"]),
);
static EXEMPTION_ENDED: D = D::new(
    "exemption_ended",
    "exemption-end",
    "Exemption ended",
    APPROVAL,
    DECIDE,
    &[item("exemption", "Exemption", &OPEN_EXEMPTIONS), date("date", "Ended on")],
    |_| "Exemption from the usual fostering limit ended".into(),
);
static TEMPORARY: D = D::new(
    "temporarily_approved",
    "temporary-approval",
    "Temporary approval for a named child",
    APPROVAL,
    DECIDE,
    &[
        new_number("temporary", "Temporary approval", |r| next_number(r.temporary.iter().map(|t| t.no))),
        date("date", "From"),
        id("child", "The child", Subject::Child).hint("The child's ID"),
        choice("regulation", "Under", &TemporaryRegulation::CHOICES),
        number("weeks", "Weeks", 1, 16),
    ],
    |s| format!("Temporarily approved for {} for {} weeks ({})", &s["child"], &s["weeks"], &s["regulation"]),
);
static TEMPORARY_EXTENDED: D = D::new(
    "temporary_approval_extended",
    "temporary-extension",
    "Agency decision: temporary approval extended (reg 25)",
    APPROVAL,
    DECIDE,
    &[item("temporary", "Temporary approval", &OPEN_TEMPORARY), date("date", "Decided on"), number("weeks", "Extra weeks", 1, 8), sitting(), case(), adm_reasons()],
    |s| format!("Temporary approval extended by {} weeks", &s["weeks"]),
);
static TEMPORARY_ENDED: D = D::new(
    "temporary_approval_ended",
    "temporary-end",
    "Temporary approval ended",
    APPROVAL,
    RECORD,
    &[item("temporary", "Temporary approval", &OPEN_TEMPORARY), date("date", "Ended on")],
    |_| "Temporary approval ended".into(),
);
static PAUSED: D = D::new(
    "placements_paused",
    "pause",
    "Placements paused (on hold)",
    APPROVAL,
    RECORD,
    &[date("date", "From"), text("reason", "Reason", MAX_TEXT)],
    |s| format!("Placements paused: {}", &s["reason"]),
);
static RESUMED: D = D::new("placements_resumed", "resume", "Placements resumed", APPROVAL, RECORD, &[date("date", "From")], |_| {
    "Placements resumed".into()
});
static ENDED: D = D::new(
    "approval_ended",
    "end-approval",
    "Resignation or retirement (approval ended)",
    APPROVAL,
    RECORD,
    &[date("date", "Ended on"), choice("reason", "Reason", &EndReason::CHOICES)],
    |s| format!("Approval ended: {}", &s["reason"]),
);

// ---- supervision and support ----

static ALLOCATED: D = D::new(
    "worker_allocated",
    "allocate",
    "Social worker allocated",
    SUPPORT,
    "household.allocate",
    &[date("date", "From"), staff("worker", "Social worker", "/team")],
    |s| format!("Allocated to {}", &s["worker"]),
);
static VISIT: D = D::new(
    "supervision_visit",
    "visit",
    "Supervision visit",
    SUPPORT,
    RECORD,
    &[date("date", "Visited on"), check("unannounced", "Unannounced")],
    |s| if s.has("unannounced") { "Unannounced visit".into() } else { "Supervision visit".into() },
);
static TRAINING: D = D::new(
    "training_completed",
    "training",
    "Training completed",
    SUPPORT,
    RECORD,
    &[date("date", "Completed on"), text("course", "Course", 200), number("hours", "Hours", 1, 100)],
    |s| format!("Training: {} ({} hours)", &s["course"], &s["hours"]),
);
static TSD: D = D::new(
    "tsd_completed",
    "tsd",
    "Training, Support and Development Standards completed",
    SUPPORT,
    RECORD,
    &[date("date", "Completed on")],
    |_| "Training, Support and Development Standards completed".into(),
);
static CHECK: D = D::new(
    "check_completed",
    "check",
    "DBS check or medical",
    SUPPORT,
    RECORD,
    &[choice("kind", "Check", &CheckKind::CHOICES), text("who", "Member of the household", 100), date("date", "Completed on")],
    |s| format!("{} of {}", &s["kind"], &s["who"]),
);
static ALLEGATION: D = D::new(
    "allegation_made",
    "allegation",
    "Allegation or standards of care concern",
    SUPPORT,
    RECORD,
    &[
        new_number("allegation", "Allegation", |r| next_number(r.allegations.iter().map(|a| a.no))),
        date("date", "Made on"),
        choice("kind", "Kind", &AllegationKind::CHOICES),
        id("child", "The child concerned", Subject::Child).optional().hint("The child's ID, where one is concerned"),
    ],
    |s| format!("{} made", &s["kind"]),
);
static ALLEGATION_CONCLUDED: D = D::new(
    "allegation_concluded",
    "allegation-outcome",
    "Allegation or concern concluded",
    SUPPORT,
    RECORD,
    &[item("allegation", "Allegation", &OPEN_ALLEGATIONS), date("date", "Concluded on"), choice("outcome", "Outcome", &AllegationOutcome::CHOICES)],
    |s| format!("Allegation concluded: {}", &s["outcome"]),
);

// ---- reviews ----

static REVIEW_HELD: D = D::new(
    "review_held",
    "review",
    "Review of approval (reviewing officer)",
    REVIEWS,
    "household.review",
    &[
        new_number("review", "Review", |r| next_number(r.reviews.iter().map(|x| x.no))),
        date("date", "Held on"),
        choice("kind", "Why", &ReviewKind::CHOICES),
        user("officer", "Reviewing officer"),
        choice("recommendation", "Recommendation", &ReviewDecision::CHOICES),
        check("to_panel", "Goes to the fostering panel")
            .hint("The first review after approval, every fifth, and one recommending the approval end go to the panel"),
    ],
    |s| {
        let panel = if s.has("to_panel") { ", to the fostering panel" } else { "" };
        format!("Review of approval: {}{panel}", s["recommendation"].to_lowercase())
    },
);
static REVIEW_DECIDED: D = D::new(
    "review_decided",
    "review-decision",
    "Agency decision on a review",
    REVIEWS,
    DECIDE,
    &[
        item("review", "Review", &UNDECIDED_REVIEWS),
        date("date", "Decided on"),
        choice("decision", "Decision", &ReviewDecision::CHOICES),
        TERMS[0].optional(),
        TERMS[1].optional(),
        TERMS[2].optional(),
        TERMS[3].optional(),
        TERMS[4],
        sitting().optional().hint("Where the review went to the panel"),
        case().optional(),
        adm_reasons(),
    ],
    |s| format!("Agency decision on the review: {}", s["decision"].to_lowercase()),
);

// ---- not fostering approvals ----

static ARRANGEMENT: D = D::new(
    "arrangement_started",
    "arrangement",
    "Staying Put or supported lodgings arrangement",
    OTHER,
    RECORD,
    &[
        new_number("arrangement", "Arrangement", |r| next_number(r.arrangements.iter().map(|a| a.no))),
        choice("kind", "Arrangement", &ArrangementKind::CHOICES),
        date("date", "From"),
        number("places", "Places", 1, 6),
        id("young_person", "Young person", Subject::Child).optional().hint("Their ID (Staying Put)"),
    ],
    |s| format!("{} began ({} place(s))", &s["kind"], &s["places"]),
);
static ARRANGEMENT_REVIEWED: D = D::new(
    "arrangement_reviewed",
    "arrangement-review",
    "Arrangement reviewed",
    OTHER,
    RECORD,
    &[item("arrangement", "Arrangement", &OPEN_ARRANGEMENTS), date("date", "Reviewed on")],
    |_| "Arrangement reviewed".into(),
);
static ARRANGEMENT_ENDED: D = D::new(
    "arrangement_ended",
    "arrangement-end",
    "Arrangement ended",
    OTHER,
    RECORD,
    &[item("arrangement", "Arrangement", &OPEN_ARRANGEMENTS), date("date", "Ended on")],
    |_| "Arrangement ended".into(),
);
static URN: D = D::new(
    "agency_urn_recorded",
    "agency-urn",
    "Fostering service's Ofsted URN (partner agency)",
    APPROVAL,
    DECIDE,
    &[text("urn", "Ofsted URN", 8)],
    |s| format!("Fostering service URN {}", &s["urn"]),
);

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind is declared once, and every declaration is listed.
    #[test]
    fn every_kind_is_declared_once() {
        let mut kinds: Vec<&str> = ALL.iter().map(|d| d.kind).collect();
        let n = kinds.len();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds.len(), n);
        let mut slugs: Vec<&str> = ALL.iter().map(|d| d.slug).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), n);
        let (w, t) = (crate::WorkerId::new("W1").unwrap(), crate::TeamId::new("T1").unwrap());
        for x in super::super::examples::examples(&w, &t) {
            let e = x.event;
            let d = e.declaration().expect("declared");
            assert!(ALL.iter().any(|x| std::ptr::eq(*x, d)), "{} is not listed", d.kind);
            use crate::stream::StreamEvent;
            assert_eq!(d.kind, e.kind());
        }
    }
}
