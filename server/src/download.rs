//! Downloads of a list — exactly its filtered rows and the kind's fields —
//! as CSV or Excel, streamed: rows go from the database cursor to the client
//! (CSV) or through a constant-memory workbook on disk (xlsx).
use app::auth::permissions::{decide, Action, Decision, RecordKind, Target};
use app::error::AppError;
use app::records::query::ListQuery;
use app::records::schema::columns;
use app::ssr::records::list::{all_keys, from_where, order_by, select};
use app::ssr::records::sql::Sql;
use app::ssr::records::tables::table;
use app::ssr::request::CurrentSession;
use app::ssr::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures_util::StreamExt;
use sqlx::Row as _;

fn refuse(err: AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(err)).into_response()
}

/// Spreadsheet formula injection: text starting with = + - @ (or a tab or
/// carriage return) is prefixed with a quote. Numbers are left alone.
pub fn neutralise(value: &str) -> std::borrow::Cow<'_, str> {
    let risky = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && value.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{value}"))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

fn csv_field(value: &str) -> String {
    let v = neutralise(value);
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.into_owned()
    }
}

/// `GET /api/records/{kind}/download?format=csv|xlsx&…list query…`
pub async fn download(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
    session: Option<Extension<CurrentSession>>,
) -> Response {
    let Some(Extension(session)) = session else { return refuse(AppError::Unauthorized) };
    let me = session.principal;
    let Some(kind) = RecordKind::from_slug(&slug).filter(|k| table(*k).is_some()) else {
        return refuse(AppError::NotFound(format!("there is no list called {slug}")));
    };
    let scope = match decide(&me, Action::Download, &Target::Kind(kind)) {
        Decision::Allowed(scope) => scope,
        Decision::Denied(reason) => return refuse(AppError::Forbidden(reason.to_string())),
    };
    let query = query.unwrap_or_default();
    let q = ListQuery::parse(kind, &query);
    if (!q.q.is_empty() || !q.filters.is_empty()) && !decide(&me, Action::Search, &Target::Kind(kind)).is_allowed() {
        return refuse(AppError::Forbidden(format!("{} users cannot search and filter {}.", me.network_role().map(|r| r.label()).unwrap_or(""), kind.plural())));
    }
    let xlsx = query.split('&').any(|p| p == "format=xlsx");
    let t = table(kind).expect("checked above");
    let keys = all_keys(kind);
    let mut sql = from_where(state.db.backend, t, &me, scope, &q, None);
    sql.text = format!("{}{}{}", select(t, &keys), sql.text, order_by(t, &q));
    let labels: Vec<&str> = columns(kind).unwrap_or_default().iter().map(|c| c.label).collect();
    let name = format!("{}-{}.{}", kind.slug(), app::ssr::clock::today(), if xlsx { "xlsx" } else { "csv" });
    tracing::info!(user_id = me.user_id, kind = kind.slug(), xlsx, "download");
    let body = if xlsx { xlsx_body(state, sql, labels).await } else { Ok(csv_body(state, sql, labels)) };
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
            tracing::error!(error = %e, "download failed");
            refuse(AppError::Internal { request_id: "-".into() })
        }
    }
}

type Chunk = Result<Bytes, std::io::Error>;

fn channel_body(rx: tokio::sync::mpsc::Receiver<Chunk>) -> Body {
    Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|c| (c, rx)) }))
}

/// CSV rows are written in ~64 KB chunks as the cursor yields them.
fn csv_body(state: AppState, sql: Sql, labels: Vec<&'static str>) -> Body {
    let (tx, rx) = tokio::sync::mpsc::channel::<Chunk>(8);
    tokio::spawn(async move {
        let mut buf = String::with_capacity(1 << 16);
        buf.push_str(&labels.iter().map(|l| csv_field(l)).collect::<Vec<_>>().join(","));
        buf.push_str("\r\n");
        let mut rows = sql.query().fetch(&state.db.read);
        while let Some(row) = rows.next().await {
            let row = match row {
                Ok(r) => r,
                Err(e) => {
                    tracing::error!(error = %e, "download query failed");
                    let _ = tx.send(Err(std::io::Error::other("query failed"))).await;
                    return;
                }
            };
            for i in 0..labels.len() {
                if i > 0 {
                    buf.push(',');
                }
                buf.push_str(&csv_field(&row.get::<Option<String>, _>(format!("c{i}").as_str()).unwrap_or_default()));
            }
            buf.push_str("\r\n");
            if buf.len() >= 1 << 16 && tx.send(Ok(Bytes::from(std::mem::take(&mut buf)))).await.is_err() {
                return; // the client went away
            }
        }
        let _ = tx.send(Ok(Bytes::from(buf))).await;
    });
    channel_body(rx)
}

/// Rows stream from the cursor into a constant-memory workbook on a blocking
/// thread; the finished file is then streamed and removed.
async fn xlsx_body(state: AppState, sql: Sql, labels: Vec<&'static str>) -> Result<Body, Box<dyn std::error::Error + Send + Sync>> {
    let (row_tx, mut row_rx) = tokio::sync::mpsc::channel::<Vec<Option<String>>>(256);
    let n = labels.len();
    let reader = tokio::spawn(async move {
        let mut rows = sql.query().fetch(&state.db.read);
        while let Some(row) = rows.next().await {
            let row = row?;
            let cells = (0..n).map(|i| row.get::<Option<String>, _>(format!("c{i}").as_str())).collect();
            if row_tx.send(cells).await.is_err() {
                break;
            }
        }
        Ok::<(), sqlx::Error>(())
    });
    let path = std::env::temp_dir().join(format!("caseboard-{}.xlsx", &app::ssr::passwords::random_token()[..16]));
    let out = path.clone();
    let written = tokio::task::spawn_blocking(move || -> Result<(), rust_xlsxwriter::XlsxError> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet_with_constant_memory()?;
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (c, l) in labels.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *l, &bold)?;
        }
        let mut r = 1u32;
        while let Some(cells) = row_rx.blocking_recv() {
            for (c, v) in cells.iter().enumerate() {
                if let Some(v) = v {
                    ws.write_string(r, c as u16, neutralise(v).as_ref())?;
                }
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
