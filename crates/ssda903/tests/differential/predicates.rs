//! The predicates `DISAGREEMENTS.toml` names: each says which rows a documented disagreement
//! covers, as tightly as the reading it documents allows. Each is judged on a row only one side
//! reports, with the return as both validators read it ([`Case`]).

use super::Case;
use super::support::returns::Year;
use carefile_domain::codes::{LegalStatus, ReasonEpisodeCeased, ReasonNewEpisode};
use carefile_returns::parity::Row;
use carefile_ssda903::Value;
use chrono::{Datelike, Months, NaiveDate};

/// Whether an entry's predicate holds for a row only one side reports.
pub type Predicate = fn(&Case, &Row) -> bool;

/// Every predicate, by the name entries use.
pub const PREDICATES: &[(&str, Predicate)] = &[
    ("date-written-without-zero-padding", date_written_without_zero_padding),
    ("blank-on-both-sides", blank_on_both_sides),
    ("episode-order-unknown", episode_order_unknown),
    ("date-unreadable-in-row", date_unreadable_in_row),
    ("episode-end-blank-or-unreadable", episode_end_blank_or_unreadable),
    ("no-readable-date-of-birth", no_readable_date_of_birth),
    ("birthday-on-the-date-compared", birthday_on_the_date_compared),
    ("latest-episode-not-the-latest-ended", latest_episode_not_the_latest_ended),
    ("care-began-before-the-year-from-2016", care_began_before_the_year_from_2016),
    ("previous-permanence-z1-with-details", previous_permanence_z1_with_details),
    ("sex-written-m-or-f", sex_written_m_or_f),
    ("upn-un4", upn_un4),
    ("short-break", short_break),
    ("k3-provider-elsewhere", k3_provider_elsewhere),
    ("foyer-for-a-minor", foyer_for_a_minor),
    ("after-a-child-with-two-uasc-rows", after_a_child_with_two_uasc_rows),
    ("placement-postcode-not-located", placement_postcode_not_located),
    ("latest-decision-ambiguous-as-text", latest_decision_ambiguous_as_text),
    ("position-in-the-merged-decisions", position_in_the_merged_decisions),
    ("order-open-last-year", order_open_last_year),
    ("care-leaver-unjudged-by-the-reference", care_leaver_unjudged_by_the_reference),
    ("care-leaver-sixteen-before-last-year", care_leaver_sixteen_before_last_year),
    ("uasc-care-leaver-without-episodes", uasc_care_leaver_without_episodes),
    ("social-worker-history-read-against-care", social_worker_history_read_against_care),
    ("social-worker-episodes-starting-the-same-day", social_worker_episodes_starting_the_same_day),
    ("spell-joined-across-another-legal-status", spell_joined_across_another_legal_status),
    ("missing-start-unreadable", missing_start_unreadable),
    ("postcodes-written-differently", postcodes_written_differently),
    ("permanence-year-unknown", permanence_year_unknown),
    ("authority-number-from-a-reorganisation", authority_number_from_a_reorganisation),
    ("number-written-unusually", number_written_unusually),
    ("social-worker-change-in-the-last-days", social_worker_change_in_the_last_days),
];

/// `d/m/YYYY` with a one-digit day or month: a date the DfE format writes `dd/mm/YYYY`.
fn unpadded(v: &str) -> bool {
    let parts: Vec<&str> = v.trim().split('/').collect();
    parts.len() == 3 && parts[..2].iter().any(|p| p.len() == 1) && NaiveDate::parse(v.trim()).is_some()
}

fn date(v: &str) -> Option<NaiveDate> {
    NaiveDate::parse(v.trim())
}

/// The date columns of a table, by name.
fn is_date_column(col: &str) -> bool {
    matches!(
        col,
        "DOB" | "MC_DOB" | "DECOM" | "DEC" | "REVIEW" | "DUC" | "DATE_INT" | "DATE_MATCH" | "DATE_PLACED"
            | "DATE_PLACED_CEASED" | "MIS_START" | "MIS_END" | "SW_DECOM" | "SW_DEC" | "DOLO_START" | "DOLO_END"
            | "DATE_PERM"
    )
}

