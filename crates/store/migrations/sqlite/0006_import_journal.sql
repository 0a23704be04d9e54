-- Imports committed in chunks (decision in ARCHITECTURE.md, issue #20): one
-- row per import, moved on in the same transaction as each chunk, so a killed
-- import resumes where its last chunk ended and ends as an uninterrupted one would.
CREATE TABLE import_journal (
    id          TEXT    PRIMARY KEY,  -- SHA-256 of the input (files and options): the import's identity
    kind        TEXT    NOT NULL,     -- events | ssda903 | cin
    source      TEXT    NOT NULL,     -- the input as named on the command line
    started_at  TEXT    NOT NULL,     -- UTC, microseconds, as the log's times
    recorded_at TEXT,                 -- the time every imported event is recorded at (returns)
    position    INTEGER NOT NULL,     -- lines (events) or children (returns) committed
    total       INTEGER NOT NULL,     -- of how many
    finished_at TEXT                  -- NULL while it runs or after it was interrupted
);
