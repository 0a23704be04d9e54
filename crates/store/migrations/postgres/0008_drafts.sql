-- Forms half-written (decision 003's "drafts in progress"): saved as the user
-- types, seen only by their author, kept for a configurable time. Not facts:
-- outside the log and never exported as one.
CREATE TABLE drafts (
    author   TEXT    NOT NULL,
    key      TEXT    NOT NULL,   -- the form's address, e.g. /children/C1/notes
    title    TEXT    NOT NULL,   -- what the author sees in their list of drafts
    child    TEXT,               -- the child it is about, if any
    base     BIGINT,            -- the version of what it edits when the form was opened
    fields   TEXT    NOT NULL,   -- the fields as typed: a JSON array of [name, value]
    saved_at TEXT    NOT NULL,   -- UTC, microseconds, as the log's times
    PRIMARY KEY (author, key)
);
CREATE INDEX drafts_by_age ON drafts (saved_at);
