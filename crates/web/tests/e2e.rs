//! The pages in a real browser (playwright-core driving Debian's chromium).
//! e2e/web.mjs: a social worker signs in, finds a child, completes an
//! assessment (a date after today first, refused beside the field) and sends it
//! for authorisation; the team manager authorises it; the worker sees it on the
//! chronology and gone from the caseload's due list; the dashboard draws; an analyst uploads a return and sees its
//! findings. e2e/look.mjs: every page as each role sees it, checked with
//! axe-core, errors shown, and a visit recorded by keyboard alone. The server
//! runs in this process on a free loopback port against a small generated
//! demo database. Screenshots (and axe.json) are kept under
//! target/artifacts/web/. Skips with a message where the browser is not
//! installed, except under CI, where that fails.

use carefile_domain::clock::Clock;
use carefile_domain::timescales::{Item, TimescaleConfig, due_list};
use carefile_domain::{Calendar, ChildRecord};
use carefile_synth::{Options, Scale};
use carefile_web::{AppState, Config};
use carefile_work::{Kind, Owner, Subject};
use chrono::{DateTime, NaiveDate, Utc};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

/// The SSDA903 reference validator's runner, shared with the ssda903 crate's tests.
#[path = "../../ssda903/tests/support/oracle.rs"]
#[allow(dead_code)]
mod oracle903;

struct Fixed(DateTime<Utc>);

impl Clock for Fixed {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The browser's prerequisites that are missing.
fn missing(root: &Path) -> Vec<&'static str> {
    [
        ("/usr/bin/chromium", PathBuf::from("/usr/bin/chromium")),
        ("e2e/node_modules/playwright-core", root.join("e2e/node_modules/playwright-core")),
    ]
    .into_iter()
    .filter(|(_, p)| !p.exists())
    .map(|(name, _)| name)
    .collect()
}

/// A child on `worker`'s caseload, not restricted, with an assessment awaiting
/// authorisation while the assessment deadline is open: authorising it must
/// take that item off the caseload.
fn child_to_assess(
    records: &[ChildRecord],
    worker: &carefile_domain::WorkerId,
    restricted: Option<&carefile_domain::ChildId>,
    as_of: NaiveDate,
) -> Option<(String, u32)> {
    let cal = Calendar::england_and_wales();
    let cfg = TimescaleConfig::default();
    records
        .iter()
        .filter(|r| r.allocation_on(as_of).and_then(|a| a.worker.as_ref()) == Some(worker))
        .filter(|r| Some(&r.id) != restricted)
        .filter(|r| due_list([*r], &cal, &cfg, as_of, None).iter().filter(|d| d.item == Item::Assessment).count() == 1)
        .find_map(|r| {
            let open = r.referrals.iter().find(|x| x.closed.is_none())?;
            let a = open.assessments.iter().find(|a| a.authorised.is_none())?;
            Some((r.id.to_string(), a.no))
        })
}

/// The small demo served on a free loopback port, in this process.
struct Served {
    base: String,
    records: Vec<ChildRecord>,
    accounts: carefile_web::demo::DemoAccounts,
    out: PathBuf,
    root: PathBuf,
    /// The database the server writes, which the tests read back.
    db: PathBuf,
    /// The server's state, to read its trays.
    state: AppState,
    _dir: tempfile::TempDir,
}

const AS_OF: (i32, u32, u32) = (2026, 3, 31);

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).unwrap()
}

/// Serves the small demo, or says why the browser test cannot run (`None`: skipped).
fn serve() -> Option<Served> {
    serve_with(|_| {})
}

