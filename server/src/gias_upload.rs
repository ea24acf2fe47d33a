//! Admin's upload of the GIAS register (docs/RULES.md §2.1): a multipart
//! POST streamed to a temporary file (never held in memory, capped at
//! `MAX_UPLOAD_BYTES`), recorded as an import run and imported by a
//! background task (`app::ssr::gias_runs`); and the download of a run's
//! rejected rows as CSV. Both sit under `/api/`, so the same-origin and
//! cross-site checks of `headers.rs` and `middleware.rs` apply.
use crate::download::files::{refuse, respond, Format};
use app::api::gias::types::MAX_UPLOAD_BYTES;
use app::auth::permissions::{Action, RecordKind};
use app::auth::roles::Principal;
use app::error::AppError;
use app::ssr::gias_runs;
use app::ssr::guard::network_kind;
use app::ssr::passwords::random_token;
use app::ssr::request::CurrentSession;
use app::ssr::state::AppState;
use axum::extract::multipart::{Field, Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures_util::StreamExt;
use std::path::PathBuf;
use tokio::io::AsyncWriteExt;

/// Where the upload page lives; a form post without JavaScript is sent back there.
const PAGE: &str = "/admin/gias";

/// A browser's form post wants a page back; a script wants the error as JSON.
fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_string())],
    )
        .into_response()
}

/// The refusal: JSON with its status for scripts, or back to the page with
/// the words in the URL for a form post.
fn refused(html: bool, err: AppError) -> Response {
    match (html, &err) {
        (false, _) => refuse(err),
        (true, AppError::Unauthorized) => see_other("/login"),
        (true, _) => see_other(&format!(
            "{PAGE}?error={}",
            app::url_query::encode_value(&err.to_string())
        )),
    }
}

fn admin(session: Option<Extension<CurrentSession>>) -> Result<Principal, AppError> {
    let Some(Extension(session)) = session else {
        return Err(AppError::Unauthorized);
    };
    network_kind(&session.principal, Action::Import, RecordKind::Institution)?;
    Ok(session.principal)
}

/// The file name as given, without any folders, at most 200 characters.
fn plain_name(name: Option<&str>) -> String {
    let base = name
        .unwrap_or_default()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim();
    let clipped: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if clipped.is_empty() {
        "register.csv".to_string()
    } else {
        clipped
    }
}

/// Streams the field to `path`, refusing (413) past the size cap.
async fn save(mut field: Field<'_>, path: &PathBuf) -> Result<u64, AppError> {
    let mut file = tokio::fs::File::create(path)
        .await
        .map_err(app::ssr::request::internal)?;
    let mut size: u64 = 0;
    while let Some(chunk) = field.chunk().await.map_err(|e| {
        AppError::Request(format!(
            "the upload did not arrive whole ({e}); nothing was imported"
        ))
    })? {
        size += chunk.len() as u64;
        if size > MAX_UPLOAD_BYTES {
            return Err(AppError::invalid(
                "file",
                format!(
                    "The file is larger than {} MB, the most an upload may be; nothing was imported.",
                    MAX_UPLOAD_BYTES / (1024 * 1024)
                ),
            ));
        }
        file.write_all(&chunk)
            .await
            .map_err(app::ssr::request::internal)?;
    }
    file.flush().await.map_err(app::ssr::request::internal)?;
    Ok(size)
}

/// `POST /api/gias/upload` (multipart, field `file`): 303 to the run's page.
pub async fn upload(
    State(state): State<AppState>,
    session: Option<Extension<CurrentSession>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let html = wants_html(&headers);
    let me = match admin(session) {
        Ok(me) => me,
        Err(e) => return refused(html, e),
    };
    let mut multipart = match multipart {
        Ok(m) => m,
        Err(e) => return refused(html, AppError::Request(e.body_text())),
    };
    let path = std::env::temp_dir().join(format!("caseboard-gias-{}.csv", &random_token()[..16]));
    let stored = async {
        while let Some(field) = multipart.next_field().await.map_err(|e| {
            AppError::Request(format!(
                "the upload could not be read ({e}); nothing was imported"
            ))
        })? {
            if field.name() != Some("file") {
                continue;
            }
            let name = plain_name(field.file_name());
            let size = save(field, &path).await?;
            if size == 0 {
                return Err(AppError::invalid(
                    "file",
                    "Choose the register's CSV file; the upload was empty.",
                ));
            }
            return Ok(name);
        }
        Err(AppError::invalid(
            "file",
            "Choose the register's CSV file to upload.",
        ))
    }
    .await;
    let run = match stored {
        Ok(name) => gias_runs::begin(&state.db, me.user_id, &name).await,
        Err(e) => Err(e),
    };
    match run {
        Ok(id) => {
            tracing::info!(user_id = me.user_id, run_id = id, "register import started");
            gias_runs::spawn(state.db.clone(), me.user_id, id, path);
            see_other(&format!("{PAGE}/runs/{id}"))
        }
        Err(e) => {
            let _ = tokio::fs::remove_file(&path).await;
            refused(html, e)
        }
    }
}

/// `GET /api/gias/runs/{id}/rejects.csv`: a run's rejected rows (line, URN, reason).
pub async fn rejects(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    session: Option<Extension<CurrentSession>>,
) -> Response {
    if let Err(e) = admin(session) {
        return refuse(e);
    }
    match gias_runs::one(&state.db, id).await {
        Ok(Some(_)) => {}
        Ok(None) => {
            return refuse(AppError::NotFound(format!(
                "there is no import run number {id}"
            )))
        }
        Err(e) => return refuse(e.into()),
    }
    let (tx, rows) = tokio::sync::mpsc::channel(256);
    tokio::spawn(async move {
        let sql = gias_runs::rejects_query(id);
        let mut cursor = sql.query_as::<gias_runs::RejectRow>().fetch(&state.db.read);
        while let Some(row) = cursor.next().await {
            let cells = row.map(|r| vec![Some(r.line.to_string()), Some(r.urn), Some(r.reason)]);
            let failed = cells.is_err();
            if tx.send(cells).await.is_err() || failed {
                return;
            }
        }
    });
    let header = ["Line", "URN", "Reason"].map(String::from).to_vec();
    respond(
        Format::Csv,
        &format!("gias-import-{id}-rejects"),
        header,
        rows,
        &[],
    )
    .await
}
