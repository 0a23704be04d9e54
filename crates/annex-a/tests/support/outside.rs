//! The outside artefacts the checks read as fixtures (`shared/outside/` beside the repository),
//! shared by the output crates' tests.

/// A file of the outside artefacts (`shared/outside/` beside the repository; `CAREFILE_OUTSIDE` names
/// another place). They are fixtures the checks need, so their absence fails the test.
pub fn outside(file: &str) -> std::path::PathBuf {
    let from_env = std::env::var_os("CAREFILE_OUTSIDE").map(std::path::PathBuf::from);
    let beside = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared/outside"))
        .find(|p| p.is_dir());
    let dir = from_env.or(beside).unwrap_or_else(|| "/work/shared/outside".into());
    let path = dir.join(file);
    assert!(
        path.is_file(),
        "the outside artefact {} is missing: set CAREFILE_OUTSIDE to the folder holding shared/outside",
        path.display()
    );
    path
}
