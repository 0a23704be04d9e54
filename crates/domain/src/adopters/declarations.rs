//! One declaration per kind of [`AdopterEvent`]: the assessing social worker records with
//! `household.record`, the agency decision maker's decisions need `household.decide`.

use super::record::*;
use super::*;
use crate::fostering::terms::{EnquiryChannel, Stage};
use crate::form::*;
use crate::panels::declarations::adm_reasons;

type F = Field<AdopterRecord>;
type I = Items<AdopterRecord>;
type D = Declaration<AdopterEvent>;

impl Declared for AdopterEvent {
    type Record = AdopterRecord;

    fn declarations() -> &'static [&'static D] {
        ALL
    }

    fn blank(id: &str) -> Option<AdopterRecord> {
        let id = crate::people::HouseholdId::new(id).ok()?;
        Some(AdopterRecord { id, applications: vec![], approvals: vec![], workers: vec![], support: vec![] })
    }

    fn declaration(&self) -> Option<&'static D> {
        use AdopterEvent::*;
        Some(match self {
            Enquired { .. } => &ENQUIRED,
            InitialVisit { .. } => &INITIAL_VISIT,
            InterestRegistered { .. } => &REGISTERED,
            StageStarted { .. } => &STAGE_STARTED,
            StageCompleted { .. } => &STAGE_COMPLETED,
            BreakStarted { .. } => &BREAK,
            BreakEnded { .. } => &BREAK_ENDED,
            Withdrew { .. } => &WITHDREW,
            Approved { .. } => &APPROVED,
            NotSuitable { .. } => &NOT_SUITABLE,
            IrmRequested { .. } => &IRM_REQUESTED,
            IrmConcluded { .. } => &IRM_CONCLUDED,
            ApprovalReviewed { .. } => &REVIEWED,
            ApprovalEnded { .. } => &ENDED,
            ExistingApproval { .. } => &EXISTING,
            WorkerAllocated { .. } => &ALLOCATED,
            SupportGiven { .. } => &SUPPORT,
        })
    }
}

static ALL: &[&D] = &[
    &ENQUIRED,
    &INITIAL_VISIT,
    &REGISTERED,
    &STAGE_STARTED,
    &STAGE_COMPLETED,
    &BREAK,
    &BREAK_ENDED,
    &WITHDREW,
    &APPROVED,
    &NOT_SUITABLE,
    &IRM_REQUESTED,
    &IRM_CONCLUDED,
    &REVIEWED,
    &ENDED,
    &EXISTING,
    &ALLOCATED,
    &SUPPORT,
];

const ASSESSMENT: &str = "Enquiry and assessment";
const APPROVAL: &str = "Approval";
const SUPPORTING: &str = "Support";
const RECORD: &str = "household.record";
const DECIDE: &str = "household.decide";

fn applications(r: &AdopterRecord, keep: fn(&AdopterApplication) -> bool) -> Vec<(String, String)> {
    r.applications.iter().filter(|a| keep(a)).map(|a| (a.no.to_string(), format!("enquired {}", a.enquired))).collect()
}

static OPEN: I = Items { noun: "application", list: |r| applications(r, AdopterApplication::is_open), dated: false, new: None };
static NOT_SUITABLE_APPLICATIONS: I = Items {
    noun: "application",
    list: |r| applications(r, |a| matches!(a.outcome, Some(Outcome::NotSuitable { .. }))),
    dated: false,
    new: None,
};

const fn application() -> F {
    item("application", "Application", &OPEN)
}

const TERMS: [F; 4] = [
    number("children", "Number of children", 1, 4).at("/terms/children"),
    number("age_from", "Children aged from", 0, 17).at("/terms/age_from"),
    number("age_to", "Children aged up to", 0, 17).at("/terms/age_to"),
    check("early_permanence", "Also approved for early permanence (fostering for adoption)").at("/terms/early_permanence"),
];

fn terms(s: &Shown) -> String {
    let ep = if s.has("early_permanence") { ", early permanence" } else { "" };
    format!("{} child(ren) aged {} to {}{ep}", &s["children"], &s["age_from"], &s["age_to"])
}

