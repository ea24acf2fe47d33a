-- Dashboards and the Institution list (docs/RULES.md §7.3): each
-- Institution's in-network-scope answer (§2.2) and whether it has an active
-- EA match, stored on its row and refreshed in the same transaction as every
-- write that can change them (app/src/ssr/scope_flags.rs), so counting reads
-- a column instead of working the rule out row by row. NULL means "not yet
-- computed": the server fills those rows in after migrating, with the one
-- SQL copy of the rule.
ALTER TABLE institutions ADD COLUMN in_scope INTEGER;
ALTER TABLE institutions ADD COLUMN matched INTEGER;
-- The national dashboard walks this index in group order (Partner, local
-- authority, phase) and reads nothing else of the row.
CREATE INDEX institutions_in_scope ON institutions (in_scope, status, partner_id, local_authority, phase, matched);

-- The same for an EA: whether it has an active match (the EA pipeline, §7).
-- A new EA has none, so the column starts at 0; the existing ones are filled
-- in here once, and every match made or ended refreshes it from then on.
ALTER TABLE eas ADD COLUMN matched INTEGER NOT NULL DEFAULT 0;
UPDATE eas SET matched = 1 WHERE id IN (SELECT ea_id FROM ea_matches WHERE status = 'active');