/// The reference compares dates as text, so `1/5/2025` differs from `01/05/2025`, which carefile
/// reads as the same day: a date of the child's rows in the flagged table (this year's or last
/// year's) is written without zero padding.
fn date_written_without_zero_padding(c: &Case, r: &Row) -> bool {
    let table = r.table.trim_end_matches("_last");
    [&c.this, &c.last].iter().any(|y| {
        y.rows_of(table, &r.child).into_iter().any(|i| {
            let row = &y.rows(table)[i];
            y.columns(table).iter().zip(row).any(|(col, v)| is_date_column(col) && unpadded(v))
        })
    })
}

/// The reference compares blanks as missing values (NaN), which never equal each other, or as
/// equal empty strings: the flagged row has both DECOM and DEC blank, or it and an adjacent row
/// of the child (in file order) are both blank in one of the episode fields the rules compare.
fn blank_on_both_sides(c: &Case, r: &Row) -> bool {
    let (y, t) = c.year_of(&r.table);
    let Some(i) = r.row.map(|n| n as usize) else { return false };
    let blank = |row: &[String], col: &str| y.value(t, row, col).is_some_and(|v| v.trim().is_empty());
    let rows = y.rows(t);
    let Some(row) = rows.get(i) else { return false };
    if blank(row, "DECOM") && blank(row, "DEC") {
        return true;
    }
    let mine = y.rows_of(t, &r.child);
    let at = mine.iter().position(|&k| k == i);
    let neighbours = at.into_iter().flat_map(|p| [p.checked_sub(1), Some(p + 1)]).flatten().filter_map(|p| mine.get(p));
    let fields = ["CIN", "LS", "PLACE", "PL_POST", "URN", "RNE", "PLACE_PROVIDER"];
    neighbours.into_iter().any(|&k| fields.iter().any(|f| blank(row, f) && blank(&rows[k], f)))
}

/// The order of the child's episodes is not known: one has a blank or unreadable DECOM, or two
/// start the same day (a duplicated child). The reference compares an X1 end with a missing next
/// start and sorts undated and tied episodes its own way; carefile puts undated episodes last,
/// keeps file order between ties, and leaves the missing start to rule 141.
fn episode_order_unknown(c: &Case, r: &Row) -> bool {
    let eps = c.episodes_of(&r.table, &r.child);
    let mut starts: Vec<Option<NaiveDate>> = eps.iter().map(|e| e.decom.get()).collect();
    starts.sort();
    starts.iter().any(Option::is_none) || starts.windows(2).any(|w| w[0] == w[1])
}

/// A date of the flagged row is written but cannot be read: the reference's comparison with the
/// missing date (NaT) is false and then negated, so the row fires; carefile leaves an unreadable
/// date to the rule that checks it (102, 115, SW04STG1…).
fn date_unreadable_in_row(c: &Case, r: &Row) -> bool {
    let (y, t) = c.year_of(&r.table);
    let Some(row) = r.row.and_then(|n| y.rows(t).get(n as usize)) else { return false };
    y.columns(t).iter().zip(row).any(|(col, v)| is_date_column(col) && *col != "DATE_PERM" && !v.trim().is_empty() && date(v).is_none())
}

/// The flagged episode's DEC is blank or unreadable: the reference reads an unreadable DEC as
/// open, skips episodes without a readable DEC, or flags a blank one; carefile judges open
/// placements at their start and leaves unreadable and missing dates to rules 147 and 148.
fn episode_end_blank_or_unreadable(c: &Case, r: &Row) -> bool {
    c.episode(r).is_some_and(|e| e.dec.get().is_none())
}

/// The child has no Header row with a readable DOB this year: the reference's age comparisons with
/// a missing date (NaT) are false, and it negates some of them; carefile does not judge an age it
/// cannot know (rule 102 or INT03 report the missing date or row).
fn no_readable_date_of_birth(c: &Case, r: &Row) -> bool {
    c.dob(&r.child).is_none()
}

/// A birthday of the child falls on a date the rule compares (a date of the flagged row, or
/// 31 March): the reference counts an age only from the day after the birthday, carefile (as the
/// DfE's "aged N or over") from the birthday itself.
fn birthday_on_the_date_compared(c: &Case, r: &Row) -> bool {
    let Some(dob) = c.dob(&r.child) else { return false };
    let (y, t) = c.year_of(&r.table);
    let mut dates: Vec<NaiveDate> = vec![c.year.end()];
    if let Some(row) = r.row.and_then(|n| y.rows(t).get(n as usize)) {
        dates.extend(y.columns(t).iter().zip(row).filter(|(col, _)| is_date_column(col) && **col != "DOB").filter_map(|(_, v)| date(v)));
    }
    dates.iter().any(|d| d.month() == dob.month() && d.day() == dob.day() && d > &dob)
}

