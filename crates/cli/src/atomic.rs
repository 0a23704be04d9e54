//! Files the command line writes appear whole or not at all: written under a
//! temporary name beside the destination, flushed to disk, then renamed. A
//! failure or a kill leaves at most a `.NAME.*.partial` file, never a partial
//! file under the final name.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file being written; [`AtomicFile::commit`] puts it in place.
pub struct AtomicFile {
    file: std::io::BufWriter<tempfile::NamedTempFile>,
    path: PathBuf,
}

/// The folder `path` is in ("." for a bare name).
fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The temporary name's prefix: `.NAME.` (hidden), ending `.partial`.
fn prefix(path: &Path) -> Result<String> {
    let name = path.file_name().and_then(|n| n.to_str());
    Ok(format!(".{}.", name.with_context(|| format!("'{}' is not a file name", path.display()))?))
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let dir = folder(path);
        let file = tempfile::Builder::new()
            .prefix(&prefix(path)?)
            .suffix(".partial")
            .tempfile_in(dir)
            .with_context(|| format!("cannot create a file in '{}'", dir.display()))?;
        Ok(AtomicFile { file: std::io::BufWriter::with_capacity(1 << 20, file), path: path.to_path_buf() })
    }

    /// Flushes to disk and renames into place.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let file = self
            .file
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("writing '{}'", path.display()))?;
        file.as_file().sync_all().with_context(|| format!("writing '{}'", path.display()))?;
        file.persist(&path).map_err(|e| e.error).with_context(|| format!("cannot write '{}'", path.display()))?;
        sync_folder(folder(&path));
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Makes a rename durable (best effort: not every file system lets a folder be synced).
fn sync_folder(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Writes `bytes` to `path` whole or not at all.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes).with_context(|| format!("writing '{}'", path.display()))?;
    f.commit()
}

/// Fills a folder: `fill` writes into a temporary folder beside `out`, whose
/// files are then renamed into `out` (made if missing).
pub fn folder_of_files<T>(out: &Path, fill: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create '{}'", out.display()))?;
    let tmp = tempfile::Builder::new()
        .prefix(".export.")
        .suffix(".partial")
        .tempdir_in(out)
        .with_context(|| format!("cannot create a folder in '{}'", out.display()))?;
    let made = fill(tmp.path())?;
    for entry in std::fs::read_dir(tmp.path())? {
        let entry = entry?;
        let file = std::fs::File::open(entry.path())?;
        file.sync_all()?;
        std::fs::rename(entry.path(), out.join(entry.file_name()))
            .with_context(|| format!("cannot write into '{}'", out.display()))?;
    }
    sync_folder(out);
    Ok(made)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"half").unwrap();
        assert!(!path.exists(), "nothing under the final name before the commit");
        drop(f);
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "an abandoned file is removed");
        write(&path, b"whole").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"whole");
        write(&path, b"replaced").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"replaced");
    }

    #[test]
    fn a_folder_gets_its_files_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("tables");
        folder_of_files(&out, |tmp| {
            std::fs::write(tmp.join("a.csv"), "1")?;
            std::fs::write(tmp.join("b.csv"), "2")?;
            Ok(())
        })
        .unwrap();
        let mut names: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        assert_eq!(names, ["a.csv", "b.csv"]);
        let failed: Result<()> = folder_of_files(&out, |tmp| {
            std::fs::write(tmp.join("a.csv"), "changed")?;
            anyhow::bail!("the export failed")
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(out.join("a.csv")).unwrap(), "1", "a failed export changes nothing");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2, "and leaves no temporary folder");
    }
}
