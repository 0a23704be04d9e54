//! A full disk, as an operator meets it: the SQLite database on a small tmpfs
//! filled to the last byte. A write that needs space is answered 503 with the
//! cause in words (not a bare 500), `/readyz` says not ready and why, what was
//! saved before is intact, and once space is freed writes succeed again and
//! the server is ready.
//! Mounting a tmpfs needs root (CAP_SYS_ADMIN); without it the test says it was skipped.

mod common;

use axum::http::StatusCode;
use carefile_web::Config;
use chrono::Duration;
use common::{Client, password, world_in};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs of `megabytes` mounted on a new folder, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(megabytes: u32) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let size = format!("size={megabytes}m");
        let out = Command::new("mount").args(["-t", "tmpfs", "-o", &size, "tmpfs"]).arg(dir.path()).output().ok()?;
        if !out.status.success() {
            eprintln!("skipped: cannot mount a tmpfs here ({})", String::from_utf8_lossy(&out.stderr).trim());
            return None;
        }
        Some(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.dir.path()).status();
    }
}

/// Fills the file system holding `dir` with a file of zeros, to its last byte; returns the file.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).unwrap();
    for block in [1 << 20, 4096, 512, 1] {
        let bytes = vec![0u8; block];
        while f.write_all(&bytes).is_ok() {}
    }
    let _ = f.sync_all();
    path
}

/// Saves a draft of `text` (the smallest write a user makes); its status and body.
async fn save_draft(c: &mut Client, n: usize, text: &str) -> (StatusCode, String) {
    let csrf = c.csrf.clone();
    let key = format!("/drafts/test-{n}");
    let r =
        c.post_form("/drafts", &[("csrf", &csrf), ("draft_key", &key), ("draft_title", "Note"), ("text", text)]).await;
    (r.status, r.body)
}

/// Polls `/readyz` as a load balancer would, until it says ready (failing after 30 s).
async fn ready_within_30s(probe: &mut Client) {
    let started = std::time::Instant::now();
    loop {
        let r = probe.get("/readyz").await;
        if r.status == StatusCode::OK {
            return;
        }
        assert!(started.elapsed().as_secs() < 30, "not ready after 30 s: {}", r.body);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_is_named_to_the_user_and_by_readyz_and_loses_nothing() {
    let Some(fs) = Tmpfs::mount(96) else { return };
    let dir = tempfile::tempdir_in(fs.path()).unwrap();
    let db = dir.path().join("web.db").to_str().unwrap().to_string();
    let w = world_in(dir, db.clone());
    // A server whose heartbeat (a write of its own) runs every 50 ms, signed in to through the API.
    let quick = Config { heartbeat: std::time::Duration::from_millis(50), ..Config::default() };
    let (app, _state) = tokio::task::block_in_place(|| w.another_server(quick));
    let mut sw = w.client_of(&app);
    let signed =
        sw.post_json("/api/v1/session", &serde_json::json!({"username": "sw", "password": password("sw")})).await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.body);
    sw.csrf = serde_json::from_str::<serde_json::Value>(&signed.body).unwrap()["csrf_token"].as_str().unwrap().into();
    let mut probe = w.client_of(&app);
    let text = "x".repeat(100 * 1024);
    let (status, body) = save_draft(&mut sw, 0, &text).await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    ready_within_30s(&mut probe).await;

    let filler = fill(fs.path());
    // SQLite reuses its write-ahead log's space, so the first writes may still fit: write until one needs space.
    let mut refused = None;
    for n in 1..=2_000 {
        let (status, body) = save_draft(&mut sw, n, &text).await;
        if !(status.is_success() || status.is_redirection()) {
            refused = Some((n, status, body));
            break;
        }
    }
    let (n, status, body) = refused.expect("2,000 writes of 100 KB fitted on a full disk");
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.replace("&#39;", "'").contains("nothing was saved: the database's disk is full"), "{body}");
    let ready = probe.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE, "{}", ready.body);
    assert!(ready.body.contains("disk is full"), "{}", ready.body);
    // Liveness asks nothing of the database: the process is alive and should not be restarted for this.
    assert_eq!(probe.get("/healthz").await.status, StatusCode::OK);
    // A minute on, the request's outage is forgotten, but the heartbeat still finds the disk full
    // (its own tiny write fits in the write-ahead log's reused pages; the space left does not).
    w.clock.advance(Duration::minutes(2));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let ready = probe.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE, "{}", ready.body);
    assert!(ready.body.contains("disk is full"), "{}", ready.body);

    // Space freed: writes succeed again, everything saved before the refusal is there, and nothing of the refused one.
    std::fs::remove_file(filler).unwrap();
    let (status, body) = save_draft(&mut sw, n + 1, "after").await;
    assert!(status.is_success() || status.is_redirection(), "{status}: {body}");
    let saved = w.state.with_store(|s| s.drafts_of("sw")).await.unwrap();
    let keys: Vec<String> = saved.iter().map(|d| d.key.clone()).collect();
    for k in (0..n).chain([n + 1]) {
        assert!(keys.contains(&format!("/drafts/test-{k}")), "draft {k} lost: {keys:?}");
    }
    assert!(!keys.contains(&format!("/drafts/test-{n}")), "the refused draft was half saved");
    ready_within_30s(&mut probe).await;
    assert!(carefile_store::open(&db).unwrap().check().unwrap().is_clean());
}
