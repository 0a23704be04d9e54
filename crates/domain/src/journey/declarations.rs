//! One declaration per kind of [`ChildEvent`]: the form that records it, the permission key it
//! needs, the step it authorises and its chronology sentence (see [`crate::form`]). Adding a
//! kind of event means adding its declaration here; `ChildEvent::declaration` matches every
//! variant, so none can be forgotten.
//!
//! Permission keys (decision 001) name the form's group: `child.record.<group>` for what a
//! practitioner records, `child.decide.<step>` for a manager's or agency decision maker's
//! decision, `child.allocate` for allocation.

use super::events::*;
use super::record::*;
use crate::codes::*;
use crate::form::*;
use crate::virtual_school::*;

type F = Field<ChildRecord>;
type I = Items<ChildRecord>;
type D = Declaration<ChildEvent>;

impl Declared for ChildEvent {
    type Record = ChildRecord;

    fn declarations() -> &'static [&'static D] {
        ALL
    }

    fn declaration(&self) -> Option<&'static D> {
        use ChildEvent::*;
        Some(match self {
            Registered { .. } => &REGISTERED,
            DetailsAmended { .. } => &DETAILS_AMENDED,
            Born { .. } => &BORN,
            Died { .. } => &DIED,
            UascStarted { .. } => &UASC_STARTED,
            UascEnded { .. } => &UASC_ENDED,
            BecameMother { .. } => &BECAME_MOTHER,
            ContactReceived { .. } => &CONTACT_RECEIVED,
            ContactDecided { .. } => &CONTACT_DECIDED,
            EarlyHelpRequested { .. } => &EARLY_HELP_REQUESTED,
            EarlyHelpStarted { .. } => &EARLY_HELP_STARTED,
            EarlyHelpEnded { .. } => &EARLY_HELP_ENDED,
            ReferralReceived { .. } => &REFERRAL_RECEIVED,
            ReferralDecided { .. } => &REFERRAL_DECIDED,
            PrimaryNeedRecorded { .. } => &PRIMARY_NEED_RECORDED,
            AssessmentStarted { .. } => &ASSESSMENT_STARTED,
            AssessmentAuthorised { .. } => &ASSESSMENT_AUTHORISED,
            StrategyDiscussionHeld { .. } => &STRATEGY_DISCUSSION_HELD,
            S47Started { .. } => &S47_STARTED,
            S47Concluded { .. } => &S47_CONCLUDED,
            IcpcHeld { .. } => &ICPC_HELD,
            CpPlanStarted { .. } => &CP_PLAN_STARTED,
            CpCategoryChanged { .. } => &CP_CATEGORY_CHANGED,
            CpReviewHeld { .. } => &CP_REVIEW_HELD,
            CpPlanEnded { .. } => &CP_PLAN_ENDED,
            CinPlanStarted { .. } => &CIN_PLAN_STARTED,
            CinPlanEnded { .. } => &CIN_PLAN_ENDED,
            Visited { .. } => &VISITED,
            PreProceedingsStarted { .. } => &PRE_PROCEEDINGS_STARTED,
            PreProceedingsEnded { .. } => &PRE_PROCEEDINGS_ENDED,
            CareProceedingsIssued { .. } => &CARE_PROCEEDINGS_ISSUED,
            CareProceedingsConcluded { .. } => &CARE_PROCEEDINGS_CONCLUDED,
            CaseClosed { .. } => &CASE_CLOSED,
            CareStarted { .. } => &CARE_STARTED,
            LegalStatusChanged { .. } => &LEGAL_STATUS_CHANGED,
            PlacementChanged { .. } => &PLACEMENT_CHANGED,
            LegalStatusAndPlacementChanged { .. } => &LEGAL_STATUS_AND_PLACEMENT_CHANGED,
            CareEnded { .. } => &CARE_ENDED,
            LacReviewHeld { .. } => &LAC_REVIEW_HELD,
            CarePlanMade { .. } => &CARE_PLAN_MADE,
            PlacementPlanMade { .. } => &PLACEMENT_PLAN_MADE,
            PermanencePlanMade { .. } => &PERMANENCE_PLAN_MADE,
            MissingStarted { .. } => &MISSING_STARTED,
            MissingEnded { .. } => &MISSING_ENDED,
            ReturnInterview { .. } => &RETURN_INTERVIEW,
            HealthAssessment { .. } => &HEALTH_ASSESSMENT,
            DentalCheck { .. } => &DENTAL_CHECK,
            Sdq { .. } => &SDQ,
            HealthOutcomesRecorded { .. } => &HEALTH_OUTCOMES_RECORDED,
            DoloStarted { .. } => &DOLO_STARTED,
            DoloEnded { .. } => &DOLO_ENDED,
            AdoptionDecision { .. } => &ADOPTION_DECISION,
            AdoptionPanel { .. } => &ADOPTION_PANEL,
            MatchedWithAdopters { .. } => &MATCHED_WITH_ADOPTERS,
            AdoptionDecisionReversed { .. } => &ADOPTION_DECISION_REVERSED,
            FamilyFindingStarted { .. } => &FAMILY_FINDING_STARTED,
            FamilyFindingUpdated { .. } => &FAMILY_FINDING_UPDATED,
            FamilyFindingEscalated { .. } => &FAMILY_FINDING_ESCALATED,
            AdopterLinked { .. } => &ADOPTER_LINKED,
            AdopterLinkEnded { .. } => &ADOPTER_LINK_ENDED,
            AdoptionApplicationMade { .. } => &ADOPTION_APPLICATION_MADE,
            AdoptionDisrupted { .. } => &ADOPTION_DISRUPTED,
            PathwayPlanReviewed { .. } => &PATHWAY_PLAN_REVIEWED,
            AdviserSupportRequested { .. } => &ADVISER_SUPPORT_REQUESTED,
            CareLeaverContact { .. } => &CARE_LEAVER_CONTACT,
            WorkerAllocated { .. } => &WORKER_ALLOCATED,
            WorkerDeallocated { .. } => &WORKER_DEALLOCATED,
            ReviewerAssigned { .. } => &REVIEWER_ASSIGNED,
            ManagementOversight { .. } => &MANAGEMENT_OVERSIGHT,
            PanelDecision { .. } => &PANEL_DECISION,
            ComplaintReceived { .. } => &COMPLAINT_RECEIVED,
            ComplaintAnswered { .. } => &COMPLAINT_ANSWERED,
            EhcAssessmentRequested { .. } => &EHC_ASSESSMENT_REQUESTED,
            EhcPlanIssued { .. } => &EHC_PLAN_ISSUED,
            SendAdviceRequested { .. } => &SEND_ADVICE_REQUESTED,
            SendAdviceGiven { .. } => &SEND_ADVICE_GIVEN,
            EhcReviewAttended { .. } => &EHC_REVIEW_ATTENDED,
            SchoolStarted { .. } => &SCHOOL_STARTED,
            LeftSchoolRoll { .. } => &LEFT_SCHOOL_ROLL,
            EducationOfficerAssigned { .. } => &EDUCATION_OFFICER_ASSIGNED,
            PepHeld { .. } => &PEP_HELD,
            AttendanceRecorded { .. } => &ATTENDANCE_RECORDED,
            ExclusionRecorded { .. } => &EXCLUSION_RECORDED,
            DestinationRecorded { .. } => &DESTINATION_RECORDED,
            Corrected { .. } | Retracted { .. } => return None,
        })
    }
}

/// The item numbers an entry carries, which a correction keeps (none for a correction itself).
pub(crate) fn numbers(e: &ChildEvent) -> Vec<(&'static str, String)> {
    e.declaration().map(|d| d.numbers(e)).unwrap_or_default()
}

