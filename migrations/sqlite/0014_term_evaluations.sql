-- Dashboards' trend (docs/RULES.md §7.2): each Institution's last Compass
-- evaluation in each school term (spring = January to April, summer = May
-- to August, autumn = September to December; term key 'YYYY-1', 'YYYY-2',
-- 'YYYY-3'), kept on write beside latest_evaluations, so the trend reads one
-- row per institution and term instead of every report.
CREATE TABLE term_evaluations (
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    term TEXT NOT NULL,
    report_id INTEGER NOT NULL REFERENCES compass_reports (id),
    -- How many of the eight benchmarks are fully achieved (100 %).
    achieved INTEGER NOT NULL,
    PRIMARY KEY (institution_id, term)
);
CREATE INDEX term_evaluations_term ON term_evaluations (term, institution_id);

INSERT INTO term_evaluations (institution_id, term, report_id, achieved)
SELECT c.institution_id,
    SUBSTR(c.completed_on, 1, 4) || '-' || (CASE WHEN SUBSTR(c.completed_on, 6, 2) <= '04' THEN '1'
        WHEN SUBSTR(c.completed_on, 6, 2) <= '08' THEN '2' ELSE '3' END),
    c.id,
    (CASE WHEN c.b1 = 100 THEN 1 ELSE 0 END) + (CASE WHEN c.b2 = 100 THEN 1 ELSE 0 END)
    + (CASE WHEN c.b3 = 100 THEN 1 ELSE 0 END) + (CASE WHEN c.b4 = 100 THEN 1 ELSE 0 END)
    + (CASE WHEN c.b5 = 100 THEN 1 ELSE 0 END) + (CASE WHEN c.b6 = 100 THEN 1 ELSE 0 END)
    + (CASE WHEN c.b7 = 100 THEN 1 ELSE 0 END) + (CASE WHEN c.b8 = 100 THEN 1 ELSE 0 END)
FROM compass_reports c
WHERE c.id = (SELECT x.id FROM compass_reports x WHERE x.institution_id = c.institution_id
              AND SUBSTR(x.completed_on, 1, 4) = SUBSTR(c.completed_on, 1, 4)
              AND (CASE WHEN SUBSTR(x.completed_on, 6, 2) <= '04' THEN 1
                   WHEN SUBSTR(x.completed_on, 6, 2) <= '08' THEN 2 ELSE 3 END)
                = (CASE WHEN SUBSTR(c.completed_on, 6, 2) <= '04' THEN 1
                   WHEN SUBSTR(c.completed_on, 6, 2) <= '08' THEN 2 ELSE 3 END)
              ORDER BY x.completed_on DESC, x.id DESC LIMIT 1);
