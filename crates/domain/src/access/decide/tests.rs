use super::*;
use crate::access::{DEFAULT_TOML, Role};
use chrono::Duration;

fn role(code: &str) -> Role {
    Role::new(code).unwrap()
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
}

fn w(s: &str) -> WorkerId {
    WorkerId::new(s).unwrap()
}

fn t(s: &str) -> TeamId {
    TeamId::new(s).unwrap()
}

/// The cases, from the point of view of worker W1 in team T1 (Locality);
/// T2 is another Locality team, T3 a Children in Care team.
const CASES: [&str; 9] =
    ["own", "team", "service", "other", "unallocated", "closed-recent", "closed-old", "reviewed", "looked-after"];

struct Case {
    worker: Option<WorkerId>,
    team: Option<TeamId>,
    service: Option<Service>,
    open: bool,
    closed_on: Option<NaiveDate>,
    looked_after: bool,
    reviewers: Vec<WorkerId>,
}

fn case(name: &str) -> Case {
    let alloc = |wk: &str, tm: &str, s: Service| (Some(w(wk)), Some(t(tm)), Some(s));
    let (worker, team, service) = match name {
        "own" => alloc("W1", "T1", Service::Locality),
        "team" => alloc("W2", "T1", Service::Locality),
        "service" => alloc("W3", "T2", Service::Locality),
        "unallocated" => (None, None, None),
        _ => alloc("W4", "T3", Service::ChildrenInCare),
    };
    let closed = |days: i64| Some(day() - Duration::days(days));
    Case {
        worker,
        team,
        service,
        open: !name.starts_with("closed"),
        closed_on: match name {
            "closed-recent" => closed(100),
            "closed-old" => closed(2000),
            _ => None,
        },
        looked_after: matches!(name, "reviewed" | "looked-after"),
        reviewers: match name {
            "reviewed" => vec![w("W1")],
            "looked-after" => vec![w("W9")],
            _ => vec![],
        },
    }
}

fn subject(c: &Case, restricted: bool, granted: bool) -> Subject<'_> {
    Subject {
        kind: SubjectKind::Child,
        worker: c.worker.as_ref(),
        team: c.team.as_ref(),
        service: c.service,
        open: c.open,
        closed_on: c.closed_on,
        looked_after: c.looked_after,
        reviewers: &c.reviewers,
        supervisors: &[],
        restricted,
        granted,
        as_of: day(),
    }
}

fn viewer(r: &Role) -> Viewer<'_> {
    static W1: std::sync::OnceLock<(WorkerId, TeamId)> = std::sync::OnceLock::new();
    let (worker, team) = W1.get_or_init(|| (w("W1"), t("T1")));
    Viewer { role: r, worker: Some(worker), team: Some(team), service: Some(Service::Locality) }
}

fn letter(a: Access) -> char {
    match a {
        Access::Allow => 'A',
        Access::NeedsReason => 'R',
        Access::BreakGlass => 'G',
        Access::Deny => 'D',
    }
}

/// `child.read` for every role of the default policy × every case, written
/// out by hand: A allow, R with a stated reason, G break glass, D deny.
/// Columns: own, team, service, other, unallocated, closed-recent,
/// closed-old, reviewed, looked-after.
const READ: [(&str, &str, &str); 23] = [
    // (role, unrestricted, restricted without a grant)
    ("social-worker", "AADDDDDDD", "GGDDDDDDD"),
    ("front-door-worker", "AAAAAARAA", "GGGGGGGGG"),
    ("personal-adviser", "ADDDDDDDD", "GDDDDDDDD"),
    ("early-help-worker", "AADDDDDDD", "GGDDDDDDD"),
    ("early-help-manager", "AADDDDDDD", "GGDDDDDDD"),
    ("team-manager", "AADDDDDDD", "GGDDDDDDD"),
    ("service-manager", "AAADDDDDD", "GGGDDDDDD"),
    ("reviewing-officer", "ADDDDDDAD", "GDDDDDDGD"),
    ("conference-chair", "ADDDDDDAD", "GDDDDDDGD"),
    ("agency-decision-maker", "AAAAAAAAA", "GGGGGGGGG"),
    ("panel-chair", "DDDDDDDDD", "DDDDDDDDD"),
    ("panel-member", "DDDDDDDDD", "DDDDDDDDD"),
    // The panel adviser reads every household, but no child's record.
    ("panel-adviser", "DDDDDDDDD", "DDDDDDDDD"),
    ("supervising-social-worker", "ADDDDDDDD", "GDDDDDDDD"),
    ("family-finder", "AADDDDDDD", "GGDDDDDDD"),
    ("virtual-school-officer", "ADDDDDDAA", "GDDDDDDGG"),
    ("virtual-school-head", "ADDDDDDAA", "GDDDDDDGG"),
    // Complaints officers may open any record with a reason, but hold no break glass.
    ("complaints-officer", "RRRRRRRRR", "DDDDDDDDD"),
    ("complaints-manager", "RRRRRRRRR", "DDDDDDDDD"),
    ("information-governance-officer", "AAAAAAAAA", "GGGGGGGGG"),
    ("analyst", "DDDDDDDDD", "DDDDDDDDD"),
    ("admin", "DDDDDDDDD", "DDDDDDDDD"),
    ("councillor", "DDDDDDDDD", "DDDDDDDDD"),
];