const fn decl(
    kind: &'static str,
    slug: &'static str,
    title: &'static str,
    group: &'static str,
    permission: &'static str,
    fields: &'static [F],
    sentence: fn(&Shown) -> String,
) -> D {
    Declaration { kind, slug, title, group, permission, fields, sentence, authorises: None, prefill: None }
}

const fn authorising(mut d: D, kind: &'static str, field: &'static str) -> D {
    d.authorises = Some(Authorises { kind, field });
    d
}

const CHILD: &str = "The child";
const FRONT_DOOR: &str = "Front door and early help";
const PROTECTION: &str = "Assessment, child protection and child in need";
const LEGAL: &str = "Legal";
const CARE: &str = "Looked after";
const HEALTH: &str = "Health";
const ADOPTION: &str = "Adoption";
const LEAVING: &str = "Leaving care";
const WORK: &str = "Allocation, oversight and panels";
const BESIDE: &str = "Complaints and SEND";
const EDUCATION: &str = "Education (the Virtual School)";

const DETAILS_FIELDS: &[F] = &[
    text("forename", "Forename", 100).at("/details/forename").hint("\"Unborn\" until the baby is named"),
    text("surname", "Surname", 100).at("/details/surname"),
    choice("sex", "Sex", &Sex::CHOICES).at("/details/sex").optional(),
    date("dob", "Date of birth", ).at("/details/dob").optional().hint("Leave empty for an unborn child"),
    future_date("expected_dob", "Expected date of birth").at("/details/expected_dob").optional().hint("For an unborn child"),
    choice("ethnicity", "Ethnicity", &Ethnicity::CHOICES).at("/details/ethnicity").optional(),
    text("upn", "Unique pupil number", 13).at("/details/upn").optional(),
    text("former_upn", "Former unique pupil number", 13).at("/details/former_upn").optional(),
    choice("upn_unknown", "Why there is no UPN", &UpnUnknown::CHOICES).at("/details/upn_unknown").optional(),
    choices("disabilities", "Disabilities", &Disability::CHOICES).at("/details/disabilities"),
    text("home_postcode", "Home postcode", 8).at("/details/home_postcode").optional(),
];

fn full_name(s: &Shown) -> String {
    format!("{} {}", &s["forename"], &s["surname"])
}

static REGISTERED: D = decl("registered", "register", "Register a child", CHILD, "child.record.details", DETAILS_FIELDS, |s| {
    format!("Record opened for {}", full_name(s))
});
static DETAILS_AMENDED: D = Declaration {
    prefill: Some(|r| Some(ChildEvent::DetailsAmended { details: r.details.clone() })),
    ..decl("details_amended", "details", "Child's details", CHILD, "child.record.details", DETAILS_FIELDS, |s| {
        format!("Personal details amended ({})", full_name(s))
    })
};
static BORN: D = decl(
    "born",
    "birth",
    "Birth",
    CHILD,
    "child.record.details",
    &[
        date("date", "Born on"),
        text("forename", "Forename", 100).optional().hint("If the baby is named"),
        text("surname", "Surname", 100).optional().hint("If it differs from the unborn record's"),
        choice("sex", "Sex", &Sex::CHOICES).optional(),
        number("babies", "Babies born of this pregnancy", 1, 8)
            .optional()
            .hint("Twins or more: each baby has their own record; register the others after saving"),
    ],
    |s| match &s["babies"] {
        "" | "1" => "Born".into(),
        n => format!("Born, one of {n} babies (each has their own record)"),
    },
);
static DIED: D = decl("died", "death", "Death", CHILD, "child.record.details", &[date("date", "Died on")], |_| "Child died".into());
static UASC_STARTED: D = decl(
    "uasc_started",
    "uasc-start",
    "Unaccompanied asylum-seeking child",
    CHILD,
    "child.record.details",
    &[date("date", "From")],
    |_| "Became an unaccompanied asylum-seeking child".into(),
);
static UASC_ENDED: D = decl("uasc_ended", "uasc-end", "UASC status ended", CHILD, "child.record.details", &[date("date", "Ended on")], |_| {
    "UASC status ended".into()
});
static BECAME_MOTHER: D = decl(
    "became_mother",
    "became-mother",
    "Became a mother",
    CHILD,
    "child.record.details",
    &[date("child_dob", "Her baby was born on")],
    |s| format!("Became a mother (baby born {})", &s["child_dob"]),
);

// ---- front door ----

fn contacts(undecided: bool) -> impl Fn(&ChildRecord) -> Vec<(String, String)> {
    move |r| {
        r.contacts
            .iter()
            .filter(|c| !undecided || c.decided.is_none())
            .map(|c| (c.no.to_string(), format!("received {}", c.at.format("%Y-%m-%d %H:%M"))))
            .collect()
    }
}
static UNDECIDED_CONTACTS: I = Items { noun: "contact", list: |r| contacts(true)(r), dated: false, new: None };
static ANY_CONTACT: I = Items { noun: "contact", list: |r| contacts(false)(r), dated: false, new: None };

fn referrals<'a>(r: &'a ChildRecord, keep: impl Fn(&Referral) -> bool + 'a) -> Vec<(String, String)> {
    r.referrals.iter().filter(|x| keep(x)).map(|x| (x.no.to_string(), format!("received {}", x.date()))).collect()
}
static OPEN_REFERRALS: I = Items { noun: "referral", list: |r| referrals(r, |x| x.closed.is_none()), dated: false, new: None };
static UNDECIDED_REFERRALS: I = Items {
    noun: "referral",
    list: |r| referrals(r, |x| x.closed.is_none() && x.decided.is_none()),
    dated: false,
    new: None,
};
static ANY_REFERRAL: I = Items { noun: "referral", list: |r| referrals(r, |_| true), dated: false, new: None };

fn early_help(r: &ChildRecord, keep: fn(&EarlyHelp) -> bool) -> Vec<(String, String)> {
    r.early_help
        .iter()
        .filter(|h| keep(h))
        .map(|h| {
            let when = h.start.map(|s| format!("started {s}")).or(h.requested.map(|q| format!("requested {q}")));
            (h.no.to_string(), when.unwrap_or_default())
        })
        .collect()
}
fn next_early_help(r: &ChildRecord) -> u32 {
    next_number(r.early_help.iter().map(|h| h.no))
}
static REQUESTED_EARLY_HELP: I = Items {
    noun: "early help episode",
    list: |r| early_help(r, |h| h.start.is_none()),
    dated: false,
    new: Some(next_early_help),
};
static OPEN_EARLY_HELP: I = Items {
    noun: "early help episode",
    list: |r| early_help(r, |h| h.start.is_some() && h.end.is_none()),
    dated: false,
    new: None,
};

