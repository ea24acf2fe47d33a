//! The four URN lists (docs/RULES.md §2.2): Admin views, adds and removes
//! entries; `decide` refuses everyone else with its reason (403). Forms post
//! here with and without JavaScript and are sent back to the list's page
//! with the outcome in the URL.
use crate::error::AppError;
use crate::records::urn_lists::{AddReport, UrnListPage};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::auth::permissions::{Action, RecordKind},
    crate::records::scope_rule::UrnList,
    crate::ssr::guard::{network_kind, require_user},
    crate::ssr::request::state,
    crate::ssr::urn_lists as store,
};

#[cfg(feature = "ssr")]
fn list_of(key: &str) -> Result<UrnList, AppError> {
    UrnList::from_key(key)
        .ok_or_else(|| AppError::NotFound(format!("there is no URN list called {key}")))
}

/// The page a list's forms return to.
#[cfg(feature = "ssr")]
fn list_path(list: UrnList) -> String {
    format!("/areas/urn-lists/{}", list.key())
}

/// Roles that view URN lists (Admin): one page of a list's entries.
#[server(prefix = "/api", endpoint = "urn-lists/page")]
pub async fn load_urn_list(
    list: String,
    #[server(default)] query: String,
) -> Result<UrnListPage, AppError> {
    use crate::records::urn_lists::UrnListQuery;
    let me = require_user()?;
    let st = state();
    network_kind(&me, Action::View, RecordKind::UrnList)?;
    let list = list_of(&list)?;
    let q = UrnListQuery::parse(&query);
    if !q.q.is_empty() {
        network_kind(&me, Action::Search, RecordKind::UrnList)?;
    }
    Ok(store::page(&st.db, list, &q).await?)
}

/// Roles that add to URN lists (Admin): one URN or many (`urns`: one per line,
/// `URN` or `URN,reason`), each with its own reason or `reason`.
#[server(prefix = "/api", endpoint = "urn-lists/add")]
pub async fn add_urns(
    list: String,
    #[server(default)] urns: String,
    #[server(default)] reason: String,
) -> Result<AddReport, AppError> {
    let me = require_user()?;
    let st = state();
    network_kind(&me, Action::Add, RecordKind::UrnList)?;
    let list = list_of(&list)?;
    if urns.trim().is_empty() {
        return Err(AppError::invalid("urns", "enter at least one URN"));
    }
    let (lines, refused) = store::parse_lines(&urns, &reason);
    let report = store::add(&st.db, me.user_id, list, lines, refused).await?;
    leptos_axum::redirect(&crate::url_query::href(
        &list_path(list),
        &crate::url_query::encode(report.to_pairs()),
    ));
    Ok(report)
}

/// Roles that remove from URN lists (Admin): the entry is closed with a
/// reason and kept in the history; a stale version is refused (409).
#[server(prefix = "/api", endpoint = "urn-lists/remove")]
pub async fn remove_urn(
    list: String,
    id: i64,
    version: i64,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let me = require_user()?;
    let st = state();
    network_kind(&me, Action::Remove, RecordKind::UrnList)?;
    let list = list_of(&list)?;
    store::close(&st.db, me.user_id, list, id, version, &reason).await?;
    leptos_axum::redirect(&format!("{}?removed=1", list_path(list)));
    Ok(())
}