/// The child's latest episode by start (carefile's reading) is not the one with the latest end
/// (the reference's): it is still open, or an earlier-starting episode ended later.
fn latest_episode_not_the_latest_ended(c: &Case, r: &Row) -> bool {
    let eps = c.episodes_of("Episodes", &r.child);
    let latest_start = eps.iter().filter(|e| e.decom.get().is_some()).max_by_key(|e| e.decom.get()).map(|e| e.row);
    let latest_end = eps.iter().filter(|e| e.dec.get().is_some()).max_by_key(|e| e.dec.get()).map(|e| e.row);
    latest_start != latest_end
}

/// The child's latest episode began on or after 1 April 2016 and before the collection year: the
/// reference compares with the year's start, the DfE message with 1 April 2016.
fn care_began_before_the_year_from_2016(c: &Case, r: &Row) -> bool {
    let from = NaiveDate::from_ymd_opt(2016, 4, 1).expect("a date");
    c.episodes_of("Episodes", &r.child)
        .iter()
        .filter_map(|e| e.decom.get())
        .max()
        .is_some_and(|latest| latest >= from && latest < c.year.start())
}

/// The flagged PrevPerm row has PREV_PERM Z1 with LA_PERM or DATE_PERM given: the DfE message is
/// about Z1; the reference fires only when PREV_PERM is blank.
fn previous_permanence_z1_with_details(c: &Case, r: &Row) -> bool {
    let given = |col| c.value(r, col).is_some_and(|v| !v.trim().is_empty());
    c.value(r, "PREV_PERM").is_some_and(|v| v.trim().eq_ignore_ascii_case("Z1")) && (given("LA_PERM") || given("DATE_PERM"))
}

/// The child's SEX is written M or F (the codes since 2024-25): the reference still compares
/// with the old codes 1 and 2, so its male and female conditions never hold.
fn sex_written_m_or_f(c: &Case, r: &Row) -> bool {
    c.this.rows_of("Header", &r.child).into_iter().any(|i| {
        c.this.value("Header", &c.this.rows("Header")[i], "SEX").is_some_and(|v| matches!(v.trim(), "M" | "F" | "m" | "f"))
    })
}

/// The child's UPN is UN4 (not yet obtained): the reference fires for episodes starting on or after
/// 24 March, the opposite of the message; carefile for a child looked after for more than the
/// last week of the year.
fn upn_un4(c: &Case, r: &Row) -> bool {
    c.values_of("Header", &r.child, "UPN").iter().any(|v| v.trim().eq_ignore_ascii_case("UN4"))
}

/// The flagged episode is a short break (LS V3/V4), which carries no placement location (rule
/// 214): the reference asks for a URN anyway.
fn short_break(c: &Case, r: &Row) -> bool {
    c.episode(r).is_some_and(|e| matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4)))
}

/// A K3 placement with a URN: the reference compares the placement's authority (from PL_POST) with
/// the submitting authority; carefile compares the provider's authority (from the provider's
/// postcode in the Ofsted list), as the message ("the provider's premises") says.
fn k3_provider_elsewhere(c: &Case, r: &Row) -> bool {
    let urn = c.value(r, "URN").map(str::trim).unwrap_or("");
    c.value(r, "PLACE").is_some_and(|p| p.trim().eq_ignore_ascii_case("K3")) && !urn.is_empty() && urn != "XXXXXXX"
}

/// An OC3 row with ACCOM T1 or T2 (Foyers) for a young person under 18 at the start of the year:
/// the reference compares ACCOM with "T", which no code equals.
fn foyer_for_a_minor(c: &Case, r: &Row) -> bool {
    let accom = c.value(r, "ACCOM").map(|v| v.trim().to_ascii_uppercase()).unwrap_or_default();
    let dob = c.value(r, "DOB").and_then(date);
    matches!(accom.as_str(), "T1" | "T2") && dob.is_some_and(|b| b.checked_add_months(Months::new(12 * 18)).is_some_and(|a| a > c.year.start()))
        || accom == "T"
}