static CONTACT_RECEIVED: D = decl(
    "contact_received",
    "contact",
    "Contact received",
    FRONT_DOOR,
    "child.record.front_door",
    &[
        new_number("contact", "Contact number", |r| next_number(r.contacts.iter().map(|c| c.no))),
        datetime("at", "Received at"),
        choice("source", "Source", &ReferralSource::CHOICES),
    ],
    |s| format!("Contact {} received from {}", &s["contact"], &s["source"]),
);
static CONTACT_DECIDED: D = authorising(
    decl(
        "contact_decided",
        "contact-decision",
        "Screening decision on a contact",
        FRONT_DOOR,
        "child.decide.contact",
        &[
            item("contact", "Contact", &UNDECIDED_CONTACTS),
            datetime("at", "Decided at"),
            choice("outcome", "Decision", &ContactOutcome::CHOICES),
        ],
        |s| format!("Contact {} decided: {}", &s["contact"], s["outcome"].to_lowercase()),
    ),
    "contact_received",
    "contact",
);
static EARLY_HELP_REQUESTED: D = decl(
    "early_help_requested",
    "early-help-request",
    "Early help requested",
    FRONT_DOOR,
    "child.record.early_help",
    &[new_number("episode", "Episode number", next_early_help), date("date", "Requested on")],
    |s| format!("Early help requested (episode {})", &s["episode"]),
);
static EARLY_HELP_STARTED: D = decl(
    "early_help_started",
    "early-help-start",
    "Early help started",
    FRONT_DOOR,
    "child.record.early_help",
    &[
        item("episode", "Following the request", &REQUESTED_EARLY_HELP)
            .optional()
            .hint("Leave empty when early help starts without a request recorded here"),
        date("date", "Started on"),
    ],
    |s| format!("Early help started (episode {})", &s["episode"]),
);
static EARLY_HELP_ENDED: D = decl(
    "early_help_ended",
    "early-help-end",
    "Early help ended",
    FRONT_DOOR,
    "child.record.early_help",
    &[item("episode", "Episode", &OPEN_EARLY_HELP), date("date", "Ended on")],
    |s| format!("Early help ended (episode {})", &s["episode"]),
);
static REFERRAL_RECEIVED: D = decl(
    "referral_received",
    "referral",
    "Referral received",
    FRONT_DOOR,
    "child.record.front_door",
    &[
        new_number("referral", "Referral number", |r| next_number(r.referrals.iter().map(|x| x.no))),
        datetime("at", "Received at"),
        choice("source", "Source", &ReferralSource::CHOICES),
        item("contact", "From contact", &ANY_CONTACT).optional(),
        choices("exploitation", "Exploitation concerns", &Exploitation::CHOICES),
    ],
    |s| {
        let mut out = format!("Referral {} received from {}", &s["referral"], &s["source"]);
        if s.has("exploitation") {
            out.push_str(&format!("; exploitation concerns: {}", &s["exploitation"]));
        }
        out
    },
);
static REFERRAL_DECIDED: D = authorising(
    decl(
        "referral_decided",
        "referral-decision",
        "Manager's decision on a referral",
        FRONT_DOOR,
        "child.decide.referral",
        &[
            item("referral", "Referral", &UNDECIDED_REFERRALS),
            datetime("at", "Decided at"),
            choice("next", "Next step", &ReferralNext::CHOICES),
        ],
        |s| format!("Manager's decision on referral {}: {}", &s["referral"], s["next"].to_lowercase()),
    ),
    "referral_received",
    "referral",
);
static PRIMARY_NEED_RECORDED: D = decl(
    "primary_need_recorded",
    "primary-need",
    "Primary need",
    PROTECTION,
    "child.record.assessment",
    &[item("referral", "Referral", &ANY_REFERRAL), choice("need", "Primary need", &PrimaryNeed::CHOICES)],
    |s| format!("Primary need for referral {}: {}", &s["referral"], &s["need"]),
);

// ---- assessment, child protection, child in need ----

fn all_referrals(r: &ChildRecord) -> impl Iterator<Item = &Referral> {
    r.referrals.iter()
}
static UNAUTHORISED_ASSESSMENTS: I = Items {
    noun: "assessment",
    list: |r| {
        all_referrals(r)
            .flat_map(|x| &x.assessments)
            .filter(|a| a.authorised.is_none())
            .map(|a| (a.no.to_string(), format!("started {}", a.start)))
            .collect()
    },
    dated: false,
    new: None,
};
static S47_DISCUSSIONS: I = Items {
    noun: "strategy discussion",
    list: |r| {
        all_referrals(r)
            .filter(|x| x.closed.is_none())
            .flat_map(|x| x.discussions.iter().filter(|d| d.s47 && !x.s47s.iter().any(|s| s.discussion == Some(d.no))))
            .map(|d| (d.no.to_string(), format!("held {}", d.at.format("%Y-%m-%d %H:%M"))))
            .collect()
    },
    dated: false,
    new: None,
};
static OPEN_S47S: I = Items {
    noun: "S47 enquiry",
    list: |r| {
        all_referrals(r)
            .flat_map(|x| &x.s47s)
            .filter(|s| s.concluded.is_none())
            .map(|s| (s.no.to_string(), format!("started {}", s.start)))
            .collect()
    },
    dated: false,
    new: None,
};
static S47S_WITHOUT_CONFERENCE: I = Items {
    noun: "S47 enquiry",
    list: |r| {
        all_referrals(r)
            .filter(|x| x.closed.is_none())
            .flat_map(|x| &x.s47s)
            .filter(|s| s.icpc.is_none() && s.concluded.is_none_or(|(_, required)| required))
            .map(|s| (s.no.to_string(), format!("started {}", s.start)))
            .collect()
    },
    dated: false,
    new: None,
};
static OPEN_CP_PLANS: I = Items {
    noun: "CP plan",
    list: |r| {
        all_referrals(r)
            .flat_map(|x| &x.cp_plans)
            .filter(|p| p.end.is_none())
            .map(|p| (p.no.to_string(), format!("from {} ({})", p.start, p.latest_category.label())))
            .collect()
    },
    dated: false,
    new: None,
};
static OPEN_CIN_PLANS: I = Items {
    noun: "CIN plan",
    list: |r| {
        all_referrals(r)
            .flat_map(|x| &x.cin_plans)
            .filter(|p| p.end.is_none())
            .map(|p| (p.no.to_string(), format!("from {}", p.start)))
            .collect()
    },
    dated: false,
    new: None,
};

