//! `GET /api/org/reports/download?format=csv|xlsx&unit=…&period=…`: the
//! Organisation Report as a file, exactly the rows the report page shows for
//! those filters (the caller's report scope), streamed from the database
//! cursor. A plain link, so it works without JavaScript.
use crate::download::neutralise;
use app::api::org::query::ReportQuery;
use app::auth::permissions::{decide, Action, Decision, RecordKind, Target};
use app::error::AppError;
use app::ssr::org::insights::{report_cells, report_header, report_row, report_sql};
use app::ssr::org::sql::Sql;
use app::ssr::request::CurrentSession;
use app::ssr::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures_util::StreamExt;

fn refuse(err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(err)).into_response()
}

fn csv_field(value: &str) -> String {
    let v = neutralise(value);
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.into_owned()
    }
}

fn decode(v: &str) -> String {
    let v = v.replace('+', " ");
    let b = v.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |j: usize| b.get(j).and_then(|c| (*c as char).to_digit(16));
        match (b[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub async fn download(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    session: Option<Extension<CurrentSession>>,
) -> Response {
    let Some(Extension(session)) = session else { return refuse(AppError::Unauthorized) };
    let me = session.principal;
    let scope = match decide(&me, Action::Download, &Target::Kind(RecordKind::OrgReport)) {
        Decision::Allowed(scope) => scope,
        Decision::Denied(reason) => return refuse(AppError::Forbidden(reason.to_string())),
    };
    let pairs: Vec<(String, String)> = query
        .unwrap_or_default()
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    let q = ReportQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let xlsx = pairs.iter().any(|(k, v)| k == "format" && v == "xlsx");
    let sql = report_sql(&me, scope, &q, None);
    let name = format!("organisation-report-{}.{}", app::ssr::clock::today(), if xlsx { "xlsx" } else { "csv" });
    tracing::info!(user_id = me.user_id, xlsx, "organisation report download");
    let body = if xlsx { xlsx_body(state, sql).await } else { Ok(csv_body(state, sql)) };
    let content_type = if xlsx {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else {
        "text/csv; charset=utf-8"
    };
    match body {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, content_type.to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "organisation report download failed");
            refuse(AppError::Internal { request_id: "-".into() })
        }
    }
}

type Chunk = Result<Bytes, std::io::Error>;

/// CSV rows are written in ~64 KB chunks as the cursor yields them.
fn csv_body(state: AppState, sql: Sql) -> Body {
    let (tx, rx) = tokio::sync::mpsc::channel::<Chunk>(8);
    tokio::spawn(async move {
        let mut buf = String::with_capacity(1 << 16);
        let line = |cells: Vec<String>| cells.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(",") + "\r\n";
        buf.push_str(&line(report_header()));
        let mut rows = sql.query().fetch(&state.db.read);
        while let Some(row) = rows.next().await {
            match row {
                Ok(r) => buf.push_str(&line(report_cells(&report_row(&r)))),
                Err(e) => {
                    tracing::error!(error = %e, "report download query failed");
                    let _ = tx.send(Err(std::io::Error::other("query failed"))).await;
                    return;
                }
            }
            if buf.len() >= 1 << 16 && tx.send(Ok(Bytes::from(std::mem::take(&mut buf)))).await.is_err() {
                return; // the client went away
            }
        }
        let _ = tx.send(Ok(Bytes::from(buf))).await;
    });
    Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|c| (c, rx)) }))
}

/// Rows stream into a constant-memory workbook on a blocking thread; the file
/// is then streamed and removed.
async fn xlsx_body(state: AppState, sql: Sql) -> Result<Body, Box<dyn std::error::Error + Send + Sync>> {
    let (row_tx, mut row_rx) = tokio::sync::mpsc::channel::<Vec<String>>(256);
    let reader = tokio::spawn(async move {
        let mut rows = sql.query().fetch(&state.db.read);
        while let Some(row) = rows.next().await {
            if row_tx.send(report_cells(&report_row(&row?))).await.is_err() {
                break;
            }
        }
        Ok::<(), sqlx::Error>(())
    });
    let path = std::env::temp_dir().join(format!("caseboard-org-{}.xlsx", &app::ssr::passwords::random_token()[..16]));
    let out = path.clone();
    let written = tokio::task::spawn_blocking(move || -> Result<(), rust_xlsxwriter::XlsxError> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet_with_constant_memory()?;
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (c, l) in report_header().iter().enumerate() {
            ws.write_string_with_format(0, c as u16, l, &bold)?;
        }
        let mut r = 1u32;
        while let Some(cells) = row_rx.blocking_recv() {
            for (c, v) in cells.iter().enumerate() {
                // Ids, ratings and averages are numbers; the rest is text.
                match v.parse::<f64>() {
                    Ok(n) if c == 0 || c >= 7 => ws.write_number(r, c as u16, n)?,
                    Ok(_) | Err(_) if !v.is_empty() => ws.write_string(r, c as u16, neutralise(v).as_ref())?,
                    Ok(_) | Err(_) => ws,
                };
            }
            r += 1;
        }
        wb.save(&out)
    })
    .await?;
    reader.await??;
    written?;
    let file = tokio::fs::File::open(&path).await?;
    // Unlinked now; the open handle keeps the data until the stream ends.
    tokio::fs::remove_file(&path).await?;
    let stream = futures_util::stream::unfold(file, |mut f| async move {
        use tokio::io::AsyncReadExt;
        let mut buf = vec![0u8; 1 << 16];
        match f.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(Bytes::from(buf)), f))
            }
            Err(e) => Some((Err(e), f)),
        }
    });
    Ok(Body::from_stream(stream))
}
