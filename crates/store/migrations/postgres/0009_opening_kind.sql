-- A session's openings of a record say how it was opened (#14): by breaking
-- glass on a restricted record, or with a stated reason outside the role's
-- scope. Only a break-glass opening opens a restricted record.
ALTER TABLE session_grants ADD COLUMN kind TEXT NOT NULL DEFAULT 'break_glass';