static ASSESSMENT_STARTED: D = decl(
    "assessment_started",
    "assessment-start",
    "Assessment started",
    PROTECTION,
    "child.record.assessment",
    &[
        item("referral", "Referral", &OPEN_REFERRALS),
        new_number("assessment", "Assessment number", |r| {
            next_number(all_referrals(r).flat_map(|x| &x.assessments).map(|a| a.no))
        }),
        date("date", "Started on"),
    ],
    |s| format!("Single assessment {} started", &s["assessment"]),
);
static ASSESSMENT_AUTHORISED: D = authorising(
    decl(
        "assessment_authorised",
        "assessment-authorise",
        "Assessment authorised",
        PROTECTION,
        "child.decide.assessment",
        &[
            item("assessment", "Assessment", &UNAUTHORISED_ASSESSMENTS),
            date("date", "Authorised on"),
            date("completed", "Completed by the worker on").optional(),
            choices("factors", "Factors identified", &AssessmentFactor::CHOICES)
                .hint("21 if no factors were identified"),
            choice("outcome", "Outcome", &AssessmentOutcome::CHOICES),
        ],
        |s| {
            format!(
                "Single assessment {} authorised; outcome: {}; factors: {}",
                &s["assessment"],
                s["outcome"].to_lowercase(),
                &s["factors"]
            )
        },
    ),
    "assessment_started",
    "assessment",
);
static STRATEGY_DISCUSSION_HELD: D = decl(
    "strategy_discussion_held",
    "strategy-discussion",
    "Strategy discussion",
    PROTECTION,
    "child.record.protection",
    &[
        item("referral", "Referral", &OPEN_REFERRALS),
        new_number("discussion", "Discussion number", |r| {
            next_number(all_referrals(r).flat_map(|x| &x.discussions).map(|d| d.no))
        }),
        datetime("at", "Held at"),
        check("s47", "Decided to start a section 47 enquiry"),
    ],
    |s| format!("Strategy discussion {} held; section 47 enquiry: {}", &s["discussion"], &s["s47"]),
);
static S47_STARTED: D = decl(
    "s47_started",
    "s47-start",
    "Section 47 enquiry started",
    PROTECTION,
    "child.record.protection",
    &[
        item("referral", "Referral", &OPEN_REFERRALS),
        new_number("s47", "Enquiry number", |r| next_number(all_referrals(r).flat_map(|x| &x.s47s).map(|s| s.no))),
        date("date", "Started on"),
        item("discussion", "Following strategy discussion", &S47_DISCUSSIONS),
    ],
    |s| format!("Section 47 enquiry {} started", &s["s47"]),
);
static S47_CONCLUDED: D = authorising(
    decl(
        "s47_concluded",
        "s47-conclude",
        "Section 47 enquiry concluded",
        PROTECTION,
        "child.decide.s47",
        &[
            item("s47", "Enquiry", &OPEN_S47S),
            date("date", "Concluded on"),
            check("icpc_required", "An initial conference is needed"),
        ],
        |s| format!("Section 47 enquiry {} concluded; initial conference needed: {}", &s["s47"], &s["icpc_required"]),
    ),
    "s47_started",
    "s47",
);
static ICPC_HELD: D = decl(
    "icpc_held",
    "icpc",
    "Initial child protection conference",
    PROTECTION,
    "child.record.conference",
    &[
        item("referral", "Referral", &OPEN_REFERRALS),
        item("s47", "Following enquiry", &S47S_WITHOUT_CONFERENCE)
            .optional()
            .hint("Leave empty only for a transfer-in conference (a child on another authority's plan)"),
        date("date", "Held on"),
        check("plan", "Decided on a child protection plan"),
    ],
    |s| {
        let what = if s.has("s47") { "Initial child protection conference" } else { "Transfer-in conference" };
        format!("{what} held; child protection plan: {}", &s["plan"])
    },
);
static CP_PLAN_STARTED: D = decl(
    "cp_plan_started",
    "cp-plan-start",
    "Child protection plan started",
    PROTECTION,
    "child.record.conference",
    &[
        item("referral", "Referral", &OPEN_REFERRALS),
        new_number("plan", "Plan number", |r| next_number(all_referrals(r).flat_map(|x| &x.cp_plans).map(|p| p.no))),
        date("date", "Started on"),
        choice("category", "Category of abuse", &CategoryOfAbuse::CHOICES),
        check("transfer_in", "Transferred in from another authority"),
        number("previous_plans", "Earlier child protection plans", 0, 99)
            .optional()
            .hint("Only where the record does not hold them all (plans with another authority)"),
    ],
    |s| {
        let transfer = if s.has("transfer_in") { " (transferred in)" } else { "" };
        format!("Child protection plan {} started under {}{transfer}", &s["plan"], s["category"].to_lowercase())
    },
);
static CP_CATEGORY_CHANGED: D = decl(
    "cp_category_changed",
    "cp-category",
    "Child protection plan: category changed",
    PROTECTION,
    "child.record.conference",
    &[
        item("plan", "Plan", &OPEN_CP_PLANS),
        date("date", "Changed on"),
        choice("category", "Category of abuse", &CategoryOfAbuse::CHOICES),
    ],
    |s| format!("Child protection plan {}: category now {}", &s["plan"], s["category"].to_lowercase()),
);
static CP_REVIEW_HELD: D = decl(
    "cp_review_held",
    "cp-review",
    "Child protection review conference",
    PROTECTION,
    "child.record.conference",
    &[item("plan", "Plan", &OPEN_CP_PLANS), date("date", "Held on")],
    |s| format!("Child protection review conference (plan {})", &s["plan"]),
);
static CP_PLAN_ENDED: D = decl(
    "cp_plan_ended",
    "cp-plan-end",
    "Child protection plan ended",
    PROTECTION,
    "child.record.conference",
    &[item("plan", "Plan", &OPEN_CP_PLANS), date("date", "Ended on")],
    |s| format!("Child protection plan {} ended", &s["plan"]),
);
static CIN_PLAN_STARTED: D = decl(
    "cin_plan_started",
    "cin-plan-start",
    "Child in need plan started",
    PROTECTION,
    "child.record.plan",
    &[
        item("referral", "Referral", &OPEN_REFERRALS),
        new_number("plan", "Plan number", |r| next_number(all_referrals(r).flat_map(|x| &x.cin_plans).map(|p| p.no))),
        date("date", "Started on"),
    ],
    |s| format!("Child in need plan {} started", &s["plan"]),
);
static CIN_PLAN_ENDED: D = decl(
    "cin_plan_ended",
    "cin-plan-end",
    "Child in need plan ended",
    PROTECTION,
    "child.record.plan",
    &[item("plan", "Plan", &OPEN_CIN_PLANS), date("date", "Ended on")],
    |s| format!("Child in need plan {} ended", &s["plan"]),
);
static VISITED: D = decl(
    "visited",
    "visit",
    "Statutory visit",
    PROTECTION,
    "child.record.visit",
    &[
        date("date", "Visited on"),
        check("seen", "The child was seen").hint("For an unborn child: the expectant mother was seen"),
        check("seen_alone", "The child was seen alone"),
    ],
    |s| {
        let alone = if s.has("seen_alone") { ", seen alone" } else { "" };
        format!("Statutory visit; child seen: {}{alone}", &s["seen"])
    },
);
static CASE_CLOSED: D = authorising(
    decl(
        "case_closed",
        "closure",
        "Case closed",
        PROTECTION,
        "child.decide.closure",
        &[
            item("referral", "Referral", &OPEN_REFERRALS),
            date("date", "Closed on"),
            choice("reason", "Reason for closure", &ReasonForClosure::CHOICES),
        ],
        |s| format!("Case closed (referral {}): {}", &s["referral"], &s["reason"]),
    ),
    "referral_received",
    "referral",
);

// ---- legal ----

static PRE_PROCEEDINGS_STARTED: D =
    decl("pre_proceedings_started", "pre-proceedings-start", "Pre-proceedings started", LEGAL, "child.record.legal", &[date("date", "Started on")], |_| {
        "Pre-proceedings (PLO) started".into()
    });
static PRE_PROCEEDINGS_ENDED: D = decl(
    "pre_proceedings_ended",
    "pre-proceedings-end",
    "Pre-proceedings ended",
    LEGAL,
    "child.record.legal",
    &[date("date", "Ended on"), choice("outcome", "Outcome", &PreProceedingsOutcome::CHOICES)],
    |s| format!("Pre-proceedings ended: {}", s["outcome"].to_lowercase()),
);
static CARE_PROCEEDINGS_ISSUED: D =
    decl("care_proceedings_issued", "proceedings-issued", "Care proceedings issued", LEGAL, "child.record.legal", &[date("date", "Issued on")], |_| {
        "Care proceedings issued".into()
    });
static CARE_PROCEEDINGS_CONCLUDED: D = decl(
    "care_proceedings_concluded",
    "proceedings-concluded",
    "Care proceedings concluded",
    LEGAL,
    "child.record.legal",
    &[date("date", "Concluded on"), choice("outcome", "Outcome", &ProceedingsOutcome::CHOICES)],
    |s| format!("Care proceedings concluded: {}", s["outcome"].to_lowercase()),
);
static DOLO_STARTED: D = decl(
    "dolo_started",
    "dolo-start",
    "Deprivation of liberty order started",
    LEGAL,
    "child.record.legal",
    &[date("date", "Started on")],
    |_| "Deprivation of liberty order started".into(),
);
static DOLO_ENDED: D =
    decl("dolo_ended", "dolo-end", "Deprivation of liberty order ended", LEGAL, "child.record.legal", &[date("date", "Ended on")], |_| {
        "Deprivation of liberty order ended".into()
    });

