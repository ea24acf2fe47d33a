//! Support requests (docs/RULES.md §2.7): every signed-in person raises
//! them and sees their own; Network Ops and Admin work the queue. The list
//! itself is the records list (`records/list`, kind `SupportRequest`).
use crate::error::AppError;
use crate::records::support::RequestDetail;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::api::records::guard,
    crate::auth::permissions::{Action, RecordKind},
    crate::ssr::form_post,
    crate::ssr::request::{require_user, state},
    crate::ssr::support::{self, queue},
};

#[cfg(feature = "ssr")]
const KIND: RecordKind = RecordKind::SupportRequest;

/// Every signed-in person (Add on their own request). Without JavaScript an
/// error returns to the form with what was typed; success opens the request.
#[server(prefix = "/api", endpoint = "support-requests/raise")]
pub async fn raise_support_request(
    subject: Option<String>,
    subject_other: Option<String>,
    description: Option<String>,
    related_kind: Option<String>,
    related_id: Option<String>,
) -> Result<i64, AppError> {
    use crate::auth::permissions::{decide_network, NetworkTarget, RecordFacts};
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let (subject, other, description, rk, rid) = (
        s(&subject),
        s(&subject_other),
        s(&description),
        s(&related_kind),
        s(&related_id),
    );
    let facts = RecordFacts {
        user_id: Some(me.user_id),
        ..RecordFacts::default()
    };
    let result = async {
        guard::allowed(decide_network(
            &me,
            Action::Add,
            &NetworkTarget::Record(KIND, facts),
        ))?;
        let checked = crate::records::support::check_new(&subject, &other, &description, &rk, &rid)
            .map_err(|problems| {
                AppError::invalid_all(
                    problems
                        .into_iter()
                        .map(|(f, m)| (f.to_string(), m))
                        .collect(),
                )
                .unwrap_or_else(|| AppError::invalid("subject", "Choose a subject from the list."))
            })?;
        let related = support::related_of(&me, &checked).await?;
        support::raise(&st.db, &me, &checked, related).await
    }
    .await;
    match &result {
        Ok(id) => form_post::go_to(&format!("/areas/support-requests/{id}?raised=1")),
        Err(e) => form_post::back_with_input(
            e,
            <RaiseSupportRequest as server_fn::ServerFn>::PATH,
            &[
                ("subject", &subject),
                ("subject_other", &other),
                ("description", &description),
                ("related_kind", &rk),
                ("related_id", &rid),
            ],
        ),
    }
    result
}

/// The requester and the queue (View on the request; out of scope: 404).
#[server(prefix = "/api", endpoint = "support-requests/get")]
pub async fn support_request(id: i64) -> Result<RequestDetail, AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    support::detail(&st.db, &me, id).await
}

/// Network Ops and Admin (Edit on the request): give it to one of them, or
/// to nobody with an empty `assignee_id`.
#[server(prefix = "/api", endpoint = "support-requests/assign")]
pub async fn assign_support_request(
    id: i64,
    version: i64,
    assignee_id: Option<String>,
) -> Result<(), AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    guard::permitted(&me, Action::Edit, KIND, id).await?;
    let assignee = match assignee_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(a) => Some(a.parse::<i64>().map_err(|_| {
            AppError::invalid("assignee_id", "Choose a Network Ops or Admin user.")
        })?),
    };
    queue::assign(&st.db, me.user_id, id, version, assignee).await
}

/// Network Ops and Admin (Edit): move the request to `in_progress` or `resolved`.
#[server(prefix = "/api", endpoint = "support-requests/status")]
pub async fn set_support_request_status(
    id: i64,
    version: i64,
    status: String,
) -> Result<(), AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    guard::permitted(&me, Action::Edit, KIND, id).await?;
    queue::set_status(&st.db, me.user_id, id, version, &status).await
}

/// Network Ops and Admin (Edit): reject the request; the reason is required.
#[server(prefix = "/api", endpoint = "support-requests/reject")]
pub async fn reject_support_request(
    id: i64,
    version: i64,
    reason: Option<String>,
) -> Result<(), AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    guard::permitted(&me, Action::Edit, KIND, id).await?;
    queue::reject(&st.db, me.user_id, id, version, &reason.unwrap_or_default()).await
}

/// Network Ops and Admin (Edit), and the requester on their own request:
/// add a comment the other side reads (`decide_support_comment`).
#[server(prefix = "/api", endpoint = "support-requests/comment")]
pub async fn comment_support_request(id: i64, body: Option<String>) -> Result<(), AppError> {
    use crate::auth::permissions::decide_support_comment;
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    let view = guard::visible(&me, KIND, id).await?;
    guard::allowed(decide_support_comment(&me, &view.facts))?;
    queue::comment(&st.db, me.user_id, id, &body.unwrap_or_default()).await
}
