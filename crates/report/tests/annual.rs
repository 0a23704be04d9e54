//! The fostering and adoption services' annual reports from a generated authority's carers,
//! adopters and panels: every reconciliation check holds, each count drills down to as many
//! households, sittings or cases as it says, the commentary prints the tables' numbers; and in
//! headless Chromium (e2e/annual.mjs): the funnels drawn, axe-core clean, a screenshot and PDF
//! kept under target/artifacts/annual/ (skipped with a message where the browser is not
//! installed, except under CI).

mod common;

use carefile_domain::annual::Year;
use carefile_domain::fostering::Config;
use carefile_domain::stream::{Projection, Stamp};
use carefile_report::annual::{self, Annual};
use carefile_synth::services::{self, Log};
use carefile_synth::{Options, Scale};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fold<P: Projection>(logs: &[Log<P::Id, P::Event>]) -> Vec<P> {
    logs.iter()
        .map(|(id, events)| {
            let stamps = events.iter().enumerate().map(|(i, (r, e))| (Stamp { seq: i as u64 + 1, version: i as u64 + 1, recorded: r }, e));
            P::replay(id, stamps).unwrap().unwrap()
        })
        .collect()
}

fn annual_of(seed: u64, scale: Scale) -> Annual {
    let opts = Options { seed, scale, as_of: chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap() };
    let authority = carefile_synth::generate(&opts);
    let s = services::generate(&opts, &authority.children);
    Annual::compute(&fold(&s.carers), &fold(&s.adopters), &fold(&s.sittings), Year::financial(2025).unwrap(), &Config::default())
}

/// Each `<details class="drill">`: the count its summary shows and the members it lists.
fn drills(html: &str) -> Vec<(usize, usize)> {
    html.split(r#"<details class="drill">"#)
        .skip(1)
        .map(|d| {
            let d = &d[..d.find("</details>").unwrap()];
            let summary = &d[..d.find("</summary>").unwrap()];
            let count: String = summary.split("<span").next().unwrap().chars().filter(char::is_ascii_digit).collect();
            (count.parse().unwrap(), d.matches("<li>").count())
        })
        .collect()
}

#[test]
fn every_figure_drills_down_and_the_commentary_reads_the_tables() {
    let a = annual_of(4, Scale::Small);
    for c in a.checks() {
        assert!(c.holds, "{}: {}", c.name, c.detail);
    }
    let cfg = Config::default();
    let html = annual::page(&a, "Leicestershire County Council", &cfg, Some("31 March 2026")).unwrap();
    let d = drills(&html);
    assert!(d.len() > 20, "{} drill-downs", d.len());
    for (count, listed) in d {
        assert_eq!(count, listed, "a figure of {count} lists {listed}");
    }
    let f = &a.fostering;
    let text = annual::narrative(&a, "6 months").join("\n");
    let stage = |i: usize| f.cohort.stages[i].count();
    assert!(text.contains(&format!("Of the {} fostering enquiries received in 2025-26, {} had an initial visit", stage(0), stage(1))), "{text}");
    let h = &f.households;
    assert!(text.contains(&format!("{} approved fostering households at the start of the year and {} at its end", h.at_start.count(), h.at_end.count())), "{text}");
    assert!(text.contains(&format!("{} households were approved as adopters", a.adopters.approved.count())), "{text}");
    assert_eq!(a.panels.len(), text.matches(" sat ").count(), "one paragraph per panel");
    for id in [r#"id="fostering""#, r#"id="adoption""#, r#"id="panels""#, r#"id="services-checks""#] {
        assert!(html.contains(id), "{id}");
    }
    assert!(!html.contains("Does not reconcile"));
    // In the web application each member links to its page.
    let linked = annual::fragment(&a, &cfg, true).unwrap().into_string();
    assert!(linked.contains(r#"<a href="/households/H"#) && linked.contains(r#"<a href="/panels/S"#));
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn annual_report_renders_in_chromium() {
    let root = workspace();
    if !common::browser_ready(&root) {
        return;
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let dir = target.join("artifacts/annual");
    std::fs::create_dir_all(&dir).unwrap();
    // The demo's authority: the county at the seed's volumes.
    let a = annual_of(1, Scale::County);
    let html = dir.join("annual.html");
    let page = annual::page(&a, "Leicestershire County Council", &Config::default(), None).unwrap();
    std::fs::write(&html, page).unwrap();
    let run = Command::new("node").arg(root.join("e2e/annual.mjs")).arg(&html).arg(&dir).current_dir(&root).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "e2e/annual.mjs failed:\n{stdout}\n{}", String::from_utf8_lossy(&run.stderr));
    assert!(stdout.contains("0 blocking axe findings"), "{stdout}");
    assert!(dir.join("annual.png").exists() && dir.join("annual.pdf").exists());
}
