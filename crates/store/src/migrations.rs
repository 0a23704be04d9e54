//! The schema's numbered migrations, one SQL file per backend each, applied in
//! order at open and by `carefile migrate`. Adding one: write
//! `migrations/sqlite/NNNN_name.sql` and `migrations/postgres/NNNN_name.sql`,
//! list it below, raise [`SCHEMA_VERSION`], and add its upgrade fixture
//! (`crates/store/tests/fixtures/README.md`); the tests fail until all four are done.

/// The schema this build of carefile reads and writes: a database at a higher
/// version was made by a newer carefile and is refused.
pub const SCHEMA_VERSION: u32 = 11;

/// One schema change.
pub(crate) struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

macro_rules! migration {
    ($version:literal, $name:literal) => {
        Migration {
            version: $version,
            name: $name,
            sqlite: include_str!(concat!("../migrations/sqlite/", $name, ".sql")),
            postgres: include_str!(concat!("../migrations/postgres/", $name, ".sql")),
        }
    };
}

/// Every migration, in order.
pub(crate) const MIGRATIONS: &[Migration] = &[
    migration!(1, "0001_events"),
    migration!(2, "0002_audit_chain"),
    migration!(3, "0003_subject_streams"),
    migration!(4, "0004_notes_and_documents"),
    migration!(5, "0005_server_state"),
    migration!(6, "0006_import_journal"),
    migration!(7, "0007_dfe_api_send_log"),
    migration!(8, "0008_drafts"),
    migration!(9, "0009_opening_kind"),
    migration!(10, "0010_throttle"),
    migration!(11, "0011_api_replays"),
];

/// Refuses a schema newer than this build knows; with `exact`, an older one too.
pub(crate) fn check_schema(found: u32, exact: bool) -> Result<(), crate::StoreError> {
    if found > SCHEMA_VERSION {
        return Err(crate::StoreError::SchemaTooNew { found, known: SCHEMA_VERSION });
    }
    if exact && found < SCHEMA_VERSION {
        return Err(crate::StoreError::SchemaTooOld { found, known: SCHEMA_VERSION });
    }
    Ok(())
}

/// Brings the database `db` to schema `version` exactly (not further): for
/// upgrade fixtures and their test, which build a database as an older
/// carefile left it. Nothing else should stop short of [`SCHEMA_VERSION`].
pub fn migrate_to(db: &str, version: u32) -> Result<usize, crate::StoreError> {
    if crate::is_postgres_url(db) {
        let mut client = postgres::Client::connect(db, postgres::NoTls)?;
        return crate::postgres::migrate_upto(&mut client, version);
    }
    crate::sqlite::migrate_upto(&mut rusqlite::Connection::open(db)?, version)
}

/// The migrations' names, in order (for the upgrade fixtures' test).
pub fn migration_names() -> Vec<(u32, &'static str)> {
    MIGRATIONS.iter().map(|m| (m.version, m.name)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The declared version is the last migration's, the versions run 1, 2, 3… and
    /// each file is named by its version; every file in the folders is listed.
    #[test]
    fn schema_version_is_the_highest_migration_and_every_file_is_listed() {
        assert_eq!(MIGRATIONS.last().map(|m| m.version), Some(SCHEMA_VERSION));
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version as usize, i + 1, "{}", m.name);
            assert!(m.name.starts_with(&format!("{:04}_", m.version)), "{} is not numbered {}", m.name, m.version);
        }
        for backend in ["sqlite", "postgres"] {
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/");
            let mut files: Vec<String> = std::fs::read_dir(format!("{dir}{backend}"))
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            files.sort();
            let listed: Vec<String> = MIGRATIONS.iter().map(|m| format!("{}.sql", m.name)).collect();
            assert_eq!(files, listed, "migrations/{backend} and MIGRATIONS differ");
        }
    }
}
