//! carefile against the reference validator (csc-validator-be-903 0.1.17, run as an analyst runs
//! it) on the same generated return of about 27,000 children with last year's, one run each, and
//! carefile alone at national volume (85,000 children, 408,000 episodes): time and peak memory.
//!
//! `cargo bench -p carefile-ssda903` (the reference needs `scripts/setup-oracles.sh`);
//! `CAREFILE_BENCH_CHILDREN` changes 27,000.

#[path = "../tests/support/mod.rs"]
#[allow(dead_code)]
mod support;

use carefile_domain::CollectionYear;
use carefile_ssda903::{Options, Postcodes, Providers, Source, find_local_authority, from_sources, validate};
use std::fmt::Write;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;
use support::oracle;

fn write_dir(dir: &Path, sources: &[Source]) {
    std::fs::create_dir_all(dir).expect("a folder for the return");
    for s in sources {
        std::fs::write(dir.join(&s.name), &s.bytes).expect("the return is written");
    }
}

/// Seconds of CPU this process has used, all threads (Linux): on a shared machine the wall clock
/// measures the load as much as the code, so each phase prints both.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // utime and stime are the 14th and 15th fields, counted after the command's closing parenthesis.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: f64 = after.split_whitespace().skip(11).take(2).filter_map(|t| t.parse::<f64>().ok()).sum();
    ticks / 100.0
}

/// Reads and validates the return, returning (seconds reading, seconds validating, CPU seconds of
/// both, findings, rules run, rules not run for want of an input).
fn carefile(
    this: &[Source],
    last: &[Source],
    opts: impl Fn(&Arc<carefile_ssda903::Return>) -> Options,
) -> (f64, f64, f64, usize, usize, usize) {
    let (started, cpu) = (Instant::now(), cpu_seconds());
    let ret = Arc::new(from_sources(this, last).expect("the generated return reads"));
    let read = started.elapsed().as_secs_f64();
    let opts = opts(&ret);
    let started = Instant::now();
    let report = validate(&ret, &opts).expect("2025-26 is supported");
    let judged = started.elapsed().as_secs_f64();
    (read, judged, cpu_seconds() - cpu, report.findings.len(), report.ran.len(), report.skipped.len())
}

/// Peak resident memory of this process so far (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 =
        status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kb / 1024.0)
}

fn against_reference(n: usize) {
    let (this, last) = support::returns::generate(1, n, 1);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (this_dir, last_dir) = (dir.path().join("this"), dir.path().join("last"));
    write_dir(&this_dir, &this);
    write_dir(&last_dir, &last);
    let python = oracle::target_dir().join("oracles-venv/bin/python");
    // Both sides judge postcodes with the reference's own data where it is installed.
    let onspd = python.exists().then(|| oracle::onspd(&python, dir.path()));
    let year = CollectionYear::new(2026);
    let (read, judged, cpu, findings, rules, _) = carefile(&this, &last, |ret| {
        let mut o = Options::new(year);
        o.la = find_local_authority("855");
        if let Some(path) = &onspd {
            let file = std::fs::File::open(path).expect("exported postcodes");
            o.postcodes = Some(Arc::new(Postcodes::read_for("onspd.csv", file, ret).expect("exported postcodes read")));
        }
        o
    });
    let ours = read + judged;
    let episodes = this
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case("episodes.csv"))
        .map_or(0, |s| s.bytes.split(|b| *b == b'\n').count() - 2);
    println!(
        "903/carefile: {n} children, {episodes} episodes, with last year's: {ours:.3} s (read {read:.3} s, validate {judged:.3} s; {cpu:.2} s of CPU), {rules} rules, {findings} findings; load {}",
        load()
    );
    if !python.exists() {
        println!("903/reference: not run ({} missing: run scripts/setup-oracles.sh)", python.display());
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/time_903.py");
    let out = Command::new(&python)
        .arg(&script)
        .arg("2026")
        .args([&this_dir, &last_dir])
        .output()
        .expect("the reference runs");
    let line = String::from_utf8_lossy(&out.stdout);
    match line.split_whitespace().next().and_then(|t| t.parse::<f64>().ok()) {
        Some(theirs) => {
            let issues = line.split_whitespace().nth(1).unwrap_or("?");
            println!("903/reference: {n} children: {theirs:.1} s, {issues} issue rows");
            println!("903/ratio: carefile is {:.0}x faster", theirs / ours);
        }
        None => {
            println!("903/reference: failed: {}", String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or(""))
        }
    }
}