// ---- looked after ----

const PLACEMENT: [F; 6] = [
    choice("placement", "Placement type", &PlacementType::CHOICES).at("/placement/kind"),
    choice("provider", "Provider", &PlacementProvider::CHOICES).at("/placement/provider").optional(),
    text("postcode", "Placement postcode", 8).at("/placement/postcode").optional(),
    text("urn", "Ofsted URN", 8).at("/placement/urn").optional(),
    text("carer", "Carer reference", 64)
        .at("/placement/carer")
        .optional()
        .hint("The same reference for a move with the same carer"),
    id("household", "Carer household", Subject::Household)
        .at("/placement/household")
        .optional()
        .hint("The household's ID (H and digits) where the carers are the authority's own foster carers or adopters"),
];

fn placement_words(s: &Shown) -> String {
    let mut out = format!("{} ({})", &s["placement"], s.raw("placement"));
    if s.has("postcode") {
        out.push_str(&format!(", {}", &s["postcode"]));
    }
    out
}

static PLACEMENTS: I = Items {
    noun: "placement from",
    list: |r| {
        r.care
            .iter()
            .flat_map(|p| &p.changes)
            .filter(|c| c.reason != ReasonNewEpisode::LegalStatus)
            .map(|c| (c.date.to_string(), format!("{} ({})", c.placement.kind.label(), c.placement.kind.code())))
            .collect()
    },
    dated: true,
    new: None,
};

static CARE_STARTED: D = decl(
    "care_started",
    "care-start",
    "Started to be looked after",
    CARE,
    "child.record.care",
    &[
        date("date", "Started on"),
        choice("legal_status", "Legal status", &LegalStatus::CHOICES),
        choice("need", "Category of need", &CategoryOfNeed::CHOICES),
        PLACEMENT[0],
        PLACEMENT[1],
        PLACEMENT[2],
        PLACEMENT[3],
        PLACEMENT[4],
        PLACEMENT[5],
        choice("previous_permanence", "Previous permanence", &PreviousPermanence::CHOICES)
            .at("/previous_permanence/kind")
            .optional(),
        text("previous_permanence_la", "Authority of the previous permanence order", 9)
            .at("/previous_permanence/la")
            .optional(),
        date("previous_permanence_date", "Date of the previous permanence order")
            .at("/previous_permanence/date")
            .optional(),
    ],
    |s| format!("Became looked after: {} ({}); placed in {}", &s["legal_status"], s.raw("legal_status"), placement_words(s)),
);

static LEGAL_STATUS_CHANGED: D = decl(
    "legal_status_changed",
    "legal-status-change",
    "Legal status changed",
    CARE,
    "child.record.care",
    &[date("date", "Changed on"), choice("legal_status", "Legal status", &LegalStatus::CHOICES)],
    |s| format!("Legal status changed to {} ({})", &s["legal_status"], s.raw("legal_status")),
);
static PLACEMENT_CHANGED: D = decl(
    "placement_changed",
    "placement-change",
    "Placement changed",
    CARE,
    "child.record.care",
    &[
        date("date", "Changed on"),
        PLACEMENT[0],
        PLACEMENT[1],
        PLACEMENT[2],
        PLACEMENT[3],
        PLACEMENT[4],
        PLACEMENT[5],
        choice("reason", "Reason for the change", &ReasonPlaceChange::CHOICES),
    ],
    |s| format!("Placement moved to {}; reason: {}", placement_words(s), &s["reason"]),
);
static LEGAL_STATUS_AND_PLACEMENT_CHANGED: D = decl(
    "legal_status_and_placement_changed",
    "legal-status-and-placement-change",
    "Legal status and placement changed together",
    CARE,
    "child.record.care",
    &[
        date("date", "Changed on"),
        choice("legal_status", "Legal status", &LegalStatus::CHOICES),
        PLACEMENT[0],
        PLACEMENT[1],
        PLACEMENT[2],
        PLACEMENT[3],
        PLACEMENT[4],
        PLACEMENT[5],
        choice("reason", "Reason for the placement change", &ReasonPlaceChange::CHOICES),
    ],
    |s| {
        format!(
            "Legal status changed to {} ({}) and placement moved to {}",
            &s["legal_status"],
            s.raw("legal_status"),
            placement_words(s)
        )
    },
);
static CARE_ENDED: D = decl(
    "care_ended",
    "care-end",
    "Ceased to be looked after",
    CARE,
    "child.record.care",
    &[date("date", "Ended on"), choice("reason", "Reason care ended", &ReasonEpisodeCeased::CHOICES)],
    |s| format!("Ceased to be looked after: {}", &s["reason"]),
);
static LAC_REVIEW_HELD: D = decl(
    "lac_review_held",
    "lac-review",
    "Looked-after review",
    CARE,
    "child.record.review",
    &[
        date("date", "Held on").hint("While the child is placed for adoption, this is the adoption placement review"),
        choice("participation", "How the child took part", &ReviewParticipation::CHOICES),
    ],
    |s| format!("Looked-after review; participation: {}", &s["participation"]),
);
static CARE_PLAN_MADE: D = decl(
    "care_plan_made",
    "care-plan",
    "Care plan",
    CARE,
    "child.record.care",
    &[date("date", "Made on").hint("Before the first placement, or within 10 working days of it")],
    |_| "Care plan made".into(),
);
static PLACEMENT_PLAN_MADE: D = decl(
    "placement_plan_made",
    "placement-plan",
    "Placement plan",
    CARE,
    "child.record.care",
    &[
        date("date", "Made on").hint("Before the placement, or within 5 working days of it"),
        item("placement", "For the placement", &PLACEMENTS),
    ],
    |s| format!("Placement plan for the placement from {}", &s["placement"]),
);
static PERMANENCE_PLAN_MADE: D = decl(
    "permanence_plan_made",
    "permanence-plan",
    "Permanence plan",
    CARE,
    "child.record.plan",
    &[date("date", "Made on"), choice("plan", "Plan", &PermanencePlan::CHOICES)],
    |s| format!("Permanence plan: {}", s["plan"].to_lowercase()),
);

fn missing(r: &ChildRecord, keep: fn(&MissingEpisode) -> bool) -> Vec<(String, String)> {
    r.missing
        .iter()
        .filter(|m| keep(m))
        .map(|m| (m.no.to_string(), format!("from {}", m.start.format("%Y-%m-%d %H:%M"))))
        .collect()
}
static OPEN_MISSING: I = Items { noun: "missing episode", list: |r| missing(r, |m| m.end.is_none()), dated: false, new: None };
static RETURNED_WITHOUT_INTERVIEW: I = Items {
    noun: "missing episode",
    list: |r| missing(r, |m| m.end.is_some() && m.interview.is_none()),
    dated: false,
    new: None,
};
static MISSING_STARTED: D = decl(
    "missing_started",
    "missing-start",
    "Missing or away from placement",
    CARE,
    "child.record.missing",
    &[
        new_number("episode", "Episode number", |r| next_number(r.missing.iter().map(|m| m.no))),
        datetime("at", "From"),
        choice("kind", "Missing or away", &MissingType::CHOICES),
    ],
    |s| format!("{} from placement (episode {})", &s["kind"], &s["episode"]),
);
static MISSING_ENDED: D = decl(
    "missing_ended",
    "missing-end",
    "Returned from missing",
    CARE,
    "child.record.missing",
    &[item("episode", "Episode", &OPEN_MISSING), datetime("at", "Returned at")],
    |s| format!("Returned (episode {})", &s["episode"]),
);
static RETURN_INTERVIEW: D = decl(
    "return_interview",
    "return-interview",
    "Return home interview",
    CARE,
    "child.record.missing",
    &[
        item("episode", "Episode", &RETURNED_WITHOUT_INTERVIEW),
        datetime("offered_at", "Offered at"),
        check("accepted", "The child accepted"),
    ],
    |s| format!("Return interview offered (episode {}); accepted: {}", &s["episode"], &s["accepted"]),
);

