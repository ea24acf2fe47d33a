//! Loading network records through the one guard (`crate::ssr::guard`).
use crate::auth::permissions::{decide_network, Action, NetworkTarget, RecordKind};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::records::view::RecordView;
use crate::ssr::guard::{network_kind, reach};
use crate::ssr::records::detail;
use crate::ssr::request::state;

pub use crate::ssr::guard::allowed;

pub fn not_found(kind: RecordKind, id: i64) -> AppError {
    AppError::NotFound(format!(
        "there is no {} number {id}",
        kind.plural().trim_end_matches('s')
    ))
}

/// Loads a record the principal may view: 403 when the role never views the
/// kind, 404 when the record is missing or outside their scope.
pub async fn visible(me: &Principal, kind: RecordKind, id: i64) -> Result<RecordView, AppError> {
    network_kind(me, Action::View, kind)?;
    let view = detail::load(&state().db, kind, id)
        .await?
        .ok_or_else(|| not_found(kind, id))?;
    reach(
        decide_network(
            me,
            Action::View,
            &NetworkTarget::Record(kind, view.facts.clone()),
        ),
        || not_found(kind, id),
    )?;
    Ok(view)
}

/// A visible record on which `action` is also allowed (else 403 with the reason).
pub async fn permitted(
    me: &Principal,
    action: Action,
    kind: RecordKind,
    id: i64,
) -> Result<RecordView, AppError> {
    let view = visible(me, kind, id).await?;
    allowed(decide_network(
        me,
        action,
        &NetworkTarget::Record(kind, view.facts.clone()),
    ))?;
    Ok(view)
}
