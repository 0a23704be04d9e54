//! The front door and the funnel: contacts, referrals, re-referrals, strategy
//! discussions, section 47 enquiries, initial conferences, CP plans started,
//! and CSE referrals. All are flows: events dated in the period.

use super::*;
use crate::model::{Basis, Outcome, Polarity};
use carefile_domain::journey::Exploitation;

pub(crate) const CONTACTS: Indicator = based(
    flow(
        "contacts",
        "Contacts",
        "Contacts received at the front door, dated by when they were received.",
        |c, out| out.extend(c.rec.contacts.iter().map(|x| event(x.at.date(), 1, 0, "contact received"))),
        &[Source::Contacts],
    ),
    Basis::Local("contacts received at the front door"),
);

/// A contact progressed to referral when the manager decided "referral" or a referral names it.
fn contacts_to_referral(c: &Child, out: &mut Vec<Event>) {
    use carefile_domain::journey::ContactOutcome;
    for x in &c.rec.contacts {
        let named = c.rec.referrals.iter().any(|r| r.contact == Some(x.no));
        let decided = matches!(x.decided, Some((_, ContactOutcome::Referral)));
        out.push(event(x.at.date(), u32::from(named || decided), 1, "contact received"));
    }
}

pub(crate) const CONTACTS_TO_REFERRAL: Indicator = based(
    {
        let mut i = flow(
            "contacts_to_referral",
            "% of contacts progressed to referral",
            "Contacts received in the period that went on to a referral (the manager decided \"referral\", \
         or a referral names the contact), as a share of all contacts received in the period: the pooled ratio.",
            contacts_to_referral,
            &[Source::Contacts],
        );
        i = share(
            i,
            Outcome::FrontDoor,
            Polarity::None,
            "contacts received in the period that progressed to referral",
            "contacts received in the period",
        );
        i
    },
    Basis::Local("the committee dashboard's conversion of contacts to referrals"),
);

pub(crate) const REFERRALS: Indicator = based(
    flow(
        "referrals",
        "Referrals",
        "Referrals to children's social care received in the period (each opens a CIN episode).",
        |c, out| out.extend(c.rec.referrals.iter().map(|r| event(r.date(), 1, 0, "referral received"))),
        &[Source::Referrals],
    ),
    Basis::Dfe("Children in need, C1: referrals in the year"),
);

/// Each referral, in the numerator when an earlier referral of the child falls
/// within the 12 months before it (the anniversary included).
fn re_referrals(c: &Child, out: &mut Vec<Event>) {
    let dates: Vec<NaiveDate> = c.rec.referrals.iter().map(|r| r.date()).collect();
    for (i, d) in dates.iter().enumerate() {
        let again = dates.iter().enumerate().any(|(j, e)| j != i && e < d && within_12_months_before(*e, *d));
        out.push(event(*d, u32::from(again), 1, if again { "re-referral" } else { "referral received" }));
    }
}

pub(crate) const RE_REFERRALS_12M: Indicator = based(
    {
        let mut i = flow(
            "re_referrals_12m",
            "% re-referrals to children's social care within 12 months",
            "Referrals received in the period where the child had a previous referral within the 12 months \
         before (a previous referral exactly 12 months earlier, on the anniversary, counts).",
            re_referrals,
            &[Source::Referrals],
        );
        i = share(
            i,
            Outcome::ProtectedFromHarm,
            Polarity::LowGood,
            "referrals in the period with a previous referral of the child within 12 months before",
            "referrals received in the period",
        );
        i.def.source = Some("seed 001_def840bf2424c9c7.txt lines 10348–10349");
        i.history = Lookback::Months(12);
        i
    },
    Basis::Dfe("Children in need, C1: re-referrals within 12 months of a previous referral, % of referrals"),
);

