//! Network records: list, view and history. Writes are in `records/write.rs`.
pub mod actions;
pub mod added;
pub mod write;

use crate::auth::permissions::RecordKind;
use crate::error::AppError;
use crate::records::view::{HistoryEntry, ListPage, RecordView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub(crate) mod guard;

/// Roles that may view the kind; rows within their scope. Search and filters
/// need the Search permission too.
#[server(prefix = "/api", endpoint = "records/list")]
pub async fn list_records(kind: RecordKind, query: String) -> Result<ListPage, AppError> {
    use crate::auth::permissions::Action;
    use crate::records::query::ListQuery;
    use crate::ssr::guard::network_kind;
    use crate::ssr::request::{require_user, state};
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    let scope = network_kind(&me, Action::View, kind)?;
    let q = ListQuery::parse_checked(kind, &query)?;
    if !q.q.is_empty() || !q.filters.is_empty() {
        network_kind(&me, Action::Search, kind)?;
    }
    if crate::ssr::records::tables::table(kind).is_none() {
        return Err(AppError::NotFound(format!(
            "there is no list of {}",
            kind.plural()
        )));
    }
    Ok(crate::ssr::records::list::list(&st.db, &me, kind, &q, scope, None).await?)
}

/// Roles that may view the record (out of scope: 404, as if it did not exist).
#[server(prefix = "/api", endpoint = "records/get")]
pub async fn get_record(kind: RecordKind, id: i64) -> Result<RecordView, AppError> {
    use crate::ssr::request::{require_user, state};
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    let mut view = guard::visible(&me, kind, id).await?;
    view.related = crate::ssr::records::related::related(&st.db, &me, kind, id).await?;
    if kind == RecordKind::Institution {
        view.notes
            .extend(crate::ssr::scope_rule::explain_institution(&st.db, id).await?);
    }
    view.compass = crate::ssr::records::compass::view(&st.db, &me, kind, id).await?;
    Ok(view)
}

/// Roles that may view the record: every audited change, newest first.
#[server(prefix = "/api", endpoint = "records/history")]
pub async fn record_history(kind: RecordKind, id: i64) -> Result<Vec<HistoryEntry>, AppError> {
    use crate::ssr::request::{require_user, state};
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    guard::visible(&me, kind, id).await?;
    Ok(crate::ssr::records::detail::history(&st.db, kind, id).await?)
}
