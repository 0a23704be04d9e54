//! Reading one CIN census into [`ChildFacts`].

use crate::Facts;
use crate::facts::*;
use carefile_cin::Census;
use carefile_domain::coverage::FactKind;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The kinds of fact a census carries.
pub const KINDS: &[FactKind] = &[
    FactKind::Referrals,
    FactKind::Assessments,
    FactKind::S47s,
    FactKind::Icpcs,
    FactKind::CpPlans,
    FactKind::CinPlans,
];

/// The kinds it carries only in part: the strategy discussions that started an S47.
pub const PARTLY: &[FactKind] = &[FactKind::StrategyDiscussions];

/// Rows of each table in the earlier batches of a census read as a stream (`crate::stream`), so
/// a row is cited by its place in the whole file.
#[derive(Debug, Default, Clone)]
pub struct RowsBefore([u32; 9]);

/// The tables rows are cited from, in [`RowsBefore`]'s order.
const TABLES: [&str; 9] = [
    "ChildIdentifiers",
    "ChildCharacteristics",
    "Disabilities",
    "CINdetails",
    "Assessments",
    "CINplanDates",
    "Section47",
    "ChildProtectionPlans",
    "Reviews",
];

impl RowsBefore {
    fn of(&self, table: &str) -> u32 {
        TABLES.iter().position(|t| *t == table).map_or(0, |i| self.0[i])
    }

    /// Counts a batch's rows, once it is read.
    pub fn count(&mut self, c: &Census) {
        let n = [
            c.children.len(),
            c.characteristics.len(),
            c.disabilities.len(),
            c.cin_details.len(),
            c.assessments.len(),
            c.cin_plans.len(),
            c.section47.len(),
            c.cpps.len(),
            c.reviews.len(),
        ];
        for (sum, n) in self.0.iter_mut().zip(n) {
            *sum = sum.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        }
    }
}

/// Adds the children `keep` wants (by their ID as the facts know it) of the census read from
/// `file` to `facts`; `before` counts the rows of the file's earlier batches.
pub fn add(facts: &mut Facts, census: &Census, file: &Arc<str>, before: &RowsBefore, keep: &dyn Fn(&str) -> bool) {
    let period_end = census.period.end;
    let at =
        |table: &'static str, row: u32| Origin { file: file.clone(), table, row: row + before.of(table), period_end };
    for child in &census.children {
        let id = census.child_id(child.row).trim().to_uppercase();
        if !keep(&id) {
            continue;
        }
        let o = at("ChildIdentifiers", child.row);
        let c = facts.child(&id, &o);
        let result = add_child(c, census, child, &at, &o);
        c.check(result);
    }
}

