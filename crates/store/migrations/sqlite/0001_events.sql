-- The log: every fact ever recorded, in the order it was recorded. Rows are
-- only ever inserted; corrections are new rows that refer to earlier ones.
CREATE TABLE events (
    seq         INTEGER PRIMARY KEY,      -- global order of recording
    stream      TEXT    NOT NULL,         -- child | org | users | audit
    subject     TEXT    NOT NULL,         -- the child's ID for the child stream, else ''
    version     INTEGER NOT NULL,         -- 1, 2, … within (stream, subject)
    kind        TEXT    NOT NULL,         -- the event's type, e.g. care_started
    effective   TEXT,                     -- the date the fact took effect (YYYY-MM-DD)
    recorded_at TEXT    NOT NULL,         -- UTC, microseconds: 2026-03-31T09:15:00.123456Z
    recorded_by TEXT    NOT NULL,
    reason      TEXT,
    payload     TEXT    NOT NULL,         -- the event as exact JSON text
    UNIQUE (stream, subject, version)
);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

-- Projection: each child's record as it stands, rebuilt from the log at will.
CREATE TABLE child_state (
    child_id TEXT PRIMARY KEY,
    version  INTEGER NOT NULL,
    state    TEXT    NOT NULL
);
