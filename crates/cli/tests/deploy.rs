//! The deployment files as their own tools judge them: the systemd unit by
//! `systemd-analyze verify` (with this build's binary in the unit's place),
//! the container build file by hadolint (`scripts/setup-lint.sh` installs it;
//! no container engine here, so the image itself is not built).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A tool's path, or `None` (saying so) when it is not installed; under CI a missing tool is a failure.
fn tool(candidates: &[PathBuf], what: &str) -> Option<PathBuf> {
    let found = candidates.iter().find(|p| Command::new(p).arg("--version").output().is_ok_and(|o| o.status.success()));
    if found.is_none() {
        assert!(std::env::var_os("CI").is_none(), "CI is set but {what} is not installed");
        eprintln!("skipped: {what} is not installed");
    }
    found.cloned()
}

#[test]
fn the_systemd_unit_verifies() {
    let Some(analyze) = tool(&["systemd-analyze".into()], "systemd-analyze (Debian's systemd)") else { return };
    let unit = std::fs::read_to_string(repo().join("deploy/carefile.service")).unwrap();
    assert!(unit.contains("ExecStart=/usr/local/bin/carefile serve --config /etc/carefile/carefile.toml\n"));
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("carefile.service");
    std::fs::write(&copy, unit.replace("/usr/local/bin/carefile", env!("CARGO_BIN_EXE_carefile"))).unwrap();
    let out = Command::new(analyze).arg("verify").arg(&copy).output().unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && said.trim().is_empty(), "systemd-analyze verify: {said}");
    // The options the unit starts the server with are ones it takes.
    let help = Command::new(env!("CARGO_BIN_EXE_carefile")).args(["serve", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("--config"));
}

#[test]
fn the_container_build_file_lints_clean() {
    let venv = std::env::var_os("CARGO_TARGET_DIR").map_or(repo().join("target"), PathBuf::from);
    let candidates = [venv.join("lint-venv/bin/hadolint"), "hadolint".into()];
    let Some(hadolint) = tool(&candidates, "hadolint (scripts/setup-lint.sh)") else { return };
    let out = Command::new(hadolint).arg("--no-color").arg(repo().join("deploy/Containerfile")).output().unwrap();
    assert!(out.status.success(), "hadolint: {}", String::from_utf8_lossy(&out.stdout));
    let file = std::fs::read_to_string(repo().join("deploy/Containerfile")).unwrap();
    // The image builds with the toolchain the workspace asks for.
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    let wanted = manifest.lines().find_map(|l| l.strip_prefix("rust-version = ")).unwrap().trim_matches('"');
    assert!(file.contains(&format!("rust:{wanted}-")), "the build stage's Rust is not {wanted}");
}
