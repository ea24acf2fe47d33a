//! Turning `decide` answers into HTTP outcomes for record functions.
use crate::auth::permissions::{
    decide_network, Action, Decision, NetworkTarget, Reason, RecordKind,
};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::records::view::RecordView;
use crate::ssr::records::detail;
use crate::ssr::request::{internal, state};

pub fn forbidden<S>(d: Decision<S>) -> AppError {
    match d {
        Decision::Denied(reason) => AppError::Forbidden(reason.to_string()),
        Decision::Allowed(_) => AppError::Forbidden("this action is not available".into()),
    }
}

/// The scope granted, or 403 with the reason.
pub fn allowed<S>(d: Decision<S>) -> Result<S, AppError> {
    match d {
        Decision::Allowed(scope) => Ok(scope),
        denied @ Decision::Denied(_) => Err(forbidden(denied)),
    }
}

pub fn not_found(kind: RecordKind, id: i64) -> AppError {
    AppError::NotFound(format!(
        "there is no {} number {id}",
        kind.plural().trim_end_matches('s')
    ))
}

/// Loads a record the principal may view: 403 when the role never views the
/// kind, 404 when the record is missing or outside their scope.
pub async fn visible(me: &Principal, kind: RecordKind, id: i64) -> Result<RecordView, AppError> {
    allowed(decide_network(me, Action::View, &NetworkTarget::Kind(kind)))?;
    let view = detail::load(&state().db, kind, id)
        .await
        .map_err(internal)?
        .ok_or_else(|| not_found(kind, id))?;
    match decide_network(
        me,
        Action::View,
        &NetworkTarget::Record(kind, view.facts.clone()),
    ) {
        Decision::Allowed(_) => Ok(view),
        Decision::Denied(Reason::OutOfScope { .. }) => Err(not_found(kind, id)),
        denied @ Decision::Denied(_) => Err(forbidden(denied)),
    }
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
