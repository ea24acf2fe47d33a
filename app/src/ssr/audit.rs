//! The one audit API: who changed which field of which record, when. Every
//! change is written inside the transaction that makes it, so a change and
//! its audit rows land together or not at all.
use super::clock::now;
use super::db::{Db, Tx};
use super::request::request_id;
use super::sql::Sql;
use crate::auth::permissions::RecordKind;
use crate::records::view::HistoryEntry;

/// What an audit row is about. The stored names are stable: history pages
/// and older rows read them back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditKind {
    /// A network record, stored under its kind's URL slug.
    Network(RecordKind),
    OrgUnit,
    Staff,
    /// A login account.
    User,
    Assessment,
    SystemSettings,
}

impl AuditKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::Network(kind) => kind.slug(),
            AuditKind::OrgUnit => "org_unit",
            AuditKind::Staff => "staff",
            AuditKind::User => "user",
            AuditKind::Assessment => "assessment",
            AuditKind::SystemSettings => "system_settings",
        }
    }
}

/// What happened to the record. Stored as `as_str`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditAction {
    Add,
    Create,
    Edit,
    Close,
    Reopen,
    Match,
    Unmatch,
    Assign,
    AssignEc,
    Upgrade,
    AcceptInvitation,
    Move,
    Rename,
    SetDirector,
    LinkStaff,
    SetOrgRole,
    CreateFromCommandLine,
    Deactivate,
    Reactivate,
    Submit,
    Endorse,
    /// Admin confirmed a monthly return (docs/RULES.md §2.4).
    Confirm,
    /// Admin returned a monthly return to its Partner, with a reason.
    Return,
    /// A register import changed a register-owned field.
    Import,
    /// An existing login gained a network role grant (docs/RULES.md §1).
    GainRole,
    /// A login lost a grant (a Hub Lead back to a plain EC, docs/RULES.md §2.2).
    LoseRole,
    /// A comment on a support request (docs/RULES.md §2.7).
    Comment,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Add => "add",
            AuditAction::Create => "create",
            AuditAction::Edit => "edit",
            AuditAction::Close => "close",
            AuditAction::Reopen => "reopen",
            AuditAction::Match => "match",
            AuditAction::Unmatch => "unmatch",
            AuditAction::Assign => "assign",
            AuditAction::AssignEc => "assigned EC",
            AuditAction::Upgrade => "upgrade",
            AuditAction::AcceptInvitation => "accept invitation",
            AuditAction::Move => "move",
            AuditAction::Rename => "rename",
            AuditAction::SetDirector => "set director",
            AuditAction::LinkStaff => "link staff",
            AuditAction::SetOrgRole => "set org role",
            AuditAction::CreateFromCommandLine => "create (command line)",
            AuditAction::Deactivate => "deactivate",
            AuditAction::Reactivate => "reactivate",
            AuditAction::Submit => "submit",
            AuditAction::Endorse => "endorse",
            AuditAction::Confirm => "confirm",
            AuditAction::Return => "return",
            AuditAction::Import => "register import",
            AuditAction::GainRole => "gain role",
            AuditAction::LoseRole => "lose role",
            AuditAction::Comment => "comment",
        }
    }
}

/// One field's value before and after; `field` is the stored field name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl FieldChange {
    pub fn new(field: &'static str, old: Option<String>, new: Option<String>) -> Self {
        FieldChange { field, old, new }
    }

    pub fn changed(&self) -> bool {
        self.old != self.new
    }
}

/// Where a change came from; stored in the audit row's `request_id` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditSource {
    /// A web or API request: its request id.
    Request,
    /// The server's command line.
    CommandLine,
    /// A register import.
    Import,
}

impl AuditSource {
    fn label(self) -> String {
        match self {
            AuditSource::Request => request_id(),
            AuditSource::CommandLine => "cli".to_string(),
            AuditSource::Import => "import".to_string(),
        }
    }
}

/// Who changes which record: every audit row of one request shares it.
/// `actor` is None for the system (imports, the command line).
#[derive(Clone, Copy, Debug)]
pub struct Audit {
    pub actor: Option<i64>,
    pub kind: AuditKind,
    pub record_id: i64,
    pub source: AuditSource,
}

