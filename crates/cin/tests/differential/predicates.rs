//! The predicates `DISAGREEMENTS.toml` names: each says which rows a documented disagreement
//! covers, judged on a row only one side reports with the census as both validators read it
//! ([`Case`]: carefile's tables and the elements as written).

use super::Case;
use super::support::El;
use carefile_domain::{Calendar, codes::Disability};
use carefile_returns::parity::Row;
use chrono::{Datelike, Months, NaiveDate, Weekday};

/// Whether an entry's predicate holds for a row only one side reports.
pub type Predicate = fn(&Case, &Row) -> bool;

pub const PREDICATES: &[(&str, Predicate)] = &[
    ("child-without-an-id", child_without_an_id),
    ("child-id-shared", child_id_shared),
    ("date-written-without-zero-padding", date_written_without_zero_padding),
    ("temporary-upn", temporary_upn),
    ("upn-too-short", upn_too_short),
    ("expected-birth-on-the-window-edge", expected_birth_on_the_window_edge),
    ("death-date-without-birth-date", death_date_without_birth_date),
    ("referral-on-the-working-day-before-the-year", referral_on_the_working_day_before_the_year),
    ("referral-nfa-not-given", referral_nfa_not_given),
    ("started-exactly-the-limit-before", started_exactly_the_limit_before),
    ("episode-conference-at-a-weekend", episode_conference_at_a_weekend),
    ("assessment-with-factors", assessment_with_factors),
    ("conference-target-given", conference_target_given),
    ("enquiry-marked-false", enquiry_marked_false),
    ("enquiry-marked-true", enquiry_marked_true),
    ("disability-codes-counted-two-ways", disability_codes_counted_two_ways),
    ("review-beyond-the-first-or-plan-open", review_beyond_the_first_or_plan_open),
    ("unknown-or-blank-disability-code", unknown_or_blank_disability_code),
    ("nfa-episode-with-a-plan", nfa_episode_with_a_plan),
    ("plans-in-two-episodes", plans_in_two_episodes),
    ("disability-rows-with-none", disability_rows_with_none),
    ("episode-row-of-an-enquiry-rule", episode_row_of_an_enquiry_rule),
    ("authorised-assessment", authorised_assessment),
    ("enquiry-marked-not-required-without-conference", enquiry_marked_not_required_without_conference),
    ("open-episodes-referred-the-same-day", open_episodes_referred_the_same_day),
    ("enquiry-of-an-episode-whose-other-plan-matches", enquiry_of_an_episode_whose_other_plan_matches),
];

/// The `<Child>` element whose row a finding flags.
fn child_el<'a>(c: &'a Case, r: &Row) -> Option<&'a El> {
    c.owner(r).and_then(|i| c.child_el(i))
}

/// Every leaf below `el`, with its name.
fn leaves(el: &El) -> Vec<&El> {
    if el.kids.is_empty() { vec![el] } else { el.kids.iter().flat_map(leaves).collect() }
}

/// The flagged row belongs to a child with no LAchildID: the reference joins all such children
/// into one (pandas matches missing keys), so it compares one child's dates with another's.
fn child_without_an_id(c: &Case, r: &Row) -> bool {
    c.owner(r).is_some_and(|i| c.census.child_id(i).is_empty()) || (r.child.is_empty() && !r.table.is_empty())
}

/// The flagged row belongs to a child whose LAchildID another `<Child>` also has: the reference
/// merges the two; carefile judges each `<Child>` on its own (8510 reports the duplicate).
fn child_id_shared(c: &Case, r: &Row) -> bool {
    let id = match c.owner(r) {
        Some(i) => c.census.child_id(i).to_string(),
        None => r.child.clone(),
    };
    !id.is_empty() && (0..c.census.children.len() as u32).filter(|&i| c.census.child_id(i) == id).count() > 1
}

/// A date of the child is written without zero padding (`2025-5-1`): the schema's xs:date needs
/// two digits, so carefile counts it as not provided; the reference's pandas reads it as a date.
fn date_written_without_zero_padding(c: &Case, r: &Row) -> bool {
    child_el(c, r).is_some_and(|el| {
        leaves(el).iter().any(|l| {
            let parts: Vec<&str> = l.text.trim().split('-').collect();
            l.name.contains("Date") && parts.len() == 3 && parts[0].len() == 4 && parts[1..].iter().any(|p| p.len() == 1)
        })
    })
}

