//! A child's payload from their record, as it stands on the reference date: what happened after it
//! is left out, and what ended after it is still open.
//!
//! Each referral is a social care episode with the assessments, enquiries and plans it holds. A
//! period of care belongs to the episode open when it started (else the latest one before it, else
//! an episode of its own, for a child whose care was recorded without a referral); its changes are
//! the placements, one per SSDA903 episode, with that return's codes: `start_reason` the RNE,
//! `end_reason` the REC (X1 when another change follows), `change_reason` the reason recorded for
//! the change that started it. The allocated workers are the episode's `care_worker_details`.

use crate::ids::{self, SchemaVersion};
use crate::payload::*;
use carefile_domain::codes::{Accommodation, Activity, ReasonEpisodeCeased};
use carefile_domain::journey::{CarePeriod, ChildRecord, Referral, ReferralNext};
use chrono::NaiveDate;

/// A child carefile cannot send, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{child}: {reason}")]
pub struct Refused {
    pub child: String,
    pub reason: String,
}

/// A postcode as the schema takes it (upper case, one space, at most 8 characters), or none.
fn postcode(p: Option<&str>) -> Option<String> {
    let compact: String = p?.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect();
    if !(5..=7).contains(&compact.len()) {
        return None;
    }
    let (out, inward) = compact.split_at(compact.len() - 3);
    Some(format!("{out} {inward}"))
}

fn upto(d: NaiveDate, as_of: NaiveDate) -> Option<NaiveDate> {
    (d <= as_of).then_some(d)
}

/// The payload of `c` on `as_of`.
pub fn child(c: &ChildRecord, as_of: NaiveDate, v: SchemaVersion) -> Result<Child, Refused> {
    let la_child_id = ids::la_child_id(&c.id, v).map_err(|reason| Refused { child: c.id.to_string(), reason })?;
    Ok(Child {
        la_child_id,
        mis_child_id: Some(c.id.to_string()),
        purge: false,
        child_details: Some(details(c, as_of)),
        health_and_wellbeing: health(c, as_of),
        social_care_episodes: episodes(c, as_of),
    })
}

fn details(c: &ChildRecord, as_of: NaiveDate) -> ChildDetails {
    let d = &c.details;
    let name = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let uasc: Vec<_> = c.uasc.iter().filter(|u| u.start <= as_of).collect();
    let current = uasc.iter().any(|u| u.end.is_none_or(|e| e > as_of));
    ChildDetails {
        unique_pupil_number: d.upn.clone(),
        former_unique_pupil_number: d.former_upn.clone(),
        unique_pupil_number_unknown_reason: d.upn_unknown.map(|u| u.code().to_string()).filter(|_| d.upn.is_none()),
        first_name: name(&d.forename),
        surname: name(&d.surname),
        date_of_birth: d.dob.filter(|dob| *dob <= as_of),
        expected_date_of_birth: d.expected_dob.filter(|_| d.dob.is_none_or(|dob| dob > as_of)),
        sex: d.sex.map(|s| s.code().to_string()),
        ethnicity: d.ethnicity.map(|e| e.code().to_string()),
        disabilities: d.disabilities.iter().map(|x| x.code().to_string()).collect(),
        postcode: postcode(d.home_postcode.as_deref()),
        uasc_flag: Some(!uasc.is_empty()),
        uasc_end_date: uasc.iter().filter_map(|u| u.end).filter(|e| *e <= as_of).max().filter(|_| !current),
        purge: false,
    }
}

fn health(c: &ChildRecord, as_of: NaiveDate) -> Option<Health> {
    let sdq_assessments: Vec<Sdq> = c
        .sdqs
        .iter()
        .filter(|s| s.date <= as_of)
        .filter_map(|s| s.score.map(|score| Sdq { date: s.date, score }))
        .collect();
    (!sdq_assessments.is_empty()).then_some(Health { sdq_assessments, purge: false })
}

