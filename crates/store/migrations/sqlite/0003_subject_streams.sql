-- Streams beside the child's (decision 002): person, household, task… Their
-- events are rows of `events` like any other; each subject's projection is
-- kept here with the version it was folded to, rebuilt from the log at will.
CREATE TABLE subject_state (
    stream  TEXT    NOT NULL,
    subject TEXT    NOT NULL,
    version INTEGER NOT NULL,
    state   TEXT    NOT NULL,
    PRIMARY KEY (stream, subject)
);

-- The last number handed out per stream whose subjects the store numbers
-- (P000001, H000001…), so two writers never pick the same new identifier.
CREATE TABLE subject_numbers (
    stream TEXT    PRIMARY KEY,
    last   INTEGER NOT NULL
);