/// Serves the small demo with what `setup` adds to its database.
fn serve_with(setup: impl FnOnce(&mut dyn carefile_store::EventStore)) -> Option<Served> {
    let root = workspace();
    let gaps = missing(&root);
    if !gaps.is_empty() {
        let message = format!("browser test skipped: {} missing (run scripts/setup-browser.sh)", gaps.join(" and "));
        assert!(std::env::var_os("CI").is_none(), "{message}, and CI is set");
        eprintln!("{message}");
        return None;
    }
    let as_of = as_of();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut store = carefile_store::open(db.to_str().unwrap()).unwrap();
    let authority = carefile_synth::generate(&Options { seed: 1, scale: Scale::Small, as_of });
    let mut children = authority.children.into_iter().map(|c| (c.id, c.events));
    store.bulk_load(&authority.org, &mut children, &mut |_| {}).unwrap();
    let records = store.children().unwrap();
    let accounts = carefile_web::demo::demo_accounts(&store.organisation().unwrap(), &records, as_of).unwrap();
    let at = as_of.and_hms_opt(9, 0, 0).unwrap().and_utc();
    let recorded = carefile_domain::Recorded::new(at, "e2e", None);
    store.append_users(&accounts.events.iter().map(|e| (recorded.clone(), e.clone())).collect::<Vec<_>>()).unwrap();
    setup(&mut *store);

    let config = Config { secure_cookies: false, as_of: Some(as_of), ..Config::default() };
    let state = AppState::open(store, Arc::new(Fixed(server_now())), config).unwrap();
    let addr: SocketAddr = {
        let probe = TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap()
    };
    let serving = state.clone();
    std::thread::spawn(move || carefile_web::run(serving, carefile_web::Listen { addr, metrics: None }, carefile_web::LogFormat::Text));

    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let out = target.join("artifacts/web");
    std::fs::create_dir_all(&out).unwrap();
    Some(Served { base: format!("http://{addr}"), records, accounts, out, root, db, state, _dir: dir })
}

/// The served application's fixed clock: noon on the reference date.
fn server_now() -> DateTime<Utc> {
    as_of().and_hms_opt(12, 0, 0).unwrap().and_utc()
}

impl Served {
    /// Every demo user (role code -> username, password and member of staff), as the scripts take them.
    fn users_json(&self) -> String {
        let users: serde_json::Map<String, serde_json::Value> = self
            .accounts
            .users
            .iter()
            .map(|u| {
                let who = serde_json::json!({ "username": u.username, "password": u.password, "worker": u.worker.as_ref().map(|w| w.to_string()) });
                (u.role.code().to_string(), who)
            })
            .collect();
        serde_json::Value::Object(users).to_string()
    }

    fn user(&self, name: &str) -> &carefile_web::demo::DemoUser {
        self.accounts.users.iter().find(|u| u.username == name).unwrap()
    }

    /// Runs one of the e2e scripts with `env`; its standard output.
    fn node(&self, script: &str, env: &[(&str, String)]) -> String {
        let mut cmd = Command::new("node");
        cmd.arg(self.root.join("e2e").join(script)).env("BASE_URL", &self.base).env("OUT_DIR", &self.out);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let run = cmd.current_dir(&self.root).output().unwrap();
        let stdout = String::from_utf8_lossy(&run.stdout).to_string();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "e2e/{script} failed:\n{stdout}\n{stderr}");
        stdout
    }
}

#[test]
fn a_social_worker_records_an_assessment_in_the_browser() {
    let Some(served) = serve() else { return };
    let worker = served.user("demo-social-worker");
    let analyst = served.user("demo-analyst");
    let manager = served.user("demo-team-manager");
    let (child, assessment) =
        child_to_assess(&served.records, worker.worker.as_ref().unwrap(), served.accounts.restricted.as_ref(), as_of())
            .expect("the demo social worker has a child whose assessment awaits authorisation");
    let stdout = served.node(
        "web.mjs",
        &[
            ("USERNAME", worker.username.clone()),
            ("PASSWORD", worker.password.clone()),
            ("MANAGER", manager.username.clone()),
            ("MANAGER_PASSWORD", manager.password.clone()),
            ("CHILD", child),
            ("ASSESSMENT", assessment.to_string()),
            ("TODAY", as_of().to_string()),
            ("ANALYST", analyst.username.clone()),
            ("ANALYST_PASSWORD", analyst.password.clone()),
        ],
    );
    assert!(stdout.contains("assessment recorded and shown"), "{stdout}");
    for shot in [
        "caseload-before.png",
        "record-form-refused.png",
        "record-form.png",
        "authorisation-requested.png",
        "chronology.png",
        "caseload-after.png",
        "performance.png",
    ] {
        assert!(served.out.join(shot).exists(), "no screenshot {shot}");
    }
}

