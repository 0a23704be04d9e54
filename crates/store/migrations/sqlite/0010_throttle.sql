-- Sign-in throttles the servers share (decision 006, #14): failures counted
-- per account, per device cookie and per address, each from the first
-- failure of its window. Keys never hold a typed password or an unknown
-- name as typed (an unknown name is a short hash). Swept by the heartbeat.
CREATE TABLE throttle (
    key      TEXT    PRIMARY KEY,  -- 'u:<account>', 'd:<device>' or 'a:<address>'
    failures INTEGER NOT NULL,
    first_at TEXT    NOT NULL,     -- UTC, microseconds, as the log's times
    last_at  TEXT    NOT NULL,
    refused  INTEGER NOT NULL DEFAULT 0 -- attempts refused unchecked since first_at
);