fn add_child(
    c: &mut ChildFacts,
    census: &Census,
    child: &carefile_cin::model::ChildIdentifiers,
    at: &dyn Fn(&'static str, u32) -> Origin,
    o: &Origin,
) -> Result<(), String> {
    if let Some(dob) = opt(&child.person_birth_date, "PersonBirthDate", o)? {
        same(&mut c.dob, Fact::new(dob, o), "the date of birth")?;
    }
    if let Some(e) = opt(&child.expected_person_birth_date, "ExpectedPersonBirthDate", o)? {
        latest(&mut c.expected_dob, Fact::new(e, o));
    }
    if let Some(sex) = sex_cin(&child.sex, &child.gender_current, o)? {
        same(&mut c.sex, Fact::new(sex, o), "the sex")?;
    }
    if let Some(upn) = opt(&child.upn, "UPN", o)? {
        latest(&mut c.upn, Fact::new(upn.to_string(), o));
    }
    if let Some(u) = opt(&child.upn_unknown, "UPNunknown", o)? {
        latest(&mut c.upn_unknown, Fact::new(u, o));
    }
    if let Some(f) = opt(&child.former_upn, "FormerUPN", o)? {
        latest(&mut c.former_upn, Fact::new(f.to_string(), o));
    }
    if let Some(d) = opt(&child.person_death_date, "PersonDeathDate", o)? {
        same(&mut c.died, Fact::new(d, o), "the date of death")?;
    }
    for ch in carefile_cin::model::rows(&census.characteristics, &child.characteristics) {
        let co = at("ChildCharacteristics", ch.row);
        c.seen(&co);
        if let Some(e) = opt(&ch.ethnicity, "Ethnicity", &co)? {
            latest(&mut c.ethnicity, Fact::new(e, o));
        }
    }
    let dis = census.disabilities_of(child);
    if !dis.is_empty() {
        let list = dis
            .iter()
            .map(|d| {
                let o = at("Disabilities", d.row);
                c.seen(&o);
                need(&d.disability, "Disability", &o)
            })
            .collect::<Result<Vec<_>, _>>()?;
        latest(&mut c.disabilities, Fact::new(list, o));
    }
    for ep in census.episodes_of(child) {
        add_episode(c, census, ep, at)?;
    }
    Ok(())
}

fn add_episode(
    c: &mut ChildFacts,
    census: &Census,
    ep: &carefile_cin::model::CinDetails,
    at: &dyn Fn(&'static str, u32) -> Origin,
) -> Result<(), String> {
    let o = &at("CINdetails", ep.row);
    c.seen(o);
    let date = need(&ep.cin_referral_date, "CINreferralDate", o)?;
    let closed =
        match (opt(&ep.cin_closure_date, "CINclosureDate", o)?, opt(&ep.reason_for_closure, "ReasonForClosure", o)?) {
            (Some(d), Some(r)) => Some((d, r)),
            (None, None) => None,
            _ => return Err(format!("{o}: CINclosureDate and ReasonForClosure are given together or not at all")),
        };
    let mut icpcs = BTreeMap::new();
    if let Some(d) = opt(&ep.date_of_initial_cpc, "DateOfInitialCPC", o)? {
        icpcs.insert(d, o.clone());
    }
    let mut assessments = BTreeMap::new();
    for a in census.assessments_of(ep) {
        let ao = &at("Assessments", a.row);
        c.seen(ao);
        let factors = a.factors.iter().map(|f| need(f, "AssessmentFactors", ao)).collect::<Result<Vec<_>, _>>()?;
        let fact = AssessmentFact {
            completed: opt(&a.internal_review_date, "AssessmentInternalReviewDate", ao)?,
            authorised: opt(&a.authorisation_date, "AssessmentAuthorisationDate", ao)?,
            factors,
        };
        assessments.insert(need(&a.actual_start_date, "AssessmentActualStartDate", ao)?, Fact::new(fact, ao));
    }
    let mut cin_plans = BTreeMap::new();
    for p in census.plans_of(ep) {
        let po = &at("CINplanDates", p.row);
        c.seen(po);
        let end = opt(&p.end_date, "CINPlanEndDate", po)?;
        cin_plans.insert(need(&p.start_date, "CINPlanStartDate", po)?, Fact::new(end, po));
    }
    let mut s47s = BTreeMap::new();
    for s in census.section47_of(ep) {
        let so = &at("Section47", s.row);
        c.seen(so);
        let fact = S47Fact {
            icpc: opt(&s.date_of_initial_cpc, "DateOfInitialCPC", so)?,
            icpc_not_required: opt(&s.icpc_not_required, "ICPCnotRequired", so)?.unwrap_or(false),
            listed_from: census.period.start,
        };
        s47s.insert(need(&s.s47_actual_start_date, "S47ActualStartDate", so)?, Fact::new(fact, so));
    }
    let mut cpps = BTreeMap::new();
    for p in census.cpps_of(ep) {
        let po = &at("ChildProtectionPlans", p.row);
        c.seen(po);
        let reviews = census
            .reviews_of(p)
            .iter()
            .filter_map(|r| {
                let ro = at("Reviews", r.row);
                c.seen(&ro);
                opt(&r.review_date, "CPPreviewDate", &ro).map(|d| d.map(|d| (d, ro))).transpose()
            })
            .collect::<Result<_, _>>()?;
        let fact = CppFact {
            end: opt(&p.end_date, "CPPendDate", po)?,
            previous: opt(&p.number_of_previous_cpp, "NumberOfPreviousCPP", po)?,
            initial: need(&p.initial_category_of_abuse, "InitialCategoryOfAbuse", po)?,
            latest: Fact::new(need(&p.latest_category_of_abuse, "LatestCategoryOfAbuse", po)?, po),
            reviews,
        };
        cpps.insert(need(&p.start_date, "CPPstartDate", po)?, Fact::new(fact, po));
    }
    let new = ReferralFact {
        source: need(&ep.referral_source, "ReferralSource", o)?,
        need: opt(&ep.primary_need_code, "PrimaryNeedCode", o)?.map(|n| Fact::new(n, o)),
        closed,
        nfa: opt(&ep.referral_nfa, "ReferralNFA", o)?.unwrap_or(false),
        icpcs,
        assessments,
        cin_plans,
        s47s,
        cpps,
    };
    merge_keyed(&mut c.referrals, date, Fact::new(new, o), |old, new| merge_referral(date, old, new))
}

/// The same CIN episode reported by two censuses.
fn merge_referral(
    date: chrono::NaiveDate,
    old: &mut Fact<ReferralFact>,
    new: Fact<ReferralFact>,
) -> Result<(), String> {
    let (a, b) = (&old.origin, &new.origin);
    let what = format!("the CIN episode referred on {date}");
    let n = new.value;
    let r = &mut old.value;
    if r.source != n.source || r.nfa != n.nfa {
        return Err(contradiction(&what, &(r.source, r.nfa), a, &(n.source, n.nfa), b));
    }
    if let Some(need) = n.need {
        latest(&mut r.need, need);
    }
    fill(&mut r.closed, &n.closed, &format!("the closure of {what}"), a, b)?;
    for (d, o) in n.icpcs {
        r.icpcs.entry(d).or_insert(o);
    }
    for (d, x) in n.assessments {
        merge_keyed(&mut r.assessments, d, x, |old, new| {
            let what = format!("the assessment started on {d}");
            fill(&mut old.value.completed, &new.value.completed, &what, &old.origin, &new.origin)?;
            fill(&mut old.value.authorised, &new.value.authorised, &what, &old.origin, &new.origin)?;
            if old.value.factors.is_empty() {
                old.value.factors = new.value.factors;
            }
            Ok(())
        })?;
    }
    for (d, x) in n.cin_plans {
        merge_keyed(&mut r.cin_plans, d, x, |old, new| {
            fill(&mut old.value, &new.value, &format!("the end of the CIN plan from {d}"), &old.origin, &new.origin)
        })?;
    }
    for (d, x) in n.s47s {
        merge_keyed(&mut r.s47s, d, x, |old, new| {
            fill(
                &mut old.value.icpc,
                &new.value.icpc,
                &format!("the conference of the S47 from {d}"),
                &old.origin,
                &new.origin,
            )?;
            old.value.icpc_not_required |= new.value.icpc_not_required;
            old.value.listed_from = old.value.listed_from.max(new.value.listed_from);
            Ok(())
        })?;
    }
    for (d, x) in n.cpps {
        merge_keyed(&mut r.cpps, d, x, |old, new| {
            let what = format!("the CP plan from {d}");
            if old.value.initial != new.value.initial {
                return Err(contradiction(&what, &old.value.initial, &old.origin, &new.value.initial, &new.origin));
            }
            fill(&mut old.value.end, &new.value.end, &what, &old.origin, &new.origin)?;
            if new.origin.period_end > old.origin.period_end {
                old.value.latest = new.value.latest;
                old.value.previous = new.value.previous.or(old.value.previous);
            }
            for (d, o) in new.value.reviews {
                old.value.reviews.entry(d).or_insert(o);
            }
            Ok(())
        })?;
    }
    Ok(())
}
