//! Network Ops' dashboard (docs/RULES.md §7): the accounts it looks after,
//! each count taken over the Partner user or CEC Staff user list's own query.
use super::{figure, list_query, table_of, with};
use crate::api::dashboard::figures::{Figure, OpsDashboard, PartnerSeats};
use crate::auth::permissions::{decide_network, Action, NetworkTarget, RecordKind};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::records::query::ListQuery;
use crate::ssr::db::Db;
use crate::ssr::guard::network_kind;
use crate::ssr::records::list::from_where;

/// The list's total for `q`, as the list counts it.
async fn count(db: &Db, who: &Principal, kind: RecordKind, q: &ListQuery) -> Result<i64, AppError> {
    let scope = network_kind(who, Action::View, kind)?;
    let t = table_of(kind)?;
    let mut sql = from_where(db.backend, t, who, scope, q, None);
    sql.prepend("SELECT COUNT(*) AS n");
    Ok(sql.query_scalar::<i64>().fetch_one(&db.read).await?)
}

async fn counted(
    db: &Db,
    who: &Principal,
    kind: RecordKind,
    label: &str,
    q: &ListQuery,
) -> Result<Figure, AppError> {
    let mut f = figure(kind, label, count(db, who, kind, q).await?, q);
    // A role that may not filter this list (Network Ops on Partner users:
    // V D only) gets the figure without a link it could not open.
    let may_filter = decide_network(who, Action::Search, &NetworkTarget::Kind(kind)).is_allowed();
    if !q.filters.is_empty() && !may_filter {
        f.href.clear();
    }
    Ok(f)
}

/// Thirty days after `today` (`YYYY-MM-DD`).
fn in_30_days(today: &str) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(today, &fmt)
        .ok()
        .and_then(|d| d.checked_add(time::Duration::days(30)))
        .and_then(|d| d.format(&fmt).ok())
        .unwrap_or_else(|| today.to_string())
}

#[derive(sqlx::FromRow)]
struct PartnerName {
    name: String,
}

pub async fn ops(db: &Db, who: &Principal) -> Result<OpsDashboard, AppError> {
    use RecordKind as K;
    let by = in_30_days(&crate::ssr::clock::today());
    let pu = list_query(K::PartnerUser, &[]);
    let cec = list_query(K::CecStaffUser, &[]);
    let mut seats = vec![];
    let partners = sqlx::query_as::<_, PartnerName>(
        "SELECT name FROM partners WHERE status = 'active' ORDER BY name",
    )
    .fetch_all(&db.read)
    .await?;
    for p in partners {
        let q = with(&pu, "partner", &format!("\"{}\"", p.name));
        let users = counted(db, who, K::PartnerUser, &p.name, &q).await?;
        seats.push(PartnerSeats {
            partner: p.name,
            users,
        });
    }
    Ok(OpsDashboard {
        active_partner_users: counted(db, who, K::PartnerUser, "Active Partner users", &pu).await?,
        active_cec_staff: counted(db, who, K::CecStaffUser, "Active CEC Staff users", &cec).await?,
        expiring_partner_users: counted(
            db,
            who,
            K::PartnerUser,
            "Partner users whose access ends within 30 days",
            &with(&pu, "access_expires_on", &by),
        )
        .await?,
        expiring_cec_staff: counted(
            db,
            who,
            K::CecStaffUser,
            "CEC Staff users whose access ends within 30 days",
            &with(&cec, "access_expires_on", &by),
        )
        .await?,
        expiring_by: by,
        seats,
    })
}
