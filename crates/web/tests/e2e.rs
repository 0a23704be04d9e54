//! The pages in a real browser (e2e/web.mjs, playwright-core driving Debian's
//! chromium): a social worker signs in, finds a child, records an assessment's
//! authorisation (a date after today first, refused beside the field), and
//! sees it on the chronology and gone from the caseload's due list; the
//! dashboard draws; an analyst uploads a return and sees its findings. The server runs in this process on a free loopback port against a
//! small generated demo database. Screenshots are kept under
//! target/artifacts/web/. Skips with a message where the browser is not
//! installed, except under CI, where that fails.

use carefile_domain::clock::Clock;
use carefile_domain::timescales::{Item, TimescaleConfig, due_list};
use carefile_domain::{Calendar, ChildRecord};
use carefile_synth::{Options, Scale};
use carefile_web::{AppState, Config};
use chrono::{DateTime, NaiveDate, Utc};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

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

#[test]
fn a_social_worker_records_an_assessment_in_the_browser() {
    let root = workspace();
    let gaps = missing(&root);
    if !gaps.is_empty() {
        let message = format!("browser test skipped: {} missing (run scripts/setup-browser.sh)", gaps.join(" and "));
        assert!(std::env::var_os("CI").is_none(), "{message}, and CI is set");
        eprintln!("{message}");
        return;
    }
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
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
    let worker = accounts.users.iter().find(|u| u.username == "demo-social-worker").unwrap();
    let analyst = accounts.users.iter().find(|u| u.username == "demo-analyst").unwrap();
    let (child, assessment) =
        child_to_assess(&records, worker.worker.as_ref().unwrap(), accounts.restricted.as_ref(), as_of)
            .expect("the demo social worker has a child whose assessment awaits authorisation");

    let config = Config { secure_cookies: false, as_of: Some(as_of), ..Config::default() };
    let state = AppState::open(store, Arc::new(Fixed(as_of.and_hms_opt(12, 0, 0).unwrap().and_utc())), config).unwrap();
    let addr: SocketAddr = {
        let probe = TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap()
    };
    std::thread::spawn(move || carefile_web::run(state, addr));

    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let out = target.join("artifacts/web");
    std::fs::create_dir_all(&out).unwrap();
    let run = Command::new("node")
        .arg(root.join("e2e/web.mjs"))
        .env("BASE_URL", format!("http://{addr}"))
        .env("USERNAME", &worker.username)
        .env("PASSWORD", &worker.password)
        .env("CHILD", &child)
        .env("ASSESSMENT", assessment.to_string())
        .env("TODAY", as_of.to_string())
        .env("OUT_DIR", &out)
        .env("ANALYST", &analyst.username)
        .env("ANALYST_PASSWORD", &analyst.password)
        .current_dir(&root)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "e2e/web.mjs failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("assessment recorded and shown"), "{stdout}");
    for shot in [
        "caseload-before.png",
        "record-form-refused.png",
        "record-form.png",
        "chronology.png",
        "caseload-after.png",
        "performance.png",
    ] {
        assert!(out.join(shot).exists(), "no screenshot {shot}");
    }
}
