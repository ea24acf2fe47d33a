//! How each network record kind is stored: its FROM clause, the SQL of each
//! schema column, what search looks at, and the columns scoping reads.
use crate::auth::permissions::RecordKind;
use crate::ssr::scope_flags as flags;

pub struct Col {
    pub key: &'static str,
    /// Expression selected (cast to text) and sorted on.
    pub expr: &'static str,
    /// The column an edit writes, in `Table::table`.
    pub write: Option<&'static str>,
    /// The filter's own condition, where comparing `expr` would read every
    /// row: `(yes, no)` for a flag, `(before, on or after)` for a `Before`
    /// date, one condition (the first) for any other filter; `?` stands for
    /// the value.
    pub filter_sql: Option<(&'static str, &'static str)>,
}

const fn c(key: &'static str, expr: &'static str) -> Col {
    Col {
        key,
        expr,
        write: None,
        filter_sql: None,
    }
}
const fn w(key: &'static str, expr: &'static str, column: &'static str) -> Col {
    Col {
        key,
        expr,
        write: Some(column),
        filter_sql: None,
    }
}
const fn filtered(key: &'static str, expr: &'static str, sql: (&'static str, &'static str)) -> Col {
    Col {
        key,
        expr,
        write: None,
        filter_sql: Some(sql),
    }
}

/// The columns scoping needs, as SQL expressions over the FROM clause.
pub struct FactCols {
    pub partner: Option<&'static str>,
    pub ec: Option<&'static str>,
    pub subcontractors: &'static [&'static str],
    pub user: Option<&'static str>,
}

pub struct Table {
    pub kind: RecordKind,
    /// The table edits write to (aliased `t` in `from`).
    pub table: &'static str,
    pub from: &'static str,
    pub cols: &'static [Col],
    pub search: &'static [&'static str],
    /// The trigram index that narrows `search` on SQLite, where the kind has
    /// one: an FTS5 table kept by triggers (docs/RULES.md §3.1), and the
    /// expression its rowid equals. Its text must cover every `search` field.
    pub search_index: Option<(&'static str, &'static str)>,
    /// 'active' or 'closed'.
    pub status: &'static str,
    /// Whether the kind can be closed at all (has status/closed_at columns).
    pub closable: bool,
    /// The optimistic-concurrency version column ("1" where records are never edited).
    pub version: &'static str,
    pub title: &'static str,
    pub facts: FactCols,
}

impl Table {
    pub fn col(&self, key: &str) -> Option<&Col> {
        self.cols.iter().find(|c| c.key == key)
    }
}

const NO_FACTS: FactCols = FactCols {
    partner: None,
    ec: None,
    subcontractors: &[],
    user: None,
};
const PERSON: &str = "t.first_name || ' ' || t.last_name";

/// docs/RULES.md §7: an EA with at least one active match (stored, §7.3).
pub const EA_MATCHED: &str = flags::MATCHED_YES_NO;
/// The benchmarks the latest evaluation (`l`) fully achieves, as "1 4 8".
pub const FULLY_ACHIEVED: &str = "TRIM(CASE WHEN l.b1 = 100 THEN '1 ' ELSE '' END || CASE WHEN l.b2 = 100 THEN '2 ' ELSE '' END \
     || CASE WHEN l.b3 = 100 THEN '3 ' ELSE '' END || CASE WHEN l.b4 = 100 THEN '4 ' ELSE '' END \
     || CASE WHEN l.b5 = 100 THEN '5 ' ELSE '' END || CASE WHEN l.b6 = 100 THEN '6 ' ELSE '' END \
     || CASE WHEN l.b7 = 100 THEN '7 ' ELSE '' END || CASE WHEN l.b8 = 100 THEN '8 ' ELSE '' END)";

const EA: Table = Table {
    kind: RecordKind::Ea,
    table: "eas",
    from: "eas t LEFT JOIN ecs e ON e.id = t.ec_id LEFT JOIN partners p ON p.id = t.partner_id \
           LEFT JOIN employers m ON m.id = t.employer_id",
    cols: &[
        w("title", "t.title", "title"),
        w("first_name", "t.first_name", "first_name"),
        w("last_name", "t.last_name", "last_name"),
        w("email", "t.email", "email"),
        w("signed_up_on", "t.signed_up_on", "signed_up_on"),
        w("induction_on", "t.induction_on", "induction_on"),
        w("dbs_check_on", "t.dbs_check_on", "dbs_check_on"),
        c("employer", "m.name"),
        w("employer_id", "t.employer_id", "employer_id"),
        w("job_title", "t.job_title", "job_title"),
        w("sector", "t.sector", "sector"),
        c("ec", "e.first_name || ' ' || e.last_name"),
        c("partner", "p.name"),
        filtered("matched", EA_MATCHED, flags::MATCHED_FILTER),
    ],
    search: &[PERSON, "t.email"],
    search_index: Some(("eas_search", "t.id")),
    status: "t.status",
    closable: true,
    version: "t.version",
    title: PERSON,
    facts: FactCols {
        partner: Some("t.partner_id"),
        ec: Some("t.ec_id"),
        subcontractors: &["t.subcontractor_id", "t.created_by_sc_id"],
        user: None,
    },
};

