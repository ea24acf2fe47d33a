-- Dashboards' comparison columns (docs/RULES.md §7.4): for each Partner,
-- local authority, phase and latest evaluation type, how many open in-scope
-- Institutions have a latest evaluation ("evaluated") and how many of those
-- fully achieve each Gatsby Benchmark (a1 … a8). Kept in step by triggers on
-- the two tables it reads, so every write path (a Compass report's refresh,
-- an Institution edited, closed or reopened, the stored in-scope answer
-- refreshed by a URN list change, the register import, the demo seed) moves
-- it at once. It reads the stored answers only: what counts is written once,
-- in the view `benchmark_tally_rows` (the list's own conditions: in_scope = 1,
-- open, a latest_evaluations row, a score of 100 = fully achieved), never a
-- second copy of the in-scope or "latest" rule. partner_id 0 = no Partner.
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

-- One row per Institution that counts, with what it adds.
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

INSERT INTO benchmark_tallies (partner_id, local_authority, phase, evaluation_type, evaluated, a1, a2, a3, a4, a5, a6, a7, a8)
SELECT partner_id, local_authority, phase, evaluation_type, COUNT(*), SUM(a1), SUM(a2), SUM(a3), SUM(a4), SUM(a5), SUM(a6), SUM(a7), SUM(a8)
FROM benchmark_tally_rows GROUP BY partner_id, local_authority, phase, evaluation_type;

-- Adds (p_sign 1) or takes away (-1) one Institution's contribution.
CREATE FUNCTION benchmark_tally_apply(p_institution BIGINT, p_sign BIGINT) RETURNS void AS $$
    INSERT INTO benchmark_tallies (partner_id, local_authority, phase, evaluation_type, evaluated, a1, a2, a3, a4, a5, a6, a7, a8)
    SELECT partner_id, local_authority, phase, evaluation_type, p_sign, p_sign * a1, p_sign * a2, p_sign * a3, p_sign * a4, p_sign * a5, p_sign * a6, p_sign * a7, p_sign * a8
    FROM benchmark_tally_rows WHERE institution_id = p_institution
    ON CONFLICT (partner_id, local_authority, phase, evaluation_type) DO UPDATE SET evaluated = benchmark_tallies.evaluated + excluded.evaluated, a1 = benchmark_tallies.a1 + excluded.a1, a2 = benchmark_tallies.a2 + excluded.a2, a3 = benchmark_tallies.a3 + excluded.a3, a4 = benchmark_tallies.a4 + excluded.a4, a5 = benchmark_tallies.a5 + excluded.a5, a6 = benchmark_tallies.a6 + excluded.a6, a7 = benchmark_tallies.a7 + excluded.a7, a8 = benchmark_tallies.a8 + excluded.a8;
$$ LANGUAGE sql;

-- Taken away BEFORE a row changes (the view still shows the old row), added
-- AFTER (the view shows the new one).
CREATE FUNCTION benchmark_tallies_follow_latest() RETURNS trigger AS $$
BEGIN
    IF TG_WHEN = 'BEFORE' THEN
        PERFORM benchmark_tally_apply(OLD.institution_id, -1);
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    PERFORM benchmark_tally_apply(NEW.institution_id, 1);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION benchmark_tallies_follow_institution() RETURNS trigger AS $$
BEGIN
    IF TG_WHEN = 'BEFORE' THEN
        PERFORM benchmark_tally_apply(OLD.id, -1);
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    PERFORM benchmark_tally_apply(NEW.id, 1);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER benchmark_tallies_latest_old BEFORE UPDATE OR DELETE ON latest_evaluations
    FOR EACH ROW EXECUTE FUNCTION benchmark_tallies_follow_latest();
CREATE TRIGGER benchmark_tallies_latest_new AFTER INSERT OR UPDATE ON latest_evaluations
    FOR EACH ROW EXECUTE FUNCTION benchmark_tallies_follow_latest();
CREATE TRIGGER benchmark_tallies_institution_gone BEFORE DELETE ON institutions
    FOR EACH ROW EXECUTE FUNCTION benchmark_tallies_follow_institution();
CREATE TRIGGER benchmark_tallies_institution_old BEFORE UPDATE OF in_scope, status, partner_id, local_authority, phase ON institutions
    FOR EACH ROW WHEN (OLD.in_scope IS DISTINCT FROM NEW.in_scope OR OLD.status IS DISTINCT FROM NEW.status OR OLD.partner_id IS DISTINCT FROM NEW.partner_id
    OR OLD.local_authority IS DISTINCT FROM NEW.local_authority OR OLD.phase IS DISTINCT FROM NEW.phase)
    EXECUTE FUNCTION benchmark_tallies_follow_institution();
CREATE TRIGGER benchmark_tallies_institution_new AFTER UPDATE OF in_scope, status, partner_id, local_authority, phase ON institutions
    FOR EACH ROW WHEN (OLD.in_scope IS DISTINCT FROM NEW.in_scope OR OLD.status IS DISTINCT FROM NEW.status OR OLD.partner_id IS DISTINCT FROM NEW.partner_id
    OR OLD.local_authority IS DISTINCT FROM NEW.local_authority OR OLD.phase IS DISTINCT FROM NEW.phase)
    EXECUTE FUNCTION benchmark_tallies_follow_institution();
CREATE TRIGGER benchmark_tallies_institution_added AFTER INSERT ON institutions
    FOR EACH ROW EXECUTE FUNCTION benchmark_tallies_follow_institution();