/// One of the child's Header rows (the flagged one, for a Header row) comes after that of a child
/// with two or more UASC rows: for CSV uploads the reference aligns Header.UASC with the Header by
/// position after a merge, so one duplicate shifts every later child's UASC flag; carefile derives
/// it per child.
fn after_a_child_with_two_uasc_rows(c: &Case, r: &Row) -> bool {
    let headers = c.this.rows("Header");
    let mine = if r.table == "Header" {
        r.row.map(|n| n as usize)
    } else {
        c.this.rows_of("Header", &r.child).into_iter().max()
    };
    let Some(mine) = mine.filter(|&m| m < headers.len()) else { return false };
    headers[..=mine].iter().any(|h| c.this.rows_of("UASC", h[0].trim()).len() > 1)
}

/// The flagged episode's PL_POST is blank or not in the postcode data, or its PLACE or LS is
/// written but not a valid code: the reference fires for own provision whose placement authority
/// (PL_LA) it cannot derive, and judges codes it does not know as "not foster care"; carefile
/// judges only located placements with a valid placement and legal status (146 and 103 report
/// invalid codes).
fn placement_postcode_not_located(c: &Case, r: &Row) -> bool {
    let pl = c.value(r, "PL_POST").map(|v| v.trim().to_ascii_uppercase()).unwrap_or_default();
    let invalid = c.episode(r).is_some_and(|e| e.place.is_invalid() || e.ls.is_invalid());
    pl.is_empty() || !super::oracle::POSTCODES.contains(&pl.as_str()) || invalid
}

/// The child's latest decision to place for adoption is not the same read as text as read as a
/// date: the DATE_PLACED values sort differently as text, one cannot be read, or two are on the
/// same day. The reference picks the latest by sorting the text (with an unstable sort), carefile
/// by date, the later row winning a tie.
fn latest_decision_ambiguous_as_text(c: &Case, r: &Row) -> bool {
    let values: Vec<&str> = c.values_of("PlacedAdoption", &r.child, "DATE_PLACED").into_iter().map(str::trim).collect();
    let mut as_text = values.clone();
    as_text.sort();
    let mut as_dates = values.clone();
    as_dates.sort_by_key(|v| date(v));
    let mut days: Vec<Option<NaiveDate>> = values.iter().map(|v| date(v)).collect();
    days.sort();
    as_text != as_dates || days.iter().any(Option::is_none) || days.windows(2).any(|w| w[0] == w[1])
}

/// The reference's rule 584 flags rows by their position in a frame merged from this year's
/// decisions and last year's reversed ones (not by their row in PlacedAdoption), comparing the
/// dates as text: a reference-only row number is a position its merge flags; a carefile-only row
/// belongs to a child with a decision this year and a reversed one last year (whose true row the
/// reference misnumbers).
fn position_in_the_merged_decisions(c: &Case, r: &Row) -> bool {
    let (this, last) = (c.this.rows("PlacedAdoption"), c.last.rows("PlacedAdoption"));
    let get = |y: &Year, row: &[String], col: &str| y.value("PlacedAdoption", row, col).unwrap_or("").trim().to_string();
    let reversed = |l: &[String]| !get(&c.last, l, "DATE_PLACED_CEASED").is_empty() || !get(&c.last, l, "REASON_PLACED_CEASED").is_empty();
    if c.ours(r) {
        return last.iter().any(|l| l[0].trim().eq_ignore_ascii_case(&r.child) && reversed(l));
    }
    let mut merged = Vec::new();
    for t in this {
        for l in last.iter().filter(|l| l[0] == t[0] && reversed(l)) {
            merged.push((get(&c.this, t, "DATE_PLACED"), get(&c.last, l, "DATE_PLACED")));
        }
    }
    let flagged: Vec<usize> =
        merged.iter().enumerate().filter(|(_, (now, then))| !then.is_empty() && now <= then).map(|(i, _)| i).collect();
    r.row.is_some_and(|n| flagged.contains(&(n as usize)))
}

/// Rule 706 on an order still open last year with no order of the same start this year: carefile
/// flags the child's DoLo_last row; the reference reports last year's row number as a row of this
/// year's DoLo (whichever child has that row).
fn order_open_last_year(c: &Case, r: &Row) -> bool {
    let Some(n) = r.row.map(|n| n as usize) else { return false };
    let dolo = c.last.rows("DoLo");
    let Some(row) = dolo.get(n) else { return false };
    let get = |col| c.last.value("DoLo", row, col).unwrap_or("").trim();
    let open = get("DOLO_END").is_empty();
    let carried = c.values_of("DoLo", &row[0], "DOLO_START").iter().any(|s| s.trim() == get("DOLO_START"));
    let own = r.table == "DoLo" || row[0].trim().eq_ignore_ascii_case(&r.child);
    open && !carried && own
}

