//! Daily deltas: what to send, given what the DfE already holds.
//!
//! After each accepted send carefile keeps, per child, the SHA-256 of the payload it sent (its
//! canonical JSON) and the IDs of every item in it ([`Held`]). A run compares each cohort child's
//! payload with that: unchanged children are not sent; new and changed ones are sent whole (so
//! `care_worker_details`, which has no purge flag, is always complete); an item the DfE holds that
//! the record no longer has (withdrawn as entered in error, or a corrected date that changed a
//! placement's ID) is sent as that item's ID with `purge: true`; a child the DfE holds who is no
//! longer in the cohort (aged out, merged into another record, erased) is sent as
//! `{la_child_id, mis_child_id, purge: true}`. carefile's IDs come from its own log, so nothing
//! volatile makes an unchanged child look changed.

use crate::payload::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// The items of one episode the DfE holds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EpisodeItems {
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub assessments: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub cin_plans: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub section_47s: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub cp_plans: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub placements: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub adoption: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub care_leavers: bool,
}

/// What the DfE holds for a child after an accepted send.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Held {
    /// SHA-256 (hex) of the payload's canonical JSON.
    pub hash: String,
    /// Episode ID → its items.
    pub episodes: BTreeMap<String, EpisodeItems>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub health: bool,
}

/// The payload's canonical JSON: fields in the schema's order, items in the record's.
pub fn canonical(child: &Child) -> String {
    serde_json::to_string(child).expect("a payload always serialises")
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// What the DfE will hold once `child` (a full payload) is accepted.
pub fn held(child: &Child) -> Held {
    let episodes = child
        .social_care_episodes
        .iter()
        .map(|e| {
            let items = EpisodeItems {
                assessments: e
                    .child_and_family_assessments
                    .iter()
                    .map(|a| a.child_and_family_assessment_id.clone())
                    .collect(),
                cin_plans: e.child_in_need_plans.iter().map(|p| p.child_in_need_plan_id.clone()).collect(),
                section_47s: e.section_47_assessments.iter().map(|s| s.section_47_assessment_id.clone()).collect(),
                cp_plans: e.child_protection_plans.iter().map(|p| p.child_protection_plan_id.clone()).collect(),
                placements: e
                    .child_looked_after_placements
                    .iter()
                    .map(|p| p.child_looked_after_placement_id.clone())
                    .collect(),
                adoption: e.adoption.is_some(),
                care_leavers: e.care_leavers.is_some(),
            };
            (e.social_care_episode_id.clone(), items)
        })
        .collect();
    Held { hash: sha256_hex(canonical(child).as_bytes()), episodes, health: child.health_and_wellbeing.is_some() }
}

/// Why a child is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Not held by the DfE.
    New,
    /// Held, and changed since.
    Updated,
    /// Held, and no longer in the cohort: purged.
    Left,
}

/// One child to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Delta {
    pub child: String,
    pub kind: Kind,
    pub payload: Child,
    /// What the DfE holds once this is accepted (`None`: nothing, the child is purged).
    pub then: Option<Held>,
}

/// Counts of a run's comparison.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub left: usize,
    /// Items sent with `purge: true` inside updated children.
    pub items_purged: usize,
}

/// The children to send, in child ID order: `current` is every cohort child's full payload, `held`
/// what the DfE holds (by `mis_child_id`, carefile's child ID).
pub fn deltas(current: &[Child], held_now: &BTreeMap<String, Held>) -> (Vec<Delta>, Tally) {
    let mut tally = Tally::default();
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for child in current {
        let id = child.mis_child_id.clone().unwrap_or_else(|| child.la_child_id.clone());
        seen.insert(id.clone());
        let then = held(child);
        match held_now.get(&id) {
            Some(before) if before.hash == then.hash => tally.unchanged += 1,
            Some(before) => {
                let mut payload = child.clone();
                tally.items_purged += purge_missing(&mut payload, before, &then);
                tally.updated += 1;
                out.push(Delta { child: id, kind: Kind::Updated, payload, then: Some(then) });
            }
            None => {
                tally.new += 1;
                out.push(Delta { child: id, kind: Kind::New, payload: child.clone(), then: Some(then) });
            }
        }
    }
    for (id, _) in held_now.iter().filter(|(id, _)| !seen.contains(*id)) {
        tally.left += 1;
        let payload = Child {
            la_child_id: id.clone(),
            mis_child_id: Some(id.clone()),
            purge: true,
            child_details: None,
            health_and_wellbeing: None,
            social_care_episodes: vec![],
        };
        out.push(Delta { child: id.clone(), kind: Kind::Left, payload, then: None });
    }
    out.sort_by(|a, b| a.child.cmp(&b.child));
    (out, tally)
}

/// Adds to `payload` the items `before` held that `now` lacks, each by its ID with `purge: true`;
/// returns how many.
fn purge_missing(payload: &mut Child, before: &Held, now: &Held) -> usize {
    let mut n = 0;
    if before.health && !now.health {
        payload.health_and_wellbeing = Some(Health { sdq_assessments: vec![], purge: true });
        n += 1;
    }
    for (episode_id, was) in &before.episodes {
        let Some(is) = now.episodes.get(episode_id) else {
            payload.social_care_episodes.push(Episode {
                social_care_episode_id: episode_id.clone(),
                purge: true,
                ..Default::default()
            });
            n += 1;
            continue;
        };
        let e = payload
            .social_care_episodes
            .iter_mut()
            .find(|e| e.social_care_episode_id == *episode_id)
            .expect("an episode the payload holds");
        let gone = |was: &BTreeSet<String>, is: &BTreeSet<String>| was.difference(is).cloned().collect::<Vec<_>>();
        for id in gone(&was.assessments, &is.assessments) {
            e.child_and_family_assessments.push(Assessment {
                child_and_family_assessment_id: id,
                purge: true,
                ..Default::default()
            });
            n += 1;
        }
        for id in gone(&was.cin_plans, &is.cin_plans) {
            e.child_in_need_plans.push(CinPlan { child_in_need_plan_id: id, purge: true, ..Default::default() });
            n += 1;
        }
        for id in gone(&was.section_47s, &is.section_47s) {
            e.section_47_assessments.push(Section47 {
                section_47_assessment_id: id,
                purge: true,
                ..Default::default()
            });
            n += 1;
        }
        for id in gone(&was.cp_plans, &is.cp_plans) {
            e.child_protection_plans.push(CpPlan { child_protection_plan_id: id, purge: true, ..Default::default() });
            n += 1;
        }
        for id in gone(&was.placements, &is.placements) {
            e.child_looked_after_placements.push(Placement {
                child_looked_after_placement_id: id,
                purge: true,
                ..Default::default()
            });
            n += 1;
        }
        if was.adoption && !is.adoption {
            e.adoption = Some(Adoption { purge: true, ..Default::default() });
            n += 1;
        }
        if was.care_leavers && !is.care_leavers {
            e.care_leavers = Some(CareLeaver { purge: true, ..Default::default() });
            n += 1;
        }
    }
    n
}

/// At most 100 children a request, as the schema's `maxItems` allows.
pub const BATCH: usize = 100;