/// Which episode each period of care belongs to: the referral open when it started, else the latest
/// before it, else none (an episode of its own).
fn home_of<'a>(referrals: &[&'a Referral], p: &CarePeriod) -> Option<&'a Referral> {
    referrals
        .iter()
        .copied()
        .filter(|r| r.date() <= p.start)
        .find(|r| r.is_open_on(p.start))
        .or_else(|| referrals.iter().copied().filter(|r| r.date() <= p.start).max_by_key(|r| r.at))
}

fn episodes(c: &ChildRecord, as_of: NaiveDate) -> Vec<Episode> {
    let referrals: Vec<&Referral> = c.referrals.iter().filter(|r| r.date() <= as_of).collect();
    let periods: Vec<&CarePeriod> = c.care.iter().filter(|p| p.start <= as_of).collect();
    let mut out: Vec<Episode> = referrals.iter().map(|r| referral_episode(c, r, as_of)).collect();
    let last_period = periods.last().map(|p| p.start);
    for p in &periods {
        let at = match home_of(&referrals, p) {
            Some(r) => referrals.iter().position(|x| x.no == r.no).unwrap_or(0),
            None => {
                out.push(Episode { social_care_episode_id: ids::care_period(&c.id, p.start), ..Default::default() });
                out.len() - 1
            }
        };
        let e = &mut out[at];
        e.child_looked_after_placements.extend(placements(c, p, as_of));
        if let Some(a) = adoption(c, p, as_of) {
            e.adoption = Some(a);
        }
        if Some(p.start) == last_period {
            e.care_leavers = care_leaver(c, as_of);
        }
    }
    out
}

fn referral_episode(c: &ChildRecord, r: &Referral, as_of: NaiveDate) -> Episode {
    let closed = r.closed.filter(|(d, _)| *d <= as_of);
    let until = closed.map_or(as_of, |x| x.0);
    let nfa = r.decided.filter(|(at, _)| at.date() <= as_of).map(|(_, next)| next == ReferralNext::NoFurtherAction);
    Episode {
        social_care_episode_id: ids::referral(&c.id, r.no),
        referral_date: Some(r.date()),
        referral_source: Some(r.source.code().to_string()),
        referral_no_further_action_flag: nfa,
        closure_date: closed.map(|x| x.0),
        closure_reason: closed.map(|x| x.1.code().to_string()),
        care_worker_details: workers(c, r.date(), until, as_of),
        child_and_family_assessments: r
            .assessments
            .iter()
            .filter(|a| a.start <= as_of)
            .map(|a| {
                let authorised = a.authorised.and_then(|d| upto(d, as_of));
                Assessment {
                    child_and_family_assessment_id: ids::assessment(&c.id, a.no),
                    start_date: Some(a.start),
                    authorisation_date: authorised,
                    factors: if authorised.is_some() {
                        a.factors.iter().map(|f| f.code().to_string()).collect()
                    } else {
                        vec![]
                    },
                    purge: false,
                }
            })
            .collect(),
        child_in_need_plans: r
            .cin_plans
            .iter()
            .filter(|p| p.start <= as_of)
            .map(|p| CinPlan {
                child_in_need_plan_id: ids::cin_plan(&c.id, p.no),
                start_date: Some(p.start),
                end_date: p.end.and_then(|d| upto(d, as_of)),
                purge: false,
            })
            .collect(),
        section_47_assessments: r
            .s47s
            .iter()
            .filter(|s| s.start <= as_of)
            .map(|s| {
                let concluded = s.concluded.filter(|(d, _)| *d <= as_of);
                let icpc = s.icpc.and_then(|d| upto(d, as_of));
                Section47 {
                    section_47_assessment_id: ids::section_47(&c.id, s.no),
                    start_date: Some(s.start),
                    icpc_required_flag: concluded.map(|x| x.1).or(icpc.map(|_| true)),
                    icpc_date: icpc,
                    end_date: icpc.or(concluded.filter(|x| !x.1).map(|x| x.0)),
                    purge: false,
                }
            })
            .collect(),
        child_protection_plans: r
            .cp_plans
            .iter()
            .filter(|p| p.start <= as_of)
            .map(|p| CpPlan {
                child_protection_plan_id: ids::cp_plan(&c.id, p.no),
                start_date: Some(p.start),
                end_date: p.end.and_then(|d| upto(d, as_of)),
                purge: false,
            })
            .collect(),
        ..Default::default()
    }
}

