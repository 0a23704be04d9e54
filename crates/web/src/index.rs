//! The in-memory index pages read instead of the store: each child's summary
//! on the reference date (name, allocation, status), children by allocated
//! worker and team, and each child's open due items. Built once at start from
//! every record, and [`Index::put`] refreshes one child after each write.
//! It also holds what trays show from each child (due items and requests for
//! authorisation, routed to worker, team or the unallocated list) and the
//! children's entries of the front door's tolerant search.

use crate::oversight;
use carefile_domain::access::ChildFacts;
use carefile_domain::stats::Status;
use carefile_domain::people::matching;
use carefile_domain::reviewing::ReviewingRecord;
use carefile_domain::timescales::{DueRow, TimescaleConfig, deadlines, due_list};
use carefile_work::{Acceptances, Requests, SourceKey, Trays};
use carefile_domain::{Calendar, ChildId, ChildRecord, CollectionYear, TeamId, WorkerId};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A child as lists and the access policy need them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChildSummary {
    pub id: ChildId,
    pub name: String,
    pub dob: Option<NaiveDate>,
    /// What the access policy reads: allocation, open or when closed, reviewers.
    #[serde(flatten)]
    pub facts: ChildFacts,
    pub status: Status,
    pub care_leaver: bool,
    /// The name in lower case, for searching without allocating.
    #[serde(skip)]
    pub name_lower: String,
}

impl ChildSummary {
    fn of(record: &ChildRecord, as_of: NaiveDate, cal: &Calendar, cfg: &TimescaleConfig) -> ChildSummary {
        let d = &record.details;
        let name = format!("{} {}", d.forename, d.surname).trim().to_string();
        ChildSummary {
            id: record.id.clone(),
            name_lower: name.to_lowercase(),
            name,
            dob: d.dob,
            // The reviewer keeps the child until the last meeting's minutes are due.
            facts: ChildFacts::with_minutes(record, as_of, |ended| cfg.reviewing_minutes.after(cal, ended)),
            status: record.status_on(as_of),
            care_leaver: record.is_care_leaver_on(as_of),
        }
    }

    pub fn worker(&self) -> Option<&WorkerId> {
        self.facts.worker.as_ref()
    }

    pub fn team(&self) -> Option<&TeamId> {
        self.facts.team.as_ref()
    }

    /// Open to the service: an open case, looked after, in proceedings or a care leaver.
    pub fn is_open(&self) -> bool {
        let s = &self.status;
        s.open_case || s.looked_after || s.pre_proceedings || s.proceedings || self.care_leaver
    }

    /// The status in a worker's words: "Looked after", "CP plan", …
    pub fn status_words(&self) -> Vec<&'static str> {
        let s = &self.status;
        let mut words = Vec::new();
        for (on, word) in [
            (s.looked_after, "Looked after"),
            (s.cp_plan, "Child protection plan"),
            (s.child_in_need(), "Child in need"),
            (s.proceedings, "Care proceedings"),
            (s.pre_proceedings, "Pre-proceedings"),
            (self.care_leaver, "Care leaver"),
        ] {
            if on {
                words.push(word);
            }
        }
        if words.is_empty() {
            words.push("Not open");
        }
        words
    }
}

pub struct Index {
    as_of: NaiveDate,
    cal: Calendar,
    cfg: TimescaleConfig,
    children: BTreeMap<ChildId, ChildSummary>,
    due: HashMap<ChildId, Vec<DueRow>>,
    by_worker: HashMap<WorkerId, BTreeSet<ChildId>>,
    by_team: HashMap<TeamId, BTreeSet<ChildId>>,
    /// Children by every team that has held them (the data-quality counts of past days).
    by_team_ever: HashMap<TeamId, BTreeSet<ChildId>>,
    /// What the team page needs of each child (only children with something to count).
    oversight: HashMap<ChildId, oversight::Facts>,
    /// Each child's requests for authorisation, where it has any.
    requests: HashMap<ChildId, Requests>,
    /// Each child's reviewing officer's and chair's record, where it has one.
    reviewing: HashMap<ChildId, ReviewingRecord>,
    /// The findings accepted on each child's record, where it has any.
    accepted: HashMap<ChildId, Acceptances>,
    /// Tray items from each child's record and requests.
    trays: Trays,
    /// The children, for the front door's search.
    search: matching::Index<ChildId>,
    /// Children by their assigned reviewing officers and conference chairs.
    by_reviewer: HashMap<WorkerId, BTreeSet<ChildId>>,
}

