-- State the web servers share, outside the append-only log (decision 006):
-- none of it is a fact about a child, and none of it is exported as one.

-- Signed-in sessions. The cookie holds a random ID; only its SHA-256 is kept,
-- so a copy of the database opens no one's session.
CREATE TABLE sessions (
    id_hash    TEXT    PRIMARY KEY,
    username   TEXT    NOT NULL,
    csrf       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,       -- UTC, microseconds, as the log's times
    last_seen  TEXT    NOT NULL,       -- written at most once a minute
    wrote_seq  INTEGER NOT NULL DEFAULT 0 -- the log's seq after this session's last write
);
CREATE INDEX sessions_by_user ON sessions (username);

-- Restricted records opened by breaking glass, per session, until a time.
CREATE TABLE session_grants (
    id_hash TEXT NOT NULL,
    child   TEXT NOT NULL,
    until   TEXT NOT NULL,
    PRIMARY KEY (id_hash, child)
);

-- Secrets the servers share (the signing key of the sign-in form's CSRF
-- token), rotated: the newest signs, the one before still verifies.
CREATE TABLE server_keys (
    purpose    TEXT    NOT NULL,
    id         INTEGER NOT NULL,
    secret     TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (purpose, id)
);

-- Each running server's heartbeat: how far its index has followed the log.
CREATE TABLE servers (
    id          TEXT    PRIMARY KEY,
    host        TEXT    NOT NULL,
    pid         INTEGER NOT NULL,
    version     TEXT    NOT NULL,
    started_at  TEXT    NOT NULL,
    last_seen   TEXT    NOT NULL,
    applied_seq INTEGER NOT NULL
);

-- Switches every server follows (the maintenance page).
CREATE TABLE settings (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL,
    set_at TEXT NOT NULL,
    set_by TEXT NOT NULL
);
