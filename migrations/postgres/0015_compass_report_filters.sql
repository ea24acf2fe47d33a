-- Compass Progress Report list filters (docs/RULES.md §3.2), each answered
-- through an index so no filter reads every report at bench scale (100k).
--
-- How many of the eight benchmarks a report fully achieves (100 %), computed
-- by the database from the scores so no writer can get it wrong.
ALTER TABLE compass_reports ADD COLUMN achieved BIGINT GENERATED ALWAYS AS (
    (CASE WHEN b1 = 100 THEN 1 ELSE 0 END) + (CASE WHEN b2 = 100 THEN 1 ELSE 0 END)
    + (CASE WHEN b3 = 100 THEN 1 ELSE 0 END) + (CASE WHEN b4 = 100 THEN 1 ELSE 0 END)
    + (CASE WHEN b5 = 100 THEN 1 ELSE 0 END) + (CASE WHEN b6 = 100 THEN 1 ELSE 0 END)
    + (CASE WHEN b7 = 100 THEN 1 ELSE 0 END) + (CASE WHEN b8 = 100 THEN 1 ELSE 0 END)
) STORED;
CREATE INDEX compass_reports_achieved ON compass_reports (achieved, completed_on);

-- "Benchmark N under P %": one index per benchmark score.
CREATE INDEX compass_reports_b1 ON compass_reports (b1);
CREATE INDEX compass_reports_b2 ON compass_reports (b2);
CREATE INDEX compass_reports_b3 ON compass_reports (b3);
CREATE INDEX compass_reports_b4 ON compass_reports (b4);
CREATE INDEX compass_reports_b5 ON compass_reports (b5);
CREATE INDEX compass_reports_b6 ON compass_reports (b6);
CREATE INDEX compass_reports_b7 ON compass_reports (b7);
CREATE INDEX compass_reports_b8 ON compass_reports (b8);

-- Evaluation type, then completion date (the list's date range narrows it).
CREATE INDEX compass_reports_type ON compass_reports (evaluation_type, completed_on);

-- "Latest evaluation only": the latest reports found from their ids.
CREATE INDEX latest_evaluations_report ON latest_evaluations (report_id);
