//! The picker search: the list's own FROM/WHERE (scope, status, search text)
//! and its default order, cut to a few rows (docs/RULES.md §2.5).
use crate::api::pickers::{Choice, PickPurpose, MAX_CHOICES};
use crate::auth::permissions::{NetworkScope, RecordKind};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::records::query::ListQuery;
use crate::ssr::db::Db;
use crate::ssr::guard::network_kind;
use crate::ssr::records::list::{from_where, order_by};
use crate::ssr::records::tables::table;

/// The scope a picker searches in, or `decide`'s refusal (403), or 422 when
/// the purpose never chooses this kind.
pub fn picker_scope(
    me: &Principal,
    kind: RecordKind,
    purpose: PickPurpose,
) -> Result<NetworkScope, AppError> {
    if !purpose.picks(kind) {
        return Err(AppError::invalid(
            "kind",
            format!("This picker does not choose {}.", kind.plural()),
        ));
    }
    let (action, on) = purpose.gate(kind);
    network_kind(me, action, on)?;
    network_kind(me, purpose.search_action(), kind)
}

/// The second line shown under each choice, by kind.
fn hint_key(kind: RecordKind) -> Option<&'static str> {
    match kind {
        RecordKind::Ea | RecordKind::Ec => Some("email"),
        RecordKind::Institution | RecordKind::Employer => Some("postcode"),
        RecordKind::SubContractor => Some("partner"),
        RecordKind::Partner => Some("region"),
        RecordKind::Organisation
        | RecordKind::PartnerUser
        | RecordKind::CecStaffUser
        | RecordKind::NationalUser
        | RecordKind::CompassReport
        | RecordKind::SupportRequest
        | RecordKind::MonthlySubmission
        | RecordKind::UrnList => None,
    }
}

#[derive(sqlx::FromRow)]
struct ChoiceRow {
    id: i64,
    label: Option<String>,
    hint: Option<String>,
}

/// Up to `MAX_CHOICES` open records of `kind` within `scope` matching `text`.
pub async fn search(
    db: &Db,
    me: &Principal,
    kind: RecordKind,
    scope: NetworkScope,
    text: &str,
) -> Result<Vec<Choice>, AppError> {
    let t = table(kind)
        .ok_or_else(|| AppError::invalid("kind", format!("{} cannot be chosen.", kind.plural())))?;
    let q = ListQuery {
        q: text.to_string(),
        ..ListQuery::default()
    };
    let hint = hint_key(kind)
        .and_then(|k| t.col(k))
        .map_or("''", |c| c.expr);
    let mut sql = from_where(db.backend, t, me, scope, &q, None);
    sql.prepend(&format!(
        "SELECT t.id AS id, CAST({} AS TEXT) AS label, CAST({hint} AS TEXT) AS hint",
        t.title
    ))
    .push(&format!("{} LIMIT {MAX_CHOICES}", order_by(t, &q)));
    let rows = sql.query_as::<ChoiceRow>().fetch_all(&db.read).await?;
    Ok(rows
        .into_iter()
        .map(|r| Choice {
            id: r.id,
            label: r.label.unwrap_or_default(),
            hint: r.hint.unwrap_or_default(),
        })
        .collect())
}
