-- A search's total in the Compass report list (docs/RULES.md §3.1, §3.2):
-- each Institution's number of Compass reports, kept by triggers on every
-- write, so a search that narrows only institutions counts its reports by
-- adding one number per matching institution instead of reading each report.
ALTER TABLE institutions ADD COLUMN compass_report_count BIGINT NOT NULL DEFAULT 0;
UPDATE institutions SET compass_report_count =
    (SELECT COUNT(*) FROM compass_reports c WHERE c.institution_id = institutions.id);

CREATE FUNCTION compass_reports_count() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE institutions SET compass_report_count = compass_report_count - 1 WHERE id = OLD.institution_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE institutions SET compass_report_count = compass_report_count + 1 WHERE id = NEW.institution_id;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER compass_reports_counted AFTER INSERT OR DELETE ON compass_reports
    FOR EACH ROW EXECUTE FUNCTION compass_reports_count();
CREATE TRIGGER compass_reports_moved AFTER UPDATE OF institution_id ON compass_reports
    FOR EACH ROW WHEN (OLD.institution_id IS DISTINCT FROM NEW.institution_id)
    EXECUTE FUNCTION compass_reports_count();
