//! An adult's record: details with their history, relationships and alerts.

use super::PersonRef;
use super::details::PersonDetails;
use crate::ids::ItemNo;
use crate::stream::{Projection, Stamp, StreamEvent, check_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::numbered_id!(
    /// An adult known to the service: `P` and digits.
    PersonId, "P", "person ID"
);

crate::code_list! {
    /// What the other party of a relationship is to the first ("the child's mother").
    pub enum Relation ("relationship") {
        Mother = "mother": "Mother",
        Father = "father": "Father",
        Parent = "parent": "Parent",
        StepParent = "step_parent": "Step-parent",
        Grandparent = "grandparent": "Grandparent",
        Sibling = "sibling": "Sibling",
        HalfSibling = "half_sibling": "Half-sibling",
        StepSibling = "step_sibling": "Step-sibling",
        AuntOrUncle = "aunt_or_uncle": "Aunt or uncle",
        OtherRelative = "other_relative": "Other relative",
        Partner = "partner": "Partner",
        FormerPartner = "former_partner": "Former partner",
        FosterCarer = "foster_carer": "Foster carer",
        Adopter = "adopter": "Adopter",
        SpecialGuardian = "special_guardian": "Special guardian",
        KinshipCarer = "kinship_carer": "Kinship carer",
        Friend = "friend": "Friend",
        Professional = "professional": "Professional involved",
        Child = "child": "Child",
        StepChild = "step_child": "Stepchild",
        Grandchild = "grandchild": "Grandchild",
        NieceOrNephew = "niece_or_nephew": "Niece or nephew",
        FosteredChild = "fostered_child": "Child fostered",
        AdoptedChild = "adopted_child": "Child adopted",
        SpecialGuardianshipChild = "special_guardianship_child": "Child under special guardianship",
        KinshipChild = "kinship_child": "Child cared for (kinship)",
        Client = "client": "Person worked with",
        Other = "other": "Other",
    }
}

impl Relation {
    /// The same relationship named from the other side (mother → child).
    pub fn inverse(self) -> Relation {
        use Relation::*;
        match self {
            Mother | Father | Parent => Child,
            StepParent => StepChild,
            Grandparent => Grandchild,
            AuntOrUncle => NieceOrNephew,
            FosterCarer => FosteredChild,
            Adopter => AdoptedChild,
            SpecialGuardian => SpecialGuardianshipChild,
            KinshipCarer => KinshipChild,
            Professional => Client,
            Child => Parent,
            StepChild => StepParent,
            Grandchild => Grandparent,
            NieceOrNephew => AuntOrUncle,
            FosteredChild => FosterCarer,
            AdoptedChild => Adopter,
            SpecialGuardianshipChild => SpecialGuardian,
            KinshipChild => KinshipCarer,
            Client => Professional,
            Sibling | HalfSibling | StepSibling | OtherRelative | Partner | FormerPartner | Friend | Other => self,
        }
    }
}

crate::code_list! {
    /// Why a record carries an alert for whoever opens it.
    pub enum AlertKind ("alert") {
        RiskToStaff = "risk_to_staff": "Risk to staff",
        DoNotVisitAlone = "do_not_visit_alone": "Do not visit alone",
        DangerousAnimal = "dangerous_animal": "Dangerous animal at the address",
        DomesticAbuse = "domestic_abuse": "Domestic abuse",
        ConfidentialAddress = "confidential_address": "Confidential address",
        InterpreterNeeded = "interpreter_needed": "Interpreter needed",
        CommunicationNeeds = "communication_needs": "Communication needs",
        MedicalCondition = "medical_condition": "Medical condition",
        Other = "other": "Other",
    }
}

/// A relationship as it stands, from the first party's side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relationship {
    pub other: PersonRef,
    pub relation: Relation,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The other party holds parental responsibility for the first.
    pub parental_responsibility: bool,
}

/// An alert shown to whoever opens the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub no: ItemNo,
    pub kind: AlertKind,
    pub detail: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

/// Longest alert detail.
pub const MAX_ALERT_DETAIL: usize = 500;

/// Relationships and alerts, kept alike on a child's record and an adult's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Connections {
    pub relationships: Vec<Relationship>,
    pub alerts: Vec<Alert>,
}

impl Connections {
    /// Relationships in force (not ended).
    pub fn current_relationships(&self) -> impl Iterator<Item = &Relationship> {
        self.relationships.iter().filter(|r| r.to.is_none())
    }

    pub fn current_alerts(&self) -> impl Iterator<Item = &Alert> {
        self.alerts.iter().filter(|a| a.to.is_none())
    }