/// A care leaver (OC3 row) aged 20 or over at the end of the year, without a readable DOB, or
/// whose latest episode (this year's, else last year's) is still open: the reference means to
/// leave the 20+ out but flags them all (their totals are missing), and after joining both years'
/// episodes it fills an open end with 31 March by row labels that both years share, so an open
/// period of care can count no days.
fn care_leaver_unjudged_by_the_reference(c: &Case, r: &Row) -> bool {
    let latest_open = |table: &str| {
        let eps = c.episodes_of(table, &r.child);
        eps.iter().filter(|e| e.decom.get().is_some()).max_by_key(|e| e.decom.get()).map(|e| e.dec.is_blank())
    };
    let open = latest_open("Episodes").or_else(|| latest_open("Episodes_last")).unwrap_or(false);
    match c.dob(&r.child) {
        Some(dob) => open || dob.checked_add_months(Months::new(12 * 20)).is_some_and(|b| b <= c.year.end()),
        None => true,
    }
}

/// A care leaver with no episodes in either year whose 16th birthday came before last year's
/// collection year (or with no readable DOB): the reference flags every OC3 young person with no
/// episodes in either year, which includes most 19–21-year-olds who left care earlier; carefile
/// judges only those whose 16th birthday fell on or after the start of last year's collection
/// year (only then must their care since 16 be in the data).
fn care_leaver_sixteen_before_last_year(c: &Case, r: &Row) -> bool {
    let last_start = c.year.start().checked_sub_months(Months::new(12)).expect("a date");
    c.dob(&r.child).is_none_or(|dob| dob.checked_add_months(Months::new(12 * 16)).is_some_and(|b| b < last_start))
}

/// A UASC child (a UASC row) with care leaver data and no episodes this year: the reference judges
/// only UASC children with at least one episode row; carefile also flags a care leaver with UASC
/// details and no episodes at all.
fn uasc_care_leaver_without_episodes(c: &Case, r: &Row) -> bool {
    !c.this.rows_of("UASC", &r.child).is_empty() && c.episodes_of("Episodes", &r.child).is_empty()
}

/// SW12STG2 read two ways. The reference takes each episode that starts care (RNE S) or ends it
/// (REC other than X1), not a short break, ended in the last two years or open, and flags it when
/// any of the child's social worker episodes neither starts by its end nor on or after its start.
/// carefile flags a child looked after on 31 March with no social worker episode (on the open
/// episodes), and the first social worker episode, starting after 1 April, of a child in care
/// since before the year (on that SWEpisodes row, a table the reference never flags for it).
fn social_worker_history_read_against_care(c: &Case, r: &Row) -> bool {
    if r.table == "SWEpisodes" {
        return true;
    }
    let Some(e) = c.episode(r) else { return false };
    let starts = e.rne.get() == Some(ReasonNewEpisode::Started);
    let ends = e.rec.get() != Some(ReasonEpisodeCeased::X1);
    let sw: Vec<Option<NaiveDate>> = c.ret.this.sw_episodes.iter().flat_map(|t| t.of(&r.child)).map(|w| w.sw_decom.get()).collect();
    let before_end = |s: Option<NaiveDate>| s.zip(e.dec.get()).is_some_and(|(s, x)| s <= x) && ends;
    let after_start = |s: Option<NaiveDate>| s.zip(e.decom.get()).is_some_and(|(s, c)| s >= c) && starts;
    let reference_fires = (starts || ends) && (sw.is_empty() || sw.iter().any(|&s| !before_end(s) && !after_start(s)));
    let open_at_end = e.dec.is_blank() && e.decom.get().is_some_and(|d| d <= c.year.end()) && sw.is_empty();
    reference_fires || open_at_end
}

/// Two of the child's social worker episodes start the same day and are open: which is "the
/// latest" is a tie the message does not settle (SW19STG2 reports the duplicate).
fn social_worker_episodes_starting_the_same_day(c: &Case, r: &Row) -> bool {
    let starts = c.values_of("SWEpisodes", &r.child, "SW_DECOM");
    let mut seen = std::collections::BTreeSet::new();
    starts.iter().any(|s| !s.trim().is_empty() && !seen.insert(s.trim()))
}