/// A deterministic national-sized return: every child has a header row and 4–5 episodes, a third an OC2 row.
fn national() -> (Vec<Source>, usize) {
    let (mut header, mut eps, mut oc2) = (String::new(), String::new(), String::new());
    header.push_str("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n");
    eps.push_str("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n");
    oc2.push_str("CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n");
    let mut n_eps = 0;
    for c in 0..85_000u32 {
        let dob = format!("{:02}/{:02}/{}", 1 + c % 28, 1 + c % 12, 2008 + c % 17);
        let sex = ["M", "F"][(c % 2) as usize];
        writeln!(header, "{c},{sex},{dob},WBRI,UN{},{},", 1 + c % 5, if sex == "F" { "0" } else { "" })
            .expect("string");
        let n = if c % 5 == 0 { 4 } else { 5 };
        for e in 0..n {
            let start = format!("{:02}/{:02}/2025", 1 + e * 5, 4 + e * 2);
            let (end, rec, rne) = if e + 1 < n {
                (format!("{:02}/{:02}/2025", 1 + (e + 1) * 5, 4 + (e + 1) * 2), "X1", if e == 0 { "S" } else { "P" })
            } else {
                (String::new(), "", "P")
            };
            let reason = if e > 0 { "CARPL" } else { "" };
            writeln!(eps, "{c},{start},{rne},C2,N1,U{},PR1,{end},{rec},{reason},LE1 1AA,LE2 2BB,SC1", 1 + e % 6)
                .expect("string");
            n_eps += 1;
        }
        if c % 3 == 0 {
            writeln!(oc2, "{c},{dob},12,,0,1,1,1,1,0,,").expect("string");
        }
    }
    (vec![Source::new("header.csv", header), Source::new("episodes.csv", eps), Source::new("oc2.csv", oc2)], n_eps)
}

fn national_volume() {
    let (sources, episodes) = national();
    let mb = sources.iter().map(|s| s.bytes.len()).sum::<usize>() as f64 / 1e6;
    let before = peak_rss_mib();
    let (read, judged, cpu, findings, rules, not_run) = carefile(&sources, &[], |ret| {
        let mut o = Options::new(CollectionYear::new(2026));
        o.la = find_local_authority("855");
        let onspd = "pcd,laua,oseast1m,osnrth1m\nLE1 1AA,E07000129,458000,304000\nLE2 2BB,E06000016,461000,308000\n";
        o.postcodes = Some(Arc::new(Postcodes::read_for("onspd.csv", onspd.as_bytes(), ret).expect("postcodes")));
        let providers = "urn,local_authority,placement_codes,provider_codes,registration_end,postcode\nSC1,Leicester,U1;U2;U3;U4;U5;U6,PR1,,LE2 2BB\n";
        o.providers = Some(Arc::new(Providers::read("providers.csv", providers.as_bytes()).expect("providers")));
        o
    });
    // No last year's return at this volume: only the rules comparing the years are not run.
    assert_eq!(rules + not_run, 316, "with reference data every other 2025-26 rule runs");
    let rss = |m: Option<f64>| m.map_or("?".to_string(), |m| format!("{m:.0} MiB"));
    println!(
        "903/carefile national: 85000 children, {episodes} episodes ({mb:.0} MB of CSV), {rules} rules ({not_run} need last year's return): read in {read:.2} s, validated in {judged:.2} s ({cpu:.2} s of CPU), {findings} findings; peak RSS {} (of which {} before reading); load {}",
        rss(peak_rss_mib()),
        rss(before),
        load()
    );
}

/// The machine's one-minute load average, printed beside the times it explains.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg").ok().and_then(|l| l.split_whitespace().next().map(str::to_string)).unwrap_or("?".into())
}

fn main() {
    let n: usize = std::env::var("CAREFILE_BENCH_CHILDREN").ok().and_then(|s| s.parse().ok()).unwrap_or(27_000);
    against_reference(n);
    national_volume();
}
