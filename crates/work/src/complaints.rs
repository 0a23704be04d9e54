//! A complaint's work on trays (decision 008): each open clock on the tray of
//! whoever handles it (the complaints officers' queue until someone does), a
//! complaint made more than a year after the matter waiting for their
//! decision, and each lesson learned on its owner's tray until done.

use crate::tray::{Kind, Owner, Subject, Target, TrayItem};
use carefile_domain::complaints::{About, Complaint};
use carefile_domain::timescales::{Deadline, Moment};

/// The role whose holders answer complaints no one handles yet (decision 001's code).
pub const COMPLAINTS_OFFICER: &str = "complaints-officer";

/// Everything on trays from one complaint, given its clocks on the day.
pub fn tray_items(c: &Complaint, clocks: &[Deadline]) -> Vec<TrayItem> {
    let subject = match &c.about {
        About::Child(id) => Subject::Child(id.clone()),
        About::Adult(id) => Subject::Person(id.clone()),
        About::Household(id) => Subject::Household(id.clone()),
        About::Service => Subject::None,
    };
    let handler = c.handler.clone().map_or(Owner::Role(COMPLAINTS_OFFICER.into()), Owner::Worker);
    let target = |lesson| Target::Complaint { complaint: c.id.clone(), lesson };
    let mut out = Vec::new();
    if c.withdrawn.is_some() {
        return out;
    }
    if c.out_of_time() && c.late_accepted.is_none() && !c.is_closed() {
        out.push(TrayItem {
            owner: Owner::Role(COMPLAINTS_OFFICER.into()),
            subject: subject.clone(),
            kind: Kind::Complaint,
            title: format!("Decide whether to accept complaint {}: made more than a year after the matter", c.id),
            due: None,
            target: target(None),
        });
    }
    out.extend(clocks.iter().filter(|d| d.status.is_open() && d.ended.is_none()).map(|d| TrayItem {
        owner: handler.clone(),
        subject: subject.clone(),
        kind: Kind::Due,
        title: format!("{} ({})", d.item.label(), c.id),
        due: Some(d.due),
        target: target(None),
    }));
    out.extend(c.lessons.iter().filter(|l| l.done.is_none()).map(|l| TrayItem {
        owner: Owner::Worker(l.owner.clone()),
        subject: subject.clone(),
        kind: Kind::Complaint,
        title: format!("Lesson from complaint {}: {}", c.id, l.what.lines().next().unwrap_or("")),
        due: l.by.map(Moment::day),
        target: target(Some(l.no)),
    }));
    out
}
