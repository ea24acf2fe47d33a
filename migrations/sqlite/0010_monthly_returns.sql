-- The monthly Partner return (docs/RULES.md §2.4): Admin's reason when it
-- returns a submission, and every snapshot a Partner user submitted. A
-- snapshot is written once, in the submitting transaction, and never changes:
-- a resubmission adds a new one and the earlier ones stay as history.
ALTER TABLE monthly_submissions ADD COLUMN decision_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX monthly_submissions_month ON monthly_submissions (month, status);

CREATE TABLE monthly_snapshots (
    id INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES monthly_submissions (id),
    submitted_by INTEGER NOT NULL REFERENCES users (id),
    submitted_at INTEGER NOT NULL,
    declaration TEXT NOT NULL,
    active_ecs INTEGER NOT NULL,
    active_eas INTEGER NOT NULL,
    institutions_in_scope INTEGER NOT NULL,
    institutions_with_ec INTEGER NOT NULL,
    matched_institutions INTEGER NOT NULL,
    employers_engaged INTEGER NOT NULL,
    compass_completed INTEGER NOT NULL
);
CREATE INDEX monthly_snapshots_submission ON monthly_snapshots (submission_id, id);

CREATE TRIGGER monthly_snapshots_never_change BEFORE UPDATE ON monthly_snapshots
BEGIN
    SELECT RAISE(ABORT, 'a submitted snapshot never changes');
END;
CREATE TRIGGER monthly_snapshots_never_deleted BEFORE DELETE ON monthly_snapshots
BEGIN
    SELECT RAISE(ABORT, 'a submitted snapshot is never deleted');
END;
