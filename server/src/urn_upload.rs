//! `POST /api/urn-lists/{list}/upload` (multipart: `file`, `reason`): a CSV
//! of URNs, one per line, `URN` or `URN,reason`, added to a URN list exactly
//! as pasted lines are (`app::ssr::urn_lists`), then back to the list's page
//! with the outcome in the URL. A plain HTML form posts it, so it works with
//! and without JavaScript. Admin only, by `decide` (docs/RULES.md §2.2).
use crate::download::files::refuse;
use app::auth::permissions::{Action, RecordKind};
use app::error::AppError;
use app::records::scope_rule::UrnList;
use app::ssr::guard::network_kind;
use app::ssr::request::CurrentSession;
use app::ssr::state::AppState;
use app::ssr::urn_lists::{add, parse_lines};
use app::url_query::{encode, href};
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;

pub async fn upload(
    State(state): State<AppState>,
    Path(key): Path<String>,
    session: Option<Extension<CurrentSession>>,
    mut form: Multipart,
) -> Response {
    let Some(Extension(session)) = session else {
        return refuse(AppError::Unauthorized);
    };
    let me = session.principal;
    if let Err(refused) = network_kind(&me, Action::Add, RecordKind::UrnList) {
        return refuse(refused);
    }
    let Some(list) = UrnList::from_key(&key) else {
        return refuse(AppError::NotFound(format!(
            "there is no URN list called {key}"
        )));
    };
    let (mut file, mut reason) = (None, String::new());
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_string();
                let bytes = match field.bytes().await {
                    Ok(b) => b,
                    Err(e) => {
                        return refuse(AppError::invalid(
                            "file",
                            format!("the upload broke off ({e})"),
                        ))
                    }
                };
                match name.as_str() {
                    "file" => file = Some(bytes),
                    "reason" => reason = String::from_utf8_lossy(&bytes).into_owned(),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(e) => {
                return refuse(AppError::invalid(
                    "file",
                    format!("the upload could not be read ({e})"),
                ))
            }
        }
    }
    let Some(file) = file.filter(|f| !f.is_empty()) else {
        return refuse(AppError::invalid("file", "choose a CSV file of URNs"));
    };
    let Ok(text) = std::str::from_utf8(&file) else {
        return refuse(AppError::invalid(
            "file",
            "the file is not UTF-8 text; save it as CSV UTF-8",
        ));
    };
    let (lines, refused) = parse_lines(text.trim_start_matches('\u{feff}'), &reason);
    match add(&state.db, me.user_id, list, lines, refused).await {
        Ok(report) => Redirect::to(&href(
            &format!("/areas/urn-lists/{}", list.key()),
            &encode(report.to_pairs()),
        ))
        .into_response(),
        Err(e) => refuse(e),
    }
}