#[test]
fn read_matrix_every_role_by_every_case() {
    let policy = Policy::default();
    assert_eq!(READ.len(), policy.roles.len(), "every role of the default policy has a row");
    for (code, open_row, restricted_row) in READ {
        let r = role(code);
        assert!(policy.role(&r).is_some(), "{code}");
        let v = viewer(&r);
        let got = |restricted: bool, granted: bool| -> String {
            CASES.iter().map(|c| letter(decide(&policy, &v, &subject(&case(c), restricted, granted), "child.read"))).collect()
        };
        assert_eq!(got(false, false), open_row, "{code}, not restricted ({CASES:?})");
        assert_eq!(got(true, false), restricted_row, "{code}, restricted ({CASES:?})");
        // A grant opens the record to anyone whose role reads children, in scope or not.
        let granted = if policy.permits(&r, "child.read") { "AAAAAAAAA" } else { "DDDDDDDDD" };
        assert_eq!(got(true, true), granted, "{code}, restricted with a grant");
        assert_eq!(got(false, true), granted, "{code}, granted");
    }
}

/// Recording is narrowed by the form's group as well as by scope.
#[test]
fn recording_needs_the_group_and_the_scope() {
    let policy = Policy::default();
    let own = case("own");
    let reviewed = case("reviewed");
    let ask = |code: &str, c: &Case, key: &str| letter(decide(&policy, &viewer(&role(code)), &subject(c, false, false), key));
    // (role, key, on own child, on a child they review)
    for (code, key, on_own, on_reviewed) in [
        ("social-worker", "child.record.visit", 'A', 'D'),
        ("social-worker", "child.decide.referral", 'D', 'D'),
        ("social-worker", "child.record.review", 'D', 'D'),
        ("team-manager", "child.decide.referral", 'A', 'D'),
        ("team-manager", "child.decide.adoption", 'D', 'D'),
        ("reviewing-officer", "child.record.review", 'A', 'A'),
        ("reviewing-officer", "child.record.visit", 'D', 'D'),
        ("conference-chair", "child.record.conference", 'A', 'A'),
        ("agency-decision-maker", "child.decide.adoption", 'A', 'A'),
        ("information-governance-officer", "child.record.visit", 'D', 'D'),
        ("team-manager", "audit.read.child", 'A', 'D'),
        ("information-governance-officer", "audit.read.child", 'A', 'A'),
        ("social-worker", "audit.read.child", 'D', 'D'),
        ("early-help-manager", "child.record.early_help", 'A', 'D'),
        ("early-help-manager", "child.record.protection", 'D', 'D'),
        ("early-help-manager", "audit.review", 'A', 'D'),
        ("virtual-school-head", "child.record.education", 'A', 'A'),
        ("virtual-school-head", "child.record.visit", 'D', 'D'),
        ("panel-adviser", "child.record.panel", 'D', 'D'),
    ] {
        assert_eq!(ask(code, &own, key), on_own, "{code} {key} own");
        assert_eq!(ask(code, &reviewed, key), on_reviewed, "{code} {key} reviewed");
    }
}

