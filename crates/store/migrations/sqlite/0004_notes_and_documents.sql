-- The record a subject belongs to (the child a note, document or plan is
-- about), so a child's page lists them with one indexed lookup.
ALTER TABLE subject_state ADD COLUMN about TEXT;
CREATE INDEX subject_state_about ON subject_state (stream, about) WHERE about IS NOT NULL;

-- Documents' bytes, under their SHA-256 (lower-case hex), which the document
-- stream's events name. Written once; only retention's erasure removes them.
CREATE TABLE blobs (
    sha256  TEXT    PRIMARY KEY,
    size    INTEGER NOT NULL,
    content BLOB    NOT NULL
);