const INSTITUTION: Table = Table {
    kind: RecordKind::Institution,
    table: "institutions",
    from: "institutions t LEFT JOIN partners p ON p.id = t.partner_id LEFT JOIN ecs e ON e.id = t.ec_id \
           LEFT JOIN subcontractors s ON s.id = t.subcontractor_id \
           LEFT JOIN latest_evaluations l ON l.institution_id = t.id",
    cols: &[
        c("urn", "t.urn"),
        w("name", "t.name", "name"),
        w("phase", "t.phase", "phase"),
        w("establishment_type", "t.establishment_type", "establishment_type"),
        w("establishment_group", "t.establishment_group", "establishment_group"),
        w("local_authority", "t.local_authority", "local_authority"),
        w("postcode", "t.postcode", "postcode"),
        w("open_date", "t.open_date", "open_date"),
        w("close_date", "t.close_date", "close_date"),
        c("partner", "p.name"),
        c("ec", "e.first_name || ' ' || e.last_name"),
        w("careers_leader", "t.careers_leader_contact", "careers_leader_contact"),
        w("notes", "t.notes", "notes"),
        // docs/RULES.md §7.3: stored answers, kept on write.
        filtered("in_scope", flags::IN_SCOPE_YES_NO, flags::IN_SCOPE_FILTER),
        c("subcontractor", "s.name"),
        c("region", "p.region"),
        filtered("matched", flags::MATCHED_YES_NO, flags::MATCHED_FILTER),
        c("latest_evaluation", "l.completed_on"),
        c("latest_evaluation_type", "l.evaluation_type"),
        c("benchmarks_achieved", "CAST(l.achieved AS TEXT)"),
        c("benchmarks_fully_achieved", FULLY_ACHIEVED),
    ],
    search: &["t.name", "t.urn", "t.postcode"],
    search_index: Some(("institutions_search", "t.id")),
    status: "t.status",
    closable: true,
    version: "t.version",
    title: "t.name || ' (' || t.urn || ')'",
    facts: FactCols { partner: Some("t.partner_id"), ec: Some("t.ec_id"), subcontractors: &["t.subcontractor_id"], user: None },
};

const EMPLOYER: Table = Table {
    kind: RecordKind::Employer,
    table: "employers",
    from: "employers t",
    cols: &[
        w("name", "t.name", "name"),
        w("sector", "t.sector", "sector"),
        w("size_band", "t.size_band", "size_band"),
        w("postcode", "t.postcode", "postcode"),
        w(
            "cornerstone",
            "CASE WHEN t.cornerstone = 1 THEN 'yes' ELSE 'no' END",
            "cornerstone",
        ),
        w("cornerstone_from", "t.cornerstone_from", "cornerstone_from"),
        w("cornerstone_to", "t.cornerstone_to", "cornerstone_to"),
    ],
    search: &["t.name", "t.postcode"],
    search_index: Some(("employers_search", "t.id")),
    status: "t.status",
    closable: true,
    version: "t.version",
    title: "t.name",
    facts: NO_FACTS,
};

const EC: Table = Table {
    kind: RecordKind::Ec,
    table: "ecs",
    from: "ecs t LEFT JOIN partners p ON p.id = t.partner_id LEFT JOIN subcontractors s ON s.id = t.subcontractor_id",
    cols: &[
        w("first_name", "t.first_name", "first_name"),
        w("last_name", "t.last_name", "last_name"),
        w("email", "t.email", "email"),
        w("phone", "t.phone", "phone"),
        c("partner", "p.name"),
        c("subcontractor", "s.name"),
        c(
            "hub_lead",
            "CASE t.hub_lead WHEN 'ohl' THEN 'Operational (OHL)' WHEN 'shl' THEN 'Strategic (SHL)' ELSE 'None' END",
        ),
    ],
    search: &[PERSON, "t.email"],
    search_index: Some(("ecs_search", "t.id")),
    status: "t.status",
    closable: true,
    version: "t.version",
    title: PERSON,
    facts: FactCols {
        partner: Some("t.partner_id"),
        ec: Some("t.id"),
        subcontractors: &["t.subcontractor_id", "t.created_by_sc_id"],
        user: None,
    },
};