#[test]
fn an_account_whose_role_the_policy_lacks_opens_nothing() {
    let policy = Policy::default();
    let gone = role("duty-officer");
    for c in CASES {
        assert_eq!(decide(&policy, &viewer(&gone), &subject(&case(c), false, true), "child.read"), Access::Deny);
    }
}

#[test]
fn front_door_window_is_the_policys() {
    let text = DEFAULT_TOML.replace("closed_days = 365", "closed_days = 30");
    let narrow = Policy::from_toml(&text).unwrap();
    let r = role("front-door-worker");
    let recent = case("closed-recent"); // closed 100 days ago
    assert_eq!(decide(&narrow, &viewer(&r), &subject(&recent, false, false), "child.read"), Access::NeedsReason);
    assert_eq!(decide(&Policy::default(), &viewer(&r), &subject(&recent, false, false), "child.read"), Access::Allow);
    // Exactly on the boundary is still within it.
    let mut edge = case("closed-recent");
    edge.closed_on = Some(day() - Duration::days(365));
    assert_eq!(decide(&Policy::default(), &viewer(&r), &subject(&edge, false, false), "child.read"), Access::Allow);
    edge.closed_on = Some(day() - Duration::days(366));
    assert_eq!(decide(&Policy::default(), &viewer(&r), &subject(&edge, false, false), "child.read"), Access::NeedsReason);
}

#[test]
fn households_open_to_their_supervisors() {
    let policy = Policy::default();
    let ssw = role("supervising-social-worker");
    let mine = [w("W1")];
    let theirs = [w("W7")];
    let household = |supervisors: &'static [WorkerId]| Subject {
        kind: SubjectKind::Household,
        worker: None,
        team: None,
        service: None,
        open: true,
        closed_on: None,
        looked_after: false,
        reviewers: &[],
        supervisors,
        restricted: false,
        granted: false,
        as_of: day(),
    };
    let mine: &'static [WorkerId] = Box::leak(Box::new(mine));
    let theirs: &'static [WorkerId] = Box::leak(Box::new(theirs));
    assert_eq!(decide(&policy, &viewer(&ssw), &household(mine), "household.record"), Access::Allow);
    assert_eq!(decide(&policy, &viewer(&ssw), &household(theirs), "household.record"), Access::Deny);
    assert_eq!(decide(&policy, &viewer(&role("social-worker")), &household(mine), "household.record"), Access::Deny);
    // The panel adviser reads any household and records on none; the agency decision maker decides.
    let adviser = role("panel-adviser");
    assert_eq!(decide(&policy, &viewer(&adviser), &household(theirs), "household.read"), Access::Allow);
    assert_eq!(decide(&policy, &viewer(&adviser), &household(theirs), "household.record"), Access::Deny);
    assert_eq!(decide(&policy, &viewer(&adviser), &household(theirs), "household.decide"), Access::Deny);
    assert_eq!(decide(&policy, &viewer(&role("agency-decision-maker")), &household(theirs), "household.decide"), Access::Allow);
}

#[test]
fn openings_settle_what_they_should_until_they_expire() {
    let now = day().and_hms_opt(10, 0, 0).unwrap().and_utc();
    let live = |kind| Opening { kind, until: now + Duration::hours(1) };
    let spent = |kind| Opening { kind, until: now };
    use OpeningKind::*;
    assert_eq!(settle(Access::NeedsReason, Some(&live(StatedReason)), now), Access::Allow);
    assert_eq!(settle(Access::NeedsReason, Some(&live(BreakGlass)), now), Access::Allow);
    assert_eq!(settle(Access::NeedsReason, Some(&spent(StatedReason)), now), Access::NeedsReason);
    assert_eq!(settle(Access::BreakGlass, Some(&live(BreakGlass)), now), Access::Allow);
    assert_eq!(settle(Access::BreakGlass, Some(&live(StatedReason)), now), Access::BreakGlass, "a reason is not break glass");
    assert_eq!(settle(Access::BreakGlass, Some(&spent(BreakGlass)), now), Access::BreakGlass, "expired");
    assert_eq!(settle(Access::Deny, Some(&live(BreakGlass)), now), Access::Deny);
    assert_eq!(settle(Access::Allow, None, now), Access::Allow);
}

