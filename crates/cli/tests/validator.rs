//! The browser validator (crates/wasm, built by scripts/build-validator.sh) against `carefile
//! validate` on the same files: returns exported from a demo with planted faults are checked in
//! headless Chromium by e2e/validator.mjs on the page `carefile serve --validator` serves, which fails on any request after the page loaded; here
//! the page's CSV download must equal the CLI's CSV report byte for byte, its XLSX must open with
//! the CLI workbook's sheets and rows, and a file the reader refuses must get the CLI's message.
//! Skips with a message where the validator or the browser is not built, except under CI.

mod support;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{carefile, ok};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What the test needs that `cargo test` does not build, or None with the reason.
fn missing(root: &Path, folder: &Path) -> Option<String> {
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let missing: Vec<String> = [
        (folder.join("module.mjs").display().to_string() + " (bash scripts/build-validator.sh)", folder.join("module.mjs").exists()),
        ("/usr/bin/chromium and playwright-core (bash scripts/setup-browser.sh)".into(), Path::new("/usr/bin/chromium").exists() && root.join("e2e/node_modules/playwright-core").exists()),
        ("node".into(), node),
    ]
    .into_iter()
    .filter(|(_, present)| !present)
    .map(|(name, _)| name)
    .collect();
    (!missing.is_empty()).then(|| missing.join(", "))
}

/// `carefile serve --validator`, killed when dropped.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The status line of `GET path` (HTTP/1.0), or None while nobody answers.
fn get(addr: &str, path: &str) -> Option<String> {
    let mut c = TcpStream::connect(addr).ok()?;
    c.write_all(format!("GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").as_bytes()).ok()?;
    let mut answer = String::new();
    c.read_to_string(&mut answer).ok()?;
    Some(answer)
}

fn serve(db: &str, folder: &Path) -> (Served, String) {
    let addr = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().to_string();
    let folder = folder.display().to_string();
    let mut server = Served(
        Command::new(env!("CARGO_BIN_EXE_carefile"))
            .args(["serve", "--db", db, "--addr", &addr, "--validator", &folder])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let started = Instant::now();
    while !get(&addr, "/readyz").is_some_and(|a| a.starts_with("HTTP/1.0 200")) {
        assert!(server.0.try_wait().unwrap().is_none(), "carefile serve stopped");
        assert!(started.elapsed() < Duration::from_secs(120), "carefile serve not ready in 120 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    (server, addr)
}

/// Sets `column` of data row `row` (0-based) of a CSV file to `value`.
fn plant(file: &Path, column: &str, row: usize, value: &str) {
    let mut r = csv::Reader::from_path(file).unwrap();
    let header = r.headers().unwrap().clone();
    let at = header.iter().position(|h| h == column).unwrap_or_else(|| panic!("{} has no {column}", file.display()));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).unwrap();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.unwrap();
        w.write_record(rec.iter().enumerate().map(|(j, v)| if i == row && j == at { value } else { v })).unwrap();
    }
    std::fs::write(file, w.into_inner().unwrap()).unwrap();
}

/// The files of a folder, as the page is given them.
fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path().display().to_string()).collect();
    v.sort();
    v
}

/// The names of an XLSX workbook's sheets and each sheet's number of rows.
fn sheets(path: &Path) -> Vec<(String, usize)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut read = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let book = read("xl/workbook.xml");
    book.split("<sheet ")
        .skip(1)
        .enumerate()
        .map(|(i, s)| {
            let name = s.split("name=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
            (name, read(&format!("xl/worksheets/sheet{}.xml", i + 1)).matches("<row ").count())
        })
        .collect()
}

