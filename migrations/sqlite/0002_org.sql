-- Org units and assessments (seed 004). The org tree, staff and settings
-- tables come from 0001; this adds assessments and the indexes their
-- filters use. Portable types only: INTEGER ids, epoch-second timestamps,
-- ratings as small integers, periods as TEXT ('2026' or '2026-Q3').
-- Assessments are never deleted; no org role may close one (SPEC 4 matrix).

CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    assessee_staff_id INTEGER NOT NULL REFERENCES staff (id),
    reporting_officer_staff_id INTEGER NOT NULL REFERENCES staff (id),
    period TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'endorsed')),
    -- five competency ratings, 1 (poor) to 5 (outstanding); NULL until rated
    rating_1 INTEGER CHECK (rating_1 BETWEEN 1 AND 5),
    rating_2 INTEGER CHECK (rating_2 BETWEEN 1 AND 5),
    rating_3 INTEGER CHECK (rating_3 BETWEEN 1 AND 5),
    rating_4 INTEGER CHECK (rating_4 BETWEEN 1 AND 5),
    rating_5 INTEGER CHECK (rating_5 BETWEEN 1 AND 5),
    comments TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id),
    submitted_at INTEGER,
    submitted_by INTEGER REFERENCES users (id),
    endorsed_at INTEGER,
    endorsed_by INTEGER REFERENCES users (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- one assessment per staff member per period
    UNIQUE (assessee_staff_id, period)
);
CREATE INDEX assessments_period_status ON assessments (period, status);
CREATE INDEX assessments_status ON assessments (status, updated_at);
CREATE INDEX assessments_reporting_officer ON assessments (reporting_officer_staff_id);
CREATE INDEX assessments_updated ON assessments (updated_at);

CREATE INDEX staff_name ON staff (last_name, first_name);
CREATE INDEX staff_user ON staff (user_id);
CREATE INDEX org_units_director ON org_units (director_staff_id);
CREATE INDEX users_org_role ON users (org_role, active);
