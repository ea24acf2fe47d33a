//! Compass Progress Reports read as reports (docs/RULES.md §3.2): a report's
//! previous evaluation and the averages it is compared with, and an
//! Institution's evaluations. Averages are taken with the Compass list's own
//! `FROM … WHERE` (`list::from_where`), so the viewer's average can never
//! include a report outside their scope.
use super::list::{from_where, Extra};
use super::tables::{table, PREVIOUS_REPORT};
use crate::auth::permissions::{decide_network, Action, NetworkScope, NetworkTarget, RecordKind};
use crate::auth::roles::Principal;
use crate::records::compass::{Average, CompassView, Evaluation, ReportFigures};
use crate::records::query::ListQuery;
use crate::ssr::db::Db;
use crate::ssr::sql::Sql;
use crate::url_query::{self, UrlQuery};

const SCORES: &str = "t.id AS id, t.completed_on AS completed_on, t.evaluation_type AS evaluation_type, \
     t.b1 AS b1, t.b2 AS b2, t.b3 AS b3, t.b4 AS b4, t.b5 AS b5, t.b6 AS b6, t.b7 AS b7, t.b8 AS b8";

#[derive(sqlx::FromRow)]
struct EvaluationRow {
    id: i64,
    completed_on: String,
    evaluation_type: String,
    b1: i64,
    b2: i64,
    b3: i64,
    b4: i64,
    b5: i64,
    b6: i64,
    b7: i64,
    b8: i64,
}

impl From<EvaluationRow> for Evaluation {
    fn from(r: EvaluationRow) -> Self {
        Evaluation {
            id: r.id,
            completed_on: r.completed_on,
            evaluation_type: r.evaluation_type,
            scores: vec![r.b1, r.b2, r.b3, r.b4, r.b5, r.b6, r.b7, r.b8],
        }
    }
}

#[derive(sqlx::FromRow)]
struct SumsRow {
    n: i64,
    s1: Option<i64>,
    s2: Option<i64>,
    s3: Option<i64>,
    s4: Option<i64>,
    s5: Option<i64>,
    s6: Option<i64>,
    s7: Option<i64>,
    s8: Option<i64>,
}

/// The list of every institution's latest evaluation (`f_latest=yes`).
pub fn latest_query() -> ListQuery {
    ListQuery::parse(
        RecordKind::CompassReport,
        &url_query::encode([("f_latest".to_string(), "yes".to_string())]),
    )
}

/// How the viewer's own average is named, by the scope it is taken over.
fn scope_label(scope: NetworkScope) -> &'static str {
    match scope {
        NetworkScope::Caseload => "Your caseload's average",
        NetworkScope::Partner => "Your hub's average",
        NetworkScope::Assigned => "Your assigned institutions' average",
        NetworkScope::National => "National average",
        NetworkScope::Own => "Your average",
    }
}

/// The count and mean scores of the latest evaluations in the Compass list
/// `who` sees within `scope`, narrowed by `extra`.
async fn average(
    db: &Db,
    who: &Principal,
    scope: NetworkScope,
    extra: Option<Extra>,
) -> Result<Average, sqlx::Error> {
    let t = table(RecordKind::CompassReport)
        .ok_or_else(|| sqlx::Error::Protocol("Compass reports have no table".into()))?;
    let mut sql = from_where(db.backend, t, who, scope, &latest_query(), extra);
    let sums = (1..=8)
        .map(|k| format!(", CAST(SUM(t.b{k}) AS BIGINT) AS s{k}"))
        .collect::<String>();
    sql.prepend(&format!("SELECT COUNT(*) AS n{sums}"));
    let r: SumsRow = sql.query_as().fetch_one(&db.read).await?;
    Ok(Average {
        institutions: r.n,
        sums: [r.s1, r.s2, r.s3, r.s4, r.s5, r.s6, r.s7, r.s8]
            .map(|s| s.unwrap_or(0))
            .to_vec(),
    })
}

#[derive(sqlx::FromRow)]
struct ReportHead {
    partner_id: Option<i64>,
    previous_id: Option<i64>,
}

