-- The national register's (GIAS) fields on Institutions that were missing:
-- establishment type group, open and close dates (ISO yyyy-mm-dd, NULL when
-- the register leaves them empty). See docs/RULES.md §2.1.

ALTER TABLE institutions ADD COLUMN establishment_group TEXT NOT NULL DEFAULT '';
ALTER TABLE institutions ADD COLUMN open_date TEXT;
ALTER TABLE institutions ADD COLUMN close_date TEXT;
