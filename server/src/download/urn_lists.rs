//! `GET /api/urn-lists/{list}/download?q=…&status=…`: a URN list's entries
//! matching the page's search, as CSV (or Excel), streamed like the records
//! lists' downloads. Admin only, by `decide` (docs/RULES.md §2.2).
use super::files::{refuse, respond, Format};
use app::auth::permissions::{Action, RecordKind};
use app::error::AppError;
use app::records::scope_rule::UrnList;
use app::records::urn_lists::UrnEntry;
use app::records::urn_lists::UrnListQuery;
use app::ssr::guard::network_kind;
use app::ssr::request::CurrentSession;
use app::ssr::state::AppState;
use app::ssr::urn_lists::{from_where, EntryRow, ENTRY_COLUMNS};
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::Extension;
use futures_util::StreamExt;

/// The CSV columns, in the order `cells` gives them.
const HEADER: [&str; 10] = [
    "URN",
    "Institution",
    "In the register",
    "Reason",
    "Added on",
    "Added by",
    "Status",
    "Removed on",
    "Removed by",
    "Reason for removal",
];

fn cells(e: UrnEntry) -> Vec<Option<String>> {
    vec![
        Some(e.urn),
        e.institution.clone(),
        Some(if e.institution.is_some() { "yes" } else { "no" }.to_string()),
        Some(e.reason),
        Some(e.added_on),
        Some(e.added_by),
        Some(if e.active { "active" } else { "removed" }.to_string()),
        e.closed_on,
        e.closed_by,
        e.closed_reason,
    ]
}

pub async fn download(
    State(state): State<AppState>,
    Path(key): Path<String>,
    RawQuery(query): RawQuery,
    session: Option<Extension<CurrentSession>>,
) -> Response {
    let Some(Extension(session)) = session else {
        return refuse(AppError::Unauthorized);
    };
    let me = session.principal;
    if let Err(refused) = network_kind(&me, Action::Download, RecordKind::UrnList) {
        return refuse(refused);
    }
    let Some(list) = UrnList::from_key(&key) else {
        return refuse(AppError::NotFound(format!(
            "there is no URN list called {key}"
        )));
    };
    let query = query.unwrap_or_default();
    let q = UrnListQuery::parse(&query);
    let mut sql = from_where(state.db.backend, list, &q);
    sql.prepend(ENTRY_COLUMNS).push(" ORDER BY e.id");
    tracing::info!(user_id = me.user_id, list = list.key(), "download");
    let (tx, rows) = tokio::sync::mpsc::channel(256);
    tokio::spawn(async move {
        let mut cursor = sql.query_as::<EntryRow>().fetch(&state.db.read);
        while let Some(row) = cursor.next().await {
            let failed = row.is_err();
            let row = row.map(|r| cells(UrnEntry::from(r)));
            if tx.send(row).await.is_err() || failed {
                return;
            }
        }
    });
    let header = HEADER.iter().map(|h| h.to_string()).collect();
    respond(Format::from_query(&query), list.key(), header, rows, &[]).await
}