impl Audit {
    /// A change a signed-in user makes through a request.
    pub fn by(actor: i64, kind: AuditKind, record_id: i64) -> Self {
        Audit {
            actor: Some(actor),
            kind,
            record_id,
            source: AuditSource::Request,
        }
    }

    /// A change made by the system (`source` says how), with no signed-in actor.
    pub fn system(source: AuditSource, kind: AuditKind, record_id: i64) -> Self {
        Audit {
            actor: None,
            kind,
            record_id,
            source,
        }
    }

    /// A whole-record event (add, close, submit…), with an optional note.
    pub async fn event(
        &self,
        tx: &mut Tx,
        action: AuditAction,
        note: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        self.write(tx, action, None, None, note, &self.source.label())
            .await
    }

    /// The record was closed: its status went from active to closed.
    pub async fn closed(&self, tx: &mut Tx) -> Result<usize, sqlx::Error> {
        let change = FieldChange::new("status", Some("active".into()), Some("closed".into()));
        self.fields(tx, AuditAction::Close, &[change]).await
    }

    /// One row per field whose value changed; returns how many changed.
    pub async fn fields(
        &self,
        tx: &mut Tx,
        action: AuditAction,
        changes: &[FieldChange],
    ) -> Result<usize, sqlx::Error> {
        let rid = self.source.label();
        let mut n = 0;
        for c in changes.iter().filter(|c| c.changed()) {
            self.write(
                tx,
                action,
                Some(c.field),
                c.old.as_deref(),
                c.new.as_deref(),
                &rid,
            )
            .await?;
            n += 1;
        }
        Ok(n)
    }

    /// The rows `fields` would write for many records at once, in a few
    /// multi-row statements: a register import changes thousands of records
    /// per transaction. Returns how many rows were written.
    pub async fn fields_of_many(
        tx: &mut Tx,
        entries: &[(Audit, AuditAction, FieldChange)],
    ) -> Result<usize, sqlx::Error> {
        let at = now();
        let changed: Vec<_> = entries.iter().filter(|(_, _, c)| c.changed()).collect();
        for chunk in changed.chunks(200) {
            let mut sql = Sql::new(
                "INSERT INTO audit_log (at, actor_user_id, record_kind, record_id, action, field, \
                 old_value, new_value, request_id) VALUES ",
            );
            for (i, (audit, action, c)) in chunk.iter().enumerate() {
                let values = [
                    sql.arg(at),
                    sql.arg(audit.actor),
                    sql.arg(audit.kind.as_str()),
                    sql.arg(audit.record_id),
                    sql.arg(action.as_str()),
                    sql.arg(c.field),
                    sql.arg(c.old.clone()),
                    sql.arg(c.new.clone()),
                    sql.arg(audit.source.label()),
                ];
                sql.push(if i == 0 { "(" } else { ", (" })
                    .push(&values.join(", "))
                    .push(")");
            }
            sql.query().execute(&mut **tx).await?;
        }
        Ok(changed.len())
    }

    async fn write(
        &self,
        tx: &mut Tx,
        action: AuditAction,
        field: Option<&str>,
        old_value: Option<&str>,
        new_value: Option<&str>,
        request_id: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_user_id, record_kind, record_id, action, field, \
             old_value, new_value, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(now())
        .bind(self.actor)
        .bind(self.kind.as_str())
        .bind(self.record_id)
        .bind(action.as_str())
        .bind(field)
        .bind(old_value)
        .bind(new_value)
        .bind(request_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}

/// Which way a history reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    NewestFirst,
    OldestFirst,
}

/// Every audited change of one record, with who made it.
pub async fn history(
    db: &Db,
    kind: AuditKind,
    record_id: i64,
    order: Order,
) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    let dir = match order {
        Order::NewestFirst => "DESC",
        Order::OldestFirst => "ASC",
    };
    let sql = format!(
        "SELECT a.at, COALESCE(u.first_name || ' ' || u.last_name, 'System') AS actor, a.action, \
         a.field, a.old_value, a.new_value FROM audit_log a \
         LEFT JOIN users u ON u.id = a.actor_user_id \
         WHERE a.record_kind = $1 AND a.record_id = $2 ORDER BY a.id {dir}"
    );
    sqlx::query_as::<_, HistoryEntry>(&sql)
        .bind(kind.as_str())
        .bind(record_id)
        .fetch_all(&db.read)
        .await
}