const SUBCONTRACTOR: Table = Table {
    kind: RecordKind::SubContractor,
    table: "subcontractors",
    from: "subcontractors t LEFT JOIN partners p ON p.id = t.partner_id",
    cols: &[
        w("name", "t.name", "name"),
        w("email", "t.email", "email"),
        w("contact", "t.contact", "contact"),
        c("partner", "p.name"),
    ],
    search: &["t.name", "t.email", "t.contact"],
    search_index: None,
    status: "t.status",
    closable: true,
    version: "t.version",
    title: "t.name",
    facts: FactCols {
        partner: Some("t.partner_id"),
        ec: None,
        subcontractors: &["t.id"],
        user: None,
    },
};

const PARTNER: Table = Table {
    kind: RecordKind::Partner,
    table: "partners",
    from: "partners t",
    cols: &[
        w("name", "t.name", "name"),
        w("region", "t.region", "region"),
    ],
    search: &["t.name"],
    search_index: None,
    status: "t.status",
    closable: true,
    version: "t.version",
    title: "t.name",
    facts: FactCols {
        partner: Some("t.id"),
        ec: None,
        subcontractors: &[],
        user: None,
    },
};

const ORGANISATION: Table = Table {
    kind: RecordKind::Organisation,
    table: "organisations",
    from: "organisations t",
    cols: &[w("name", "t.name", "name"), w("kind", "t.kind", "kind")],
    search: &["t.name", "t.kind"],
    search_index: None,
    status: "t.status",
    closable: true,
    version: "t.version",
    title: "t.name",
    facts: NO_FACTS,
};

/// A Partner user's Partner is their Partner grant's, not a column of `users`:
/// writes to it go to the login's active Partner grant (`write::update`).
pub const GRANT_PARTNER: &str = "role_grants.partner_id";

const USER_ACTIVE: &str = "CASE WHEN t.active = 1 THEN 'yes' ELSE 'no' END";

const PARTNER_USER: Table = Table {
    kind: RecordKind::PartnerUser,
    table: "users",
    from: "users t JOIN role_grants g ON g.user_id = t.id AND g.role = 'partner' AND g.status = 'active' \
           LEFT JOIN partners p ON p.id = g.partner_id",
    cols: &[
        w("title", "t.title", "title"),
        w("first_name", "t.first_name", "first_name"),
        w("last_name", "t.last_name", "last_name"),
        w("email", "t.email", "email"),
        w("phone", "t.phone", "phone"),
        w("job_title", "t.job_title", "job_title"),
        c("partner", "p.name"),
        w("partner_id", "g.partner_id", GRANT_PARTNER),
        w("access_expires_on", "t.access_expires_on", "access_expires_on"),
        w("active", USER_ACTIVE, "active"),
    ],
    search: &[PERSON, "t.email"],
    search_index: None,
    status: "CASE WHEN t.active = 1 THEN 'active' ELSE 'closed' END",
    closable: false,
    version: "t.version",
    title: PERSON,
    facts: FactCols { partner: Some("g.partner_id"), ec: None, subcontractors: &[], user: Some("t.id") },
};

const CEC_STAFF_USER: Table = Table {
    kind: RecordKind::CecStaffUser,
    table: "users",
    from: "users t JOIN role_grants g ON g.user_id = t.id AND g.role = 'cec-staff' AND g.status = 'active'",
    cols: &[
        w("title", "t.title", "title"),
        w("first_name", "t.first_name", "first_name"),
        w("last_name", "t.last_name", "last_name"),
        w("email", "t.email", "email"),
        w("phone", "t.phone", "phone"),
        w("job_title", "t.job_title", "job_title"),
        w("access_activated_on", "t.access_activated_on", "access_activated_on"),
        w("access_expires_on", "t.access_expires_on", "access_expires_on"),
        w("active", USER_ACTIVE, "active"),
    ],
    search: &[PERSON, "t.email"],
    search_index: None,
    status: "CASE WHEN t.active = 1 THEN 'active' ELSE 'closed' END",
    closable: false,
    version: "t.version",
    title: PERSON,
    facts: FactCols { partner: None, ec: None, subcontractors: &[], user: Some("t.id") },
};

