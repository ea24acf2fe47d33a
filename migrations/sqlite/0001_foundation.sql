-- Foundation: accounts, grants, sessions, audit, settings, and the records
-- that role grants bind to (Partner, Sub-contractor, EC, org units, staff).
-- Portable types only: INTEGER ids and flags, epoch-second timestamps,
-- ISO dates as TEXT (the same decoding works on PostgreSQL).

CREATE TABLE partners (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    region TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    closed_at INTEGER,
    closed_by INTEGER
);
CREATE INDEX partners_name ON partners (name);

CREATE TABLE subcontractors (
    id INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    name TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    closed_at INTEGER,
    closed_by INTEGER
);
CREATE INDEX subcontractors_partner ON subcontractors (partner_id, status, name);

CREATE TABLE ecs (
    id INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    subcontractor_id INTEGER REFERENCES subcontractors (id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    hub_lead TEXT NOT NULL DEFAULT 'none' CHECK (hub_lead IN ('none', 'ohl', 'shl')),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    closed_at INTEGER,
    closed_by INTEGER
);
CREATE INDEX ecs_partner ON ecs (partner_id, status, last_name);
CREATE INDEX ecs_subcontractor ON ecs (subcontractor_id);

CREATE TABLE org_units (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES org_units (id),
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('organisation', 'directorate', 'business_unit', 'team')),
    -- materialised path of ids from the root, e.g. '/1/2/4/'
    path TEXT NOT NULL,
    director_staff_id INTEGER,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX org_units_path ON org_units (path);
CREATE INDEX org_units_parent ON org_units (parent_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    job_title TEXT NOT NULL DEFAULT '',
    password_hash TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    access_activated_on TEXT,
    access_expires_on TEXT,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    org_role TEXT CHECK (org_role IN ('org-admin', 'unit-manager', 'general-user')),
    managed_unit_id INTEGER REFERENCES org_units (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES org_units (id),
    user_id INTEGER UNIQUE REFERENCES users (id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    job_title TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX staff_unit ON staff (unit_id);

CREATE TABLE role_grants (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    role TEXT NOT NULL CHECK (role IN ('ec', 'partner', 'sc', 'cec-staff', 'network-ops', 'admin')),
    ec_id INTEGER REFERENCES ecs (id),
    partner_id INTEGER REFERENCES partners (id),
    subcontractor_id INTEGER REFERENCES subcontractors (id),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    created_at INTEGER NOT NULL
);
CREATE INDEX role_grants_user ON role_grants (user_id, status);
CREATE INDEX role_grants_partner ON role_grants (partner_id, role, status);

CREATE TABLE sessions (
    -- SHA-256 of the cookie token: a database leak yields no usable cookie
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    grant_id INTEGER REFERENCES role_grants (id),
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    ended_at INTEGER
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_user_id INTEGER,
    record_kind TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    field TEXT,
    old_value TEXT,
    new_value TEXT,
    request_id TEXT
);
CREATE INDEX audit_log_record ON audit_log (record_kind, record_id, at);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at INTEGER NOT NULL
);
