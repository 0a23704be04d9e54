//! Memory of `carefile import` on large returns: the small demo's 903 CSVs and CIN census,
//! their children copied under new IDs up to `CAREFILE_BENCH_RETURN_MB` (default 300) MB each,
//! imported by the built binary; its peak resident memory (VmHWM, read from /proc while it
//! runs) and time. The peer, in the same run: the same import of a smaller copy
//! (`CAREFILE_BENCH_PEER_MB`, default 40) read in one part (as a whole reading did before
//! imports were streamed) against the default parts. Run with `cargo bench -p carefile
//! --bench import_memory` (a release build: `--profile release` is the default for benches).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn carefile(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_carefile")).args(args).output().unwrap();
    assert!(out.status.success(), "carefile {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Runs carefile with `args`, sampling its peak resident memory; returns (peak MB, time, last line).
fn measured(args: &[&str]) -> (f64, Duration, String) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_carefile"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    while child.try_wait().unwrap().is_none() {
        if let Ok(s) = std::fs::read_to_string(&status) {
            let hwm = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok());
            peak_kb = peak_kb.max(hwm.unwrap_or(0));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let took = started.elapsed();
    let mut out = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut out).unwrap();
    (peak_kb as f64 / 1024.0, took, out.lines().last().unwrap_or_default().to_string())
}

/// Copy `n` of a child's ID: the ID and two base-36 characters (1,296 copies within the
/// 10 characters an ID may have; the demo's IDs have 8).
fn copy_id(id: &str, n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    assert!(n < 36 * 36, "copy {n}: only 1,296 copies have IDs of their own");
    format!("{id}{}{}", DIGITS[(n / 36) as usize] as char, DIGITS[(n % 36) as usize] as char)
}

/// Copies of every CSV of `from`, each child's rows written again under [`copy_id`], until a
/// file holds `mb` MB; returns the folder.
fn bigger_903(from: &Path, to: &Path, mb: u64) -> PathBuf {
    std::fs::create_dir_all(to).unwrap();
    let total: u64 = std::fs::read_dir(from).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum();
    let copies = (mb << 20).div_ceil(total.max(1));
    for e in std::fs::read_dir(from).unwrap() {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        let child = header.split(',').position(|c| c == "CHILD").unwrap();
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
        let mut out = BufWriter::new(std::fs::File::create(to.join(path.file_name().unwrap())).unwrap());
        writeln!(out, "{header}").unwrap();
        for n in 0..copies {
            for r in &rows {
                let mut r = r.clone();
                let id = copy_id(r[child], n);
                r[child] = &id;
                writeln!(out, "{}", r.join(",")).unwrap();
            }
        }
    }
    to.to_path_buf()
}

/// The census with its children copied under [`copy_id`] until it holds `mb` MB.
fn bigger_cin(from: &Path, to: &Path, mb: u64) -> PathBuf {
    let text = std::fs::read_to_string(from).unwrap();
    let (open, rest) = text.split_at(text.find("<Child>").unwrap());
    let end = rest.rfind("</Child>").unwrap() + "</Child>".len();
    let (children, close) = rest.split_at(end);
    let copies = (mb << 20).div_ceil(text.len() as u64);
    let mut out = BufWriter::new(std::fs::File::create(to).unwrap());
    out.write_all(open.as_bytes()).unwrap();
    for n in 0..copies {
        let mut rest = children;
        // Each <LAchildID>ID</LAchildID> as <LAchildID>copy_id(ID, n)</LAchildID>.
        while let Some(at) = rest.find("<LAchildID>") {
            let (before, from) = rest.split_at(at + "<LAchildID>".len());
            let end = from.find("</LAchildID>").unwrap();
            out.write_all(before.as_bytes()).unwrap();
            out.write_all(copy_id(&from[..end], n).as_bytes()).unwrap();
            rest = &from[end..];
        }
        out.write_all(rest.as_bytes()).unwrap();
    }
    out.write_all(close.as_bytes()).unwrap();
    to.to_path_buf()
}

fn size_mb(p: &Path) -> f64 {
    let bytes: u64 = if p.is_dir() {
        std::fs::read_dir(p).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum()
    } else {
        std::fs::metadata(p).unwrap().len()
    };
    bytes as f64 / (1 << 20) as f64
}

fn main() {
    let mb = |var: &str, default: u64| std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let (big, peer) = (mb("CAREFILE_BENCH_RETURN_MB", 300), mb("CAREFILE_BENCH_PEER_MB", 40));
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    carefile(&["demo", "--db", &p("demo.db"), "--scale", "small", "--seed", "5"]);
    carefile(&["export", "ssda903", "--db", &p("demo.db"), "--year", "2026", "--out", &p("903")]);
    carefile(&["export", "cin", "--db", &p("demo.db"), "--year", "2026", "--out", &p("cin.xml")]);
    let import_903 = |folder: &Path, db: &str, extra: &[&str]| {
        let mut args = vec!["import", "ssda903", "--db", db, "--year", "2026", "--la", "855"];
        args.extend(extra);
        args.push(folder.to_str().unwrap());
        measured(&args)
    };
    let import_cin = |file: &Path, db: &str, extra: &[&str]| {
        let mut args = vec!["import", "cin", "--db", db];
        args.extend(extra);
        args.push(file.to_str().unwrap());
        measured(&args)
    };
    println!("{:<44} {:>9} {:>11} {:>10} {:>9}", "import", "input MB", "peak RSS MB", "RSS/input", "seconds");
    let row = |what: &str, input: f64, (peak, took, _): &(f64, Duration, String)| {
        println!("{what:<44} {input:>9.1} {peak:>11.1} {:>10.2} {:>9.1}", peak / input, took.as_secs_f64());
    };
    // The peer: one part (the whole return in memory) against the default parts, same input.
    let (small_903, small_cin) = (
        bigger_903(Path::new(&p("903")), Path::new(&p("903-peer")), peer),
        bigger_cin(Path::new(&p("cin.xml")), Path::new(&p("cin-peer.xml")), peer),
    );
    let whole_903 = import_903(&small_903, &p("whole.db"), &["--part-mb", "100000"]);
    let parts_903 = import_903(&small_903, &p("parts.db"), &[]);
    let whole_cin = import_cin(&small_cin, &p("whole.db"), &["--part-mb", "100000"]);
    let parts_cin = import_cin(&small_cin, &p("parts.db"), &[]);
    row("ssda903, one part (read whole)", size_mb(&small_903), &whole_903);
    row("ssda903, parts of 16 MB", size_mb(&small_903), &parts_903);
    row("cin, one part (read whole)", size_mb(&small_cin), &whole_cin);
    row("cin, parts of 16 MB", size_mb(&small_cin), &parts_cin);
    println!(
        "peak memory, parts against one part: ssda903 {:.2}, cin {:.2}",
        parts_903.0 / whole_903.0,
        parts_cin.0 / whole_cin.0
    );
    assert_eq!(whole_903.2, parts_903.2, "the same children imported");

    let (big_903, big_cin) = (
        bigger_903(Path::new(&p("903")), Path::new(&p("903-big")), big),
        bigger_cin(Path::new(&p("cin.xml")), Path::new(&p("cin-big.xml")), big),
    );
    let b903 = import_903(&big_903, &p("big.db"), &[]);
    row(&format!("ssda903, {big} MB, parts of 16 MB"), size_mb(&big_903), &b903);
    println!("  {}", b903.2);
    let bcin = import_cin(&big_cin, &p("big.db"), &[]);
    row(&format!("cin, {big} MB (after the 903), parts of 16 MB"), size_mb(&big_cin), &bcin);
    println!("  {}", bcin.2);
}
