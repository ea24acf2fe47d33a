//! Turning a stream of rows into a downloaded file: CSV streamed in chunks as
//! rows arrive, or xlsx through a constant-memory workbook on disk. Rows come
//! through a channel, so no download ever holds all its rows in memory.
use app::error::AppError;
use axum::body::{Body, Bytes};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

/// One row of cells, or the database error that ended the stream.
pub type RowResult = Result<Vec<Option<String>>, sqlx::Error>;
pub type Rows = tokio::sync::mpsc::Receiver<RowResult>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// `format=xlsx` in a query string picks Excel; anything else is CSV.
    pub fn from_query(query: &str) -> Format {
        if query.split('&').any(|p| p == "format=xlsx") {
            Format::Xlsx
        } else {
            Format::Csv
        }
    }
}

pub fn refuse(err: AppError) -> Response {
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

fn csv_line(cells: &[Option<String>]) -> String {
    let mut line = cells
        .iter()
        .map(|c| {
            let v = neutralise(c.as_deref().unwrap_or(""));
            if v.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", v.replace('"', "\"\""))
            } else {
                v.into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// The response carrying the file `stem-YYYY-MM-DD.csv|xlsx`; `numeric`
/// columns are written to Excel as numbers.
pub async fn respond(
    format: Format,
    stem: &str,
    header: Vec<String>,
    rows: Rows,
    numeric: &'static [usize],
) -> Response {
    let name = format!(
        "{stem}-{}.{}",
        app::ssr::clock::today(),
        if format == Format::Xlsx {
            "xlsx"
        } else {
            "csv"
        }
    );
    let (content_type, body) = match format {
        Format::Csv => ("text/csv; charset=utf-8", Ok(csv_body(header, rows))),
        Format::Xlsx => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            xlsx_body(header, rows, numeric).await,
        ),
    };
    match body {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, content_type.to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "download failed");
            refuse(AppError::Internal {
                request_id: "-".into(),
            })
        }
    }
}

type Chunk = Result<Bytes, std::io::Error>;

/// CSV lines are sent in ~64 KB chunks as rows arrive.
fn csv_body(header: Vec<String>, mut rows: Rows) -> Body {
    let (tx, rx) = tokio::sync::mpsc::channel::<Chunk>(8);
    tokio::spawn(async move {
        let mut buf = csv_line(&header.into_iter().map(Some).collect::<Vec<_>>());
        while let Some(row) = rows.recv().await {
            match row {
                Ok(cells) => buf.push_str(&csv_line(&cells)),
                Err(e) => {
                    tracing::error!(error = %e, "download query failed");
                    let _ = tx.send(Err(std::io::Error::other("query failed"))).await;
                    return;
                }
            }
            if buf.len() >= 1 << 16
                && tx
                    .send(Ok(Bytes::from(std::mem::take(&mut buf))))
                    .await
                    .is_err()
            {
                return; // the client went away
            }
        }
        let _ = tx.send(Ok(Bytes::from(buf))).await;
    });
    // Fused: the compression layer may poll again after the end, which a bare
    // `unfold` answers with a panic.
    Body::from_stream(
        futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|c| (c, rx)) })
            .fuse(),
    )
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Rows go into a constant-memory workbook on a blocking thread; the finished
/// file is then streamed and removed.
async fn xlsx_body(
    header: Vec<String>,
    mut rows: Rows,
    numeric: &'static [usize],
) -> Result<Body, BoxError> {
    let path = std::env::temp_dir().join(format!(
        "caseboard-{}.xlsx",
        &app::ssr::passwords::random_token()[..16]
    ));
    let out = path.clone();
    tokio::task::spawn_blocking(move || -> Result<(), BoxError> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet_with_constant_memory()?;
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (c, label) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, label, &bold)?;
        }
        let mut r = 1u32;
        while let Some(row) = rows.blocking_recv() {
            for (c, cell) in row?.iter().enumerate() {
                let Some(v) = cell.as_deref().filter(|v| !v.is_empty()) else {
                    continue;
                };
                match v.parse::<f64>() {
                    Ok(n) if numeric.contains(&c) => ws.write_number(r, c as u16, n)?,
                    Ok(_) | Err(_) => ws.write_string(r, c as u16, neutralise(v).as_ref())?,
                };
            }
            r += 1;
        }
        wb.save(&out)?;
        Ok(())
    })
    .await??;
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
    Ok(Body::from_stream(stream.fuse()))
}
