-- Dashboards' comparison columns and trend (docs/RULES.md §7.4), counted
-- ahead: the open in-scope Institutions grouped by Partner, local authority,
-- phase and latest evaluation type (the filters a comparison applies) —
--   benchmark_tallies: how many have a latest evaluation ("evaluated") and
--     how many of those fully achieve each Gatsby Benchmark (a1 … a8);
--   term_tallies: per school term, how many were evaluated in it and the
--     sum of the benchmarks their last evaluation of the term achieved.
-- Kept in step by triggers on the tables they read (institutions,
-- latest_evaluations, term_evaluations), so every write path — a Compass
-- report's refresh, an Institution edited, closed, reopened or moved to
-- another Partner, the stored in-scope answer refreshed after a URN list
-- change, the register import, the demo seed — moves them in its own
-- transaction. They read the stored answers only: what counts is written
-- once, in the views *_tally_rows (the Institution list's own conditions:
-- in_scope = 1, open, the latest_evaluations / term_evaluations rows, a
-- score of 100 = fully achieved), never a second copy of the in-scope,
-- "latest" or term rule. partner_id 0 = no Partner. A trigger takes a row's
-- contribution away BEFORE the row changes (the view still shows the old
-- row) and adds it AFTER (the view shows the new one).
CREATE TABLE benchmark_tallies (
    partner_id BIGINT NOT NULL,
    local_authority TEXT NOT NULL,
    phase TEXT NOT NULL,
    evaluation_type TEXT NOT NULL,
    evaluated BIGINT NOT NULL,
    a1 BIGINT NOT NULL, a2 BIGINT NOT NULL, a3 BIGINT NOT NULL, a4 BIGINT NOT NULL,
    a5 BIGINT NOT NULL, a6 BIGINT NOT NULL, a7 BIGINT NOT NULL, a8 BIGINT NOT NULL,
    PRIMARY KEY (partner_id, local_authority, phase, evaluation_type)
);
CREATE TABLE term_tallies (
    partner_id BIGINT NOT NULL,
    local_authority TEXT NOT NULL,
    phase TEXT NOT NULL,
    -- The latest evaluation's type ('' when there is none).
    evaluation_type TEXT NOT NULL,
    term TEXT NOT NULL,
    evaluated BIGINT NOT NULL,
    achieved_sum BIGINT NOT NULL,
    PRIMARY KEY (partner_id, local_authority, phase, evaluation_type, term)
);

CREATE VIEW benchmark_tally_rows AS
SELECT i.id AS institution_id, COALESCE(i.partner_id, 0) AS partner_id,
    i.local_authority AS local_authority, i.phase AS phase, l.evaluation_type AS evaluation_type,
    CASE WHEN l.b1 = 100 THEN 1 ELSE 0 END AS a1,
    CASE WHEN l.b2 = 100 THEN 1 ELSE 0 END AS a2,
    CASE WHEN l.b3 = 100 THEN 1 ELSE 0 END AS a3,
    CASE WHEN l.b4 = 100 THEN 1 ELSE 0 END AS a4,
    CASE WHEN l.b5 = 100 THEN 1 ELSE 0 END AS a5,
    CASE WHEN l.b6 = 100 THEN 1 ELSE 0 END AS a6,
    CASE WHEN l.b7 = 100 THEN 1 ELSE 0 END AS a7,
    CASE WHEN l.b8 = 100 THEN 1 ELSE 0 END AS a8
FROM institutions i JOIN latest_evaluations l ON l.institution_id = i.id
WHERE i.in_scope = 1 AND i.status = 'active';

CREATE VIEW term_tally_rows AS
SELECT te.institution_id AS institution_id, te.term AS term, COALESCE(i.partner_id, 0) AS partner_id,
    i.local_authority AS local_authority, i.phase AS phase,
    COALESCE(l.evaluation_type, '') AS evaluation_type, te.achieved AS achieved
FROM term_evaluations te JOIN institutions i ON i.id = te.institution_id
LEFT JOIN latest_evaluations l ON l.institution_id = te.institution_id
WHERE i.in_scope = 1 AND i.status = 'active';

INSERT INTO benchmark_tallies (partner_id, local_authority, phase, evaluation_type, evaluated, a1, a2, a3, a4, a5, a6, a7, a8)
SELECT partner_id, local_authority, phase, evaluation_type, COUNT(*), SUM(a1), SUM(a2), SUM(a3), SUM(a4), SUM(a5), SUM(a6), SUM(a7), SUM(a8)
FROM benchmark_tally_rows GROUP BY partner_id, local_authority, phase, evaluation_type;
INSERT INTO term_tallies (partner_id, local_authority, phase, evaluation_type, term, evaluated, achieved_sum)
SELECT partner_id, local_authority, phase, evaluation_type, term, COUNT(*), SUM(achieved)
FROM term_tally_rows GROUP BY partner_id, local_authority, phase, evaluation_type, term;