// ---- health ----

static HEALTH_ASSESSMENT: D =
    decl("health_assessment", "health-assessment", "Health assessment", HEALTH, "child.record.health", &[date("date", "Done on")], |_| {
        "Health assessment".into()
    });
static DENTAL_CHECK: D =
    decl("dental_check", "dental-check", "Dental check", HEALTH, "child.record.health", &[date("date", "Done on")], |_| "Dental check".into());
static SDQ: D = decl(
    "sdq",
    "sdq",
    "Strengths and difficulties questionnaire",
    HEALTH,
    "child.record.health",
    &[
        date("date", "Done on"),
        number("score", "Score", 0, 40).optional(),
        choice("reason", "Why there is no score", &SdqReason::CHOICES).optional(),
    ],
    |s| match (&s["score"], &s["reason"]) {
        ("", "") => "SDQ recorded".into(),
        ("", reason) => format!("No SDQ score: {reason}"),
        (score, _) => format!("SDQ score {score}"),
    },
);
static HEALTH_OUTCOMES_RECORDED: D = decl(
    "health_outcomes_recorded",
    "health-outcomes",
    "Annual health outcomes",
    HEALTH,
    "child.record.health",
    &[
        date("date", "Recorded on"),
        check("immunisations_up_to_date", "Immunisations up to date").at("/outcomes/immunisations_up_to_date"),
        check("substance_misuse", "A substance misuse problem").at("/outcomes/substance_misuse"),
        yes_no("intervention_received", "Received an intervention").at("/outcomes/intervention_received"),
        yes_no("intervention_offered", "Offered an intervention").at("/outcomes/intervention_offered"),
        check("convicted", "Convicted of an offence during the year").at("/outcomes/convicted"),
    ],
    |_| "Annual health outcomes recorded".into(),
);

// ---- adoption ----

static ADOPTION_DECISION: D = decl(
    "adoption_decision",
    "adoption-decision",
    "Agency decision: should be placed for adoption",
    ADOPTION,
    "child.decide.adoption",
    &[date("date", "Decided on")],
    |_| "Agency decision: should be placed for adoption".into(),
);
static ADOPTION_PANEL: D = decl(
    "adoption_panel",
    "adoption-panel",
    "Adoption plan to the adoption panel",
    ADOPTION,
    "child.record.adoption",
    &[date("date", "Panel on")],
    |_| "Adoption plan to the adoption panel".into(),
);
static MATCHED_WITH_ADOPTERS: D = decl(
    "matched_with_adopters",
    "adoption-match",
    "Agency decision: match with prospective adopters",
    ADOPTION,
    "child.decide.adoption",
    &[
        date("date", "Decided on"),
        check("foster_carers", "The adopters are the child's foster carers").at("/adopters/foster_carers"),
        number("number", "Number of adopters", 1, 2).at("/adopters/number"),
        choice("adopter_sex", "Adopters' sex", &AdopterSex::CHOICES).at("/adopters/sex"),
        choice("adopter_legal_status", "Adopters' legal status", &AdopterLegalStatus::CHOICES).at("/adopters/legal_status"),
        id("household", "The adopters' household", Subject::Household).optional().hint("Its ID (H and digits), where the adopters are on this record"),
        choice("agency", "Where the adopters were approved", &crate::adopters::AdopterAgency::CHOICES).optional(),
        id("sitting", "Adoption panel sitting", Subject::Sitting).at("/panel/sitting").optional().hint("The sitting's ID, e.g. S000012"),
        number("case", "Case number at the sitting", 1, 1000).at("/panel/case").optional(),
    ],
    |s| match &s["household"] {
        "" => "Matched with prospective adopters".into(),
        h => format!("Matched with prospective adopters ({h})"),
    },
);
static ADOPTION_DECISION_REVERSED: D = decl(
    "adoption_decision_reversed",
    "adoption-reversed",
    "Decision to place for adoption reversed",
    ADOPTION,
    "child.decide.adoption",
    &[date("date", "Reversed on"), choice("reason", "Reason", &ReasonPlacedCeased::CHOICES)],
    |s| format!("Decision to place for adoption reversed: {}", &s["reason"]),
);

fn links(r: &ChildRecord) -> Vec<(String, String)> {
    let live = r.adoptions.iter().rev().find(|a| a.reversed.is_none());
    live.into_iter()
        .flat_map(|a| a.links.iter())
        .filter(|l| l.ended.is_none())
        .map(|l| {
            let who = l.household.as_ref().map_or_else(|| l.agency.label().to_lowercase(), |h| h.to_string());
            (l.no.to_string(), format!("{who}, from {}", l.date))
        })
        .collect()
}
static OPEN_LINKS: I = Items { noun: "link", list: links, dated: false, new: None };

static FAMILY_FINDING_STARTED: D = decl(
    "family_finding_started",
    "family-finding",
    "Family finding begun",
    ADOPTION,
    "child.record.adoption",
    &[date("date", "Begun on").hint("About four weeks before the placement order is expected")],
    |_| "Family finding begun".into(),
);
static FAMILY_FINDING_UPDATED: D = decl(
    "family_finding_updated",
    "family-finding-update",
    "Family finding: the month's update",
    ADOPTION,
    "child.record.adoption",
    &[date("date", "On"), long_text("activity", "What was done this month", 2_000)],
    |s| format!("Family finding update: {}", &s["activity"]),
);
static FAMILY_FINDING_ESCALATED: D = decl(
    "family_finding_escalated",
    "family-finding-review",
    "Family finding: service manager's review",
    ADOPTION,
    "child.decide.family_finding",
    &[date("date", "Reviewed on"), check("national_search", "Search nationally (interagency)")],
    |s| {
        if s.has("national_search") {
            "Service manager's review of family finding: national search agreed".into()
        } else {
            "Service manager's review of family finding".into()
        }
    },
);
static ADOPTER_LINKED: D = decl(
    "adopter_linked",
    "adoption-link",
    "Linked with prospective adopters",
    ADOPTION,
    "child.record.adoption",
    &[
        new_number("link", "Link", |r| {
            next_number(r.adoptions.iter().flat_map(|a| a.links.iter().map(|l| l.no)))
        }),
        date("date", "Linked on"),
        id("household", "The adopters' household", Subject::Household).optional().hint("Its ID, where the adopters are on this record"),
        choice("agency", "Where the adopters were approved", &crate::adopters::AdopterAgency::CHOICES),
    ],
    |s| format!("Linked with prospective adopters ({})", &s["agency"]),
);
static ADOPTER_LINK_ENDED: D = decl(
    "adopter_link_ended",
    "adoption-link-end",
    "Link with prospective adopters ended",
    ADOPTION,
    "child.record.adoption",
    &[item("link", "Link", &OPEN_LINKS), date("date", "Ended on"), text("reason", "Why", 500)],
    |s| format!("Link with prospective adopters ended: {}", &s["reason"]),
);
static ADOPTION_APPLICATION_MADE: D = decl(
    "adoption_application_made",
    "adoption-application",
    "Adoption application made to the court",
    ADOPTION,
    "child.record.adoption",
    &[date("date", "Made on").hint("At least ten weeks after the child was placed for adoption")],
    |_| "The adopters applied for the adoption order".into(),
);
static ADOPTION_DISRUPTED: D = decl(
    "adoption_disrupted",
    "adoption-disruption",
    "Placement for adoption disrupted",
    ADOPTION,
    "child.record.adoption",
    &[date("date", "On")],
    |_| "The placement for adoption disrupted".into(),
);

