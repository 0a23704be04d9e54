//! One declaration per kind of [`ComplaintEvent`]: its form, permission key and chronology
//! sentence (see [`crate::form`]). The complaints officer receives, acknowledges, allocates and
//! records each stage with `complaint.record`; accepting a complaint made more than a year after
//! the matter is their decision (`complaint.decide`).

use super::*;
use crate::form::*;

type I = Items<Complaint>;
type D = Declaration<ComplaintEvent>;

crate::panels::own_choices!(ComplaintKind, Complainant, Theme, Finding, OmbudsmanDecision);

impl Declared for ComplaintEvent {
    type Record = Complaint;

    fn declarations() -> &'static [&'static D] {
        ALL
    }

    /// A complaint before it is received: what it is and whom it concerns are the receipt's to say.
    fn blank(id: &str) -> Option<Complaint> {
        Some(Complaint {
            id: ComplaintId::new(id).ok()?,
            kind: ComplaintKind::Children,
            about: About::Service,
            complainant: Complainant::Other,
            received: crate::journey::EARLIEST_DATE,
            matter: None,
            themes: vec![],
            summary: String::new(),
            team: None,
            handler: None,
            late_accepted: None,
            stages: vec![],
            ombudsman: None,
            lessons: vec![],
            withdrawn: None,
        })
    }

    fn declaration(&self) -> Option<&'static D> {
        use ComplaintEvent::*;
        Some(match self {
            Received { .. } => &RECEIVED,
            Acknowledged { .. } => &ACKNOWLEDGED,
            Allocated { .. } => &ALLOCATED,
            LateAccepted { .. } => &LATE,
            Extended { .. } => &EXTENDED,
            Responded { .. } => &RESPONDED,
            Escalated { .. } => &ESCALATED,
            PanelHeld { .. } => &PANEL_HELD,
            PanelReported { .. } => &PANEL_REPORTED,
            Ombudsman { .. } => &OMBUDSMAN,
            LessonAgreed { .. } => &LESSON,
            LessonDone { .. } => &LESSON_DONE,
            Withdrawn { .. } => &WITHDRAWN,
        })
    }
}

static ALL: &[&D] = &[
    &RECEIVED,
    &ACKNOWLEDGED,
    &ALLOCATED,
    &LATE,
    &EXTENDED,
    &RESPONDED,
    &ESCALATED,
    &PANEL_HELD,
    &PANEL_REPORTED,
    &OMBUDSMAN,
    &LESSON,
    &LESSON_DONE,
    &WITHDRAWN,
];

const RECEIVING: &str = "Receiving it";
const STAGES: &str = "Its stages";
const AFTER: &str = "Afterwards";
const RECORD: &str = "complaint.record";

static OPEN_LESSONS: I = Items {
    noun: "lesson",
    list: |c| c.lessons.iter().filter(|l| l.done.is_none()).map(|l| (l.no.to_string(), l.what.clone())).collect(),
    dated: false,
    new: None,
};