/// One row per national grant (an account holding both shows twice, once per role).
const NATIONAL_USER: Table = Table {
    kind: RecordKind::NationalUser,
    table: "users",
    from: "users t JOIN role_grants g ON g.user_id = t.id AND g.role IN ('network-ops', 'admin') AND g.status = 'active'",
    cols: &[
        c("first_name", "t.first_name"),
        c("last_name", "t.last_name"),
        c("email", "t.email"),
        c("role", "CASE g.role WHEN 'admin' THEN 'Admin' ELSE 'Network Ops' END"),
        c("active", USER_ACTIVE),
    ],
    search: &[PERSON, "t.email"],
    search_index: None,
    status: "CASE WHEN t.active = 1 THEN 'active' ELSE 'closed' END",
    closable: false,
    version: "t.version",
    title: PERSON,
    facts: FactCols { partner: None, ec: None, subcontractors: &[], user: Some("t.id") },
};

/// docs/RULES.md §3.2: the report evaluated just before this one (`t`) at
/// the same institution (`p`, by date completed, then the order recorded).
macro_rules! previous_report {
    () => {
        "SELECT p.id FROM compass_reports p WHERE p.institution_id = t.institution_id \
         AND (p.completed_on < t.completed_on OR (p.completed_on = t.completed_on AND p.id < t.id)) \
         ORDER BY p.completed_on DESC, p.id DESC LIMIT 1"
    };
}
pub const PREVIOUS_REPORT: &str = previous_report!();

const COMPASS: Table = Table {
    kind: RecordKind::CompassReport,
    table: "compass_reports",
    from: "compass_reports t JOIN institutions i ON i.id = t.institution_id",
    cols: &[
        c("urn", "i.urn"),
        c("institution", "i.name"),
        c("evaluation_type", "t.evaluation_type"),
        c("completed_on", "t.completed_on"),
        c("b1", "t.b1"),
        c("b2", "t.b2"),
        c("b3", "t.b3"),
        c("b4", "t.b4"),
        c("b5", "t.b5"),
        c("b6", "t.b6"),
        c("b7", "t.b7"),
        c("b8", "t.b8"),
        c("achieved", "t.achieved"),
        c(
            "change",
            concat!(
                "(t.b1 + t.b2 + t.b3 + t.b4 + t.b5 + t.b6 + t.b7 + t.b8) / 8 - (SELECT (c.b1 + c.b2 + c.b3 + c.b4 \
                 + c.b5 + c.b6 + c.b7 + c.b8) / 8 FROM compass_reports c WHERE c.id = (",
                previous_report!(),
                "))"
            ),
        ),
        // Found from the latest evaluations' side (one row per institution,
        // docs/RULES.md §7), never by testing every report.
        filtered(
            "latest",
            "CASE WHEN t.id = (SELECT l.report_id FROM latest_evaluations l WHERE l.institution_id = t.institution_id) \
             THEN 'yes' ELSE 'no' END",
            (
                "t.id IN (SELECT l.report_id FROM latest_evaluations l)",
                "t.id NOT IN (SELECT l.report_id FROM latest_evaluations l)",
            ),
        ),
        filtered(
            "institution_latest",
            "(SELECT l.completed_on FROM latest_evaluations l WHERE l.institution_id = t.institution_id)",
            (
                "t.id IN (SELECT l.report_id FROM latest_evaluations l WHERE l.completed_on < ?)",
                "t.id IN (SELECT l.report_id FROM latest_evaluations l WHERE l.completed_on >= ?)",
            ),
        ),
    ],
    search: &["i.name", "i.urn"],
    search_index: Some(("institutions_search", "t.institution_id")),
    status: "'active'",
    closable: false,
    version: "1",
    title: "i.name || ' — ' || t.completed_on",
    facts: FactCols { partner: Some("i.partner_id"), ec: Some("i.ec_id"), subcontractors: &["i.subcontractor_id"], user: None },
};

/// A list whose rows each belong to one row of a smaller table that stores
/// how many rows it has: `table` reads those rows alone, with the same
/// search, scope and status as the list, so a count whose conditions all read
/// them adds up `rows` over the matching ones instead of reading every row.
pub struct Counted {
    pub table: Table,
    /// The stored number of the list's rows each of `table`'s rows has.
    pub rows: &'static str,
    /// The filters that read `table`'s rows only.
    pub filters: &'static [&'static str],
}

/// Compass reports counted by institution (docs/RULES.md §3.2): the search
/// (`i.name`, `i.urn`) and every scope (`facts`) read the institution alone,
/// and `institutions.compass_report_count` is kept by triggers.
const COMPASS_BY_INSTITUTION: Counted = Counted {
    table: Table {
        from: "institutions i",
        search_index: Some(("institutions_search", "i.id")),
        ..COMPASS
    },
    rows: "i.compass_report_count",
    filters: &["urn", "institution"],
};

