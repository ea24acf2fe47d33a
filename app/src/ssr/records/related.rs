//! Records related to a record, each list limited to what the viewer may see.
use super::list::{from_where, Extra};
use super::tables::table;
use crate::auth::permissions::{decide_network, Action, NetworkTarget, RecordKind};
use crate::auth::roles::Principal;
use crate::records::query::ListQuery;
use crate::records::view::{RelatedItem, RelatedList};
use crate::ssr::db::Db;
use crate::ssr::sql::Sql;

#[derive(sqlx::FromRow)]
struct Item {
    /// Which of the record's related lists the row belongs to.
    which: i64,
    id: i64,
    label: Option<String>,
}

/// (title, related kind, condition on the related table with `?` for the record id).
pub fn relations(kind: RecordKind) -> &'static [(&'static str, RecordKind, &'static str)] {
    use RecordKind as K;
    match kind {
        K::Ea => &[
            ("Matched institutions", K::Institution, "t.id IN (SELECT institution_id FROM ea_matches WHERE ea_id = ? AND status = 'active')"),
            ("Assigned EC", K::Ec, "t.id = (SELECT ec_id FROM eas WHERE id = ?)"),
            ("Employer", K::Employer, "t.id = (SELECT employer_id FROM eas WHERE id = ?)"),
        ],
        K::Institution => &[
            ("Matched EAs", K::Ea, "t.id IN (SELECT ea_id FROM ea_matches WHERE institution_id = ? AND status = 'active')"),
            ("Assigned EC", K::Ec, "t.id = (SELECT ec_id FROM institutions WHERE id = ?)"),
            ("Compass Progress Reports", K::CompassReport, "t.institution_id = ?"),
        ],
        K::Partner => &[
            ("Sub-contractors", K::SubContractor, "t.partner_id = ?"),
            ("ECs", K::Ec, "t.partner_id = ?"),
            ("Partner users", K::PartnerUser, "g.partner_id = ?"),
        ],
        K::Ec => &[("EAs", K::Ea, "t.ec_id = ?"), ("Institutions", K::Institution, "t.ec_id = ?")],
        K::SubContractor => &[
            ("ECs", K::Ec, "t.subcontractor_id = ?"),
            ("Assigned institutions", K::Institution, "t.subcontractor_id = ?"),
            ("Assigned EAs", K::Ea, "t.subcontractor_id = ?"),
        ],
        K::Employer => &[("EAs from this employer", K::Ea, "t.employer_id = ?")],
        K::CompassReport => &[("Institution", K::Institution, "t.id = (SELECT institution_id FROM compass_reports WHERE id = ?)")],
        K::PartnerUser
        | K::CecStaffUser
        | K::Organisation
        | K::SupportRequest
        | K::MonthlySubmission
        | K::UrnList
        | K::NationalUser => &[],
    }
}

/// Related lists the viewer may see (a kind they cannot view is left out),
/// each its first 100 by label. They are read as one statement, each list an
/// arm of a `UNION ALL`: a record page asks the database once for all of them
/// rather than once per list (RULES §5.1).
pub async fn related(
    db: &Db,
    who: &Principal,
    kind: RecordKind,
    id: i64,
) -> Result<Vec<RelatedList>, sqlx::Error> {
    let mut out = vec![];
    let mut sql = Sql::default();
    for (title, rk, cond) in relations(kind) {
        let (Some(scope), Some(t)) = (
            decide_network(who, Action::View, &NetworkTarget::Kind(*rk)).scope(),
            table(*rk),
        ) else {
            continue;
        };
        let which = out.len();
        let mut arm = from_where(
            db.backend,
            t,
            who,
            scope,
            &ListQuery::default(),
            Some(Extra { cond, arg: id }),
        );
        arm.prepend(&format!(
            "SELECT * FROM (SELECT CAST({which} AS BIGINT) AS which, t.id AS id, {} AS label",
            t.title
        ))
        .push(&format!(" ORDER BY label, t.id LIMIT 100) r{which}"));
        if which > 0 {
            sql.push(" UNION ALL ");
        }
        sql.append(&arm);
        out.push(RelatedList {
            title: title.to_string(),
            kind: *rk,
            items: vec![],
        });
    }
    if out.is_empty() {
        return Ok(out);
    }
    sql.push(" ORDER BY which, label, id");
    for row in sql.query_as::<Item>().fetch_all(&db.read).await? {
        let list = usize::try_from(row.which)
            .ok()
            .and_then(|i| out.get_mut(i))
            .ok_or_else(|| sqlx::Error::Protocol(format!("no related list {}", row.which)))?;
        list.items.push(RelatedItem {
            id: row.id,
            label: row.label.unwrap_or_default(),
        });
    }
    Ok(out)
}
