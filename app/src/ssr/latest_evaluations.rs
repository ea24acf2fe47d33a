//! Each Institution's latest Compass evaluation (docs/RULES.md §7), kept in
//! `latest_evaluations` on write: whatever inserts Compass reports calls
//! `refresh` in the same transaction, so dashboards and the Institution
//! list's evaluation filters read one row per institution, never every report.
//! The same refresh keeps `term_evaluations`, each institution's last
//! evaluation per school term, which the dashboards' trend reads (§7.2).
use super::db::Tx;
use super::sql::Sql;

/// How many benchmarks a row fully achieves (100 %), as SQL over alias `c`.
const ACHIEVED: &str =
    "(CASE WHEN c.b1 = 100 THEN 1 ELSE 0 END) + (CASE WHEN c.b2 = 100 THEN 1 ELSE 0 END) \
    + (CASE WHEN c.b3 = 100 THEN 1 ELSE 0 END) + (CASE WHEN c.b4 = 100 THEN 1 ELSE 0 END) \
    + (CASE WHEN c.b5 = 100 THEN 1 ELSE 0 END) + (CASE WHEN c.b6 = 100 THEN 1 ELSE 0 END) \
    + (CASE WHEN c.b7 = 100 THEN 1 ELSE 0 END) + (CASE WHEN c.b8 = 100 THEN 1 ELSE 0 END)";

/// The school term of a `YYYY-MM-DD` date over alias `{a}` as `YYYY-1`
/// (spring, January to April), `YYYY-2` (summer, May to August) or `YYYY-3`
/// (autumn, September to December): docs/RULES.md §7.2.
fn term_of(alias: &str) -> String {
    format!(
        "(SUBSTR({alias}.completed_on, 1, 4) || '-' || (CASE WHEN SUBSTR({alias}.completed_on, 6, 2) <= '04' THEN '1' \
         WHEN SUBSTR({alias}.completed_on, 6, 2) <= '08' THEN '2' ELSE '3' END))"
    )
}

/// Recomputes the latest evaluation of one institution, or of every
/// institution (`None`, after a bulk load such as the demo seed). The latest
/// is the one completed last; on the same day, the one recorded last.
pub async fn refresh(tx: &mut Tx, institution: Option<i64>) -> Result<(), sqlx::Error> {
    let mut delete = Sql::new("DELETE FROM latest_evaluations");
    let mut insert = Sql::new(format!(
        "INSERT INTO latest_evaluations (institution_id, report_id, evaluation_type, completed_on, \
         b1, b2, b3, b4, b5, b6, b7, b8, achieved) \
         SELECT c.institution_id, c.id, c.evaluation_type, c.completed_on, \
         c.b1, c.b2, c.b3, c.b4, c.b5, c.b6, c.b7, c.b8, {ACHIEVED} \
         FROM compass_reports c \
         WHERE c.id = (SELECT x.id FROM compass_reports x WHERE x.institution_id = c.institution_id \
         ORDER BY x.completed_on DESC, x.id DESC LIMIT 1)"
    ));
    if let Some(id) = institution {
        delete.push(" WHERE institution_id = ").int(id);
        insert.push(" AND c.institution_id = ").int(id);
    }
    delete.query().execute(&mut **tx).await?;
    insert.query().execute(&mut **tx).await?;

    let mut delete = Sql::new("DELETE FROM term_evaluations");
    let (c, x) = (term_of("c"), term_of("x"));
    let mut insert = Sql::new(format!(
        "INSERT INTO term_evaluations (institution_id, term, report_id, achieved) \
         SELECT c.institution_id, {c}, c.id, {ACHIEVED} FROM compass_reports c \
         WHERE c.id = (SELECT x.id FROM compass_reports x WHERE x.institution_id = c.institution_id \
         AND {x} = {c} ORDER BY x.completed_on DESC, x.id DESC LIMIT 1)"
    ));
    if let Some(id) = institution {
        delete.push(" WHERE institution_id = ").int(id);
        insert.push(" AND c.institution_id = ").int(id);
    }
    delete.query().execute(&mut **tx).await?;
    insert.query().execute(&mut **tx).await?;
    Ok(())
}