/// Every page as each role sees it passes axe-core's WCAG 2.0/2.1/2.2 A and AA
/// rules with no serious or critical finding; errors are shown where they
/// happen; and a visit is recorded with the keyboard alone (e2e/look.mjs).
#[test]
fn every_page_passes_axe_and_a_visit_is_recorded_by_keyboard() {
    let Some(served) = serve() else { return };
    let worker = served.user("demo-social-worker");
    let restricted = served.accounts.restricted.clone().expect("the demo restricts one of the worker's children");
    // An open child of the worker's that is not the restricted one.
    let child = served
        .records
        .iter()
        .filter(|r| r.allocation_on(as_of()).and_then(|a| a.worker.as_ref()) == worker.worker.as_ref())
        .find(|r| r.id != restricted && r.referrals.iter().any(|x| x.closed.is_none()))
        .map(|r| r.id.to_string())
        .expect("the demo social worker has an open child");
    let stdout = served.node(
        "look.mjs",
        &[
            ("USERS", served.users_json()),
            ("CHILD", child),
            ("RESTRICTED", restricted.to_string()),
            ("TODAY", as_of().to_string()),
            ("SERVER_NOW", server_now().timestamp().to_string()),
        ],
    );
    assert!(stdout.contains("pages checked with axe") && stdout.contains("keyboard journey"), "{stdout}");
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(served.out.join("axe.json")).unwrap()).unwrap();
    assert!(report.as_array().is_some_and(|pages| pages.len() >= 25), "axe.json lists too few pages");
    for shot in ["look-signin-refused.png", "look-child.png", "look-team.png", "look-restricted.png", "look-keyboard-recorded.png"] {
        assert!(served.out.join(shot).exists(), "no screenshot {shot}");
    }
}

/// A household whose fostering assessment is complete, allocated to a social worker in post.
fn assessed_household(store: &mut dyn carefile_store::EventStore) -> carefile_domain::people::HouseholdId {
    use carefile_domain::fostering::{CarerRecord, CarerType, FosteringEvent, Stage};
    use carefile_domain::people::{Household, HouseholdEvent, HouseholdKind};
    use carefile_store::{Expected, Subjects};
    let org = store.organisation().unwrap();
    let staff = org.staff.values().find(|s| s.in_post(as_of()) && s.team_on(as_of()).is_some()).unwrap();
    let (worker, team) = (staff.id.clone(), staff.team_on(as_of()).unwrap().clone());
    let recorded = carefile_domain::Recorded::new(as_of().and_hms_opt(8, 0, 0).unwrap().and_utc(), "e2e", None);
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let formed = HouseholdEvent::Formed { kind: HouseholdKind::Fostering, name: "The Okafor household".into(), address: None, date: d("2025-06-01") };
    let (h, _) = store.create::<Household>(&[(recorded.clone(), formed)]).unwrap();
    let events: Vec<_> = [
        FosteringEvent::Enquired { application: 1, date: d("2025-06-02"), route: CarerType::Mainstream, channel: None, child: None },
        FosteringEvent::WorkerAllocated { date: d("2025-06-02"), worker, team },
        FosteringEvent::InitialVisit { application: 1, date: d("2025-06-16") },
        FosteringEvent::ProgressDecided { application: 1, date: d("2025-06-23"), progress: true },
        FosteringEvent::StageStarted { application: 1, stage: Stage::Stage1, date: d("2025-07-01") },
        FosteringEvent::StageCompleted { application: 1, stage: Stage::Stage1, date: d("2025-09-01") },
        FosteringEvent::StageStarted { application: 1, stage: Stage::Stage2, date: d("2025-09-01") },
        FosteringEvent::StageCompleted { application: 1, stage: Stage::Stage2, date: d("2026-03-20") },
    ]
    .into_iter()
    .map(|e| (recorded.clone(), e))
    .collect();
    store.append::<CarerRecord>(&h, Expected::New, &events).unwrap();
    h
}

