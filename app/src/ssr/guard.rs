//! The one guard between a request and the data, for both role axes:
//! nobody signed in → 401; `decide` refuses → 403 with its reason in words;
//! a record outside the caller's scope → 404, exactly like a missing one, so
//! a refusal never confirms that a hidden record exists. Stale versions are
//! `AppError::stale` (409). See docs/RULES.md §5.
use crate::auth::permissions::{
    decide_network, decide_org, Action, Decision, NetworkScope, NetworkTarget, OrgArea, OrgScope,
    OrgTarget, Reason, RecordKind,
};
use crate::auth::roles::Principal;
use crate::error::AppError;

pub use super::request::require_user;

/// The refusal (403), saying what was refused and why.
pub fn forbidden(reason: &Reason) -> AppError {
    AppError::Forbidden(reason.to_string())
}

/// The scope granted, or 403 with the reason.
pub fn allowed<S: Copy>(d: Decision<S>) -> Result<S, AppError> {
    d.into_result().map_err(|reason| forbidden(&reason))
}

/// A record-level answer: out of scope is `missing()` (404); any other
/// refusal is a 403 with its reason.
pub fn reach<S: Copy>(d: Decision<S>, missing: impl FnOnce() -> AppError) -> Result<S, AppError> {
    match d.into_result() {
        Ok(scope) => Ok(scope),
        Err(Reason::OutOfScope { .. }) => Err(missing()),
        Err(reason) => Err(forbidden(&reason)),
    }
}

/// The scope of a network action on a record kind, or 403.
pub fn network_kind(
    who: &Principal,
    action: Action,
    kind: RecordKind,
) -> Result<NetworkScope, AppError> {
    allowed(decide_network(who, action, &NetworkTarget::Kind(kind)))
}

/// The scope of an org action on an area, or 403.
pub fn org_area(who: &Principal, action: Action, area: OrgArea) -> Result<OrgScope, AppError> {
    allowed(decide_org(who, action, &OrgTarget::Area(area)))
}