pub(crate) const STRATEGY_DISCUSSIONS: Indicator = based(
    flow(
        "strategy_discussions",
        "Strategy discussions",
        "Strategy discussions held in the period.",
        |c, out| {
            for r in &c.rec.referrals {
                out.extend(r.discussions.iter().map(|d| event(d.at.date(), 1, 0, "strategy discussion")));
            }
        },
        &[Source::StrategyDiscussions],
    ),
    Basis::Local("strategy discussions held"),
);

pub(crate) const S47_ENQUIRIES: Indicator = based(
    flow(
        "s47_enquiries",
        "Section 47 enquiries",
        "Section 47 enquiries started in the period.",
        |c, out| {
            for r in &c.rec.referrals {
                out.extend(r.s47s.iter().map(|s| event(s.start, 1, 0, "section 47 enquiry started")));
            }
        },
        &[Source::S47s],
    ),
    Basis::Dfe("Children in need, C4: section 47 enquiries started"),
);

pub(crate) const ICPCS: Indicator = based(
    flow(
        "icpcs",
        "Initial child protection conferences",
        "Initial child protection conferences held in the period.",
        |c, out| {
            for r in &c.rec.referrals {
                out.extend(r.icpcs.iter().map(|x| event(x.date, 1, 0, "initial conference")));
            }
        },
        &[Source::Icpcs],
    ),
    Basis::Dfe("Children in need, C4: initial child protection conferences"),
);

pub(crate) const CP_PLANS_STARTED: Indicator = based(
    flow(
        "cp_plans_started",
        "Child protection plans started",
        "Child protection plans that started in the period (including plans transferred in).",
        |c, out| {
            for r in &c.rec.referrals {
                out.extend(r.cp_plans.iter().map(|p| event(p.start, 1, 0, "CP plan started")));
            }
        },
        &[Source::CpPlans],
    ),
    Basis::Dfe("Children in need, D1: child protection plans starting in the year"),
);

pub(crate) const CP_PLANS_ENDED: Indicator = based(
    flow(
        "cp_plans_ended",
        "Child protection plans ended",
        "Child protection plans that ended in the period.",
        |c, out| {
            for r in &c.rec.referrals {
                out.extend(r.cp_plans.iter().filter_map(|p| p.end).map(|e| event(e, 1, 0, "CP plan ended")));
            }
        },
        &[Source::CpPlans],
    ),
    Basis::Dfe("Children in need, D1: child protection plans ending in the year"),
);

pub(crate) const CSE_REFERRALS: Indicator = based(
    {
        let mut i = flow(
            "cse_referrals",
            "CSE referrals",
            "Referrals received in the period flagged with a concern of child sexual exploitation \
         (criminal exploitation is flagged separately and not counted here).",
            |c, out| {
                let cse = c.rec.referrals.iter().filter(|r| r.exploitation.contains(&Exploitation::Cse));
                out.extend(cse.map(|r| event(r.date(), 1, 0, "referral flagged CSE")));
            },
            &[Source::Referrals, Source::Exploitation],
        );
        i.def.outcome = Outcome::ProtectedFromHarm;
        i.def.source = Some("seed 001_def840bf2424c9c7.txt lines 10369–10370");
        i
    },
    Basis::Local("the committee dashboard's referrals flagged for child sexual exploitation"),
);

pub(crate) const CARE_STARTED: Indicator = based(
    flow(
        "care_started",
        "Periods of care started",
        "Periods of care that started in the period.",
        |c, out| out.extend(c.rec.care.iter().map(|p| event(p.start, 1, 0, "started to be looked after"))),
        &[Source::Care],
    ),
    Basis::Dfe("Children looked after: children starting to be looked after"),
);

pub(crate) const CARE_ENDED: Indicator = based(
    flow(
        "care_ended",
        "Periods of care ended",
        "Periods of care that ended in the period.",
        |c, out| {
            out.extend(
                c.rec.care.iter().filter_map(|p| p.end_date()).map(|e| event(e, 1, 0, "ceased to be looked after")),
            )
        },
        &[Source::Care],
    ),
    Basis::Dfe("Children looked after: children ceasing to be looked after"),
);