/// A fostering panel run end to end in the browser (e2e/panel.mjs) as the panel adviser, the
/// chair and the agency decision maker: scheduled, the assessed household listed from the
/// record, attendance refused as not quorate and then recorded, the recommendation, the decision
/// from the agency decision maker's tray; every page passes axe-core.
#[test]
fn a_fostering_panel_is_run_in_the_browser() {
    let household = std::sync::OnceLock::new();
    let Some(served) = serve_with(|store| {
        household.set(assessed_household(store)).unwrap();
    }) else {
        return;
    };
    let users: serde_json::Map<String, serde_json::Value> = served
        .accounts
        .users
        .iter()
        .map(|u| (u.role.code().to_string(), serde_json::json!({ "username": u.username, "password": u.password })))
        .collect();
    // Tuesday 31 March 2026 + 7 working days, Good Friday and Easter Monday left out.
    let decide_by = "2026-04-13";
    let stdout = served.node(
        "panel.mjs",
        &[
            ("USERS", serde_json::Value::Object(users).to_string()),
            ("TODAY", as_of().to_string()),
            ("HOUSEHOLD", household.get().unwrap().to_string()),
            ("DECIDE_BY", decide_by.to_string()),
        ],
    );
    assert!(stdout.contains("panel run in the browser"), "{stdout}");
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(served.out.join("panel-axe.json")).unwrap()).unwrap();
    assert!(report.as_array().is_some_and(|pages| pages.len() >= 10), "panel-axe.json lists too few pages");
    for shot in ["panel-held-not-quorate.png", "panel-adm-tray.png", "panel-adm-decision.png", "panel-household-approved.png"] {
        assert!(served.out.join(shot).exists(), "no screenshot {shot}");
    }
}

/// The rules the CIN reference crashes on wherever they fire (crates/cin/DISAGREEMENTS.md,
/// "Defects of the reference"): they judge nothing, so they cannot pass or fail a census.
const CIN_REFERENCE_CRASHES: &[&str] = &["8565", "8614", "8897Q", "8898"];

/// What the CIN reference reports on a clean census of a few children, each a documented defect
/// of the reference (crates/cin/DISAGREEMENTS.md), with the reason.
const CIN_REFERENCE_DEFECTS: &[(&str, &str)] =
    &[("2887Q", "fires when there are 7 or fewer NONE disability rows: any return of a few children")];

/// The CIN reference validator on `census`, run by crates/cin/tests/oracle/run_reference.py as
/// the cin crate's differential test runs it: its findings (child, rule, table) and the rules it
/// crashed on.
fn cin_reference(python: &Path, census: &Path) -> (Vec<(String, String, String)>, Vec<String>) {
    let out = census.with_extension("ref.csv");
    let script = workspace().join("crates/cin/tests/oracle/run_reference.py");
    let run = Command::new(python).arg(script).arg(census).arg(&out).output().unwrap();
    assert!(run.status.success(), "the CIN reference failed: {}", String::from_utf8_lossy(&run.stderr));
    let (mut found, mut crashed) = (Vec::new(), Vec::new());
    for rec in csv::Reader::from_path(&out).unwrap().records() {
        let rec = rec.unwrap();
        if rec[4].starts_with("crashed") {
            crashed.push(rec[1].to_string());
        } else {
            found.push((rec[0].to_string(), rec[1].to_string(), rec[2].to_string()));
        }
    }
    (found, crashed)
}

