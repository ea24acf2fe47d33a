-- The trigram indexes keep no positions (docs/RULES.md §3.1). A search asks
-- the index for the rows holding every trigram of the text, anywhere, and the
-- LIKE that always follows decides; so the phrase matching that walked the
-- position lists of every hit of a common word was work the LIKE redoes.
-- Without positions the index is smaller and its answer a plain intersection
-- of row lists. The triggers of 0013 keep these tables in step unchanged.

DROP TABLE eas_search;
CREATE VIRTUAL TABLE eas_search USING fts5 (doc, tokenize = 'trigram', detail = 'none');
INSERT INTO eas_search (rowid, doc) SELECT id, coalesce(first_name || ' ' || last_name, '') || char(10) || coalesce(email, '') FROM eas;

DROP TABLE ecs_search;
CREATE VIRTUAL TABLE ecs_search USING fts5 (doc, tokenize = 'trigram', detail = 'none');
INSERT INTO ecs_search (rowid, doc) SELECT id, coalesce(first_name || ' ' || last_name, '') || char(10) || coalesce(email, '') FROM ecs;

DROP TABLE institutions_search;
CREATE VIRTUAL TABLE institutions_search USING fts5 (doc, tokenize = 'trigram', detail = 'none');
INSERT INTO institutions_search (rowid, doc) SELECT id, coalesce(name, '') || char(10) || coalesce(urn, '') || char(10) || coalesce(postcode, '') FROM institutions;

DROP TABLE employers_search;
CREATE VIRTUAL TABLE employers_search USING fts5 (doc, tokenize = 'trigram', detail = 'none');
INSERT INTO employers_search (rowid, doc) SELECT id, coalesce(name, '') || char(10) || coalesce(postcode, '') FROM employers;