/// The workers allocated at some point in `[from, until]`, one entry per spell with one worker
/// (a team move with the same worker is one spell; an unallocated gap ends it).
fn workers(c: &ChildRecord, from: NaiveDate, until: NaiveDate, as_of: NaiveDate) -> Vec<Worker> {
    let mut spells: Vec<(&carefile_domain::WorkerId, NaiveDate, Option<NaiveDate>)> = Vec::new();
    for a in c.allocations.iter().filter(|a| a.from <= as_of) {
        if let Some(last) = spells.last_mut()
            && last.2.is_none()
        {
            if a.worker.as_ref() == Some(last.0) {
                continue;
            }
            last.2 = Some(a.from);
        }
        if let Some(w) = &a.worker {
            spells.push((w, a.from, None));
        }
    }
    spells
        .into_iter()
        .filter(|(_, start, end)| *start <= until && end.is_none_or(|e| e >= from))
        .map(|(w, start, end)| Worker { worker_id: ids::worker(w), start_date: start, end_date: end })
        .collect()
}

fn placements(c: &ChildRecord, p: &CarePeriod, as_of: NaiveDate) -> Vec<Placement> {
    let changes: Vec<_> = p.changes.iter().filter(|ch| ch.date <= as_of).collect();
    changes
        .iter()
        .enumerate()
        .map(|(i, ch)| {
            let end = match changes.get(i + 1) {
                Some(next) => Some((next.date, ReasonEpisodeCeased::X1)),
                None => p.end.filter(|(d, _)| *d <= as_of),
            };
            Placement {
                child_looked_after_placement_id: ids::placement(&c.id, ch.date),
                start_date: Some(ch.date),
                start_reason: Some(ch.reason.code().to_string()),
                placement_type: Some(ch.placement.kind.code().to_string()),
                postcode: postcode(ch.placement.postcode.as_deref()),
                end_date: end.map(|x| x.0),
                end_reason: end.map(|x| x.1.code().to_string()),
                change_reason: ch.place_change_reason.map(|r| r.code().to_string()),
                purge: false,
            }
        })
        .collect()
}

/// The latest adoption decision made during the period of care.
fn adoption(c: &ChildRecord, p: &CarePeriod, as_of: NaiveDate) -> Option<Adoption> {
    let within = |d: NaiveDate| d >= p.start && d <= as_of && p.end.is_none_or(|(e, _)| d <= e);
    let a = c.adoptions.iter().filter(|a| within(a.decision)).max_by_key(|a| a.decision)?;
    let placed = p
        .changes
        .iter()
        .filter(|ch| ch.date >= a.decision && ch.date <= as_of)
        .find(|ch| ch.placement.kind.is_adoption());
    Some(Adoption {
        initial_decision_date: Some(a.decision),
        matched_date: a.matched.map(|m| m.0).and_then(|d| upto(d, as_of)),
        placed_date: placed.map(|ch| ch.date),
        purge: false,
    })
}

/// The latest care leaver contact, with the activity and the accommodation's type (its letter).
fn care_leaver(c: &ChildRecord, as_of: NaiveDate) -> Option<CareLeaver> {
    let k = c.care_leaver_contacts.iter().filter(|k| k.date <= as_of).max_by_key(|k| k.date)?;
    Some(CareLeaver {
        contact_date: Some(k.date),
        activity: k.activity.filter(|a| *a != Activity::Zero).map(|a| a.code().to_string()),
        accommodation: k.accommodation.filter(|a| *a != Accommodation::Zero).map(|a| a.code()[..1].to_string()),
        purge: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_are_normalised_or_left_out() {
        assert_eq!(postcode(Some(" le11 3ab ")).as_deref(), Some("LE11 3AB"));
        assert_eq!(postcode(Some("E201LP")).as_deref(), Some("E20 1LP"));
        assert_eq!(postcode(Some("NOT A POSTCODE")), None);
        assert_eq!(postcode(None), None);
    }
}