/// The child's episodes of the rule's legal status are separated by an episode of another status,
/// begin or end on an unreadable date, or lie after the year: the reference joins a spell across the
/// next episode of any status (361, 362) and adds each episode's own length, an open one running to
/// 31 March and one after the year negative (363, 364); carefile joins only episodes of that status
/// that run into each other and measures the spell from its first start to its last end.
fn spell_joined_across_another_legal_status(c: &Case, r: &Row) -> bool {
    let mut eps = c.episodes_of(&r.table, &r.child);
    eps.sort_by_key(|e| (e.decom.get().is_none(), e.decom.get()));
    let Some(e) = c.episode(r) else { return false };
    let ls = e.ls.get();
    let statuses: Vec<Option<LegalStatus>> = eps.iter().map(|x| x.ls.get()).collect();
    let interleaved = statuses.windows(3).any(|w| w[0] == ls && w[2] == ls && w[1] != ls);
    let unreadable = eps.iter().any(|x| x.decom.get().is_none() || (x.dec.is_present() && x.dec.get().is_none()));
    let after_year = eps.iter().any(|x| x.decom.get().is_some_and(|d| d > c.year.end()) || x.dec.get().is_some_and(|d| d > c.year.end()));
    let gap = eps.windows(2).any(|w| w[0].ls.get() == ls && w[1].ls.get() == ls && w[0].dec.get() != w[1].decom.get());
    interleaved || unreadable || after_year || gap
}

/// The flagged missing period's MIS_START is blank or unreadable: the reference says it cannot
/// lie within an episode; carefile leaves it to rules 564 and 1004.
fn missing_start_unreadable(c: &Case, r: &Row) -> bool {
    c.value(r, "MIS_START").is_none_or(|v| date(v).is_none())
}

/// The flagged episode's postcodes differ only in spacing or case, or one is not in the postcode
/// data: the reference compares them as written.
fn postcodes_written_differently(c: &Case, r: &Row) -> bool {
    let get = |col| c.value(r, col).map(|v| v.trim().to_string()).unwrap_or_default();
    let (home, pl) = (get("HOME_POST"), get("PL_POST"));
    let key = |p: &str| p.replace(' ', "").to_ascii_uppercase();
    (home != pl && key(&home) == key(&pl)) || [&home, &pl].iter().any(|p| !super::oracle::POSTCODES.contains(&p.to_ascii_uppercase().as_str()))
}

/// The child's DATE_PERM has an unknown year (`ZZZZ`): the reference reads it as the year 2000
/// and compares it with the first episode's start; carefile, as the DfE allows an unknown part,
/// never compares a date whose year is unknown.
fn permanence_year_unknown(c: &Case, r: &Row) -> bool {
    c.values_of("PrevPerm", &r.child, "DATE_PERM").iter().any(|v| v.trim().ends_with("/ZZZZ"))
}

/// LA_PERM is the DfE number of an authority made in the 2019–2023 reorganisations (838, 839,
/// 940–943), which the reference's list predates.
fn authority_number_from_a_reorganisation(c: &Case, r: &Row) -> bool {
    c.value(r, "LA_PERM").is_some_and(|v| matches!(v.trim(), "838" | "839" | "940" | "941" | "942" | "943"))
}

/// NB_ADOPTR or SDQ_SCORE written with a leading zero or a decimal point: the reference reads
/// NB_ADOPTR as text ("01" is not 1) and SDQ_SCORE as a float ("1.0" is 1); carefile reads whole
/// numbers, so "01" is 1 and "1.0" is not a number.
fn number_written_unusually(c: &Case, r: &Row) -> bool {
    ["NB_ADOPTR", "SDQ_SCORE"].iter().filter_map(|col| c.value(r, col)).any(|v| {
        let v = v.trim();
        v.contains('.') || (v.len() > 1 && v.starts_with('0'))
    })
}

/// The child has a social worker episode ending in the last five days of the year: the reference
/// flags a following row with a blank SW_DECOM rather than the ended episode, and any non-first
/// episode ending then even when a later one follows; carefile flags the ended episode when no
/// other starts on or after it.
fn social_worker_change_in_the_last_days(c: &Case, r: &Row) -> bool {
    let from = c.year.end() - chrono::Duration::days(5);
    c.values_of("SWEpisodes", &r.child, "SW_DEC").iter().filter_map(|v| date(v)).any(|d| d >= from && d <= c.year.end())
}