/// What the front door's search knows of a child.
pub fn searchable(record: &ChildRecord) -> matching::Searchable {
    let d = &record.details;
    matching::Searchable {
        names: vec![format!("{} {}", d.forename, d.surname)],
        dob: d.dob.or(d.expected_dob),
        postcodes: d.home_postcode.iter().cloned().collect(),
        nhs_number: None,
        upn: d.upn.clone(),
    }
}

impl Index {
    pub fn build(records: &[ChildRecord], as_of: NaiveDate) -> Index {
        let mut index = Index {
            as_of,
            cal: Calendar::england_and_wales(),
            cfg: TimescaleConfig::default(),
            children: BTreeMap::new(),
            due: HashMap::new(),
            by_worker: HashMap::new(),
            by_team: HashMap::new(),
            by_team_ever: HashMap::new(),
            oversight: HashMap::new(),
            requests: HashMap::new(),
            reviewing: HashMap::new(),
            accepted: HashMap::new(),
            trays: Trays::default(),
            search: matching::Index::default(),
            by_reviewer: HashMap::new(),
        };
        for r in records {
            index.put(r);
        }
        index
    }

    /// The timescales the due lists and trays are drawn with.
    pub fn timescales(&self) -> &TimescaleConfig {
        &self.cfg
    }

    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    pub fn len(&self) -> usize {
        self.children.len()
    }

    pub fn is_empty(&self) -> bool {
        self.children.is_empty()
    }

    /// Adds or replaces one child.
    pub fn put(&mut self, record: &ChildRecord) {
        self.unlist(&record.id);
        let summary = ChildSummary::of(record, self.as_of, &self.cal, &self.cfg);
        if let Some(w) = summary.worker() {
            self.by_worker.entry(w.clone()).or_default().insert(summary.id.clone());
        }
        if let Some(t) = summary.team() {
            self.by_team.entry(t.clone()).or_default().insert(summary.id.clone());
        }
        for w in &summary.facts.reviewers {
            self.by_reviewer.entry(w.clone()).or_default().insert(summary.id.clone());
        }
        for t in record.allocations.iter().filter_map(|a| a.team.as_ref()) {
            self.by_team_ever.entry(t.clone()).or_default().insert(record.id.clone());
        }
        let mut rows = due_list(std::iter::once(record), &self.cal, &self.cfg, self.as_of, None);
        rows.retain(|r| r.status.is_open());
        rows.sort_by_key(|r| (r.due.date, r.due.time));
        if rows.is_empty() {
            self.due.remove(&record.id);
        } else {
            self.due.insert(record.id.clone(), rows);
        }
        let facts = oversight::Facts::of(record, &self.cal, &self.cfg, self.as_of);
        if facts.is_empty() {
            self.oversight.remove(&record.id);
        } else {
            self.oversight.insert(record.id.clone(), facts);
        }
        self.children.insert(record.id.clone(), summary);
        self.put_tray(record);
        self.search.put(record.id.clone(), &searchable(record));
    }

    fn unlist(&mut self, id: &ChildId) {
        if let Some(old) = self.children.get(id) {
            if let Some(w) = old.worker() {
                self.by_worker.entry(w.clone()).or_default().remove(&old.id);
            }
            if let Some(t) = old.team() {
                self.by_team.entry(t.clone()).or_default().remove(&old.id);
            }
            for w in &old.facts.reviewers {
                self.by_reviewer.entry(w.clone()).or_default().remove(&old.id);
            }
        }
    }

    /// Takes a child out (a record merged into another).
    pub fn remove(&mut self, id: &ChildId) {
        self.unlist(id);
        self.children.remove(id);
        self.due.remove(id);
        self.oversight.remove(id);
        self.requests.remove(id);
        self.reviewing.remove(id);
        self.accepted.remove(id);
        self.trays.put(SourceKey { source: "child", subject: id.to_string() }, vec![]);
        self.search.remove(id);
    }

    /// A child's requests for authorisation changed; `record` is the child's record as it stands.
    pub fn put_requests(&mut self, record: &ChildRecord, requests: Requests) {
        self.requests.insert(record.id.clone(), requests);
        self.put_tray(record);
    }

    /// A child's reviewing record changed; `record` is the child's record as it stands.
    pub fn put_reviewing(&mut self, record: &ChildRecord, reviewing: ReviewingRecord) {
        self.reviewing.insert(record.id.clone(), reviewing);
        self.put_tray(record);
    }

    /// The findings accepted on a child's record changed; `record` is the child's record as it stands.
    pub fn put_acceptances(&mut self, record: &ChildRecord, accepted: Acceptances) {
        self.accepted.insert(record.id.clone(), accepted);
        self.put_tray(record);
    }

