-- URN list entries (docs/RULES.md §2.2): why an entry was added, why it was
-- closed, an edit version, and at most one active entry per URN per list.
ALTER TABLE urn_list_entries ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE urn_list_entries ADD COLUMN closed_reason TEXT;
ALTER TABLE urn_list_entries ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE UNIQUE INDEX urn_list_entries_one_active ON urn_list_entries (list, urn) WHERE status = 'active';
