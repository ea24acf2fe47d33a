//! Last month's Partner return on the Partner and Admin dashboards
//! (docs/RULES.md §2.4, §7), read with the returns page's own queries so a
//! count equals that page's total.
use crate::api::dashboard::figures::{Figure, MonthlyStatus, OwnReturn};
use crate::auth::permissions::{decide_network, Action, NetworkScope, NetworkTarget, RecordKind};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::records::monthly::{ReturnStatus, ReturnsQuery};
use crate::ssr::db::Db;
use crate::ssr::monthly::{current_month, due_text, month_rows, partner_overdue};
use crate::url_query::UrlQuery;

const RETURNS: &str = "/areas/monthly-submissions";

/// None for a role that does not see monthly returns, or is not bound to a Partner.
pub async fn monthly_status(db: &Db, who: &Principal) -> Result<Option<MonthlyStatus>, AppError> {
    const K: RecordKind = RecordKind::MonthlySubmission;
    let Ok(scope) = decide_network(who, Action::View, &NetworkTarget::Kind(K)).into_result() else {
        return Ok(None);
    };
    let (grace_days, _) = crate::ssr::settings::grace_days(db).await?;
    let month = current_month().previous();
    let query = |status: &str| ReturnsQuery {
        month: Some(month),
        status: status.to_string(),
        page: 1,
    };
    let mut out = MonthlyStatus {
        month: month.label(),
        due_on: due_text(month, grace_days),
        returns_href: query("").href(RETURNS),
        own: None,
        overdue_months: vec![],
        by_status: vec![],
    };
    let bound = who.network.as_ref().and_then(|g| g.binding.partner_id);
    match (scope, bound) {
        (NetworkScope::National, _) => {
            let keys = ReturnStatus::ALL
                .iter()
                .map(|s| (s.key(), s.label()))
                .chain([("overdue", "Overdue")]);
            for (key, label) in keys {
                let q = query(key);
                let (_, total, _) = month_rows(db, month, None, &q, grace_days).await?;
                out.by_status.push(Figure {
                    label: label.into(),
                    value: total,
                    href: q.href(RETURNS),
                });
            }
        }
        (_, Some(partner)) => {
            let (rows, _, _) = month_rows(db, month, Some(partner), &query(""), grace_days).await?;
            out.own = rows.first().map(|r| OwnReturn {
                status: r.status,
                overdue: r.overdue,
                open: match r.id {
                    Some(id) => format!("{RETURNS}/{id}"),
                    None => RETURNS.into(),
                },
            });
            // The Partner's own page lists its months, not one month.
            out.returns_href = RETURNS.into();
            out.overdue_months = partner_overdue(db, partner, grace_days)
                .await?
                .into_iter()
                .map(|r| r.month.label())
                .collect();
        }
        (_, None) => return Ok(None),
    }
    Ok(Some(out))
}
