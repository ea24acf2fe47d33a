-- An EA list in its default order (by first name), the nation's and a
-- Partner's, reads its page straight from an index instead of sorting
-- every EA for each page; a national search for a common word walks the
-- same order (docs/RULES.md §3.1, §5.2).
CREATE INDEX eas_first_name ON eas (status, first_name);
CREATE INDEX eas_partner_first_name ON eas (partner_id, status, first_name);