/// The child's UPN or former UPN is a temporary one (a letter at character 13): the reference
/// judges only all-digit UPNs (1510) and calls every temporary former UPN malformed (1560Q).
fn temporary_upn(c: &Case, r: &Row) -> bool {
    c.owner(r).and_then(|i| c.census.children.get(i as usize)).is_some_and(|ch| {
        [&ch.upn, &ch.former_upn].iter().any(|u| u.value().is_some_and(|v| v.len() == 13 && v.ends_with(|x: char| x.is_ascii_alphabetic())))
    })
}

/// The child's UPN is shorter than 13 characters: the reference passes one too short to have
/// characters 9–12; carefile flags it (the characters are not there, so not numeric).
fn upn_too_short(c: &Case, r: &Row) -> bool {
    c.owner(r).and_then(|i| c.census.children.get(i as usize)).is_some_and(|ch| ch.upn.value().is_some_and(|v| v.len() < 13))
}

/// The expected birth date is exactly 30 days before or 9 months after the reference date: the
/// DfE's window includes both ends; the reference flags them.
fn expected_birth_on_the_window_edge(c: &Case, r: &Row) -> bool {
    let rd = c.census.period.end;
    c.owner(r).and_then(|i| c.census.children.get(i as usize)).and_then(|ch| ch.expected_person_birth_date.get()).is_some_and(|d| {
        d == rd - chrono::Duration::days(30) || Some(d) == rd.checked_add_months(Months::new(9))
    })
}

/// A death date with no birth date: the reference flags it; the DfE rule compares the two dates.
fn death_date_without_birth_date(c: &Case, r: &Row) -> bool {
    c.owner(r)
        .and_then(|i| c.census.children.get(i as usize))
        .is_some_and(|ch| ch.person_death_date.is_present() && ch.person_birth_date.get().is_none())
}

/// The flagged episode was referred on or after the working day before the census year began and
/// before the year: the DfE's cutoff is that working day; the reference's is the year's start.
fn referral_on_the_working_day_before_the_year(c: &Case, r: &Row) -> bool {
    let start = c.census.period.start;
    let cutoff = Calendar::england_and_wales().add_working_days(start, -1);
    episode(c, r).and_then(|e| e.cin_referral_date.get()).is_some_and(|d| d >= cutoff && d < start)
}

/// The flagged episode's ReferralNFA is missing or unreadable: the reference counts anything but
/// `false`/`0` as "no further action"; carefile needs it to say so (`true`/`1`).
fn referral_nfa_not_given(c: &Case, r: &Row) -> bool {
    episode(c, r).is_some_and(|e| e.referral_nfa.get().is_none())
}

/// The flagged assessment or enquiry started exactly 45 (assessments) or 15 (enquiries) working days
/// before the reference date: "more than" the limit is not met; the reference counts one day fewer.
fn started_exactly_the_limit_before(c: &Case, r: &Row) -> bool {
    let cal = Calendar::england_and_wales();
    let rd = c.census.period.end;
    let row = r.row.map(|n| n as usize);
    let start = match r.table.as_str() {
        "Assessments" => row.and_then(|i| c.census.assessments.get(i)).and_then(|a| a.actual_start_date.get()).map(|d| (d, 45)),
        "Section47" => row.and_then(|i| c.census.section47.get(i)).and_then(|s| s.s47_actual_start_date.get()).map(|d| (d, 15)),
        _ => None,
    };
    start.is_some_and(|(d, limit)| d == cal.add_working_days(rd, -limit))
}

