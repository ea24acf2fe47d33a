//! Support requests on the server (docs/RULES.md §2.7): raising one, and
//! reading one with its comments and status history. The queue's changes
//! are in `support/queue.rs`. Callers have already asked `decide` through
//! the one guard (`api::records::guard`).
pub mod queue;

use crate::api::records::guard;
use crate::auth::permissions::{
    decide_network, decide_support_comment, Action, NetworkTarget, RecordKind,
};
use crate::auth::roles::{NetworkRole, Principal};
use crate::error::AppError;
use crate::records::schema::column;
use crate::records::support::{
    Assignee, Comment, NewRequest, RelatedRecord, RequestDetail, Status, UPGRADE_SUBJECT,
};
use crate::records::view::HistoryEntry;
use crate::ssr::audit::{history, Audit, AuditAction, AuditKind, FieldChange, Order};
use crate::ssr::clock::{now, today};
use crate::ssr::db::Db;
use crate::ssr::records::detail;

const KIND: RecordKind = RecordKind::SupportRequest;

/// The related record of a new request: one the requester may view. An
/// upgrade request is about an EC: the requester's own EC record when they
/// name none (docs/RULES.md §2.2).
pub async fn related_of(
    me: &Principal,
    r: &NewRequest,
) -> Result<Option<(RecordKind, i64)>, AppError> {
    let related = match (r.related, r.subject == UPGRADE_SUBJECT) {
        (None, true) => me
            .network
            .as_ref()
            .filter(|g| g.role == NetworkRole::EnterpriseCoordinator)
            .and_then(|g| g.binding.ec_id)
            .map(|ec| (RecordKind::Ec, ec)),
        (related, _) => related,
    };
    match related {
        Some((kind, _)) if r.subject == UPGRADE_SUBJECT && kind != RecordKind::Ec => {
            Err(AppError::invalid(
                "related_kind",
                "An upgrade to Hub Lead is about an EC record: choose EC as the related record's kind.",
            ))
        }
        None if r.subject == UPGRADE_SUBJECT => Err(AppError::invalid(
            "related_id",
            "Say which EC record to upgrade: choose EC and enter its record number.",
        )),
        Some((kind, id)) => match guard::visible(me, kind, id).await {
            Ok(_) => Ok(Some((kind, id))),
            Err(_) => Err(AppError::invalid(
                "related_id",
                format!(
                    "There is no {} number {id} that you can see.",
                    kind.plural().trim_end_matches('s')
                ),
            )),
        },
        None => Ok(None),
    }
}

/// Stores a new request (status New), audited as added by the requester.
pub async fn raise(
    db: &Db,
    me: &Principal,
    r: &NewRequest,
    related: Option<(RecordKind, i64)>,
) -> Result<i64, AppError> {
    let mut tx = db.begin_write().await?;
    let t = now();
    let id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO support_requests (user_id, subject, subject_other, body, related_kind, related_id, \
         status, raised_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'new', $7, $8, $8) RETURNING id",
    )
    .bind(me.user_id)
    .bind(r.subject)
    .bind(&r.subject_other)
    .bind(&r.description)
    .bind(related.map(|(k, _)| k.slug()))
    .bind(related.map(|(_, id)| id))
    .bind(today())
    .bind(t)
    .fetch_one(&mut *tx)
    .await?;
    let related_text = related.map(|(k, id)| format!("{} {id}", k.slug()));
    let changes = [
        FieldChange::new("subject", None, Some(r.subject.to_string())),
        FieldChange::new("subject_other", None, Some(r.subject_other.clone())),
        FieldChange::new("description", None, Some(r.description.clone())),
        FieldChange::new("related", None, related_text),
        FieldChange::new("status", None, Some(Status::New.label().to_string())),
    ];
    Audit::by(me.user_id, AuditKind::Network(KIND), id)
        .fields(&mut tx, AuditAction::Add, &changes)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// The stored columns of one request.
#[derive(sqlx::FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub version: i64,
    pub subject: String,
    pub subject_other: String,
    pub body: String,
    pub status: String,
    pub reject_reason: String,
    pub raised_by: String,
    pub created_at: i64,
    pub assignee_id: Option<i64>,
    pub assignee: Option<String>,
    pub related_kind: Option<String>,
    pub related_id: Option<i64>,
}

