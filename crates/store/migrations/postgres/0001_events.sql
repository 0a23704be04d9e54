-- The log: every fact ever recorded, in the order it was recorded. Rows are
-- only ever inserted; corrections are new rows that refer to earlier ones.
-- Timestamps and payloads are text, exactly as written, so an export is the
-- same bytes whichever backend it came from.
CREATE TABLE events (
    seq         BIGINT PRIMARY KEY,       -- global order of recording
    stream      TEXT   NOT NULL,          -- child | org | users | audit
    subject     TEXT   NOT NULL,          -- the child's ID for the child stream, else ''
    version     BIGINT NOT NULL,          -- 1, 2, … within (stream, subject)
    kind        TEXT   NOT NULL,          -- the event's type, e.g. care_started
    effective   TEXT,                     -- the date the fact took effect (YYYY-MM-DD)
    recorded_at TEXT   NOT NULL,          -- UTC, microseconds: 2026-03-31T09:15:00.123456Z
    recorded_by TEXT   NOT NULL,
    reason      TEXT,
    payload     TEXT   NOT NULL,          -- the event as exact JSON text
    UNIQUE (stream, subject, version)
);

CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only';
END $$;
CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();

-- Projection: each child's record as it stands, rebuilt from the log at will.
CREATE TABLE child_state (
    child_id TEXT PRIMARY KEY,
    version  BIGINT NOT NULL,
    state    TEXT   NOT NULL
);
