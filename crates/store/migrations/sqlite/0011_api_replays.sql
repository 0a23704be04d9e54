-- The API's answers by idempotency key (decision 006): a retried write, reaching
-- any server, gets the first answer again instead of a second write. Claimed
-- before the write runs (status NULL until it has answered), kept a day. Not
-- facts: outside the log and never exported as one.
CREATE TABLE api_replays (
    username   TEXT    NOT NULL,
    key        TEXT    NOT NULL,   -- the client's Idempotency-Key
    request    TEXT    NOT NULL,   -- SHA-256 (hex) of the route, body and If-Match
    claimed_at TEXT    NOT NULL,   -- UTC, microseconds, as the log's times
    status     INTEGER,         -- the answer's HTTP status; NULL while the first request runs
    etag       TEXT,
    body       TEXT,               -- the answer's JSON
    PRIMARY KEY (username, key)
);
CREATE INDEX api_replays_by_age ON api_replays (claimed_at);