impl RequestRow {
    pub fn status(&self) -> Status {
        Status::from_code(&self.status).unwrap_or(Status::New)
    }
    pub fn related(&self) -> Option<(RecordKind, i64)> {
        let kind = RecordKind::from_slug(self.related_kind.as_deref()?)?;
        Some((kind, self.related_id?))
    }
}

/// Reads a request (no permission check: callers ask `decide` first).
pub async fn row<'e, E>(ex: E, id: i64) -> Result<Option<RequestRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as::<_, RequestRow>(
        "SELECT t.id, t.version, t.subject, t.subject_other, t.body, t.status, t.reject_reason, \
         u.first_name || ' ' || u.last_name AS raised_by, t.created_at, t.assignee_id, \
         a.first_name || ' ' || a.last_name AS assignee, t.related_kind, t.related_id \
         FROM support_requests t JOIN users u ON u.id = t.user_id LEFT JOIN users a ON a.id = t.assignee_id \
         WHERE t.id = $1",
    )
    .bind(id)
    .fetch_optional(ex)
    .await
}

/// The Network Ops and Admin logins a request may be assigned to.
pub async fn assignees<'e, E>(ex: E) -> Result<Vec<Assignee>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as::<_, Assignee>(
        "SELECT DISTINCT u.id, u.first_name || ' ' || u.last_name AS name FROM users u \
         JOIN role_grants g ON g.user_id = u.id AND g.role IN ('network-ops', 'admin') AND g.status = 'active' \
         WHERE u.active = 1 ORDER BY name, u.id",
    )
    .fetch_all(ex)
    .await
}

/// One request as its page shows it to `me`, who may view it.
pub async fn detail(db: &Db, me: &Principal, id: i64) -> Result<RequestDetail, AppError> {
    let r = row(&db.read, id)
        .await?
        .ok_or_else(|| guard::not_found(KIND, id))?;
    let view = guard::visible(me, KIND, id).await?;
    let may_comment = decide_support_comment(me, &view.facts).is_allowed();
    let may_work =
        decide_network(me, Action::Edit, &NetworkTarget::Record(KIND, view.facts)).is_allowed();
    let status = r.status();
    let related = match r.related() {
        Some((kind, rid)) => {
            let title = guard::visible(me, kind, rid).await.ok().map(|v| v.title);
            Some(RelatedRecord {
                kind,
                id: rid,
                title,
            })
        }
        None => None,
    };
    let upgrade_link = match (&related, r.subject == UPGRADE_SUBJECT, status.is_final()) {
        (Some(rel), true, false) if rel.kind == RecordKind::Ec && may_work => {
            let ec = detail::load(db, RecordKind::Ec, rel.id).await?;
            ec.filter(|ec| {
                let target = NetworkTarget::Record(RecordKind::Ec, ec.facts.clone());
                decide_network(me, Action::UpgradeHubLead, &target).is_allowed()
            })
            .map(|ec| format!("/areas/ecs/{}?upgrade_request={id}", ec.id))
        }
        _ => None,
    };
    let comments = sqlx::query_as::<_, Comment>(
        "SELECT c.created_at AS at, u.first_name || ' ' || u.last_name AS author, c.body \
         FROM support_request_comments c JOIN users u ON u.id = c.author_id \
         WHERE c.request_id = $1 ORDER BY c.id",
    )
    .bind(id)
    .fetch_all(&db.read)
    .await?;
    let history = history(db, AuditKind::Network(KIND), id, Order::OldestFirst)
        .await?
        .into_iter()
        .map(labelled)
        .collect();
    let assignees = if may_work {
        assignees(&db.read).await?
    } else {
        vec![]
    };
    Ok(RequestDetail {
        id: r.id,
        version: r.version,
        subject: r.subject.clone(),
        subject_other: r.subject_other.clone(),
        description: r.body.clone(),
        status,
        reject_reason: r.reject_reason.clone(),
        raised_by: r.raised_by.clone(),
        raised_at: r.created_at,
        assignee_id: r.assignee_id,
        assignee: r.assignee.clone(),
        related,
        comments,
        history,
        may_work,
        may_comment,
        assignees,
        upgrade_link,
    })
}

/// A history entry with the field's label instead of its stored key.
fn labelled(h: HistoryEntry) -> HistoryEntry {
    let field = h.field.as_deref().map(|k| {
        column(KIND, k)
            .map(|c| c.label.to_string())
            .unwrap_or_else(|| k.replace('_', " "))
    });
    HistoryEntry { field, ..h }
}