#[test]
fn the_browser_validator_finds_what_the_cli_finds_and_sends_nothing() {
    let root = workspace();
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let folder = std::env::var_os("CAREFILE_VALIDATOR").map_or_else(|| target.join("validator"), PathBuf::from);
    if let Some(what) = missing(&root, &folder) {
        let message = format!("browser validator test skipped: {what} missing");
        assert!(std::env::var_os("CI").is_none() || std::env::var_os("CAREFILE_VALIDATOR").is_none(), "{message}");
        eprintln!("{message}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name);
    let s = |name: &str| p(name).display().to_string();
    ok(&["demo", "--db", &s("demo.db"), "--scale", "small", "--seed", "3"]);
    for y in ["2025", "2026"] {
        ok(&["export", "ssda903", "--db", &s("demo.db"), "--year", y, "--out", &s(&format!("903-{y}"))]);
    }
    ok(&["export", "cin", "--db", &s("demo.db"), "--year", "2026", "--out", &s("cin.xml")]);
    // Planted faults: sex codes that do not exist, a date that does not, a referral source the census lacks.
    plant(&p("903-2026/header.csv"), "SEX", 0, "3");
    plant(&p("903-2026/episodes.csv"), "DECOM", 1, "31/02/2025");
    let census = std::fs::read_to_string(p("cin.xml")).unwrap();
    assert!(census.contains("<Sex>F</Sex>") && census.contains("<ReferralSource>"), "the census has values to plant faults in");
    let census = census.replacen("<Sex>F</Sex>", "<Sex>X</Sex>", 1).replacen("<ReferralSource>3A</ReferralSource>", "<ReferralSource>99</ReferralSource>", 1);
    std::fs::write(p("cin.xml"), census).unwrap();
    // A file no reader can take: a quote that opens on the third child's line and never closes.
    std::fs::create_dir(p("broken")).unwrap();
    let mut lines: Vec<String> = std::fs::read_to_string(p("903-2026/header.csv")).unwrap().lines().map(String::from).collect();
    assert!(lines.len() > 3 && !lines.iter().any(|l| l.contains('"')));
    lines[3].insert(0, '"');
    std::fs::write(p("broken/header.csv"), lines.join("\n") + "\n").unwrap();

    let cases = serde_json::json!([
        {"name": "ssda903-with-last-year", "which": "ssda903", "year": 2026, "files": files(&p("903-2026")), "previous": files(&p("903-2025")), "la": "E10000018"},
        {"name": "ssda903-alone", "which": "ssda903", "year": 2026, "files": files(&p("903-2026"))},
        {"name": "cin", "which": "cin", "year": 2026, "files": [s("cin.xml")]},
        {"name": "broken", "which": "ssda903", "year": 2026, "files": files(&p("broken"))},
    ]);
    std::fs::write(p("cases.json"), cases.to_string()).unwrap();
    let out = target.join("artifacts/validator");
    let (_server, addr) = serve(&s("demo.db"), &folder);
    // The page's own policy, whoever serves it; only its files are served.
    let page = get(&addr, "/validator/").unwrap();
    assert!(page.starts_with("HTTP/1.0 200") && page.contains("connect-src 'none'"), "{}", &page[..page.len().min(600)]);
    assert!(get(&addr, "/validator/..%2fdemo.db").unwrap().starts_with("HTTP/1.0 404"));
    let run = Command::new("node").arg(root.join("e2e/validator.mjs")).arg(format!("http://{addr}/validator/")).arg(p("cases.json")).arg(&out).current_dir(&root).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "e2e/validator.mjs failed:\n{stdout}\n{}", String::from_utf8_lossy(&run.stderr));

    let cli = |name: &str, args: &[&str]| {
        let csv = p(&format!("{name}.csv"));
        let xlsx = p(&format!("{name}.xlsx"));
        for o in [&csv, &xlsx] {
            let mut a = args.to_vec();
            a.extend(["--out", o.to_str().unwrap()]);
            ok(&a);
        }
        (std::fs::read(csv).unwrap(), xlsx)
    };
    let previous = s("903-2025");
    let this = s("903-2026");
    let runs = [
        ("ssda903-with-last-year", cli("ssda903-with-last-year", &["validate", "ssda903", "--year", "2026", "--la", "E10000018", "--previous", &previous, &this])),
        ("ssda903-alone", cli("ssda903-alone", &["validate", "ssda903", "--year", "2026", &this])),
        ("cin", cli("cin", &["validate", "cin", "--year", "2026", &s("cin.xml")])),
    ];
    for (name, (csv, xlsx)) in runs {
        let page = std::fs::read(out.join(format!("{name}.csv"))).unwrap();
        assert!(page == csv, "{name}: the page's CSV differs from carefile validate's (both under {})", out.display());
        assert_eq!(sheets(&out.join(format!("{name}.xlsx"))), sheets(&xlsx), "{name}: the workbooks differ");
        let text = String::from_utf8_lossy(&csv);
        assert!(text.lines().count() > 1, "{name} found nothing: the planted faults were not seen");
    }
    let planted = String::from_utf8_lossy(&std::fs::read(out.join("ssda903-alone.csv")).unwrap()).into_owned();
    assert!(planted.contains(",SEX,") && planted.contains(",DECOM,"), "the planted 903 faults are reported: {planted}");
    let census = String::from_utf8_lossy(&std::fs::read(out.join("cin.csv")).unwrap()).into_owned();
    assert!(census.contains(",Sex,") && census.contains(",ReferralSource,"), "the planted CIN faults are reported: {census}");

    let refused = carefile(&["validate", "ssda903", "--year", "2026", &s("broken")]);
    assert!(!refused.status.success());
    let page = std::fs::read_to_string(out.join("broken.error.txt")).unwrap();
    // The CLI names the file by its path, the page by its name.
    let said = String::from_utf8_lossy(&refused.stderr).replace(&format!("{}/", s("broken")), "");
    assert!(!page.is_empty() && said.contains(&page), "the page says '{page}', the CLI {said}");
    assert!(stdout.contains(r#"{"loaded_with":"#), "{stdout}");
}
