-- Substring search through a trigram index (docs/RULES.md §7): one FTS5
-- table per searched register, holding the text the list's search looks at
-- (one line per searched expression), kept in step by triggers. The list
-- narrows to the index's candidates and then applies the same LIKE as
-- before, so results are unchanged; it only stops scanning every row.

CREATE VIRTUAL TABLE eas_search USING fts5 (doc, tokenize = 'trigram');
INSERT INTO eas_search (rowid, doc) SELECT id, coalesce(first_name || ' ' || last_name, '') || char(10) || coalesce(email, '') FROM eas;
CREATE TRIGGER eas_search_insert AFTER INSERT ON eas BEGIN
    INSERT INTO eas_search (rowid, doc) VALUES (new.id, coalesce(new.first_name || ' ' || new.last_name, '') || char(10) || coalesce(new.email, ''));
END;
CREATE TRIGGER eas_search_update AFTER UPDATE OF first_name, last_name, email ON eas BEGIN
    DELETE FROM eas_search WHERE rowid = old.id;
    INSERT INTO eas_search (rowid, doc) VALUES (new.id, coalesce(new.first_name || ' ' || new.last_name, '') || char(10) || coalesce(new.email, ''));
END;
CREATE TRIGGER eas_search_delete AFTER DELETE ON eas BEGIN
    DELETE FROM eas_search WHERE rowid = old.id;
END;

CREATE VIRTUAL TABLE ecs_search USING fts5 (doc, tokenize = 'trigram');
INSERT INTO ecs_search (rowid, doc) SELECT id, coalesce(first_name || ' ' || last_name, '') || char(10) || coalesce(email, '') FROM ecs;
CREATE TRIGGER ecs_search_insert AFTER INSERT ON ecs BEGIN
    INSERT INTO ecs_search (rowid, doc) VALUES (new.id, coalesce(new.first_name || ' ' || new.last_name, '') || char(10) || coalesce(new.email, ''));
END;
CREATE TRIGGER ecs_search_update AFTER UPDATE OF first_name, last_name, email ON ecs BEGIN
    DELETE FROM ecs_search WHERE rowid = old.id;
    INSERT INTO ecs_search (rowid, doc) VALUES (new.id, coalesce(new.first_name || ' ' || new.last_name, '') || char(10) || coalesce(new.email, ''));
END;
CREATE TRIGGER ecs_search_delete AFTER DELETE ON ecs BEGIN
    DELETE FROM ecs_search WHERE rowid = old.id;
END;

CREATE VIRTUAL TABLE institutions_search USING fts5 (doc, tokenize = 'trigram');
INSERT INTO institutions_search (rowid, doc) SELECT id, coalesce(name, '') || char(10) || coalesce(urn, '') || char(10) || coalesce(postcode, '') FROM institutions;
CREATE TRIGGER institutions_search_insert AFTER INSERT ON institutions BEGIN
    INSERT INTO institutions_search (rowid, doc) VALUES (new.id, coalesce(new.name, '') || char(10) || coalesce(new.urn, '') || char(10) || coalesce(new.postcode, ''));
END;
CREATE TRIGGER institutions_search_update AFTER UPDATE OF name, urn, postcode ON institutions BEGIN
    DELETE FROM institutions_search WHERE rowid = old.id;
    INSERT INTO institutions_search (rowid, doc) VALUES (new.id, coalesce(new.name, '') || char(10) || coalesce(new.urn, '') || char(10) || coalesce(new.postcode, ''));
END;
CREATE TRIGGER institutions_search_delete AFTER DELETE ON institutions BEGIN
    DELETE FROM institutions_search WHERE rowid = old.id;
END;

CREATE VIRTUAL TABLE employers_search USING fts5 (doc, tokenize = 'trigram');
INSERT INTO employers_search (rowid, doc) SELECT id, coalesce(name, '') || char(10) || coalesce(postcode, '') FROM employers;
CREATE TRIGGER employers_search_insert AFTER INSERT ON employers BEGIN
    INSERT INTO employers_search (rowid, doc) VALUES (new.id, coalesce(new.name, '') || char(10) || coalesce(new.postcode, ''));
END;
CREATE TRIGGER employers_search_update AFTER UPDATE OF name, postcode ON employers BEGIN
    DELETE FROM employers_search WHERE rowid = old.id;
    INSERT INTO employers_search (rowid, doc) VALUES (new.id, coalesce(new.name, '') || char(10) || coalesce(new.postcode, ''));
END;
CREATE TRIGGER employers_search_delete AFTER DELETE ON employers BEGIN
    DELETE FROM employers_search WHERE rowid = old.id;
END;