/// The flagged episode's own DateOfInitialCPC (N00110 at CINdetails level) is a Saturday or
/// Sunday: the reference checks only the Section47 table.
fn episode_conference_at_a_weekend(c: &Case, r: &Row) -> bool {
    episode(c, r).and_then(|e| e.date_of_initial_cpc.get()).is_some_and(|d| matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
}

/// The flagged assessment lists factors: the reference compares the factors list with a string,
/// so 8869, 8945Q and 8950Q cannot fire from XML.
fn assessment_with_factors(c: &Case, r: &Row) -> bool {
    r.table == "Assessments" && r.row.and_then(|i| c.census.assessments.get(i as usize)).is_some_and(|a| !a.factors.is_empty())
}

/// The flagged enquiry has an InitialCPCtarget: the reference parses it as dd-mm-YYYY only, so it
/// never reads an ISO date.
fn conference_target_given(c: &Case, r: &Row) -> bool {
    r.table == "Section47" && r.row.and_then(|i| c.census.section47.get(i as usize)).is_some_and(|s| s.initial_cpc_target.is_present())
}

/// One of the child's enquiries says ICPCnotRequired `false`: the reference recognises `0` but not
/// `false`.
fn enquiry_marked_false(c: &Case, r: &Row) -> bool {
    enquiry_marked(c, r, "false")
}

/// An enquiry of the flagged row's episode says ICPCnotRequired `true`: for 2885 the reference
/// drops enquiries marked `1` but keeps those marked `true`.
fn enquiry_marked_true(c: &Case, r: &Row) -> bool {
    enquiry_marked(c, r, "true")
}

/// An enquiry of the child says ICPCnotRequired `value`, as written.
fn enquiry_marked(c: &Case, r: &Row, value: &str) -> bool {
    child_el(c, r).is_some_and(|el| leaves(el).iter().any(|l| l.name == "ICPCnotRequired" && l.text.trim() == value))
}

/// 2887Q counted two ways disagree on the file: the DfE rule asks for fewer than 8 distinct codes
/// other than NONE; the reference counts the NONE rows (7 or fewer).
fn disability_codes_counted_two_ways(c: &Case, r: &Row) -> bool {
    let d = &c.census.disabilities;
    let none = d.iter().filter(|x| x.disability.get() == Some(Disability::None)).count();
    let mut codes: Vec<Disability> = d.iter().filter_map(|x| x.disability.get()).filter(|x| *x != Disability::None).collect();
    codes.sort_by_key(|x| x.code());
    codes.dedup();
    r.child.is_empty() && ((none <= 7) != (codes.len() < 8))
}

/// The flagged row is a review date after the first of its `<Reviews>` block, a blank one, or the
/// child has a CIN plan or protection plan still open: the reference reads only each block's first
/// CPPreviewDate and needs both plans ended (4003, 8841, 8842Q).
fn review_beyond_the_first_or_plan_open(c: &Case, r: &Row) -> bool {
    let Some(i) = c.owner(r) else { return false };
    let ch = &c.census.children[i as usize];
    let open = c.census.child_plans(ch).iter().any(|p| p.end_date.get().is_none())
        || c.census.child_cpps(ch).iter().any(|p| p.end_date.get().is_none());
    let later = r.table == "Reviews"
        && r.row.and_then(|n| c.census.reviews.get(n as usize)).is_some_and(|rv| {
            let plan = &c.census.cpps[rv.cpp as usize];
            plan.reviews.start != rv.row || rv.review_date.is_blank()
        });
    open || later
}

/// The child has a Disability that is not a DfE code, or is blank: the reference reports nothing
/// for it.
fn unknown_or_blank_disability_code(c: &Case, r: &Row) -> bool {
    c.owner(r).is_some_and(|i| c.census.disabilities.iter().any(|d| d.child == i && d.disability.get().is_none()))
}

/// 8832 on an episode marked ReferralNFA with protection plans: carefile flags that episode and its
/// plans; the reference swaps its merge suffixes, so it reports the episode's CINdetails row number
/// as a plan row and the plans' row numbers as CINdetails rows (a plan of a child with no
/// LAchildID included: it joins those children into one, so their plans meet another's NFA episode).
fn nfa_episode_with_a_plan(c: &Case, r: &Row) -> bool {
    let census = &c.census;
    let nfa = |e: &carefile_cin::model::CinDetails| e.referral_nfa.get() == Some(true) && !census.cpps_of(e).is_empty();
    let Some(n) = r.row else { return false };
    if c.ours(r) {
        return episode(c, r).is_some_and(nfa);
    }
    match r.table.as_str() {
        "ChildProtectionPlans" => census.cin_details.get(n as usize).is_some_and(nfa),
        "CINdetails" => census
            .cpps
            .get(n as usize)
            .is_some_and(|p| nfa(census.episode_of(&p.key)) || census.child_id(p.key.child).is_empty()),
        _ => false,
    }
}

/// The child has protection plans in two episodes: the reference compares plans by (child, CPPID),
/// and the first plan of every episode has CPPID 1, so it skips or merges those pairs (8935, 8940).
fn plans_in_two_episodes(c: &Case, r: &Row) -> bool {
    let Some(i) = c.owner(r) else { return false };
    let ch = &c.census.children[i as usize];
    c.census.episodes_of(ch).iter().filter(|e| !c.census.cpps_of(e).is_empty()).count() > 1
}

/// The flagged row is a NONE disability row: for 8790 (NONE beside other codes) carefile flags all
/// the child's rows, the reference the rows other than NONE.
fn disability_rows_with_none(c: &Case, r: &Row) -> bool {
    r.table == "Disabilities" && r.row.and_then(|n| c.census.disabilities.get(n as usize)).is_some_and(|d| d.disability.get() == Some(Disability::None))
}

/// The flagged row is the episode (CINdetails) of a rule the catalogue states on the episode and
/// its enquiries (2991Q): carefile flags the CINdetails row too; the reference the Section47 rows.
fn episode_row_of_an_enquiry_rule(_c: &Case, r: &Row) -> bool {
    r.table == "CINdetails"
}

/// The flagged assessment was authorised: for 8896 (two open assessments) carefile flags the open
/// ones, the reference every assessment of the episode.
fn authorised_assessment(c: &Case, r: &Row) -> bool {
    r.table == "Assessments" && r.row.and_then(|n| c.census.assessments.get(n as usize)).is_some_and(|a| a.authorisation_date.is_present())
}

/// The flagged enquiry is marked as needing no conference (ICPCnotRequired true or 1) and has none:
/// the reference counts it among the episode's open enquiries when it flags (it groups on the blank
/// conference date); carefile counts only enquiries still awaiting a conference, as 8839 says.
fn enquiry_marked_not_required_without_conference(c: &Case, r: &Row) -> bool {
    r.table == "Section47"
        && r.row.and_then(|n| c.census.section47.get(n as usize)).is_some_and(|s| s.icpc_not_required.get() == Some(true) && s.date_of_initial_cpc.is_blank())
}

/// The child has two open episodes going on to further action referred the same day: neither is
/// before the latest referral, so 8816 does not fire; the reference takes the first as "latest"
/// and flags the other.
fn open_episodes_referred_the_same_day(c: &Case, r: &Row) -> bool {
    let Some(i) = c.owner(r).or_else(|| c.child_row(r)) else { return false };
    let ch = &c.census.children[i as usize];
    let mut open: Vec<NaiveDate> = c
        .census
        .episodes_of(ch)
        .iter()
        .filter(|e| e.cin_closure_date.is_blank() && e.referral_nfa.get() == Some(false))
        .filter_map(|e| e.cin_referral_date.get())
        .collect();
    open.sort();
    open.windows(2).any(|w| w[0] == w[1])
}

/// The flagged row is an enquiry of an episode where some protection plan starts on the day of
/// one of its conferences: for 2885 (a plan starting on no conference day) carefile flags the
/// plan and the episode's enquiries, whose conference dates may be the ones wrong; the reference
/// flags the enquiries only when no plan of the episode matches any of them.
fn enquiry_of_an_episode_whose_other_plan_matches(c: &Case, r: &Row) -> bool {
    let census = &c.census;
    let Some(s47) = r.row.filter(|_| r.table == "Section47").and_then(|n| census.section47.get(n as usize)) else {
        return false;
    };
    let ep = census.episode_of(&s47.key);
    let conferences: Vec<NaiveDate> = census
        .section47_of(ep)
        .iter()
        .filter(|e| e.icpc_not_required.get() != Some(true))
        .filter_map(|e| e.date_of_initial_cpc.get())
        .collect();
    census.cpps_of(ep).iter().any(|p| p.start_date.get().is_some_and(|d| conferences.contains(&d)))
}

/// The episode a finding's row belongs to (CINdetails, or a module's episode).
fn episode<'a>(c: &'a Case, r: &Row) -> Option<&'a carefile_cin::model::CinDetails> {
    let i = r.row? as usize;
    let cin = match r.table.as_str() {
        "CINdetails" => i as u32,
        "Assessments" => c.census.assessments.get(i)?.key.cin,
        "Section47" => c.census.section47.get(i)?.key.cin,
        "CINplanDates" => c.census.cin_plans.get(i)?.key.cin,
        "ChildProtectionPlans" => c.census.cpps.get(i)?.key.cin,
        _ => return None,
    };
    c.census.cin_details.get(cin as usize)
}
