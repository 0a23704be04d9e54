//! Adults and relationships in memory (decision 002), kept by the log
//! follower: each adult's summary and search entry, and every relationship
//! seen from both sides, so a child's page lists the people around the child
//! and an adult's page the children they are connected to.

use crate::follower::IndexPart;
use carefile_domain::ChildId;
use carefile_domain::people::{ChildConnections, Person, PersonId, PersonRef, Relation, matching};
use carefile_domain::stream::Projection;
use carefile_store::{Change, EventStore, StoreError, Subjects};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::RwLock;

/// An adult as lists show them.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonSummary {
    pub id: PersonId,
    pub name: String,
    pub dob: Option<NaiveDate>,
    /// "GP, Castle Surgery" for a professional.
    pub professional: Option<String>,
}

/// A relationship as seen from one party: who the other is, and what they are to this one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seen {
    pub other: PersonRef,
    pub relation: Relation,
    pub current: bool,
    pub parental_responsibility: bool,
}

#[derive(Default)]
pub struct People {
    adults: BTreeMap<PersonId, PersonSummary>,
    search: matching::Index<PersonId>,
    /// Each party's relationships, from both sides: (source stream subject) → what it contributes.
    by_source: HashMap<String, Vec<(PersonRef, Seen)>>,
    seen: HashMap<PersonRef, BTreeSet<Seen>>,
}

fn summary(p: &Person) -> PersonSummary {
    PersonSummary {
        id: p.id.clone(),
        name: p.name(),
        dob: p.details.dob,
        professional: p.details.professional.as_ref().map(|x| format!("{}, {}", x.role, x.agency)),
    }
}

fn searchable(p: &Person) -> matching::Searchable {
    let d = &p.details;
    let mut names = vec![d.full_name()];
    names.extend(d.former_names.iter().cloned());
    matching::Searchable {
        names,
        dob: d.dob,
        postcodes: d.address.iter().filter_map(|a| a.postcode.clone()).collect(),
        nhs_number: d.nhs_number.clone(),
        upn: None,
    }
}

impl People {
    pub fn adult(&self, id: &PersonId) -> Option<&PersonSummary> {
        self.adults.get(id)
    }

    /// Adults matching the query, best first.
    pub fn search(&self, q: &matching::Query, limit: usize) -> Vec<(PersonId, matching::Match)> {
        self.search.search(q, limit)
    }

    /// Everyone `who` is connected to, from either side.
    pub fn relationships(&self, who: &PersonRef) -> Vec<&Seen> {
        self.seen.get(who).map(|s| s.iter().collect()).unwrap_or_default()
    }

    fn put_person(&mut self, p: &Person) {
        self.adults.insert(p.id.clone(), summary(p));
        self.search.put(p.id.clone(), &searchable(p));
        let me = PersonRef::Adult(p.id.clone());
        self.put_source(format!("person/{}", p.id), &me, &p.connections.relationships);
    }

    fn put_child(&mut self, c: &ChildConnections) {
        let me = PersonRef::Child(c.child.clone());
        self.put_source(format!("connection/{}", c.child), &me, &c.connections.relationships);
    }

    /// Replaces what one stream's subject says about relationships: each seen from both sides.
    fn put_source(&mut self, source: String, me: &PersonRef, rels: &[carefile_domain::people::Relationship]) {
        for (party, seen) in self.by_source.remove(&source).unwrap_or_default() {
            if let Some(set) = self.seen.get_mut(&party) {
                set.remove(&seen);
            }
        }
        let mut mine = Vec::new();
        for r in rels {
            let current = r.to.is_none();
            let pr = r.parental_responsibility;
            mine.push((
                me.clone(),
                Seen { other: r.other.clone(), relation: r.relation, current, parental_responsibility: pr },
            ));
            let back =
                Seen { other: me.clone(), relation: r.relation.inverse(), current, parental_responsibility: false };
            mine.push((r.other.clone(), back));
        }
        for (party, seen) in &mine {
            self.seen.entry(party.clone()).or_default().insert(seen.clone());
        }
        self.by_source.insert(source, mine);
    }
}

/// The people part of the server's index.
#[derive(Default)]
pub struct PeoplePart(pub RwLock<People>);

impl IndexPart for PeoplePart {
    fn name(&self) -> &'static str {
        "people"
    }

    fn rebuild(&self, store: &dyn EventStore, _: NaiveDate) -> Result<(), StoreError> {
        let mut people = People::default();
        for (p, _) in store.subjects::<Person>(None)? {
            people.put_person(&p);
        }
        for (c, _) in store.subjects::<ChildConnections>(None)? {
            people.put_child(&c);
        }
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = people;
        Ok(())
    }

    fn apply(&self, changes: &[Change], store: &dyn EventStore, _: NaiveDate) -> Result<(), StoreError> {
        let mut persons = Vec::new();
        let mut children = Vec::new();
        let touched: BTreeSet<(&str, &str)> = changes
            .iter()
            .filter(|c| c.stream == Person::STREAM || c.stream == ChildConnections::STREAM)
            .map(|c| (c.stream.as_str(), c.subject.as_str()))
            .collect();
        for (stream, subject) in touched {
            let bad = |e: carefile_domain::ids::BadId| StoreError::Corrupt(format!("{stream} subject: {e}"));
            if stream == Person::STREAM {
                persons.extend(store.subject::<Person>(&PersonId::new(subject).map_err(bad)?)?.map(|(p, _)| p));
            } else {
                children
                    .extend(store.subject::<ChildConnections>(&ChildId::new(subject).map_err(bad)?)?.map(|(c, _)| c));
            }
        }
        let mut people = self.0.write().unwrap_or_else(|p| p.into_inner());
        for p in &persons {
            people.put_person(p);
        }
        for c in &children {
            people.put_child(c);
        }
        Ok(())
    }
}