async fn evaluation(db: &Db, id: i64) -> Result<Option<Evaluation>, sqlx::Error> {
    let mut sql = Sql::new(format!(
        "SELECT {SCORES} FROM compass_reports t WHERE t.id = "
    ));
    sql.int(id);
    Ok(sql
        .query_as::<EvaluationRow>()
        .fetch_optional(&db.read)
        .await?
        .map(Evaluation::from))
}

/// A report the viewer may view (the caller checked): its scores, the
/// previous evaluation, the viewer's average and its Partner's.
pub async fn report(
    db: &Db,
    who: &Principal,
    id: i64,
) -> Result<Option<ReportFigures>, sqlx::Error> {
    let Some(scope) = decide_network(
        who,
        Action::View,
        &NetworkTarget::Kind(RecordKind::CompassReport),
    )
    .scope() else {
        return Ok(None);
    };
    let Some(report) = evaluation(db, id).await? else {
        return Ok(None);
    };
    let mut sql = Sql::new(format!(
        "SELECT i.partner_id AS partner_id, ({PREVIOUS_REPORT}) AS previous_id \
         FROM compass_reports t JOIN institutions i ON i.id = t.institution_id WHERE t.id = "
    ));
    sql.int(id);
    let head: ReportHead = sql.query_as().fetch_one(&db.read).await?;
    let previous = match head.previous_id {
        Some(p) => evaluation(db, p).await?,
        None => None,
    };
    let partner = match head.partner_id {
        // Figures only, over the whole Partner whatever the viewer's scope.
        Some(p) => Some(
            average(
                db,
                who,
                NetworkScope::National,
                Some(Extra {
                    cond: "i.partner_id = ?",
                    arg: p,
                }),
            )
            .await?,
        ),
        None => None,
    };
    Ok(Some(ReportFigures {
        report,
        previous,
        scope_label: scope_label(scope).to_string(),
        scope: average(db, who, scope, None).await?,
        scope_href: latest_query().href(&format!("/areas/{}", RecordKind::CompassReport.slug())),
        partner,
    }))
}

/// The evaluations of an Institution the viewer may see, oldest first (the
/// Compass list's own query; None when the viewer sees no Compass reports).
pub async fn history(
    db: &Db,
    who: &Principal,
    institution_id: i64,
) -> Result<Option<Vec<Evaluation>>, sqlx::Error> {
    let (Some(scope), Some(t)) = (
        decide_network(
            who,
            Action::View,
            &NetworkTarget::Kind(RecordKind::CompassReport),
        )
        .scope(),
        table(RecordKind::CompassReport),
    ) else {
        return Ok(None);
    };
    let mut sql = from_where(
        db.backend,
        t,
        who,
        scope,
        &ListQuery::default(),
        Some(Extra {
            cond: "t.institution_id = ?",
            arg: institution_id,
        }),
    );
    sql.prepend(&format!("SELECT {SCORES}"))
        .push(" ORDER BY t.completed_on, t.id");
    let rows = sql.query_as::<EvaluationRow>().fetch_all(&db.read).await?;
    Ok(Some(rows.into_iter().map(Evaluation::from).collect()))
}

/// The Compass part of a record page, for the kinds that have one.
pub async fn view(
    db: &Db,
    who: &Principal,
    kind: RecordKind,
    id: i64,
) -> Result<Option<CompassView>, sqlx::Error> {
    Ok(match kind {
        RecordKind::CompassReport => report(db, who, id)
            .await?
            .map(|f| CompassView::Report(Box::new(f))),
        RecordKind::Institution => history(db, who, id).await?.map(CompassView::History),
        RecordKind::Ea
        | RecordKind::Ec
        | RecordKind::Employer
        | RecordKind::SubContractor
        | RecordKind::Partner
        | RecordKind::PartnerUser
        | RecordKind::CecStaffUser
        | RecordKind::NationalUser
        | RecordKind::Organisation
        | RecordKind::SupportRequest
        | RecordKind::MonthlySubmission
        | RecordKind::UrnList => None,
    })
}