    /// `me` is the first party (a relationship with oneself is refused).
    pub fn relationship_recorded(
        &mut self,
        me: &PersonRef,
        other: &PersonRef,
        relation: Relation,
        from: Option<NaiveDate>,
        parental_responsibility: bool,
    ) -> Result<(), String> {
        if other == me {
            return Err("a relationship needs two different people".into());
        }
        if self.current_relationships().any(|r| r.other == *other && r.relation == relation) {
            return Err(format!("{other} is already recorded as {}", relation.label().to_lowercase()));
        }
        self.relationships.push(Relationship {
            other: other.clone(),
            relation,
            from,
            to: None,
            parental_responsibility,
        });
        Ok(())
    }

    pub fn relationship_ended(&mut self, other: &PersonRef, relation: Relation, date: NaiveDate) -> Result<(), String> {
        let Some(r) =
            self.relationships.iter_mut().find(|r| r.to.is_none() && r.other == *other && r.relation == relation)
        else {
            return Err(format!("no current relationship with {other} as {}", relation.label().to_lowercase()));
        };
        if r.from.is_some_and(|f| date < f) {
            return Err(format!("{date} is before the relationship began"));
        }
        r.to = Some(date);
        Ok(())
    }

    pub fn alert_raised(&mut self, no: ItemNo, kind: AlertKind, detail: &str, date: NaiveDate) -> Result<(), String> {
        if self.alerts.iter().any(|a| a.no == no) {
            return Err(format!("alert {no} already exists"));
        }
        if detail.chars().count() > MAX_ALERT_DETAIL {
            return Err(format!("an alert's detail is at most {MAX_ALERT_DETAIL} characters"));
        }
        self.alerts.push(Alert { no, kind, detail: detail.trim().to_string(), from: date, to: None });
        Ok(())
    }

    pub fn alert_ended(&mut self, no: ItemNo, date: NaiveDate) -> Result<(), String> {
        let Some(a) = self.alerts.iter_mut().find(|a| a.no == no) else {
            return Err(format!("no alert {no}"));
        };
        if a.to.is_some() {
            return Err(format!("alert {no} has already ended"));
        }
        if date < a.from {
            return Err(format!("{date} is before alert {no} was raised on {}", a.from));
        }
        a.to = Some(date);
        Ok(())
    }
}

/// A fact about an adult, on the `person` stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PersonEvent {
    Registered {
        details: PersonDetails,
    },
    /// Replaces the details whole; the earlier ones stay in the log.
    DetailsAmended {
        details: PersonDetails,
    },
    Died {
        date: NaiveDate,
    },
    /// A relationship with this person as the first party: `other` is `relation` to them.
    RelationshipRecorded {
        other: PersonRef,
        relation: Relation,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        parental_responsibility: bool,
    },
    RelationshipEnded {
        other: PersonRef,
        relation: Relation,
        date: NaiveDate,
    },
    AlertRaised {
        no: ItemNo,
        kind: AlertKind,
        detail: String,
        date: NaiveDate,
    },
    AlertEnded {
        no: ItemNo,
        date: NaiveDate,
    },
}

impl StreamEvent for PersonEvent {
    fn kind(&self) -> &'static str {
        match self {
            PersonEvent::Registered { .. } => "registered",
            PersonEvent::DetailsAmended { .. } => "details_amended",
            PersonEvent::Died { .. } => "died",
            PersonEvent::RelationshipRecorded { .. } => "relationship_recorded",
            PersonEvent::RelationshipEnded { .. } => "relationship_ended",
            PersonEvent::AlertRaised { .. } => "alert_raised",
            PersonEvent::AlertEnded { .. } => "alert_ended",
        }
    }

    fn effective_date(&self) -> Option<NaiveDate> {
        match self {
            PersonEvent::Registered { .. } | PersonEvent::DetailsAmended { .. } => None,
            PersonEvent::RelationshipRecorded { from, .. } => *from,
            PersonEvent::Died { date }
            | PersonEvent::RelationshipEnded { date, .. }
            | PersonEvent::AlertRaised { date, .. }
            | PersonEvent::AlertEnded { date, .. } => Some(*date),
        }
    }
}

/// An adult as they stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub details: PersonDetails,
    pub died: Option<NaiveDate>,
    #[serde(flatten)]
    pub connections: Connections,
}

impl Person {
    pub fn name(&self) -> String {
        self.details.full_name()
    }
}

impl Projection for Person {
    const STREAM: &'static str = "person";
    type Id = PersonId;
    type Event = PersonEvent;

    fn start(id: &PersonId, at: Stamp, event: &PersonEvent) -> Result<Self, String> {
        let PersonEvent::Registered { details } = event else {
            return Err("a person's record starts with their registration".into());
        };
        details.check(Some(at.recorded.at.date_naive())).map_err(|e| e.to_string())?;
        Ok(Person { id: id.clone(), details: details.clone(), died: None, connections: Connections::default() })
    }

