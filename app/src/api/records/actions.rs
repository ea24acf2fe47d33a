//! The special actions: match EAs to Institutions, assign ECs and
//! Sub-contractors, upgrade an EC to Hub Lead.
use crate::auth::permissions::RecordKind;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::guard,
    crate::auth::permissions::Action,
    crate::ssr::records::actions,
    crate::ssr::request::{require_user, state},
};

/// At most two EAs are matched to one school at a time.
pub const MAX_EAS_PER_INSTITUTION: i64 = 2;

/// EC, Partner and SC users, on an EA and an Institution both in their scope.
/// `undo` ends an existing match instead.
#[server(prefix = "/api", endpoint = "records/match")]
pub async fn match_ea(
    ea_id: i64,
    institution_id: i64,
    undo: Option<String>,
) -> Result<(), AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    let ea = guard::permitted(&me, Action::Match, RecordKind::Ea, ea_id).await?;
    let inst =
        guard::permitted(&me, Action::Match, RecordKind::Institution, institution_id).await?;
    let undo = undo.is_some_and(|u| !u.is_empty() && u != "false");
    actions::match_ea(&st.db, me.user_id, &ea, &inst, undo).await
}

/// Partner and SC users: (re)assign the EC of an EA or Institution in their
/// scope, to an EC they can see of the record's Partner.
#[server(prefix = "/api", endpoint = "records/assign-ec")]
pub async fn assign_ec(
    kind: RecordKind,
    id: i64,
    version: i64,
    ec_id: i64,
) -> Result<(), AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    if !matches!(kind, RecordKind::Ea | RecordKind::Institution) {
        return Err(AppError::invalid(
            "kind",
            "ECs are assigned to EA and Institution records only.",
        ));
    }
    let record = guard::permitted(&me, Action::AssignEc, kind, id).await?;
    let ec = guard::visible(&me, RecordKind::Ec, ec_id)
        .await
        .map_err(|_| AppError::invalid("ec_id", "Choose an EC you can see."))?;
    actions::assign_ec(&st.db, me.user_id, &record, version, &ec).await
}

/// Partner users: assign an EC, EA or Institution of their Partner to one of
/// its Sub-contractors (empty `subcontractor_id` removes the assignment).
#[server(prefix = "/api", endpoint = "records/assign-subcontractor")]
pub async fn assign_subcontractor(
    kind: RecordKind,
    id: i64,
    version: i64,
    subcontractor_id: Option<i64>,
) -> Result<(), AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    if !matches!(
        kind,
        RecordKind::Ec | RecordKind::Ea | RecordKind::Institution
    ) {
        return Err(AppError::invalid(
            "kind",
            "Only EC, EA and Institution records are assigned to Sub-contractors.",
        ));
    }
    let record = guard::permitted(&me, Action::AssignSubcontractor, kind, id).await?;
    let sc = match subcontractor_id {
        Some(sc) => Some(
            guard::visible(&me, RecordKind::SubContractor, sc)
                .await
                .map_err(|_| {
                    AppError::invalid("subcontractor_id", "Choose one of your Sub-contractors.")
                })?,
        ),
        None => None,
    };
    actions::assign_subcontractor(&st.db, me.user_id, &record, version, sc.as_ref()).await
}

/// Network Ops only: make an EC record a Hub Lead (`ohl` Operational, `shl`
/// Strategic) with the access it holds (`partner` or `subcontractor`), or
/// back to `none`. With `request_id` (an upgrade request; Edit on support
/// requests) the request is resolved in the same change (docs/RULES.md §2.2).
#[server(prefix = "/api", endpoint = "records/upgrade-hub-lead")]
pub async fn upgrade_hub_lead(
    id: i64,
    version: i64,
    hub_lead: String,
    access: Option<String>,
    request_id: Option<String>,
) -> Result<String, AppError> {
    use crate::ssr::records::hub_lead::{upgrade, Access};
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    let record = guard::permitted(&me, Action::UpgradeHubLead, RecordKind::Ec, id).await?;
    let request = match request_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(r) => {
            let r = r.parse::<i64>().map_err(|_| {
                AppError::invalid("request_id", "A support request number is a whole number.")
            })?;
            guard::permitted(&me, Action::Edit, RecordKind::SupportRequest, r).await?;
            Some(r)
        }
    };
    let access = Access::parse(access.as_deref().unwrap_or_default())?;
    upgrade(
        &st.db, me.user_id, &record, version, &hub_lead, access, request,
    )
    .await
}
