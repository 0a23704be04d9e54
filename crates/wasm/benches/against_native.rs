//! The browser validator's WebAssembly against the same code native, on one thread as the page
//! runs it: a generated SSDA903 return of about 27,000 children with last year's (the SSDA903
//! benchmark's generator) and a CIN census of 10,000 (the CIN benchmark's), the best of three runs
//! each. The WebAssembly runs in node (V8, as in Chromium) through `benches/run.mjs`, from the
//! folder `scripts/build-validator.sh` built (`target/validator`, or `CAREFILE_VALIDATOR`).
//!
//! `cargo bench -p carefile-wasm`; `CAREFILE_BENCH_CHILDREN` changes 27,000.

#[path = "../../ssda903/tests/support/returns.rs"]
#[allow(dead_code)]
mod returns;
#[path = "../../cin/tests/support/mod.rs"]
#[allow(dead_code)]
mod census;

use carefile_domain::CollectionYear;
use carefile_ssda903::Source;
use carefile_wasm::{Session, Slot, Which};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The best of three native checks on one thread: (seconds, findings).
fn native(which: Which, this: &[Source], last: &[Source], la: &str) -> (f64, usize) {
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool of one thread");
    (0..3)
        .map(|_| {
            one.install(|| {
                let started = Instant::now();
                let mut s = Session::default();
                for (slot, files) in [(Slot::Return, this), (Slot::Previous, last)] {
                    for f in files {
                        s.add(slot, f.name.clone(), f.bytes.clone());
                    }
                }
                s.set_la(la);
                s.check(which, CollectionYear::new(2026)).expect("the generated files check");
                let took = started.elapsed().as_secs_f64();
                let json = s.report(carefile_returns::report::Format::Json).expect("a report");
                let v: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
                (took, v["findings"].as_array().map_or(0, Vec::len))
            })
        })
        .fold((f64::INFINITY, 0), |(best, _), (t, n)| (best.min(t), n))
}

/// The best of three in WebAssembly: (seconds, findings), or why it did not run.
fn wasm(module: &Path, which: &str, this: &[PathBuf], last: &[PathBuf], la: &str) -> Result<(f64, usize), String> {
    let mut run = Command::new("node");
    run.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/run.mjs")).arg(module).args([which, "2026", "--la", la]);
    for f in last {
        run.arg("--previous").arg(f);
    }
    let out = run.args(this).output().map_err(|e| format!("node: {e}"))?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|_| String::from_utf8_lossy(&out.stderr).into_owned())?;
    Ok((v["seconds"].as_f64().unwrap_or(f64::NAN), v["findings"].as_u64().unwrap_or(0) as usize))
}

fn write(dir: &Path, files: &[Source]) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("a folder");
    files
        .iter()
        .map(|f| {
            let path = dir.join(&f.name);
            std::fs::write(&path, &f.bytes).expect("written");
            path
        })
        .collect()
}

fn compare(label: &str, module: &Path, which: Which, this: &[Source], last: &[Source], dir: &Path) {
    let la = if which == Which::Cin { "" } else { "855" };
    let (ours, findings) = native(which, this, last, la);
    let (this_paths, last_paths) = (write(&dir.join("this"), this), write(&dir.join("last"), last));
    let name = if which == Which::Cin { "cin" } else { "ssda903" };
    match wasm(module, name, &this_paths, &last_paths, la) {
        Ok((theirs, wasm_findings)) => println!(
            "{label}: native on one thread {ours:.3} s ({findings} findings), WebAssembly {theirs:.3} s ({wasm_findings} findings): {:.2}x native",
            theirs / ours
        ),
        Err(e) => println!("{label}: native on one thread {ours:.3} s ({findings} findings); WebAssembly failed: {e}"),
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let module = std::env::var_os("CAREFILE_VALIDATOR").map_or_else(|| target.join("validator"), PathBuf::from).join("module.mjs");
    if !module.exists() {
        println!("wasm: not run ({} missing: run scripts/build-validator.sh)", module.display());
        return;
    }
    let n: usize = std::env::var("CAREFILE_BENCH_CHILDREN").ok().and_then(|s| s.parse().ok()).unwrap_or(27_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (this, last) = returns::generate(1, n, 1);
    compare(&format!("wasm/903 {n} children with last year's"), &module, Which::Ssda903, &this, &last, &dir.path().join("903"));
    let census = vec![Source::new("census.xml", census::clean_census(1, 10_000))];
    compare("wasm/cin 10000 children", &module, Which::Cin, &census, &[], &dir.path().join("cin"));
}
