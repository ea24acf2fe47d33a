-- Substring search through trigram indexes (docs/RULES.md §7): pg_trgm GIN
-- indexes on exactly the expressions each list's search compares with
-- ILIKE, so the same query stops scanning every row.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX eas_search_a ON eas USING gin ((first_name || ' ' || last_name) gin_trgm_ops);
CREATE INDEX eas_search_b ON eas USING gin ((email) gin_trgm_ops);

CREATE INDEX ecs_search_a ON ecs USING gin ((first_name || ' ' || last_name) gin_trgm_ops);
CREATE INDEX ecs_search_b ON ecs USING gin ((email) gin_trgm_ops);

CREATE INDEX institutions_search_a ON institutions USING gin ((name) gin_trgm_ops);
CREATE INDEX institutions_search_b ON institutions USING gin ((urn) gin_trgm_ops);
CREATE INDEX institutions_search_c ON institutions USING gin ((postcode) gin_trgm_ops);

CREATE INDEX employers_search_a ON employers USING gin ((name) gin_trgm_ops);
CREATE INDEX employers_search_b ON employers USING gin ((postcode) gin_trgm_ops);
