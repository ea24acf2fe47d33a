-- Dashboards (docs/RULES.md §7): each Institution's latest Compass evaluation,
-- kept on write (every insert of a Compass report refreshes its institution's
-- row), so counting "latest evaluation" figures reads one row per institution
-- instead of every report.
CREATE TABLE latest_evaluations (
    institution_id INTEGER PRIMARY KEY REFERENCES institutions (id),
    report_id INTEGER NOT NULL REFERENCES compass_reports (id),
    evaluation_type TEXT NOT NULL,
    completed_on TEXT NOT NULL,
    b1 INTEGER NOT NULL, b2 INTEGER NOT NULL, b3 INTEGER NOT NULL, b4 INTEGER NOT NULL,
    b5 INTEGER NOT NULL, b6 INTEGER NOT NULL, b7 INTEGER NOT NULL, b8 INTEGER NOT NULL,
    -- How many of the eight benchmarks are fully achieved (100 %).
    achieved INTEGER NOT NULL
);
CREATE INDEX latest_evaluations_completed ON latest_evaluations (completed_on);
CREATE INDEX latest_evaluations_achieved ON latest_evaluations (achieved);

INSERT INTO latest_evaluations (institution_id, report_id, evaluation_type, completed_on,
    b1, b2, b3, b4, b5, b6, b7, b8, achieved)
SELECT c.institution_id, c.id, c.evaluation_type, c.completed_on,
    c.b1, c.b2, c.b3, c.b4, c.b5, c.b6, c.b7, c.b8,
    (CASE WHEN c.b1 = 100 THEN 1 ELSE 0 END) + (CASE WHEN c.b2 = 100 THEN 1 ELSE 0 END)
    + (CASE WHEN c.b3 = 100 THEN 1 ELSE 0 END) + (CASE WHEN c.b4 = 100 THEN 1 ELSE 0 END)
    + (CASE WHEN c.b5 = 100 THEN 1 ELSE 0 END) + (CASE WHEN c.b6 = 100 THEN 1 ELSE 0 END)
    + (CASE WHEN c.b7 = 100 THEN 1 ELSE 0 END) + (CASE WHEN c.b8 = 100 THEN 1 ELSE 0 END)
FROM compass_reports c
WHERE c.id = (SELECT x.id FROM compass_reports x WHERE x.institution_id = c.institution_id
              ORDER BY x.completed_on DESC, x.id DESC LIMIT 1);