// ---- leaving care ----

static PATHWAY_PLAN_REVIEWED: D = decl(
    "pathway_plan_reviewed",
    "pathway-plan",
    "Pathway plan made or reviewed",
    LEAVING,
    "child.record.leaving_care",
    &[date("date", "On")],
    |_| "Pathway plan reviewed".into(),
);
static ADVISER_SUPPORT_REQUESTED: D = decl(
    "adviser_support_requested",
    "support-to-25",
    "Asked for a personal adviser's support to 25",
    LEAVING,
    "child.record.leaving_care",
    &[date("date", "Asked on")],
    |_| "Asked for a personal adviser's support to 25".into(),
);
static CARE_LEAVER_CONTACT: D = decl(
    "care_leaver_contact",
    "care-leaver-contact",
    "Care leaver contact",
    LEAVING,
    "child.record.leaving_care",
    &[
        date("date", "On"),
        choice("in_touch", "In touch", &InTouch::CHOICES),
        choice("activity", "Activity", &Activity::CHOICES).optional(),
        choice("accommodation", "Accommodation", &Accommodation::CHOICES).optional(),
    ],
    |s| {
        let mut out = format!("Care leaver contact; in touch: {}", &s["in_touch"]);
        for (name, words) in [("activity", "activity"), ("accommodation", "accommodation")] {
            if s.has(name) {
                out.push_str(&format!("; {words}: {}", &s[name]));
            }
        }
        out
    },
);

// ---- allocation, oversight, panels ----

static WORKER_ALLOCATED: D = decl(
    "worker_allocated",
    "allocation",
    "Allocated to a worker",
    WORK,
    "child.allocate",
    &[
        date("date", "From"),
        staff("worker", "Worker", "/team"),
        choice("reason", "Reason for a change of worker", &SocialWorkerChangeReason::CHOICES).optional(),
    ],
    |s| {
        let mut out = format!("Allocated to {}", &s["worker"]);
        if s.has("reason") {
            out.push_str(&format!("; reason for change: {}", &s["reason"]));
        }
        out
    },
);
static WORKER_DEALLOCATED: D =
    decl("worker_deallocated", "deallocation", "No allocated worker", WORK, "child.allocate", &[date("date", "From")], |_| {
        "No allocated worker".into()
    });
static MANAGEMENT_OVERSIGHT: D = decl(
    "management_oversight",
    "oversight",
    "Management oversight",
    WORK,
    "child.record.oversight",
    &[date("date", "On"), user("by", "Manager"), long_text("note", "Management oversight", 10_000)],
    |s| format!("Management oversight by {}: {}", &s["by"], &s["note"]),
);
static REVIEWER_ASSIGNED: D = decl(
    "reviewer_assigned",
    "reviewer",
    "Reviewing officer or conference chair",
    WORK,
    "child.assign.reviewer",
    &[date("date", "From"), staff("worker", "Reviewer", ""), choice("role", "Reviews as", &ReviewerRole::CHOICES)],
    |s| format!("{} assigned: {}", &s["role"], &s["worker"]),
);
static PANEL_DECISION: D = decl(
    "panel_decision",
    "panel-decision",
    "Panel or meeting decision",
    WORK,
    "child.record.panel",
    &[date("date", "On"), choice("panel", "Panel or meeting", &Panel::CHOICES), long_text("decision", "Decision", 10_000)],
    |s| format!("{} decision: {}", &s["panel"], &s["decision"]),
);

// ---- complaints and SEND ----

static UNANSWERED_COMPLAINTS: I = Items {
    noun: "complaint",
    list: |r| {
        r.complaints
            .iter()
            .filter(|c| c.answered.is_none())
            .map(|c| (c.no.to_string(), format!("stage {}, received {}", c.stage, c.received)))
            .collect()
    },
    dated: false,
    new: None,
};
static COMPLAINT_RECEIVED: D = decl(
    "complaint_received",
    "complaint",
    "Complaint received",
    BESIDE,
    "child.record.complaint",
    &[
        new_number("complaint", "Complaint number", |r| next_number(r.complaints.iter().map(|c| c.no))),
        date("date", "Received on"),
        number("stage", "Stage", 1, 3),
    ],
    |s| format!("Complaint {} received (stage {})", &s["complaint"], &s["stage"]),
);
static COMPLAINT_ANSWERED: D = decl(
    "complaint_answered",
    "complaint-answer",
    "Complaint answered",
    BESIDE,
    "child.record.complaint",
    &[item("complaint", "Complaint", &UNANSWERED_COMPLAINTS), date("date", "Answered on")],
    |s| format!("Complaint {} answered", &s["complaint"]),
);
static EHC_ASSESSMENT_REQUESTED: D = decl(
    "ehc_assessment_requested",
    "ehc-request",
    "EHC needs assessment requested",
    BESIDE,
    "child.record.send",
    &[date("date", "Requested on")],
    |_| "EHC needs assessment requested".into(),
);
static EHC_PLAN_ISSUED: D =
    decl("ehc_plan_issued", "ehc-plan", "EHC plan issued", BESIDE, "child.record.send", &[date("date", "Issued on")], |_| {
        "EHC plan issued".into()
    });
static ADVICE_AWAITED: I = Items {
    noun: "request for advice",
    list: |r| {
        r.send_advice
            .iter()
            .filter(|a| a.given.is_none())
            .map(|a| (a.no.to_string(), format!("requested {}", a.requested)))
            .collect()
    },
    dated: false,
    new: None,
};
static SEND_ADVICE_REQUESTED: D = decl(
    "send_advice_requested",
    "send-advice-request",
    "Social care advice requested for an EHC needs assessment",
    BESIDE,
    "child.record.send",
    &[
        new_number("request", "Request number", |r| next_number(r.send_advice.iter().map(|a| a.no))),
        date("date", "Requested on").hint("The date the SEND service asked for social care's advice"),
    ],
    |s| format!("SEND service requested social care advice ({})", &s["request"]),
);
static SEND_ADVICE_GIVEN: D = decl(
    "send_advice_given",
    "send-advice",
    "Social care advice given for an EHC needs assessment",
    BESIDE,
    "child.record.send",
    &[item("request", "Request", &ADVICE_AWAITED), date("date", "Sent to the SEND service on")],
    |s| format!("Social care advice sent to the SEND service ({})", &s["request"]),
);
static EHC_REVIEW_ATTENDED: D = decl(
    "ehc_review_attended",
    "ehc-review",
    "EHC plan annual review attended",
    BESIDE,
    "child.record.send",
    &[date("date", "Review held on")],
    |_| "EHC plan annual review attended by social care".into(),
);

