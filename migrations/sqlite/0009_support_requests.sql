-- Support requests (docs/RULES.md §2.7): New -> In progress -> Resolved or
-- Rejected (with a reason), a subject from a fixed list (or Other with free
-- text), an optional related record, an assignee from the national staff and
-- comments. SQLite cannot change a CHECK constraint, so the table is rebuilt;
-- earlier rows keep their text as an "Other" subject.
CREATE TABLE support_requests_v2 (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    subject TEXT NOT NULL,
    subject_other TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    related_kind TEXT,
    related_id INTEGER,
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'resolved', 'rejected')),
    reject_reason TEXT NOT NULL DEFAULT '',
    assignee_id INTEGER REFERENCES users (id),
    raised_on TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
INSERT INTO support_requests_v2 (id, user_id, subject, subject_other, body, status, raised_on, version, created_at, updated_at)
SELECT id, user_id, 'Other', subject, body,
       CASE status WHEN 'closed' THEN 'resolved' ELSE 'new' END,
       date(created_at, 'unixepoch'), version, created_at, updated_at
FROM support_requests;
DROP TABLE support_requests;
ALTER TABLE support_requests_v2 RENAME TO support_requests;
CREATE INDEX support_requests_user ON support_requests (user_id, status);
CREATE INDEX support_requests_status ON support_requests (status, id);
CREATE INDEX support_requests_assignee ON support_requests (assignee_id, status);
CREATE INDEX support_requests_related ON support_requests (related_kind, related_id);

CREATE TABLE support_request_comments (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES support_requests (id),
    author_id INTEGER NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX support_request_comments_request ON support_request_comments (request_id, id);

-- The grant a Hub Lead upgrade gave the EC's login (docs/RULES.md §2.2),
-- closed again when the record goes back to a plain EC.
ALTER TABLE ecs ADD COLUMN hub_lead_grant_id INTEGER REFERENCES role_grants (id);