    /// The findings accepted on a child's record.
    pub fn acceptances(&self, id: &ChildId) -> Option<&Acceptances> {
        self.accepted.get(id)
    }

    fn put_tray(&mut self, record: &ChildRecord) {
        let dl = deadlines(record, &self.cal, &self.cfg, self.as_of);
        let mut items = carefile_work::due::child_items(record, &dl, self.requests.get(&record.id), self.as_of);
        let (reviewing, within) = (self.reviewing.get(&record.id), self.cfg.reviewing_minutes);
        items.extend(carefile_work::reviewing::minutes_items(record, reviewing, &self.cal, within, self.as_of));
        let missing = crate::quality::missing(record, CollectionYear::containing(self.as_of));
        let accepted = self.accepted.get(&record.id);
        items.extend(carefile_work::quality::missing_items(record, &missing, accepted, self.as_of));
        self.trays.put(SourceKey { source: "child", subject: record.id.to_string() }, items);
    }

    /// Tray items from the children's records and requests.
    pub fn trays(&self) -> &Trays {
        &self.trays
    }

    /// A child's requests for authorisation.
    pub fn requests(&self, id: &ChildId) -> Option<&Requests> {
        self.requests.get(id)
    }

    /// The children matching the front door's query, best first.
    pub fn search(&self, query: &matching::Query, limit: usize) -> Vec<(ChildId, matching::Match)> {
        self.search.search(query, limit)
    }

    pub fn child(&self, id: &ChildId) -> Option<&ChildSummary> {
        self.children.get(id)
    }

    pub fn children(&self) -> impl Iterator<Item = &ChildSummary> {
        self.children.values()
    }

    /// Open (due or overdue) items of one child, soonest first.
    pub fn due(&self, id: &ChildId) -> &[DueRow] {
        self.due.get(id).map_or(&[], |v| v.as_slice())
    }

    /// The child's part of the team view, if it has any.
    pub fn oversight(&self, id: &ChildId) -> Option<&oversight::Facts> {
        self.oversight.get(id)
    }

    pub fn of_worker(&self, w: &WorkerId) -> impl Iterator<Item = &ChildSummary> {
        self.members(self.by_worker.get(w))
    }

    pub fn of_team(&self, t: &TeamId) -> impl Iterator<Item = &ChildSummary> {
        self.members(self.by_team.get(t))
    }

    /// Every child a team has held at some time, as their records say now.
    pub fn ever_of_team(&self, t: &TeamId) -> impl Iterator<Item = &ChildId> {
        self.by_team_ever.get(t).into_iter().flatten()
    }

    /// Children whom `w` is assigned to review or chair.
    pub fn of_reviewer(&self, w: &WorkerId) -> impl Iterator<Item = &ChildSummary> {
        self.members(self.by_reviewer.get(w))
    }

    fn members<'a>(&'a self, ids: Option<&'a BTreeSet<ChildId>>) -> impl Iterator<Item = &'a ChildSummary> {
        ids.into_iter().flatten().filter_map(|id| self.children.get(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use carefile_synth::{Options, Scale};

    /// Differential: the index's per-worker lists and due items equal a
    /// direct computation over every record, before and after a child moves.
    #[test]
    fn index_agrees_with_a_full_scan() {
        let as_of = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        let authority = carefile_synth::generate(&Options { seed: 3, scale: Scale::Small, as_of });
        let records: Vec<ChildRecord> = authority
            .children
            .iter()
            .map(|c| {
                let log: Vec<_> = c.events.iter().enumerate().map(|(i, (_, e))| (i as u64 + 1, e.clone())).collect();
                ChildRecord::replay(&c.id, &log).unwrap()
            })
            .collect();
        let index = Index::build(&records, as_of);
        assert_eq!(index.len(), records.len());
        let all = due_list(&records, &Calendar::england_and_wales(), &TimescaleConfig::default(), as_of, None);
        let open: Vec<_> = all.iter().filter(|r| r.status.is_open()).collect();
        assert!(!open.is_empty());
        let indexed: usize = records.iter().map(|r| index.due(&r.id).len()).sum();
        assert_eq!(indexed, open.len());
        let mut by_worker: HashMap<&WorkerId, usize> = HashMap::new();
        for r in &records {
            if let Some(w) = r.allocation_on(as_of).and_then(|a| a.worker.as_ref()) {
                *by_worker.entry(w).or_default() += 1;
            }
        }
        assert!(!by_worker.is_empty());
        for (w, n) in by_worker {
            assert_eq!(index.of_worker(w).count(), n, "worker {w}");
        }
    }
}
