//! A SQLite database copied whole while it is in use (SQLite's online
//! backup): one consistent moment, writers going on meanwhile (WAL), the copy
//! a single self-contained file (rollback journal, no -wal beside it).

use crate::error::StoreError;
use crate::sqlite::SqliteStore;
use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};
use std::path::Path;

/// Whether `path` holds a SQLite database (by its first bytes).
pub fn is_sqlite_file(path: &Path) -> bool {
    let mut head = [0u8; 16];
    std::fs::File::open(path).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head)).is_ok()
        && &head == b"SQLite format 3\0"
}

impl SqliteStore {
    /// Copies the whole database as it stands now into a new file `dest`.
    pub fn backup_to(&self, dest: &Path) -> Result<(), StoreError> {
        if dest.exists() {
            return Err(StoreError::Refused(format!("'{}' exists already", dest.display())));
        }
        let mut to = Connection::open(dest)?;
        {
            let backup = Backup::new(self.connection(), &mut to)?;
            // All pages in one step: one read transaction, so one moment of the
            // database. A writer holding an exclusive lock briefly makes it busy.
            let mut tries = 0;
            loop {
                match backup.step(-1)? {
                    StepResult::Done => break,
                    StepResult::More => continue,
                    StepResult::Busy | StepResult::Locked if tries < 100 => {
                        tries += 1;
                        std::thread::sleep(std::time::Duration::from_millis(50));
                    }
                    _ => return Err(StoreError::Refused("the database stayed locked for 5 seconds".into())),
                }
            }
        }
        to.pragma_update(None, "journal_mode", "DELETE")?;
        drop(to);
        std::fs::File::open(dest)?.sync_all()?;
        Ok(())
    }
}