    fn apply(&mut self, at: Stamp, event: &PersonEvent) -> Result<(), String> {
        if let Some(d) = event.effective_date() {
            check_date(d, at)?;
            if let Some(dob) = self.details.dob
                && d < dob
                && !matches!(event, PersonEvent::RelationshipRecorded { .. })
            {
                return Err(format!("{d} is before the person's date of birth {dob}"));
            }
        }
        let me = PersonRef::Adult(self.id.clone());
        match event {
            PersonEvent::Registered { .. } => return Err("the person is already registered".into()),
            PersonEvent::DetailsAmended { details } => {
                details.check(Some(at.recorded.at.date_naive())).map_err(|e| e.to_string())?;
                self.details = details.clone();
            }
            PersonEvent::Died { date } => {
                if self.died.is_some() {
                    return Err("the person's death is already recorded".into());
                }
                self.died = Some(*date);
            }
            PersonEvent::RelationshipRecorded { other, relation, from, parental_responsibility } => {
                self.connections.relationship_recorded(&me, other, *relation, *from, *parental_responsibility)?
            }
            PersonEvent::RelationshipEnded { other, relation, date } => {
                self.connections.relationship_ended(other, *relation, *date)?
            }
            PersonEvent::AlertRaised { no, kind, detail, date } => {
                self.connections.alert_raised(*no, *kind, detail, *date)?
            }
            PersonEvent::AlertEnded { no, date } => self.connections.alert_ended(*no, *date)?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ChildId, Recorded};
    use chrono::TimeZone;

    fn rec() -> Recorded {
        Recorded::new(chrono::Utc.with_ymd_and_hms(2026, 3, 31, 10, 0, 0).unwrap(), "sw", None)
    }
    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn fold(events: &[PersonEvent]) -> Result<Option<Person>, crate::stream::StreamError> {
        let r = rec();
        let id = PersonId::new("P000001").unwrap();
        Person::replay(
            &id,
            events
                .iter()
                .enumerate()
                .map(|(i, e)| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: &r }, e)),
        )
    }
    fn jo() -> PersonEvent {
        let details = PersonDetails {
            forename: "Jo".into(),
            surname: "Bloggs".into(),
            dob: Some(d("1990-05-01")),
            ..Default::default()
        };
        PersonEvent::Registered { details }
    }

    #[test]
    fn relations_name_both_sides() {
        for r in Relation::ALL {
            let back = r.inverse().inverse();
            // Mother and father come back as "parent": the child's side does not say which.
            assert!(back == *r || matches!(r, Relation::Mother | Relation::Father), "{r:?}");
        }
        assert_eq!(Relation::Mother.inverse(), Relation::Child);
    }

    #[test]
    fn a_person_folds_and_refuses_what_cannot_apply() {
        let child = PersonRef::Child(ChildId::new("C1").unwrap());
        let p = fold(&[
            jo(),
            PersonEvent::RelationshipRecorded {
                other: child.clone(),
                relation: Relation::Child,
                from: Some(d("2015-01-01")),
                parental_responsibility: false,
            },
            PersonEvent::AlertRaised {
                no: 1,
                kind: AlertKind::RiskToStaff,
                detail: "threatened a worker".into(),
                date: d("2025-01-01"),
            },
            PersonEvent::AlertEnded { no: 1, date: d("2025-06-01") },
            PersonEvent::RelationshipEnded { other: child.clone(), relation: Relation::Child, date: d("2025-02-01") },
        ])
        .unwrap()
        .unwrap();
        assert_eq!(p.connections.current_alerts().count(), 0);
        assert_eq!(p.connections.relationships[0].to, Some(d("2025-02-01")));

        let refused = |events: &[PersonEvent]| fold(events).unwrap_err().message;
        assert!(refused(&[PersonEvent::Died { date: d("2025-01-01") }]).contains("starts with"));
        let me = PersonRef::Adult(PersonId::new("P000001").unwrap());
        assert!(
            refused(&[
                jo(),
                PersonEvent::RelationshipRecorded {
                    other: me,
                    relation: Relation::Friend,
                    from: None,
                    parental_responsibility: false
                }
            ])
            .contains("two different")
        );
        assert!(refused(&[jo(), PersonEvent::AlertEnded { no: 3, date: d("2025-01-01") }]).contains("no alert 3"));
        assert!(refused(&[jo(), PersonEvent::Died { date: d("2027-01-01") }]).contains("after"));
        assert!(refused(&[jo(), PersonEvent::Died { date: d("1980-01-01") }]).contains("date of birth"));
        let twice = PersonEvent::RelationshipRecorded {
            other: child,
            relation: Relation::Child,
            from: None,
            parental_responsibility: false,
        };
        assert!(refused(&[jo(), twice.clone(), twice]).contains("already recorded"));
    }
}
