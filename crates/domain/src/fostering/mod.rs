//! Foster carers (issue #15, decision 007): a carer household's fostering record on the
//! `fostering` stream, keyed by the household's id (decision 002). The household itself (its
//! members, address) is on the `household` stream; this stream holds what the fostering service
//! knows and does: the application from enquiry to the agency decision (the fostering funnel),
//! connected-person assessments and temporary approvals, the approval with its terms and
//! exemptions, supervision, training, checks, allegations, the annual reviews, resignation or
//! deregistration, and the arrangements that are not fostering approvals (Staying Put,
//! supported lodgings).
//!
//! | module | what |
//! |---|---|
//! | [`terms`] | the code lists and the terms of approval, with the usual fostering limit |
//! | [`record`] | the events, the projection ([`CarerRecord`]) and its invariants |
//! | [`config`] | the timescales of carers, adopters and panels (`config/fostering-adoption.toml`) |
//! | [`due`] | what a household's record makes due: reviews and their steps, checks, visits, training |
//! | [`declarations`] | the forms |
//! | [`sufficiency`] | capacity and vacancies on a day; where looked-after children live |
//! | [`annual`] | the annual report's figures (funnel, activity, households) |

pub mod annual;
pub mod config;
pub mod declarations;
pub mod due;
pub mod examples;
pub mod record;
pub mod sufficiency;
pub mod terms;

pub use config::{Config, ConfigError};
pub use record::{
    Allegation, Application, Approval, Arrangement, CarerRecord, Check, Exemption, FosteringEvent, Review,
    Temporary, Training,
};
pub use terms::*;

use crate::org::Organisation;

/// The Ofsted URN of the fostering service that approved a household: the one recorded on
/// the household's record (carers of a partner agency), else the authority's own fostering
/// service. A foster placement with the household carries this URN (the SSDA903 URN and
/// Annex A read it from here, never invent one).
pub fn service_urn<'a>(record: &'a CarerRecord, org: &'a Organisation) -> Option<&'a str> {
    record.agency_urn.as_deref().or(org.fostering_urn.as_deref())
}
