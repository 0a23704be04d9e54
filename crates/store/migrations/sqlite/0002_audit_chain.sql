-- The audit stream's hash chain: each audit row carries the hash of the row
-- before it and its own, SHA-256(prev_hash || payload), hex. NULL elsewhere.
ALTER TABLE events ADD COLUMN prev_hash TEXT;
ALTER TABLE events ADD COLUMN hash TEXT;
