//! Downloads of a records list — exactly its filtered rows and the kind's
//! fields — as CSV or Excel, streamed from the database cursor.
pub mod files;
pub mod urn_lists;

use app::auth::permissions::{Action, RecordKind};
use app::error::AppError;
use app::records::query::ListQuery;
use app::records::schema::columns;
use app::ssr::guard::network_kind;
use app::ssr::records::cells::read_cells;
use app::ssr::records::list::{all_keys, from_where, order_by, select};
use app::ssr::records::tables::table;
use app::ssr::request::CurrentSession;
use app::ssr::state::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::Extension;
use files::{refuse, respond, Format};
use futures_util::StreamExt;

/// `GET /api/records/{kind}/download?format=csv|xlsx&…list query…`
pub async fn download(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
    session: Option<Extension<CurrentSession>>,
) -> Response {
    let Some(Extension(session)) = session else {
        return refuse(AppError::Unauthorized);
    };
    let me = session.principal;
    let Some(kind) = RecordKind::from_slug(&slug).filter(|k| table(*k).is_some()) else {
        return refuse(AppError::NotFound(format!(
            "there is no list called {slug}"
        )));
    };
    let scope = match network_kind(&me, Action::Download, kind) {
        Ok(scope) => scope,
        Err(refused) => return refuse(refused),
    };
    let query = query.unwrap_or_default();
    let q = match ListQuery::parse_checked(kind, &query) {
        Ok(q) => q,
        Err(refused) => return refuse(refused),
    };
    if !q.q.is_empty() || !q.filters.is_empty() {
        if let Err(refused) = network_kind(&me, Action::Search, kind) {
            return refuse(refused);
        }
    }
    let t = table(kind).expect("checked above");
    let keys = all_keys(kind);
    let select = match select(t, &keys) {
        Ok(select) => select,
        Err(e) => return refuse(e.into()),
    };
    let mut sql = from_where(state.db.backend, t, &me, scope, &q, None);
    sql.prepend(&select).push(&order_by(t, &q));
    let header = columns(kind)
        .unwrap_or_default()
        .iter()
        .map(|c| c.label.to_string())
        .collect();
    tracing::info!(user_id = me.user_id, kind = kind.slug(), "download");
    let (tx, rows) = tokio::sync::mpsc::channel(256);
    tokio::spawn(async move {
        let mut cursor = sql.query().fetch(&state.db.read);
        while let Some(row) = cursor.next().await {
            let cells = row.and_then(|r| read_cells(&r, keys.len()));
            let failed = cells.is_err();
            if tx.send(cells).await.is_err() || failed {
                return;
            }
        }
    });
    respond(Format::from_query(&query), kind.slug(), header, rows, &[]).await
}
