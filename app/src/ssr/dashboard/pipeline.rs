//! The EA pipeline (docs/RULES.md §7): one pass over the EA list's own
//! `FROM … WHERE`.
use super::{figure, list_query, table_of, with};
use crate::api::dashboard::figures::Figure;
use crate::auth::permissions::{decide_network, Action, NetworkTarget, RecordKind};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::ssr::db::Db;
use crate::ssr::records::list::from_where;

#[derive(sqlx::FromRow)]
struct EaCounts {
    n: i64,
    signed_up: Option<i64>,
    dbs: Option<i64>,
    induction: Option<i64>,
    matched: Option<i64>,
}

/// Active EAs and the pipeline, or nothing for a role without EAs.
pub async fn pipeline(
    db: &Db,
    who: &Principal,
    filters: &[(&str, String)],
) -> Result<(Option<Figure>, Vec<Figure>), AppError> {
    const K: RecordKind = RecordKind::Ea;
    let Ok(scope) = decide_network(who, Action::View, &NetworkTarget::Kind(K)).into_result() else {
        return Ok((None, vec![]));
    };
    let t = table_of(K)?;
    let q = list_query(K, filters);
    let mut sql = from_where(db.backend, t, who, scope, &q, None);
    sql.prepend(
        "SELECT COUNT(*) AS n, \
         SUM(CASE WHEN COALESCE(t.signed_up_on, '') <> '' THEN 1 ELSE 0 END) AS signed_up, \
         SUM(CASE WHEN COALESCE(t.dbs_check_on, '') = '' THEN 1 ELSE 0 END) AS dbs, \
         SUM(CASE WHEN COALESCE(t.induction_on, '') = '' THEN 1 ELSE 0 END) AS induction, \
         SUM(CASE WHEN t.matched = 1 THEN 1 ELSE 0 END) AS matched",
    );
    sql.drop_unused_joins(t.from);
    let c = sql.query_as::<EaCounts>().fetch_one(&db.read).await?;
    let matched = c.matched.unwrap_or(0);
    let f =
        |label: &str, v: i64, key: &str, value: &str| figure(K, label, v, &with(&q, key, value));
    Ok((
        Some(figure(K, "Active EAs", c.n, &q)),
        vec![
            f("Signed up", c.signed_up.unwrap_or(0), "signed_up_on", "yes"),
            f(
                "DBS check outstanding",
                c.dbs.unwrap_or(0),
                "dbs_check_on",
                "no",
            ),
            f(
                "Induction outstanding",
                c.induction.unwrap_or(0),
                "induction_on",
                "no",
            ),
            f("Matched", matched, "matched", "yes"),
            f("Unmatched", c.n - matched, "matched", "no"),
        ],
    ))
}