static RECEIVED: D = D::new(
    "received",
    "receive",
    "Receive a complaint, representation or compliment",
    RECEIVING,
    RECORD,
    &[
        choice("kind", "What it is", &ComplaintKind::CHOICES),
        choice("complainant", "Made by", &Complainant::CHOICES),
        date("date", "Received on"),
        date("matter", "When the matter complained of happened").optional().hint("Where known: a complaint more than a year after it waits for the complaints officer's decision"),
        id("child", "The child it is about", Subject::Child).optional().at("/about/child").hint("The child's ID, e.g. C0001234; leave the three IDs empty for a complaint about the service as a whole"),
        id("person", "Or the adult it is about", Subject::Person).optional().at("/about/person").hint("The person's ID, e.g. P000012"),
        id("household", "Or the household it is about", Subject::Household).optional().at("/about/household").hint("The household's ID, e.g. H000012"),
        choices("themes", "Themes", &Theme::CHOICES),
        long_text("summary", "What it says", MAX_TEXT),
        staff("handler", "Who answers it", "/team").optional().hint("The manager of the service it concerns; leave empty to keep it with the complaints officers"),
    ],
    |s| {
        let about = [("child", "about "), ("person", "about "), ("household", "about household ")]
            .iter()
            .find(|(f, _)| !s.raw(f).is_empty())
            .map_or_else(|| "about the service".to_string(), |(f, how)| format!("{how}{}", s.raw(f)));
        format!("{} received, made by: {}, {about}", &s["kind"], &s["complainant"])
    },
);
static ACKNOWLEDGED: D = D::new(
    "acknowledged",
    "acknowledge",
    "Acknowledge receipt",
    STAGES,
    RECORD,
    &[date("date", "Acknowledged on")],
    |s| format!("Receipt acknowledged to the complainant on {}", &s["date"]),
);
static ALLOCATED: D = D::new(
    "allocated",
    "allocate",
    "Allocate to a manager to answer",
    RECEIVING,
    RECORD,
    &[staff("handler", "Who answers it", "")],
    |s| format!("Allocated to {} to answer", &s["handler"]),
);
static LATE: D = D::new(
    "late_accepted",
    "accept-late",
    "Accept a complaint made more than a year after the matter",
    RECEIVING,
    "complaint.decide",
    &[long_text("reason", "Why it is accepted", MAX_TEXT)],
    |s| format!("Accepted although made more than a year after the matter: {}", &s["reason"]),
);
static EXTENDED: D = D::new(
    "extended",
    "extend",
    "Extend the time to respond",
    STAGES,
    RECORD,
    &[date("date", "Extended on"), long_text("reason", "Why", MAX_TEXT)],
    |s| format!("Time to respond extended: {}", &s["reason"]),
);
static RESPONDED: D = D::new(
    "responded",
    "respond",
    "Respond to the complainant",
    STAGES,
    RECORD,
    &[date("date", "Responded on"), choice("finding", "Finding", &Finding::CHOICES), long_text("summary", "The response", MAX_TEXT)],
    |s| format!("Responded: {}", &s["finding"]),
);
static ESCALATED: D = D::new(
    "escalated",
    "escalate",
    "The complainant asks for the next stage",
    STAGES,
    RECORD,
    &[date("date", "Asked on")],
    |s| format!("The complainant asked for the next stage on {}", &s["date"]),
);
static PANEL_HELD: D = D::new(
    "panel_held",
    "panel",
    "The review panel met (stage 3)",
    STAGES,
    RECORD,
    &[date("date", "Met on"), choice("finding", "The panel's finding", &Finding::CHOICES)],
    |s| format!("Review panel met: {}", &s["finding"]),
);
static PANEL_REPORTED: D = D::new(
    "panel_reported",
    "panel-report",
    "The review panel's report",
    STAGES,
    RECORD,
    &[date("date", "Sent on")],
    |s| format!("The review panel's report sent on {}", &s["date"]),
);
static OMBUDSMAN: D = D::new(
    "ombudsman",
    "ombudsman",
    "The Ombudsman's decision",
    AFTER,
    RECORD,
    &[
        date("date", "Decided on"),
        choice("decision", "Decision", &OmbudsmanDecision::CHOICES),
        long_text("remedy", "Remedy asked for", MAX_TEXT).optional(),
    ],
    |s| format!("Ombudsman's decision: {}", &s["decision"]),
);
static LESSON: D = D::new(
    "lesson_agreed",
    "lesson",
    "A lesson learned",
    AFTER,
    RECORD,
    &[
        new_number("no", "Lesson", |c| next_number(c.lessons.iter().map(|l| l.no))),
        long_text("what", "What will change", MAX_TEXT),
        staff("owner", "Who acts on it", ""),
        future_date("by", "By").optional(),
    ],
    |s| format!("Lesson {} for {}: {}", s.raw("no"), &s["owner"], &s["what"]),
);
static LESSON_DONE: D = D::new(
    "lesson_done",
    "lesson-done",
    "A lesson acted on",
    AFTER,
    RECORD,
    &[item("no", "Lesson", &OPEN_LESSONS), date("date", "Done on")],
    |s| format!("Lesson {} acted on", s.raw("no")),
);
static WITHDRAWN: D = D::new(
    "withdrawn",
    "withdraw",
    "The complainant withdraws it",
    AFTER,
    RECORD,
    &[date("date", "Withdrawn on"), long_text("reason", "What the complainant said", MAX_TEXT)],
    |s| format!("Withdrawn by the complainant: {}", &s["reason"]),
);