static ENQUIRED: D = D::new(
    "enquired",
    "enquiry",
    "Enquiry about adopting",
    ASSESSMENT,
    RECORD,
    &[
        new_number("application", "Application", |r| next_number(r.applications.iter().map(|a| a.no))),
        date("date", "Enquired on"),
        choice("channel", "How they enquired", &EnquiryChannel::CHOICES).optional(),
    ],
    |_| "Enquiry about adopting".into(),
);
static INITIAL_VISIT: D = D::new(
    "initial_visit",
    "initial-visit",
    "Initial visit",
    ASSESSMENT,
    RECORD,
    &[application(), date("date", "Visited on")],
    |_| "Initial visit".into(),
);
static REGISTERED: D = D::new(
    "interest_registered",
    "registration",
    "Registration of interest",
    ASSESSMENT,
    RECORD,
    &[application(), date("date", "Accepted on")],
    |_| "Registration of interest accepted".into(),
);
static STAGE_STARTED: D = D::new(
    "stage_started",
    "stage-start",
    "Stage started",
    ASSESSMENT,
    RECORD,
    &[
        application(),
        choice("stage", "Stage", &Stage::CHOICES),
        date("date", "Started on"),
        check("fast_track", "Fast track (second-time adopters, approved foster carers): straight to stage 2"),
    ],
    |s| if s.has("fast_track") { format!("{} started (fast track)", &s["stage"]) } else { format!("{} started", &s["stage"]) },
);
static STAGE_COMPLETED: D = D::new(
    "stage_completed",
    "stage-complete",
    "Stage 1 completed",
    ASSESSMENT,
    RECORD,
    &[application(), choice("stage", "Stage", &Stage::CHOICES), date("date", "Completed on")],
    |s| format!("{} completed", &s["stage"]),
);
static BREAK: D = D::new(
    "break_started",
    "break",
    "Break between the stages",
    ASSESSMENT,
    RECORD,
    &[application(), date("date", "From"), text("reason", "Reason", MAX_TEXT)],
    |s| format!("Break between the stages: {}", &s["reason"]),
);
static BREAK_ENDED: D = D::new(
    "break_ended",
    "break-end",
    "Break ended",
    ASSESSMENT,
    RECORD,
    &[application(), date("date", "Ended on")],
    |_| "Break between the stages ended".into(),
);
static WITHDREW: D = D::new(
    "withdrew",
    "withdraw",
    "Withdrawal",
    ASSESSMENT,
    RECORD,
    &[application(), date("date", "On"), choice("reason", "Reason", &WithdrawalReason::CHOICES)],
    |s| format!("Withdrew: {}", &s["reason"]),
);
static APPROVED: D = D::new(
    "approved",
    "approve",
    "Agency decision: approve as prospective adopters",
    APPROVAL,
    DECIDE,
    &[
        application(),
        date("date", "Decided on"),
        TERMS[0],
        TERMS[1],
        TERMS[2],
        TERMS[3],
        id("sitting", "Panel sitting", Subject::Sitting).at("/panel/sitting").hint("The sitting's ID, e.g. S000012"),
        number("case", "Case number at the sitting", 1, 1000).at("/panel/case"),
        adm_reasons(),
    ],
    |s| format!("Approved as prospective adopters: {}", terms(s)),
);
static NOT_SUITABLE: D = D::new(
    "not_suitable",
    "not-suitable",
    "Agency decision: not suitable (qualifying determination)",
    APPROVAL,
    DECIDE,
    &[
        application(),
        date("date", "Decided on"),
        id("sitting", "Panel sitting", Subject::Sitting).at("/panel/sitting"),
        number("case", "Case number at the sitting", 1, 1000).at("/panel/case"),
        adm_reasons(),
    ],
    |_| "Determined not suitable to adopt (may ask the Independent Review Mechanism to review)".into(),
);
static IRM_REQUESTED: D = D::new(
    "irm_requested",
    "irm",
    "Independent Review Mechanism asked to review",
    APPROVAL,
    RECORD,
    &[item("application", "Application", &NOT_SUITABLE_APPLICATIONS), date("date", "Asked on")],
    |_| "Asked the Independent Review Mechanism to review the determination".into(),
);
static IRM_CONCLUDED: D = D::new(
    "irm_concluded",
    "irm-outcome",
    "Independent Review Mechanism's recommendation",
    APPROVAL,
    RECORD,
    &[item("application", "Application", &NOT_SUITABLE_APPLICATIONS), date("date", "Received on"), check("suitable", "Recommends they are suitable")],
    |s| if s.has("suitable") { "Independent Review Mechanism: suitable".into() } else { "Independent Review Mechanism: not suitable".into() },
);
static REVIEWED: D = D::new(
    "approval_reviewed",
    "review",
    "Review of approval",
    APPROVAL,
    RECORD,
    &[date("date", "Reviewed on"), check("continue_approval", "Approval continues")],
    |s| if s.has("continue_approval") { "Approval reviewed: continues".into() } else { "Approval reviewed: ended".into() },
);
static ENDED: D = D::new(
    "approval_ended",
    "end-approval",
    "Approval ended",
    APPROVAL,
    RECORD,
    &[date("date", "On"), choice("reason", "Reason", &ApprovalEndReason::CHOICES)],
    |s| format!("Approval ended: {}", &s["reason"]),
);
static EXISTING: D = D::new(
    "existing_approval",
    "existing-approval",
    "Approval made before this record",
    APPROVAL,
    DECIDE,
    &[date("date", "Approved on"), TERMS[0], TERMS[1], TERMS[2], TERMS[3]],
    |s| format!("Approved (before this record): {}", terms(s)),
);
static ALLOCATED: D = D::new(
    "worker_allocated",
    "allocate",
    "Social worker allocated",
    SUPPORTING,
    "household.allocate",
    &[date("date", "From"), staff("worker", "Social worker", "/team")],
    |s| format!("Allocated to {}", &s["worker"]),
);
static SUPPORT: D = D::new(
    "support_given",
    "support",
    "Adoption support",
    SUPPORTING,
    RECORD,
    &[date("date", "On"), choice("kind", "Support", &SupportKind::CHOICES), id("child", "Child", Subject::Child).optional().hint("The child's ID")],
    |s| s["kind"].to_string(),
);
