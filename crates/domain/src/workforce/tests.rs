//! The census rates on a hand-built year: joiners, leavers (one who came back),
//! agency staff, a move between teams, roles outside the census, and posts.

use super::*;
use crate::org::{OrgEvent, Service};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}
fn w(s: &str) -> WorkerId {
    WorkerId::new(s).unwrap()
}
fn t(s: &str) -> TeamId {
    TeamId::new(s).unwrap()
}

fn joined(worker: &str, team: &str, role: StaffRole, fte: f32, agency: bool, date: &str) -> OrgEvent {
    OrgEvent::StaffJoined { worker: w(worker), name: worker.into(), team: t(team), role, fte, agency, date: d(date) }
}
fn left(worker: &str, date: &str) -> OrgEvent {
    OrgEvent::StaffLeft { worker: w(worker), date: d(date) }
}

fn org() -> Organisation {
    use StaffRole::*;
    let team = |id: &str| OrgEvent::TeamFormed {
        team: t(id),
        name: id.into(),
        service: Service::Locality,
        locality: None,
        date: d("2020-01-01"),
    };
    let events = [
        team("NORTH"),
        team("SOUTH"),
        joined("A", "NORTH", SocialWorker, 1.0, false, "2020-01-01"),
        joined("B", "NORTH", SocialWorker, 0.5, false, "2020-01-01"),
        joined("C", "NORTH", TeamManager, 1.0, false, "2020-01-01"),
        // Left in the year: counts at 0.8.
        joined("D", "NORTH", SocialWorker, 0.8, false, "2020-01-01"),
        left("D", "2025-03-31"),
        // Left before the year began: not a leaver of this year.
        joined("E", "NORTH", SocialWorker, 1.0, false, "2020-01-01"),
        left("E", "2024-09-30"),
        // Left and came back within the year: a leaver, and in post on the day.
        joined("F", "SOUTH", SocialWorker, 1.0, false, "2020-01-01"),
        left("F", "2025-01-10"),
        joined("F", "SOUTH", SocialWorker, 0.6, false, "2025-06-02"),
        // Agency: not employed, not a leaver when the contract ends.
        joined("G", "SOUTH", SocialWorker, 1.0, true, "2025-02-01"),
        joined("H", "SOUTH", SocialWorker, 1.0, true, "2024-01-01"),
        left("H", "2025-05-01"),
        // Outside the census: a personal adviser who left.
        joined("P", "SOUTH", PersonalAdviser, 1.0, false, "2020-01-01"),
        left("P", "2025-05-01"),
        // Joined after the census date.
        joined("J", "SOUTH", SocialWorker, 1.0, false, "2025-10-01"),
        // Moved from South to North in the year.
        joined("M", "SOUTH", SocialWorker, 1.0, false, "2020-01-01"),
        OrgEvent::StaffMoved { worker: w("M"), team: t("NORTH"), date: d("2025-04-01") },
        OrgEvent::PostsEstablished { team: t("NORTH"), fte: 6.0, date: d("2024-04-01") },
        OrgEvent::PostsEstablished { team: t("SOUTH"), fte: 3.0, date: d("2024-04-01") },
        // A later establishment does not apply before its date.
        OrgEvent::PostsEstablished { team: t("SOUTH"), fte: 9.0, date: d("2025-10-01") },
    ];
    let mut org = Organisation::default();
    for e in &events {
        org.apply(e).unwrap_or_else(|err| panic!("{e:?}: {err}"));
    }
    org
}

#[test]
fn turnover_vacancy_and_agency_rates_at_30_september() {
    let c = census(&org(), d("2025-09-30"), |_| true);
    // Employed in post: A 1.0, B 0.5, C 1.0, F 0.6, M 1.0 = 4.1 FTE.
    assert_eq!(c.employed.0, 410);
    assert_eq!(c.employed.1, [w("A"), w("B"), w("C"), w("F"), w("M")]);
    // Leavers in the year to 30 Sep 2025: D 0.8 and F 1.0 (its first spell) = 1.8; not E (2024-09-30 is the
    // day before the year), not agency H, not personal adviser P.
    assert_eq!(c.leavers, (180, vec![w("D"), w("F")]));
    assert_eq!(c.turnover.percent().map(|p| (p * 100.0).round() / 100.0), Some(43.9)); // 1.8 / 4.1
    // Agency: G 1.0 in post (H's contract ended) ÷ (1.0 + 4.1).
    assert_eq!((c.agency_rate.numerator, c.agency_rate.denominator), (100, 510));
    // Vacancies: North 6.0 posts − (A, B, C, M) 3.5 employed = 2.5; South 3.0 − F 0.6 = 2.4 (G, agency, covers
    // a vacancy that still counts). Rate 4.9 ÷ (4.9 + 4.1).
    assert_eq!(c.vacancies, [(t("NORTH"), 250), (t("SOUTH"), 240)]);
    assert_eq!((c.vacancy.numerator, c.vacancy.denominator), (490, 900));
}

#[test]
fn a_team_selection_counts_its_own_staff_posts_and_leavers() {
    let north = census(&org(), d("2025-09-30"), |team| team.as_str() == "NORTH");
    assert_eq!(north.employed.0, 350, "M counts where it works on the day");
    assert_eq!(north.leavers.1, [w("D")], "F left from South");
    assert_eq!(north.vacancies, [(t("NORTH"), 250)]);
    // A year on: the new South establishment applies, J has joined, nobody left.
    let later = census(&org(), d("2026-09-30"), |team| team.as_str() == "SOUTH");
    assert_eq!(later.vacancies, [(t("SOUTH"), 900 - 160)]);
    assert_eq!(later.leavers.0, 0);
    assert_eq!(later.turnover.percent(), Some(0.0));
}

#[test]
fn a_worker_rejoins_only_after_leaving_and_posts_are_a_plausible_fte() {
    let mut o = org();
    let early = joined("D", "NORTH", StaffRole::SocialWorker, 1.0, false, "2025-03-01");
    assert!(o.apply(&early).unwrap_err().message.contains("cannot rejoin"));
    let bad = OrgEvent::PostsEstablished { team: t("NORTH"), fte: -1.0, date: d("2025-10-01") };
    assert!(o.apply(&bad).is_err());
    let unknown = OrgEvent::PostsEstablished { team: t("EAST"), fte: 1.0, date: d("2025-10-01") };
    assert!(o.apply(&unknown).unwrap_err().message.contains("unknown team"));
    let none = census(&Organisation::default(), d("2025-09-30"), |_| true);
    assert_eq!((none.turnover.percent(), none.vacancy.percent(), none.agency_rate.percent()), (None, None, None));
}