#[test]
fn reasons_must_be_words_of_some_length() {
    for bad in ["aaaaaaaaaa", &"a".repeat(60), "asdf asdf asdf asdf asdf asdf asdf asdf", "because", "x y z w v u t s r q p o n m l k j"] {
        assert!(check_reason(bad, 20).is_err(), "{bad}");
    }
    assert!(check_reason(&"word ".repeat(300), 20).is_err(), "too long");
    let ok = "  Police called out of hours: the child is reported missing from home tonight.  ";
    assert_eq!(check_reason(ok, 40).unwrap(), ok.trim());
    assert!(check_reason("Police called about the child", 40).is_err(), "shorter than the minimum");
}

mod facts {
    use super::*;
    use crate::codes::{ReasonForClosure, ReferralSource};
    use crate::journey::{ChildDetails, ChildEvent, ReviewerRole};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn record(events: &[ChildEvent]) -> ChildRecord {
        let details = ChildDetails { forename: "A".into(), surname: "B".into(), dob: Some(d("2015-01-01")), ..Default::default() };
        let mut r = ChildRecord::register(crate::ChildId::new("C1").unwrap(), &ChildEvent::Registered { details }).unwrap();
        for e in events {
            r.apply(e).unwrap();
        }
        r
    }

    fn referral(date: &str) -> ChildEvent {
        ChildEvent::ReferralReceived {
            referral: 1,
            at: d(date).and_hms_opt(9, 0, 0).unwrap(),
            source: ReferralSource::Police,
            contact: None,
            exploitation: vec![],
        }
    }

    #[test]
    fn open_work_and_when_it_closed() {
        let r = record(&[
            referral("2024-01-08"),
            ChildEvent::WorkerAllocated { date: d("2024-01-08"), worker: w("W1"), team: t("T1"), reason: None },
            ChildEvent::CaseClosed { referral: 1, date: d("2024-06-03"), reason: ReasonForClosure::RC7 },
        ]);
        let during = ChildFacts::of(&r, d("2024-03-01"));
        assert!(during.open && during.closed_on.is_none());
        assert_eq!(during.worker, Some(w("W1")));
        let after = ChildFacts::of(&r, d("2026-03-31"));
        assert!(!after.open);
        assert_eq!(after.closed_on, Some(d("2024-06-03")));
        // Before anything ended there is no closing date.
        assert_eq!(ChildFacts::of(&record(&[]), d("2026-03-31")).closed_on, None);
    }

    #[test]
    fn reviewers_count_only_while_a_plan_or_care_stands() {
        use crate::codes::CategoryOfAbuse;
        let assigned = ChildEvent::ReviewerAssigned { date: d("2025-02-03"), worker: w("W8"), role: ReviewerRole::ConferenceChair };
        let replaced = ChildEvent::ReviewerAssigned { date: d("2025-05-01"), worker: w("W9"), role: ReviewerRole::ConferenceChair };
        let r = record(&[
            referral("2025-01-06"),
            ChildEvent::StrategyDiscussionHeld { referral: 1, discussion: 1, at: d("2025-01-07").and_hms_opt(9, 0, 0).unwrap(), s47: true },
            ChildEvent::S47Started { referral: 1, s47: 1, date: d("2025-01-07"), discussion: Some(1) },
            ChildEvent::IcpcHeld { referral: 1, s47: Some(1), date: d("2025-02-03"), plan: true },
            ChildEvent::CpPlanStarted { referral: 1, plan: 1, date: d("2025-02-03"), category: CategoryOfAbuse::Neglect, transfer_in: false, previous_plans: None },
            assigned,
            replaced,
            ChildEvent::CpPlanEnded { plan: 1, date: d("2025-09-01") },
        ]);
        assert_eq!(ChildFacts::of(&r, d("2025-03-01")).reviewers, vec![w("W8")]);
        assert_eq!(ChildFacts::of(&r, d("2025-06-01")).reviewers, vec![w("W9")], "the later chair replaces the earlier");
        assert!(ChildFacts::of(&r, d("2025-10-01")).reviewers.is_empty(), "the plan ended");
    }

