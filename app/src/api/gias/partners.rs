//! Setting Institutions' Partner: Admin's, through `decide_field` on the
//! Institution's Partner field (docs/RULES.md §2.1).
use super::types::{LaAssigned, LaPreview, PartnerChoice};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::auth::permissions::{decide_field, Action, Field, FieldDecision, RecordKind},
    crate::auth::roles::Principal,
    crate::ssr::guard::{forbidden, network_kind, require_user},
    crate::ssr::la_partner,
    crate::ssr::request::state,
};

/// Edit on Institutions and the Partner field editable: Admin only.
#[cfg(feature = "ssr")]
fn may_set_partner(me: &Principal) -> Result<(), AppError> {
    network_kind(me, Action::Edit, RecordKind::Institution)?;
    match decide_field(me, RecordKind::Institution, Field::Partner) {
        FieldDecision::Editable => Ok(()),
        FieldDecision::Locked(reason) => Err(forbidden(&reason)),
    }
}

/// The Partners and local authorities to choose from.
#[server(prefix = "/api", endpoint = "gias/partner-choices")]
pub async fn partner_choices() -> Result<(Vec<PartnerChoice>, Vec<String>), AppError> {
    let me = require_user()?;
    let st = state();
    may_set_partner(&me)?;
    Ok((
        la_partner::partners(&st.db).await?,
        la_partner::local_authorities(&st.db).await?,
    ))
}

/// What giving a local authority's open Institutions to a Partner would do.
#[server(prefix = "/api", endpoint = "gias/la-preview")]
pub async fn preview_la_partner(
    local_authority: String,
    partner_id: i64,
) -> Result<LaPreview, AppError> {
    let me = require_user()?;
    let st = state();
    may_set_partner(&me)?;
    la_partner::preview(&st.db, local_authority.trim(), partner_id).await
}

/// Gives them to the Partner, if the set is still the previewed `version`
/// (409 otherwise): one audited change per Institution, one transaction.
#[server(prefix = "/api", endpoint = "gias/la-assign")]
pub async fn assign_la_partner(
    local_authority: String,
    partner_id: i64,
    version: i64,
) -> Result<LaAssigned, AppError> {
    let me = require_user()?;
    let st = state();
    may_set_partner(&me)?;
    let changed = la_partner::assign(
        &st.db,
        me.user_id,
        local_authority.trim(),
        partner_id,
        version,
    )
    .await?;
    Ok(LaAssigned { changed })
}

/// Sets one Institution's Partner from its record page (version-checked).
#[server(prefix = "/api", endpoint = "gias/set-partner")]
pub async fn set_institution_partner(
    id: i64,
    version: i64,
    partner_id: i64,
) -> Result<(), AppError> {
    let me = require_user()?;
    let st = state();
    may_set_partner(&me)?;
    crate::api::records::guard::permitted(&me, Action::Edit, RecordKind::Institution, id).await?;
    la_partner::set_one(&st.db, me.user_id, id, version, partner_id).await
}
