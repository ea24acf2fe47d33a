//! `GET /api/org/reports/download?format=csv|xlsx&unit=…&period=…`: the
//! Organisation Report as a file, exactly the rows the report page shows for
//! those filters (the caller's report scope), streamed from the database
//! cursor. A plain link, so it works without JavaScript.
use crate::download::files::{refuse, respond, Format};
use app::api::org::query::ReportQuery;
use app::auth::permissions::{Action, OrgArea};
use app::error::AppError;
use app::records::query::decode;
use app::ssr::guard::org_area;
use app::ssr::org::assessments::Assessment;
use app::ssr::org::insights::{report_cells, report_header, report_row, report_sql};
use app::ssr::request::CurrentSession;
use app::ssr::state::AppState;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::Extension;
use futures_util::StreamExt;

/// Id, the five ratings and the average are numbers in Excel.
const NUMERIC: &[usize] = &[0, 7, 8, 9, 10, 11, 12];

pub async fn download(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    session: Option<Extension<CurrentSession>>,
) -> Response {
    let Some(Extension(session)) = session else {
        return refuse(AppError::Unauthorized);
    };
    let me = session.principal;
    let scope = match org_area(&me, Action::Download, OrgArea::OrgReport) {
        Ok(scope) => scope,
        Err(refused) => return refuse(refused),
    };
    let pairs: Vec<(String, String)> = query
        .unwrap_or_default()
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    let q = ReportQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let query = query_pairs_format(&pairs);
    let sql = report_sql(&me, scope, &q, None);
    tracing::info!(user_id = me.user_id, "organisation report download");
    let (tx, rows) = tokio::sync::mpsc::channel(256);
    tokio::spawn(async move {
        let mut cursor = sql.query_as::<Assessment>().fetch(&state.db.read);
        while let Some(row) = cursor.next().await {
            let cells = row.map(|r| report_cells(&report_row(r)).into_iter().map(Some).collect());
            let failed = cells.is_err();
            if tx.send(cells).await.is_err() || failed {
                return;
            }
        }
    });
    respond(query, "organisation-report", report_header(), rows, NUMERIC).await
}

fn query_pairs_format(pairs: &[(String, String)]) -> Format {
    if pairs.iter().any(|(k, v)| k == "format" && v == "xlsx") {
        Format::Xlsx
    } else {
        Format::Csv
    }
}
