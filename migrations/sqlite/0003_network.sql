-- Network records (seed 000): EAs, Institutions, Employers, Organisations,
-- EA-Institution matches, Compass Progress Reports, invitations, support
-- requests, monthly Partner submissions and URN lists.

ALTER TABLE subcontractors ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE ecs ADD COLUMN created_by_sc_id INTEGER REFERENCES subcontractors (id);
CREATE INDEX ecs_created_by_sc ON ecs (created_by_sc_id);
CREATE INDEX ecs_name ON ecs (last_name, first_name);

CREATE TABLE employers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sector TEXT NOT NULL DEFAULT '',
    size_band TEXT NOT NULL DEFAULT '' CHECK (size_band IN ('', 'micro', 'small', 'medium', 'large')),
    postcode TEXT NOT NULL DEFAULT '',
    cornerstone INTEGER NOT NULL DEFAULT 0,
    cornerstone_from TEXT,
    cornerstone_to TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    closed_at INTEGER,
    closed_by INTEGER
);
CREATE INDEX employers_name ON employers (status, name);
CREATE INDEX employers_sector ON employers (sector, name);
CREATE INDEX employers_size ON employers (size_band, name);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    closed_at INTEGER,
    closed_by INTEGER
);
CREATE INDEX organisations_name ON organisations (status, name);

CREATE TABLE institutions (
    id INTEGER PRIMARY KEY,
    urn TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phase TEXT NOT NULL DEFAULT '',
    establishment_type TEXT NOT NULL DEFAULT '',
    local_authority TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    partner_id INTEGER REFERENCES partners (id),
    ec_id INTEGER REFERENCES ecs (id),
    subcontractor_id INTEGER REFERENCES subcontractors (id),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    closed_at INTEGER,
    closed_by INTEGER
);
CREATE INDEX institutions_name ON institutions (status, name);
CREATE INDEX institutions_partner ON institutions (partner_id, status, name);
CREATE INDEX institutions_ec ON institutions (ec_id, status, name);
CREATE INDEX institutions_sc ON institutions (subcontractor_id, status, name);
CREATE INDEX institutions_phase ON institutions (phase, name);
CREATE INDEX institutions_la ON institutions (local_authority, name);

CREATE TABLE eas (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    signed_up_on TEXT,
    induction_on TEXT,
    dbs_check_on TEXT,
    employer_id INTEGER REFERENCES employers (id),
    job_title TEXT NOT NULL DEFAULT '',
    sector TEXT NOT NULL DEFAULT '',
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    ec_id INTEGER REFERENCES ecs (id),
    subcontractor_id INTEGER REFERENCES subcontractors (id),
    created_by_sc_id INTEGER REFERENCES subcontractors (id),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    closed_at INTEGER,
    closed_by INTEGER
);
CREATE INDEX eas_name ON eas (status, last_name, first_name);
CREATE INDEX eas_partner ON eas (partner_id, status, last_name);
CREATE INDEX eas_ec ON eas (ec_id, status, last_name);
CREATE INDEX eas_sc ON eas (subcontractor_id, status, last_name);
CREATE INDEX eas_created_by_sc ON eas (created_by_sc_id);
CREATE INDEX eas_sector ON eas (sector, last_name);
CREATE INDEX eas_employer ON eas (employer_id);

CREATE TABLE ea_matches (
    id INTEGER PRIMARY KEY,
    ea_id INTEGER NOT NULL REFERENCES eas (id),
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    closed_at INTEGER,
    closed_by INTEGER
);
CREATE INDEX ea_matches_ea ON ea_matches (ea_id, status);
CREATE INDEX ea_matches_institution ON ea_matches (institution_id, status);

CREATE TABLE compass_reports (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    evaluation_type TEXT NOT NULL CHECK (evaluation_type IN ('school', 'special', 'college')),
    completed_on TEXT NOT NULL,
    b1 INTEGER NOT NULL, b2 INTEGER NOT NULL, b3 INTEGER NOT NULL, b4 INTEGER NOT NULL,
    b5 INTEGER NOT NULL, b6 INTEGER NOT NULL, b7 INTEGER NOT NULL, b8 INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX compass_reports_institution ON compass_reports (institution_id, completed_on);
CREATE INDEX compass_reports_completed ON compass_reports (completed_on);

CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX invitations_user ON invitations (user_id);

CREATE TABLE support_requests (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    subject TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX support_requests_user ON support_requests (user_id, status);

CREATE TABLE monthly_submissions (
    id INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    month TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'confirmed', 'returned')),
    snapshot TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    submitted_by INTEGER,
    submitted_at INTEGER,
    decided_by INTEGER,
    decided_at INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (partner_id, month)
);

CREATE TABLE urn_list_entries (
    id INTEGER PRIMARY KEY,
    list TEXT NOT NULL CHECK (list IN ('included', 'excluded', 'included_primary', 'excluded_primary')),
    urn TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    closed_at INTEGER,
    closed_by INTEGER
);
CREATE INDEX urn_list_entries_urn ON urn_list_entries (urn, list, status);
