//! Network dashboards (docs/RULES.md §7). Every count is taken over the
//! Institution or EA list's own `FROM … WHERE` (`records::list::from_where`)
//! with the very filters its link carries, so a figure and the total of the
//! list it links to are the same query. One grouped pass over the
//! institutions in scope gives the headline, the benchmarks, the
//! distribution and the breakdowns (`passes`, `hub`); one pass over the EAs
//! gives the pipeline (`pipeline`); answers are remembered while the data is
//! unchanged (`memo`, §7.1).
mod hub;
mod memo;
mod monthly_status;
pub mod ops;
mod passes;
mod pipeline;
pub mod tallies;
mod trend;

use super::records::tables::table;
use crate::api::dashboard::figures::{Dashboard, DashboardQuery, Figure};
use crate::auth::permissions::RecordKind;
use crate::auth::roles::{NetworkRole, Principal};
use crate::error::AppError;
use crate::records::query::ListQuery;
use crate::ssr::db::Db;
use crate::url_query::{self, UrlQuery};

/// The dashboard of the role the person acts in.
pub async fn dashboard(
    db: &Db,
    who: &Principal,
    dq: &DashboardQuery,
) -> Result<Dashboard, AppError> {
    match who.network_role() {
        None => Ok(Dashboard::None),
        Some(NetworkRole::NetworkOps) => Ok(Dashboard::Ops(Box::new(ops::ops(db, who).await?))),
        Some(
            NetworkRole::EnterpriseCoordinator
            | NetworkRole::Partner
            | NetworkRole::SubContractor
            | NetworkRole::CecStaff
            | NetworkRole::Admin,
        ) => Ok(Dashboard::Hub(Box::new(hub::hub(db, who, dq).await?))),
    }
}

/// A list query of `kind` from `(key, value)` filters, validated exactly as
/// the list validates its URL (anything invalid is dropped the same way).
pub fn list_query(kind: RecordKind, filters: &[(&str, String)]) -> ListQuery {
    let pairs = filters.iter().map(|(k, v)| (format!("f_{k}"), v.clone()));
    ListQuery::parse(kind, &url_query::encode(pairs))
}

/// `q` with one more filter.
pub fn with(q: &ListQuery, key: &str, value: &str) -> ListQuery {
    let mut out = q.clone();
    out.filters.retain(|(k, _)| k != key);
    out.filters.push((key.to_string(), value.to_string()));
    out.filters.sort();
    out
}

pub fn href(kind: RecordKind, q: &ListQuery) -> String {
    q.href(&format!("/areas/{}", kind.slug()))
}

pub fn figure(kind: RecordKind, label: impl Into<String>, value: i64, q: &ListQuery) -> Figure {
    Figure {
        label: label.into(),
        value,
        href: href(kind, q),
    }
}

/// The records table of a kind with a list.
pub fn table_of(kind: RecordKind) -> Result<&'static crate::ssr::records::tables::Table, AppError> {
    Ok(table(kind)
        .ok_or_else(|| sqlx::Error::Protocol(format!("{kind:?} has no records table")))?)
}

/// A value matched exactly by a text filter (docs/RULES.md §7).
fn quoted(v: &str) -> String {
    format!("\"{v}\"")
}

pub use crate::api::dashboard::period::year_ago;
