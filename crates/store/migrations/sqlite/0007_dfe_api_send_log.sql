-- The send log of the DfE's children's social care API (crates/dfe-api; crates/store/src/send_log.rs).
-- Operational state beside the log, not facts about children: never exported as events.
-- Every request made, with its outcome (never a payload: the children's IDs and the body's hash).
CREATE TABLE dfe_api_batches (
    batch_id    TEXT    PRIMARY KEY,
    run_id      TEXT    NOT NULL,
    as_of       TEXT    NOT NULL,
    schema      TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    children    TEXT    NOT NULL,  -- JSON array of child IDs, in request order
    body_sha256 TEXT    NOT NULL,
    status      TEXT    NOT NULL,  -- prepared | accepted | refused | failed
    http_status INTEGER,
    attempts    INTEGER NOT NULL DEFAULT 0,
    detail      TEXT,
    receipts    TEXT,              -- JSON array, in request order
    updated_at  TEXT    NOT NULL
);
CREATE INDEX dfe_api_batches_run ON dfe_api_batches (run_id);

-- What the DfE holds for each child after its last accepted request: the payload's hash and item
-- IDs (JSON), written in the transaction that records the receipt, so an accepted batch is never sent again.
CREATE TABLE dfe_api_held (
    child_id    TEXT PRIMARY KEY,
    held        TEXT NOT NULL,
    receipt     TEXT,
    batch_id    TEXT NOT NULL,
    accepted_at TEXT NOT NULL
);