/// #13's journeys in the browser (e2e/journeys.mjs), each step by the role that does it: (a) a
/// child found at the front door and registered, through contact, referral (decided by the
/// manager from the tray), assessment (authorised from the tray), strategy discussion, S47
/// (concluded by the manager), initial conference, CP plan with actions, review, step-down to a
/// CIN plan and closure (authorised); (b) a young person coming into care, placed, visited, health
/// and dental checks, reviews with their IRO (minutes issued, a midway check), placement move,
/// pathway plan and leaving care. Each step is seen on the chronology and the trays. Then the
/// returns exported from that database for the two children pass carefile's own rules (as
/// `carefile validate record` runs them) and both reference validators with no error.
#[test]
fn two_journeys_through_the_trays_leave_returns_that_pass_the_validators() {
    let Some(served) = serve() else { return };
    let stdout = served.node("journeys.mjs", &[("USERS", served.users_json()), ("TODAY", as_of().to_string())]);
    let ids: Vec<carefile_domain::ChildId> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("journey child: "))
        .map(|id| carefile_domain::ChildId::new(id.trim()).unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "both journeys name their child: {stdout}");
    for shot in ["journey-cp-registered.png", "journey-cp-closed.png", "journey-lac-left-care.png", "journey-tray-manager.png"] {
        assert!(served.out.join(shot).exists(), "no screenshot {shot}");
    }

    // On the server's trays: no request of theirs is left waiting (each was authorised from a
    // manager's tray); the IRO's minutes of the first review are issued, those of the last still owed.
    let owners: Vec<Owner> = {
        let org = served.state.org();
        org.teams.keys().cloned().map(Owner::Team).chain(org.staff.keys().cloned().map(Owner::Worker)).collect()
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let items = rt.block_on(served.state.tray(&owners)).unwrap();
    let theirs: Vec<_> = items.iter().filter(|i| ids.iter().any(|id| i.subject == Subject::Child(id.clone()))).collect();
    let waiting: Vec<_> = theirs.iter().filter(|i| matches!(i.kind, Kind::Authorisation | Kind::Returned)).collect();
    assert!(waiting.is_empty(), "requests left on a tray: {waiting:?}");
    let iro = served.user("demo-reviewing-officer").worker.clone().map(Owner::Worker);
    let minutes: Vec<&str> =
        theirs.iter().filter(|i| Some(&i.owner) == iro.as_ref() && i.title.starts_with("Minutes")).map(|i| i.title.as_str()).collect();
    assert!(minutes.iter().any(|t| t.ends_with("12 Jan 2026")) && !minutes.iter().any(|t| t.ends_with("19 May 2025")), "{minutes:?}");

    // What the server wrote, read back from its database.
    let store = carefile_store::open(served.db.to_str().unwrap()).unwrap();
    let authority = store.organisation().unwrap().authority.expect("the demo names its authority");
    let children: Vec<ChildRecord> = ids.iter().map(|id| store.child(id).unwrap().expect("the child is stored").0).collect();
    let year = carefile_domain::CollectionYear::new(2026);
    let checked = carefile_web::quality::check(&children, year, &authority, as_of().and_hms_opt(12, 0, 0).unwrap()).unwrap();
    assert_eq!(checked.children, (1, 2), "the looked-after child in the SSDA903 return, both in the CIN census");
    let errors: Vec<_> = checked
        .findings()
        .filter(|(_, f)| f.rule.severity == carefile_returns::Severity::Error)
        .map(|(r, f)| format!("{} {} {} {:?} {}", r.label(), f.rule.code, f.table, f.child, f.rule.message))
        .collect();
    assert!(errors.is_empty(), "carefile's rules find errors in the journeys' returns: {errors:#?}");

    // The reference validators, on the same exports written to files.
    let dir = tempfile::tempdir().unwrap();
    let census = dir.path().join("cin.xml");
    let source = carefile_cin::export::Source { authority: &authority, generated_at: as_of().and_hms_opt(12, 0, 0).unwrap() };
    let file = std::io::BufWriter::new(std::fs::File::create(&census).unwrap());
    carefile_cin::export::write_census(file, &children, year, &source, &Calendar::england_and_wales()).unwrap();
    // This year's return alone: neither child was looked after last year, and the reference
    // crashes reading an empty return (it cannot set the UASC column of a header with no rows).
    let this = dir.path().join("903");
    std::fs::create_dir_all(&this).unwrap();
    carefile_ssda903::export::write_csvs(&this, &children, year, &authority).unwrap();
    let Some(python) = oracle903::python() else { return };
    let (cin, cin_crashed) = cin_reference(&python, &census);
    let cin: Vec<_> = cin.iter().filter(|f| !CIN_REFERENCE_DEFECTS.iter().any(|(c, _)| *c == f.1)).collect();
    let cin_crashed: Vec<_> = cin_crashed.iter().filter(|c| !CIN_REFERENCE_CRASHES.contains(&c.as_str())).collect();
    let (hits, crashed) = oracle903::run_many(&python, &[(2026, this.clone(), None, Vec::new())], None).remove(0);
    // The reference's defects and its reference-data rules, as on the demo (crates/ssda903/EXPORT.md).
    let excused = |code: &str| {
        oracle903::REFERENCE_DATA_RULES.contains(&code) || oracle903::REFERENCE_ON_THE_DEMO.iter().any(|(c, _)| *c == code)
    };
    let hits: Vec<_> = hits.iter().filter(|h| !excused(&h.1)).collect();
    let crashed: Vec<_> = crashed.iter().filter(|(c, _)| !excused(c)).collect();
    assert!(
        cin.is_empty() && cin_crashed.is_empty() && hits.is_empty() && crashed.is_empty(),
        "the reference validators on the journeys' returns: CIN {cin:#?}, CIN crashes {cin_crashed:?}, SSDA903 {hits:#?}, SSDA903 crashes {crashed:?}"
    );
}