/// How a kind's list can be counted by the rows it belongs to, if it can.
pub fn counted(kind: RecordKind) -> Option<&'static Counted> {
    (kind == RecordKind::CompassReport).then_some(&COMPASS_BY_INSTITUTION)
}

/// Support requests (docs/RULES.md §2.7): open while New or In progress;
/// the requester's own through `user`.
const SUPPORT_REQUEST: Table = Table {
    kind: RecordKind::SupportRequest,
    table: "support_requests",
    from: "support_requests t JOIN users u ON u.id = t.user_id LEFT JOIN users a ON a.id = t.assignee_id",
    cols: &[
        c("reference", "t.id"),
        c("subject", "t.subject"),
        c("subject_other", "t.subject_other"),
        c(
            "status",
            "CASE t.status WHEN 'new' THEN 'New' WHEN 'in_progress' THEN 'In progress' \
             WHEN 'resolved' THEN 'Resolved' ELSE 'Rejected' END",
        ),
        c("raised_by", "u.first_name || ' ' || u.last_name"),
        c("assignee", "a.first_name || ' ' || a.last_name"),
        c("raised_on", "t.raised_on"),
        c("description", "t.body"),
        c("related", "t.related_kind || ' ' || CAST(t.related_id AS TEXT)"),
        c("reject_reason", "t.reject_reason"),
    ],
    search: &["t.subject", "t.subject_other", "t.body", "u.first_name || ' ' || u.last_name", "u.email"],
    search_index: None,
    status: "CASE WHEN t.status IN ('resolved', 'rejected') THEN 'closed' ELSE 'active' END",
    closable: false,
    version: "t.version",
    title: "'Request ' || CAST(t.id AS TEXT) || ': ' || CASE WHEN t.subject = 'Other' AND t.subject_other <> '' THEN 'Other: ' || t.subject_other ELSE t.subject END",
    facts: FactCols { partner: None, ec: None, subcontractors: &[], user: Some("t.user_id") },
};

/// The table of a kind that has a records list.
pub fn table(kind: RecordKind) -> Option<&'static Table> {
    use RecordKind as K;
    match kind {
        K::Ea => Some(&EA),
        K::Institution => Some(&INSTITUTION),
        K::Employer => Some(&EMPLOYER),
        K::Ec => Some(&EC),
        K::SubContractor => Some(&SUBCONTRACTOR),
        K::Partner => Some(&PARTNER),
        K::Organisation => Some(&ORGANISATION),
        K::PartnerUser => Some(&PARTNER_USER),
        K::CecStaffUser => Some(&CEC_STAFF_USER),
        K::CompassReport => Some(&COMPASS),
        K::NationalUser => Some(&NATIONAL_USER),
        K::SupportRequest => Some(&SUPPORT_REQUEST),
        K::MonthlySubmission | K::UrnList => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::schema::columns;
    use crate::ssr::records::cells::cell_columns;

    /// Lists, the detail view and downloads join `records/schema.rs` to these
    /// descriptors by key: every kind × column must be on both sides, in the
    /// same order, and every editable column must have a column to write.
    #[test]
    fn schema_and_sql_descriptors_agree_for_every_kind_and_column() {
        for kind in RecordKind::ALL {
            let (schema, t) = match (columns(kind), table(kind)) {
                (None, None) => continue,
                (Some(schema), Some(t)) => (schema, t),
                (schema, t) => panic!(
                    "{kind:?}: schema columns {} but SQL table {}",
                    schema.is_some(),
                    t.is_some()
                ),
            };
            assert_eq!(t.kind, kind);
            let schema_keys: Vec<&str> = schema.iter().map(|c| c.key).collect();
            let sql_keys: Vec<&str> = t.cols.iter().map(|c| c.key).collect();
            assert_eq!(schema_keys, sql_keys, "{kind:?}");
            for col in schema {
                let sql = t.col(col.key).expect("checked above");
                assert_eq!(
                    col.edit.is_some(),
                    sql.write.is_some(),
                    "{kind:?}.{}: editable in the schema iff written by SQL",
                    col.key
                );
            }
            let cells = cell_columns(t, &schema_keys).expect("every key has SQL");
            assert_eq!(
                cells.matches(" AS c").count(),
                schema_keys.len(),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn a_key_without_sql_is_an_error_not_a_null_column() {
        let err = cell_columns(&EA, &["first_name", "no_such_key"]).unwrap_err();
        assert!(
            matches!(&err, sqlx::Error::ColumnNotFound(name) if name == "eas.no_such_key"),
            "{err:?}"
        );
    }
}