// ---- the Virtual School (decision 008): recorded by its officers (`child.record.education`) ----
static SCHOOL_STARTED: D = decl(
    "school_started",
    "school",
    "School, early years setting or college",
    EDUCATION,
    "child.record.education",
    &[
        date("date", "On roll from"),
        text("school", "School, setting or college", 200),
        text("urn", "URN or UKPRN", 8).optional().hint("The school's unique reference number, where it has one"),
        choice("year_group", "Year group", &YearGroup::CHOICES)
            .optional()
            .hint("Only where the child is taught out of their age's year group"),
    ],
    |s| format!("On roll at {}", &s["school"]),
);
static LEFT_SCHOOL_ROLL: D = decl(
    "left_school_roll",
    "off-roll",
    "Taken off a school roll, with no other school",
    EDUCATION,
    "child.record.education",
    &[
        date("date", "Off roll from"),
        check("missing_education", "Missing education").hint("No suitable education is known at all"),
    ],
    |s| if s.has("missing_education") { "Not on a school roll: missing education".into() } else { "Not on a school roll".into() },
);
static EDUCATION_OFFICER_ASSIGNED: D = decl(
    "education_officer_assigned",
    "education-officer",
    "Virtual School officer",
    EDUCATION,
    "child.record.education",
    &[date("date", "From"), staff("officer", "Virtual School officer", "")],
    |s| format!("Virtual School officer: {}", &s["officer"]),
);
static PEP_HELD: D = decl(
    "pep_held",
    "pep",
    "Personal Education Plan meeting",
    EDUCATION,
    "child.record.education",
    &[
        new_number("pep", "PEP number", |r| next_number(r.education.peps.iter().map(|p| p.no))),
        date("date", "Held on"),
        choice("phase", "PEP", &PepPhase::CHOICES),
        choice("rating_attendance", "Attendance", &Rating::CHOICES).at("/ratings/attendance").optional(),
        choice("rating_progress", "Progress and attainment", &Rating::CHOICES).at("/ratings/progress").optional(),
        choice("rating_wellbeing", "Wellbeing", &Rating::CHOICES).at("/ratings/wellbeing").optional(),
        choice("rating_targets", "SMART targets", &Rating::CHOICES).at("/ratings/targets").optional(),
        choice("rating_pupil_premium", "Pupil Premium Plus plan", &Rating::CHOICES).at("/ratings/pupil_premium").optional(),
        choice("rating_voice", "The child's voice", &Rating::CHOICES).at("/ratings/voice").optional(),
        choice("rating_overall", "The PEP as a whole", &Rating::CHOICES)
            .at("/ratings/overall")
            .optional()
            .hint("The Virtual School's quality rating once it has checked the PEP"),
        long_text("targets", "SMART targets", 4000),
        number("ppp_planned", "Pupil Premium Plus planned for the term ahead (£)", 0, 100_000).optional(),
        number("ppp_spent", "Pupil Premium Plus spent since the last PEP (£)", 0, 100_000).optional(),
        long_text("progress", "Progress against the last PEP's targets", 4000).optional(),
    ],
    |s| match &s["rating_overall"] {
        "" => format!("{} PEP meeting ({})", &s["phase"], &s["pep"]),
        r => format!("{} PEP meeting ({}), rated {}", &s["phase"], &s["pep"], r.to_lowercase()),
    },
);
static ATTENDANCE_RECORDED: D = decl(
    "attendance_recorded",
    "attendance",
    "School attendance",
    EDUCATION,
    "child.record.education",
    &[
        date("from", "From"),
        date("to", "To"),
        number("possible", "Possible sessions", 0, 1000).hint("Half days the school was open to the child"),
        number("attended", "Sessions attended", 0, 1000),
    ],
    |s| format!("Attended {} of {} sessions, {} to {}", &s["attended"], &s["possible"], &s["from"], &s["to"]),
);
static EXCLUSION_RECORDED: D = decl(
    "exclusion_recorded",
    "exclusion",
    "Suspension or permanent exclusion",
    EDUCATION,
    "child.record.education",
    &[
        date("date", "From"),
        choice("kind", "Suspension or exclusion", &ExclusionKind::CHOICES),
        choice("reason", "Reason", &ExclusionReason::CHOICES),
        number("sessions", "Sessions (half days) of a suspension", 1, 90).optional(),
    ],
    |s| format!("{}: {}", &s["kind"], s["reason"].to_lowercase()),
);
static DESTINATION_RECORDED: D = decl(
    "destination_recorded",
    "destination",
    "Post-16 education, employment or training",
    EDUCATION,
    "child.record.education",
    &[date("date", "From"), choice("destination", "Destination", &Destination::CHOICES)],
    |s| format!("Post-16: {}", s["destination"].to_lowercase()),
);

static ALL: &[&D] = &[
    &REGISTERED,
    &DETAILS_AMENDED,
    &BORN,
    &UASC_STARTED,
    &UASC_ENDED,
    &BECAME_MOTHER,
    &DIED,
    &CONTACT_RECEIVED,
    &CONTACT_DECIDED,
    &EARLY_HELP_REQUESTED,
    &EARLY_HELP_STARTED,
    &EARLY_HELP_ENDED,
    &REFERRAL_RECEIVED,
    &REFERRAL_DECIDED,
    &PRIMARY_NEED_RECORDED,
    &ASSESSMENT_STARTED,
    &ASSESSMENT_AUTHORISED,
    &STRATEGY_DISCUSSION_HELD,
    &S47_STARTED,
    &S47_CONCLUDED,
    &ICPC_HELD,
    &CP_PLAN_STARTED,
    &CP_CATEGORY_CHANGED,
    &CP_REVIEW_HELD,
    &CP_PLAN_ENDED,
    &CIN_PLAN_STARTED,
    &CIN_PLAN_ENDED,
    &VISITED,
    &CASE_CLOSED,
    &PRE_PROCEEDINGS_STARTED,
    &PRE_PROCEEDINGS_ENDED,
    &CARE_PROCEEDINGS_ISSUED,
    &CARE_PROCEEDINGS_CONCLUDED,
    &DOLO_STARTED,
    &DOLO_ENDED,
    &CARE_STARTED,
    &LEGAL_STATUS_CHANGED,
    &PLACEMENT_CHANGED,
    &LEGAL_STATUS_AND_PLACEMENT_CHANGED,
    &CARE_ENDED,
    &LAC_REVIEW_HELD,
    &CARE_PLAN_MADE,
    &PLACEMENT_PLAN_MADE,
    &PERMANENCE_PLAN_MADE,
    &MISSING_STARTED,
    &MISSING_ENDED,
    &RETURN_INTERVIEW,
    &HEALTH_ASSESSMENT,
    &DENTAL_CHECK,
    &SDQ,
    &HEALTH_OUTCOMES_RECORDED,
    &ADOPTION_DECISION,
    &ADOPTION_PANEL,
    &MATCHED_WITH_ADOPTERS,
    &ADOPTION_DECISION_REVERSED,
    &FAMILY_FINDING_STARTED,
    &FAMILY_FINDING_UPDATED,
    &FAMILY_FINDING_ESCALATED,
    &ADOPTER_LINKED,
    &ADOPTER_LINK_ENDED,
    &ADOPTION_APPLICATION_MADE,
    &ADOPTION_DISRUPTED,
    &PATHWAY_PLAN_REVIEWED,
    &ADVISER_SUPPORT_REQUESTED,
    &CARE_LEAVER_CONTACT,
    &WORKER_ALLOCATED,
    &WORKER_DEALLOCATED,
    &REVIEWER_ASSIGNED,
    &MANAGEMENT_OVERSIGHT,
    &PANEL_DECISION,
    &COMPLAINT_RECEIVED,
    &COMPLAINT_ANSWERED,
    &EHC_ASSESSMENT_REQUESTED,
    &EHC_PLAN_ISSUED,
    &SEND_ADVICE_REQUESTED,
    &SEND_ADVICE_GIVEN,
    &EHC_REVIEW_ATTENDED,
    &SCHOOL_STARTED,
    &LEFT_SCHOOL_ROLL,
    &EDUCATION_OFFICER_ASSIGNED,
    &PEP_HELD,
    &ATTENDANCE_RECORDED,
    &EXCLUSION_RECORDED,
    &DESTINATION_RECORDED,
];
