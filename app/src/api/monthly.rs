//! The monthly Partner return (docs/RULES.md §2.4): Partner users start,
//! note and submit their Partner's return for a month; Admin confirms it or
//! returns it with a reason; Admin's page lists every Partner for a month.
//! Forms post here with and without JavaScript and come back to the return's
//! page; refusals are `decide`'s, with its reason.
use crate::error::AppError;
use crate::records::monthly::{ReturnsPage, Submission};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::auth::permissions::{Action, NetworkScope, RecordKind},
    crate::ssr::guard::{network_kind, require_user},
    crate::ssr::monthly::changes,
    crate::ssr::request::state,
};

/// The page of one return.
pub fn return_path(id: i64) -> String {
    format!("/areas/monthly-submissions/{id}")
}

/// Roles that view returns: Admin, every active Partner for a month (default
/// last month) with the overdue ones; a Partner user, their Partner's returns.
#[server(prefix = "/api", endpoint = "monthly/returns")]
pub async fn load_returns(#[server(default)] query: String) -> Result<ReturnsPage, AppError> {
    use crate::records::monthly::ReturnsQuery;
    use crate::ssr::monthly as store;
    let me = require_user()?;
    let st = state();
    let scope = network_kind(&me, Action::View, RecordKind::MonthlySubmission)?;
    let q = ReturnsQuery::parse(&query);
    let (grace_days, grace_version) = crate::ssr::settings::grace_days(&st.db).await?;
    let current_month = store::current_month();
    let month = q.month.unwrap_or(current_month.previous());
    let bound = me.network.as_ref().and_then(|g| g.binding.partner_id);
    match (scope, bound) {
        (NetworkScope::National, _) => {
            let (rows, total, overdue) =
                store::month_rows(&st.db, month, None, &q, grace_days).await?;
            Ok(ReturnsPage {
                query: q,
                month,
                current_month,
                grace_days,
                grace_version,
                due_on: store::due_text(month, grace_days),
                rows,
                total,
                overdue,
                partner: None,
                current_started: None,
            })
        }
        (_, Some(partner)) => {
            let name = store::partner_name(&st.db, partner)
                .await?
                .unwrap_or_default();
            let (rows, total) = store::partner_rows(&st.db, partner, &q, grace_days).await?;
            let overdue = store::partner_overdue(&st.db, partner, grace_days).await?;
            let current_started = store::find(&st.db, partner, current_month).await?;
            Ok(ReturnsPage {
                query: q,
                month,
                current_month,
                grace_days,
                grace_version,
                due_on: store::due_text(month, grace_days),
                rows,
                total,
                overdue,
                partner: Some((partner, name)),
                current_started,
            })
        }
        (_, None) => Err(AppError::Forbidden(
            "Your role is not bound to a Partner, so it has no monthly returns.".into(),
        )),
    }
}

/// Roles that view the return (in scope; otherwise 404 as if missing): the
/// return, its snapshots (newest first) and every audited change.
#[server(prefix = "/api", endpoint = "monthly/get")]
pub async fn get_return(id: i64) -> Result<Submission, AppError> {
    use crate::ssr::audit::{history, AuditKind, Order};
    use crate::ssr::monthly as store;
    let me = require_user()?;
    let st = state();
    let s = changes::load_for(&st.db, &me, Action::View, id).await?;
    let (grace_days, _) = crate::ssr::settings::grace_days(&st.db).await?;
    let (status, month) = (s.status(), s.month());
    Ok(Submission {
        id: s.id,
        partner_id: s.partner_id,
        partner: s.partner,
        month,
        status,
        note: s.note,
        submitted_by: s.submitted_by,
        submitted_at: s.submitted_at,
        decided_by: s.decided_by,
        decided_at: s.decided_at,
        decision_reason: s.decision_reason,
        version: s.version,
        due_on: store::due_text(month, grace_days),
        overdue: store::is_overdue(status, month, grace_days, s.partner_created),
        snapshots: store::snapshots(&st.db, id).await?,
        history: history(
            &st.db,
            AuditKind::Network(RecordKind::MonthlySubmission),
            id,
            Order::NewestFirst,
        )
        .await?,
    })
}

/// Partner users (Add): starts their Partner's return for `month` (`YYYY-MM`,
/// not in the future) as a draft; 409 when it already has one.
#[server(prefix = "/api", endpoint = "monthly/start")]
pub async fn start_return(month: String) -> Result<i64, AppError> {
    let me = require_user()?;
    let st = state();
    let id = changes::start(&st.db, &me, &month).await?;
    leptos_axum::redirect(&return_path(id));
    Ok(id)
}

/// Partner users (Edit): the note of a draft or returned return.
#[server(prefix = "/api", endpoint = "monthly/note")]
pub async fn save_return_note(
    id: i64,
    version: i64,
    #[server(default)] note: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    let st = state();
    let v = changes::save_note(&st.db, &me, id, version, &note).await?;
    leptos_axum::redirect(&format!("{}?done=note", return_path(id)));
    Ok(v)
}

/// Partner users (Submit): submits, or resubmits, with the declaration
/// (`declaration=yes`); the snapshot is taken in the same transaction.
#[server(prefix = "/api", endpoint = "monthly/submit")]
pub async fn submit_return(
    id: i64,
    version: i64,
    #[server(default)] declaration: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    let st = state();
    let declared = matches!(declaration.as_str(), "yes" | "on" | "true");
    let v = changes::submit(&st.db, &me, id, version, declared).await?;
    leptos_axum::redirect(&format!("{}?done=submitted", return_path(id)));
    Ok(v)
}

/// Admin (Confirm): confirms a submitted return.
#[server(prefix = "/api", endpoint = "monthly/confirm")]
pub async fn confirm_return(id: i64, version: i64) -> Result<i64, AppError> {
    let me = require_user()?;
    let st = state();
    let v = changes::confirm(&st.db, &me, id, version).await?;
    leptos_axum::redirect(&format!("{}?done=confirmed", return_path(id)));
    Ok(v)
}

/// Admin (Confirm): returns a submitted return to its Partner; `reason` required.
#[server(prefix = "/api", endpoint = "monthly/return")]
pub async fn send_back_return(
    id: i64,
    version: i64,
    #[server(default)] reason: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    let st = state();
    let v = changes::send_back(&st.db, &me, id, version, &reason).await?;
    leptos_axum::redirect(&format!("{}?done=returned", return_path(id)));
    Ok(v)
}

/// Admin (Confirm): the grace period, in days after a month ends, before a
/// return is overdue; `version` is the setting's (0 while never set).
#[server(prefix = "/api", endpoint = "monthly/grace-period")]
pub async fn set_grace_period(
    version: i64,
    #[server(default)] grace_days: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    let st = state();
    let v = changes::set_grace_days(&st.db, &me, version, &grace_days).await?;
    leptos_axum::redirect("/areas/monthly-submissions?done=grace");
    Ok(v)
}
