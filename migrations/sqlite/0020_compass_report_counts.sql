-- A search's total in the Compass report list (docs/RULES.md §3.1, §3.2):
-- each Institution's number of Compass reports, kept by triggers on every
-- write, so a search that narrows only institutions counts its reports by
-- adding one number per matching institution instead of reading each report.
ALTER TABLE institutions ADD COLUMN compass_report_count INTEGER NOT NULL DEFAULT 0;
UPDATE institutions SET compass_report_count =
    (SELECT COUNT(*) FROM compass_reports c WHERE c.institution_id = institutions.id);

CREATE TRIGGER compass_reports_counted AFTER INSERT ON compass_reports BEGIN
    UPDATE institutions SET compass_report_count = compass_report_count + 1 WHERE id = new.institution_id;
END;
CREATE TRIGGER compass_reports_uncounted AFTER DELETE ON compass_reports BEGIN
    UPDATE institutions SET compass_report_count = compass_report_count - 1 WHERE id = old.institution_id;
END;
CREATE TRIGGER compass_reports_moved AFTER UPDATE OF institution_id ON compass_reports
    WHEN old.institution_id <> new.institution_id BEGIN
    UPDATE institutions SET compass_report_count = compass_report_count - 1 WHERE id = old.institution_id;
    UPDATE institutions SET compass_report_count = compass_report_count + 1 WHERE id = new.institution_id;
END;