-- Adds (p_sign 1) or takes away (-1) what one Institution's rows add to each
-- tally (p_term: only that term's row of term_tallies; NULL: every term, and
-- the benchmark tally too).
CREATE FUNCTION tallies_apply(p_institution BIGINT, p_term TEXT, p_sign BIGINT) RETURNS void AS $$
    INSERT INTO benchmark_tallies (partner_id, local_authority, phase, evaluation_type, evaluated, a1, a2, a3, a4, a5, a6, a7, a8)
    SELECT partner_id, local_authority, phase, evaluation_type, p_sign, p_sign * a1, p_sign * a2, p_sign * a3, p_sign * a4, p_sign * a5, p_sign * a6, p_sign * a7, p_sign * a8
    FROM benchmark_tally_rows WHERE institution_id = p_institution AND p_term IS NULL
    ON CONFLICT (partner_id, local_authority, phase, evaluation_type) DO UPDATE SET evaluated = benchmark_tallies.evaluated + excluded.evaluated, a1 = benchmark_tallies.a1 + excluded.a1, a2 = benchmark_tallies.a2 + excluded.a2, a3 = benchmark_tallies.a3 + excluded.a3, a4 = benchmark_tallies.a4 + excluded.a4, a5 = benchmark_tallies.a5 + excluded.a5, a6 = benchmark_tallies.a6 + excluded.a6, a7 = benchmark_tallies.a7 + excluded.a7, a8 = benchmark_tallies.a8 + excluded.a8;
    INSERT INTO term_tallies (partner_id, local_authority, phase, evaluation_type, term, evaluated, achieved_sum)
    SELECT partner_id, local_authority, phase, evaluation_type, term, p_sign, p_sign * achieved
    FROM term_tally_rows WHERE institution_id = p_institution AND (p_term IS NULL OR term = p_term)
    ON CONFLICT (partner_id, local_authority, phase, evaluation_type, term) DO UPDATE SET evaluated = term_tallies.evaluated + excluded.evaluated, achieved_sum = term_tallies.achieved_sum + excluded.achieved_sum;
$$ LANGUAGE sql;

CREATE FUNCTION tallies_follow() RETURNS trigger AS $$
DECLARE
    row_of RECORD;
    direction BIGINT;
BEGIN
    IF TG_WHEN = 'BEFORE' THEN
        row_of := OLD;
        direction := -1;
    ELSE
        row_of := NEW;
        direction := 1;
    END IF;
    IF TG_TABLE_NAME = 'institutions' THEN
        PERFORM tallies_apply(row_of.id, NULL, direction);
    ELSIF TG_TABLE_NAME = 'latest_evaluations' THEN
        PERFORM tallies_apply(row_of.institution_id, NULL, direction);
    ELSE
        PERFORM tallies_apply(row_of.institution_id, row_of.term, direction);
    END IF;
    IF TG_WHEN = 'AFTER' THEN
        RETURN NULL;
    ELSIF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER tallies_institution_old BEFORE UPDATE OF in_scope, status, partner_id, local_authority, phase ON institutions
    FOR EACH ROW WHEN (OLD.in_scope IS DISTINCT FROM NEW.in_scope OR OLD.status IS DISTINCT FROM NEW.status OR OLD.partner_id IS DISTINCT FROM NEW.partner_id OR OLD.local_authority IS DISTINCT FROM NEW.local_authority OR OLD.phase IS DISTINCT FROM NEW.phase)
    EXECUTE FUNCTION tallies_follow();
CREATE TRIGGER tallies_institution_new AFTER UPDATE OF in_scope, status, partner_id, local_authority, phase ON institutions
    FOR EACH ROW WHEN (OLD.in_scope IS DISTINCT FROM NEW.in_scope OR OLD.status IS DISTINCT FROM NEW.status OR OLD.partner_id IS DISTINCT FROM NEW.partner_id OR OLD.local_authority IS DISTINCT FROM NEW.local_authority OR OLD.phase IS DISTINCT FROM NEW.phase)
    EXECUTE FUNCTION tallies_follow();
CREATE TRIGGER tallies_institution_gone BEFORE DELETE ON institutions
    FOR EACH ROW EXECUTE FUNCTION tallies_follow();
CREATE TRIGGER tallies_institution_added AFTER INSERT ON institutions
    FOR EACH ROW EXECUTE FUNCTION tallies_follow();
CREATE TRIGGER tallies_latest_old BEFORE UPDATE OR DELETE ON latest_evaluations
    FOR EACH ROW EXECUTE FUNCTION tallies_follow();
CREATE TRIGGER tallies_latest_new AFTER INSERT OR UPDATE ON latest_evaluations
    FOR EACH ROW EXECUTE FUNCTION tallies_follow();
CREATE TRIGGER tallies_term_old BEFORE UPDATE OR DELETE ON term_evaluations
    FOR EACH ROW EXECUTE FUNCTION tallies_follow();
CREATE TRIGGER tallies_term_new AFTER INSERT OR UPDATE ON term_evaluations
    FOR EACH ROW EXECUTE FUNCTION tallies_follow();
