//! Reading one year's SSDA903 tables into [`ChildFacts`].

use crate::Facts;
use crate::facts::*;
use carefile_domain::CollectionYear;
use carefile_domain::codes::*;
use carefile_domain::coverage::FactKind;
use carefile_domain::journey::{Adopters, HealthOutcomes, PreviousPermanenceRecord};
use carefile_ssda903::{Record, Table, Tables};
use chrono::NaiveDate;
use std::sync::Arc;

/// The kinds of fact a year's tables carry: those of the tables given.
pub fn kinds(t: &Tables) -> Vec<FactKind> {
    let has = [
        (t.episodes.is_some(), FactKind::Care),
        (t.reviews.is_some(), FactKind::LacReviews),
        (t.missing.is_some(), FactKind::Missing),
        (t.ad1.is_some() || t.placed_adoption.is_some(), FactKind::Adoptions),
        (t.uasc.is_some(), FactKind::Uasc),
        (t.oc3.is_some(), FactKind::CareLeaverContacts),
        (t.oc2.is_some(), FactKind::AnnualHealth),
    ];
    has.into_iter().filter(|(h, _)| *h).map(|(_, k)| k).collect()
}

/// Adds one year's tables, read from `file`, to `facts`.
pub fn add(facts: &mut Facts, t: &Tables, year: CollectionYear, file: &Arc<str>) {
    let at = |table: &'static str, row: u32| Origin { file: file.clone(), table, row, period_end: year.end() };
    // Each table's rows, child by child, with the row's origin.
    fn each<'a, R: Record>(
        table: &'a Option<Table<R>>,
        facts: &mut Facts,
        at: &dyn Fn(&'static str, u32) -> Origin,
        mut f: impl FnMut(&mut ChildFacts, &'a R, &Origin) -> Result<(), String>,
    ) {
        for r in table.iter().flat_map(|t| t.iter()) {
            let origin = at(R::TABLE, r.row());
            let child = facts.child(r.child(), &origin);
            let result = f(child, r, &origin);
            child.check(result);
        }
    }
    each(&t.header, facts, &at, |c, h, o| {
        same(&mut c.dob, Fact::new(need(&h.dob, "DOB", o)?, o), "the date of birth")?;
        if let Some(sex) = sex_903(&h.sex, year, o)? {
            same(&mut c.sex, Fact::new(sex, o), "the sex")?;
        }
        if let Some(e) = opt(&h.ethnic, "ETHNIC", o)? {
            latest(&mut c.ethnicity, Fact::new(e, o));
        }
        if let Some(upn) = opt(&h.upn, "UPN", o)? {
            // The UPN column holds either a UPN or the reason there is none (UN1…).
            match UpnUnknown::from_code(&upn) {
                Some(u) => latest(&mut c.upn_unknown, Fact::new(u, o)),
                None => latest(&mut c.upn, Fact::new(upn.to_string(), o)),
            }
        }
        // The XML's UASC flag, or (from CSV) a UASC row; the row gives the date it ceased.
        if h.uasc.get() == Some(true) && c.uasc.is_none() {
            c.uasc = Some(Fact::new(None, o));
        }
        if let Some(mc) = opt(&h.mc_dob, "MC_DOB", o)? {
            c.mother_of.entry(mc).or_insert_with(|| o.clone());
        }
        Ok(())
    });
    each(&t.episodes, facts, &at, |c, e, o| {
        let decom = need(&e.decom, "DECOM", o)?;
        let dec = opt(&e.dec, "DEC", o)?;
        let rec = opt(&e.rec, "REC", o)?;
        let end = match (dec, rec) {
            (Some(d), Some(r)) => Some((d, r)),
            (None, None) => None,
            _ => return Err(format!("{o}: DEC and REC are given together or not at all")),
        };
        let text = |v: Option<Box<str>>| v.map(String::from).filter(|s| !s.is_empty());
        let ep = Episode {
            rne: need(&e.rne, "RNE", o)?,
            ls: need(&e.ls, "LS", o)?,
            need: need(&e.cin, "CIN", o)?,
            place: need(&e.place, "PLACE", o)?,
            provider: opt(&e.place_provider, "PLACE_PROVIDER", o)?,
            end,
            place_change: opt(&e.reason_place_change, "REASON_PLACE_CHANGE", o)?,
            pl_post: text(opt(&e.pl_post, "PL_POST", o)?),
            // XXXXXXX is the DfE's "URN not known", not a URN.
            urn: text(opt(&e.urn, "URN", o)?).filter(|u| u != "XXXXXXX"),
        };
        if let Some(home) = text(opt(&e.home_post, "HOME_POST", o)?) {
            latest(&mut c.home_postcode, Fact::new(home, o));
        }
        merge_keyed(&mut c.episodes, decom, Fact::new(ep, o), |old, new| {
            let (a, b) = (&old.value, &new.value);
            let core = |e: &Episode| (e.rne, e.ls, e.need, e.place, e.provider);
            if core(a) != core(b) {
                return Err(contradiction(
                    &format!("the episode from {decom}"),
                    &core(a),
                    &old.origin,
                    &core(b),
                    &new.origin,
                ));
            }
            let what = format!("the end of the episode from {decom}");
            fill(&mut old.value.end, &new.value.end, &what, &old.origin, &new.origin)?;
            fill(&mut old.value.place_change, &new.value.place_change, &what, &old.origin, &new.origin)?;
            if new.origin.period_end > old.origin.period_end {
                old.value.pl_post = new.value.pl_post.or(old.value.pl_post.take());
                old.value.urn = new.value.urn.or(old.value.urn.take());
            }
            Ok(())
        })
    });
    each(&t.reviews, facts, &at, |c, r, o| {
        let date = need(&r.review, "REVIEW", o)?;
        let code = need(&r.review_code, "REVIEW_CODE", o)?;
        merge_keyed(&mut c.reviews, date, Fact::new(code, o), |old, new| {
            if old.value == new.value {
                Ok(())
            } else {
                Err(contradiction(&format!("the review on {date}"), &old.value, &old.origin, &new.value, &new.origin))
            }
        })
    });
    each(&t.uasc, facts, &at, |c, u, o| {
        // The XML reader gives every looked-after child a row: a blank DUC adds nothing to the flag.
        if let Some(duc) = opt(&u.duc, "DUC", o)? {
            latest(&mut c.uasc, Fact::new(Some(duc), o));
        }
        Ok(())
    });
    each(&t.oc2, facts, &at, |c, r, o| {
        let misuse = opt(&r.substance_misuse, "SUBSTANCE_MISUSE", o)?.unwrap_or(false);
        let score = match opt(&r.sdq_score, "SDQ_SCORE", o)? {
            Some(n @ 0..=40) => Some(n as u8),
            Some(n) => return Err(format!("{o}, SDQ_SCORE: {n} is not a score (0 to 40)")),
            None => None,
        };
        let outcomes = HealthOutcomes {
            immunisations_up_to_date: opt(&r.immunisations, "IMMUNISATIONS", o)?.unwrap_or(false),
            substance_misuse: misuse,
            // Interventions are asked about only where there is a substance misuse problem.
            intervention_received: opt(&r.intervention_received, "INTERVENTION_RECEIVED", o)?.filter(|_| misuse),
            intervention_offered: opt(&r.intervention_offered, "INTERVENTION_OFFERED", o)?.filter(|_| misuse),
            convicted: opt(&r.convicted, "CONVICTED", o)?.unwrap_or(false),
            health_assessment: opt(&r.health_assessment, "HEALTH_ASSESSMENT", o)?,
            dental_check: opt(&r.teeth_check, "TEETH_CHECK", o)?,
            development_check: opt(&r.health_check, "HEALTH_CHECK", o)?,
            sdq_score: score,
            sdq_reason: opt(&r.sdq_reason, "SDQ_REASON", o)?.filter(|_| score.is_none()),
        };
        merge_keyed(&mut c.health, year.end(), Fact::new(outcomes, o), |old, new| {
            if old.value == new.value {
                Ok(())
            } else {
                Err(contradiction(
                    &format!("the health outcomes of {}", year.label()),
                    &old.value,
                    &old.origin,
                    &new.value,
                    &new.origin,
                ))
            }
        })
    });
    each(&t.oc3, facts, &at, |c, r, o| {
        let dob = need(&r.dob, "DOB", o)?;
        let Some(birthday) = (17..=21).map(|n| add_years(dob, n)).find(|b| year.contains(*b)) else {
            return Err(format!("{o}: OC3 is for a 17th to 21st birthday in the year; DOB {dob} has none"));
        };
        let fact = LeaverFact {
            in_touch: need(&r.in_touch, "IN_TOUCH", o)?,
            // 0 is the DfE's "not applicable" for activity and accommodation.
            activity: opt(&r.activ, "ACTIV", o)?.filter(|a| a.code() != "0"),
            accommodation: opt(&r.accom, "ACCOM", o)?.filter(|a| a.code() != "0"),
        };
        c.leaver.insert(birthday, Fact::new(fact, o));
        Ok(())
    });
    each(&t.placed_adoption, facts, &at, |c, r, o| {
        let decision = need(&r.date_placed, "DATE_PLACED", o)?;
        let ceased = match (
            opt(&r.date_placed_ceased, "DATE_PLACED_CEASED", o)?,
            opt(&r.reason_placed_ceased, "REASON_PLACED_CEASED", o)?,
        ) {
            (Some(d), Some(r)) => Some((d, r)),
            (None, None) => None,
            _ => {
                return Err(format!(
                    "{o}: DATE_PLACED_CEASED and REASON_PLACED_CEASED are given together or not at all"
                ));
            }
        };
        add_adoption(c, decision, AdoptionFact { matched: None, ceased }, o)
    });
    each(&t.ad1, facts, &at, |c, r, o| {
        let decision = need(&r.date_int, "DATE_INT", o)?;
        let number = need(&r.nb_adoptr, "NB_ADOPTR", o)?;
        let adopters = Adopters {
            foster_carers: need(&r.foster_care, "FOSTER_CARE", o)?,
            number: u8::try_from(number).map_err(|_| format!("{o}, NB_ADOPTR: {number} adopters"))?,
            sex: need(&r.sex_adoptr, "SEX_ADOPTR", o)?,
            legal_status: need(&r.ls_adoptr, "LS_ADOPTR", o)?,
        };
        let matched = Some((need(&r.date_match, "DATE_MATCH", o)?, adopters));
        add_adoption(c, decision, AdoptionFact { matched, ceased: None }, o)
    });
    each(&t.prev_perm, facts, &at, |c, r, o| {
        let kind = need(&r.prev_perm, "PREV_PERM", o)?;
        let la = opt(&r.la_perm, "LA_PERM", o)?.map(String::from);
        // DATE_PERM may be partial (zz/zz/2015): kept only when it is a whole date.
        let date = r.date_perm.value().and_then(|s| NaiveDate::parse_from_str(s, "%d/%m/%Y").ok());
        c.prev_perm.insert(year.end(), Fact::new(PreviousPermanenceRecord { kind, la, date }, o));
        Ok(())
    });
    each(&t.missing, facts, &at, |c, r, o| {
        let start = need(&r.mis_start, "MIS_START", o)?;
        let fact = MissingFact { kind: need(&r.missing, "MISSING", o)?, end: opt(&r.mis_end, "MIS_END", o)? };
        merge_keyed(&mut c.missing, start, Fact::new(fact, o), |old, new| {
            let what = format!("the missing episode from {start}");
            if old.value.kind != new.value.kind {
                return Err(contradiction(&what, &old.value.kind, &old.origin, &new.value.kind, &new.origin));
            }
            fill(&mut old.value.end, &new.value.end, &what, &old.origin, &new.origin)
        })
    });
    each(&t.dolo, facts, &at, |c, r, o| {
        let start = need(&r.dolo_start, "DOLO_START", o)?;
        let end = opt(&r.dolo_end, "DOLO_END", o)?;
        merge_keyed(&mut c.dolos, start, Fact::new(end, o), |old, new| {
            fill(&mut old.value, &new.value, &format!("the end of the DoLO from {start}"), &old.origin, &new.origin)
        })
    });
}

fn add_adoption(c: &mut ChildFacts, decision: NaiveDate, new: AdoptionFact, o: &Origin) -> Result<(), String> {
    merge_keyed(&mut c.adoptions, decision, Fact::new(new, o), |old, new| {
        let what = format!("the adoption decided on {decision}");
        fill(&mut old.value.matched, &new.value.matched, &what, &old.origin, &new.origin)?;
        fill(&mut old.value.ceased, &new.value.ceased, &what, &old.origin, &new.origin)
    })
}

pub fn add_years(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(12 * n)).unwrap_or(NaiveDate::MAX)
}
