-- The GIAS register import run from Admin's browser page (docs/RULES.md §2.1):
-- one row per upload with its progress and result, and its rejected rows.
-- A run still 'running' when the server starts again was cut off by a
-- restart and is marked 'interrupted'; importing the same file again
-- finishes the job.
CREATE TABLE gias_import_runs (
    id INTEGER PRIMARY KEY,
    started_by INTEGER NOT NULL REFERENCES users (id),
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    file_name TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'finished', 'failed', 'interrupted')),
    -- Why a run failed, in words (a missing column, an unreadable file).
    message TEXT NOT NULL DEFAULT '',
    rows_in_file INTEGER NOT NULL DEFAULT 0,
    rows_done INTEGER NOT NULL DEFAULT 0,
    added INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    closed INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX gias_import_runs_started ON gias_import_runs (started_at);
CREATE INDEX gias_import_runs_status ON gias_import_runs (status);

CREATE TABLE gias_import_rejects (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES gias_import_runs (id),
    line INTEGER NOT NULL,
    urn TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX gias_import_rejects_run ON gias_import_rejects (run_id, line);

-- The network's own Institution fields (never touched by an import).
ALTER TABLE institutions ADD COLUMN careers_leader_contact TEXT NOT NULL DEFAULT '';
ALTER TABLE institutions ADD COLUMN notes TEXT NOT NULL DEFAULT '';

-- Partner names are unique whatever their case (create-partner is idempotent
-- by name; a duplicate from a form is a clear 422, see ssr/errors.rs).
CREATE UNIQUE INDEX partners_name_key ON partners (LOWER(name));
