-- A Partner's Institution list in its default order (by URN) reads its
-- page straight from this index instead of sorting every school of the
-- Partner for each page (docs/RULES.md §5.2).
CREATE INDEX institutions_partner_urn ON institutions (partner_id, status, urn);