    #[test]
    fn a_chair_holds_the_child_from_the_enquiry_that_needs_a_conference_to_the_last_minutes() {
        use crate::codes::CategoryOfAbuse;
        let chair = ChildEvent::ReviewerAssigned { date: d("2025-01-08"), worker: w("W8"), role: ReviewerRole::ConferenceChair };
        let mut events = vec![
            referral("2025-01-06"),
            ChildEvent::StrategyDiscussionHeld { referral: 1, discussion: 1, at: d("2025-01-07").and_hms_opt(9, 0, 0).unwrap(), s47: true },
            ChildEvent::S47Started { referral: 1, s47: 1, date: d("2025-01-07"), discussion: Some(1) },
            chair,
        ];
        let reviewers = |events: &[ChildEvent], on: &str| ChildFacts::of(&record(events), d(on)).reviewers;
        assert!(reviewers(&events, "2025-01-10").is_empty(), "the enquiry goes on: no conference asked for yet");
        events.push(ChildEvent::S47Concluded { s47: 1, date: d("2025-01-14"), icpc_required: true });
        assert_eq!(reviewers(&events, "2025-01-20"), vec![w("W8")], "a conference is awaited: the chair records it");
        events.push(ChildEvent::IcpcHeld { referral: 1, s47: Some(1), date: d("2025-02-03"), plan: true });
        assert_eq!(reviewers(&events, "2025-02-03"), vec![w("W8")], "the conference decided on a plan: the chair starts it");
        events.push(ChildEvent::CpPlanStarted { referral: 1, plan: 1, date: d("2025-02-03"), category: CategoryOfAbuse::Neglect, transfer_in: false, previous_plans: None });
        events.push(ChildEvent::CpPlanEnded { plan: 1, date: d("2025-09-01") });
        // The chair's minutes of the last review are due 20 working days after it (29 September).
        let minutes = |ended: NaiveDate| crate::Calendar::england_and_wales().add_working_days(ended, 20);
        let r = record(&events);
        assert_eq!(ChildFacts::with_minutes(&r, d("2025-09-29"), minutes).reviewers, vec![w("W8")], "records the end, issues the minutes");
        assert!(ChildFacts::with_minutes(&r, d("2025-09-30"), minutes).reviewers.is_empty(), "and no longer");
        assert!(ChildFacts::of(&r, d("2025-09-02")).reviewers.is_empty(), "with no minutes period, the day of the end only");

        // A conference that decided on no plan ends the chair's part.
        let mut none = events[..5].to_vec();
        none.push(ChildEvent::IcpcHeld { referral: 1, s47: Some(1), date: d("2025-02-03"), plan: false });
        assert!(reviewers(&none, "2025-02-04").is_empty());
    }
}

proptest::proptest! {
    /// Whatever the role, case, restriction and grant: a restricted record
    /// never opens without a grant or break glass, and only where the
    /// unrestricted record would open; a grant never opens a record to a role
    /// without the key; roles with scope none and no reason rule open nothing.
    #[test]
    fn policy_invariants(r in 0usize..23, c in 0usize..9, restricted: bool, granted: bool) {
        let policy = Policy::default();
        let code = policy.roles.keys().nth(r).unwrap().clone();
        let def = &policy.roles[&code];
        let kase = case(CASES[c]);
        let v = viewer(&code);
        let open = decide(&policy, &v, &subject(&kase, false, false), "child.read");
        let got = decide(&policy, &v, &subject(&kase, restricted, granted), "child.read");
        if !def.holds("child.read") {
            proptest::prop_assert_eq!(got, Access::Deny);
        }
        if restricted && !granted {
            proptest::prop_assert!(matches!(got, Access::BreakGlass | Access::Deny));
            proptest::prop_assert_eq!(got == Access::BreakGlass, open != Access::Deny && def.holds("child.break_glass"));
        }
        if def.scope == Scope::None && !def.reason_widens && !granted {
            proptest::prop_assert_eq!(got, Access::Deny);
        }
        proptest::prop_assert_ne!(open, Access::BreakGlass, "break glass is for restricted records only");
    }
}
