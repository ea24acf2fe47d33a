//! Admin sets Institutions' Partner (docs/RULES.md §2.1): one Institution on
//! its record, or every open Institution of a local authority after a
//! preview. A Partner change also takes the Institution off the old
//! Partner's EC and Sub-contractor (they cannot work another Partner's
//! schools). Each Institution's change is audited; the whole local
//! authority is one transaction, refused (409) if its set changed since the
//! preview.
use super::audit::{Audit, AuditAction, AuditKind, FieldChange};
use super::clock::now;
use super::db::{Db, Tx};
use super::sql::Sql;
use crate::api::gias::types::{LaPreview, Moving, PartnerChoice};
use crate::auth::permissions::RecordKind;
use crate::error::AppError;
use std::collections::BTreeMap;

#[derive(sqlx::FromRow)]
struct Current {
    id: i64,
    partner_id: Option<i64>,
    partner_name: Option<String>,
    ec_id: Option<i64>,
    subcontractor_id: Option<i64>,
    version: i64,
}

const CURRENT: &str =
    "SELECT t.id, t.partner_id, p.name AS partner_name, t.ec_id, t.subcontractor_id, \
     t.version FROM institutions t LEFT JOIN partners p ON p.id = t.partner_id";

/// Every Partner, by name.
pub async fn partners(db: &Db) -> Result<Vec<PartnerChoice>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        name: String,
    }
    let rows = sqlx::query_as::<_, Row>("SELECT id, name FROM partners ORDER BY name")
        .fetch_all(&db.read)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| PartnerChoice {
            id: r.id,
            name: r.name,
        })
        .collect())
}

/// Every local authority that has an open Institution, by name.
pub async fn local_authorities(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT local_authority FROM institutions \
         WHERE status = 'active' AND local_authority <> '' ORDER BY local_authority",
    )
    .fetch_all(&db.read)
    .await
}

async fn partner_name(tx: &mut Tx, id: i64) -> Result<String, AppError> {
    sqlx::query_scalar::<_, String>("SELECT name FROM partners WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| AppError::invalid("partner_id", "Choose a Partner from the list."))
}

async fn in_authority(tx: &mut Tx, la: &str) -> Result<Vec<Current>, AppError> {
    let rows = sqlx::query_as::<_, Current>(&format!(
        "{CURRENT} WHERE t.local_authority = $1 AND t.status = 'active' ORDER BY t.id"
    ))
    .bind(la)
    .fetch_all(&mut **tx)
    .await?;
    if rows.is_empty() {
        return Err(AppError::invalid(
            "local_authority",
            "There are no open institutions in this local authority; choose one from the list.",
        ));
    }
    Ok(rows)
}

/// A fingerprint of the set (ids, Partners, versions): any change to it since
/// the preview changes the number.
fn fingerprint(rows: &[Current]) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for r in rows {
        for n in [r.id, r.partner_id.unwrap_or(0), r.version] {
            for b in n.to_le_bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x100_0000_01b3);
            }
        }
    }
    (h & 0x7fff_ffff) as i64
}

fn preview_of(la: &str, partner_id: i64, partner_name: String, rows: &[Current]) -> LaPreview {
    let mut moving: BTreeMap<String, i64> = BTreeMap::new();
    let (mut gains, mut already) = (0, 0);
    for r in rows {
        if r.partner_id == Some(partner_id) {
            already += 1;
            continue;
        }
        gains += 1;
        if let Some(name) = &r.partner_name {
            *moving.entry(name.clone()).or_default() += 1;
        }
    }
    LaPreview {
        local_authority: la.to_string(),
        partner_id,
        partner_name,
        gains,
        moving: moving
            .into_iter()
            .map(|(from_partner, institutions)| Moving {
                from_partner,
                institutions,
            })
            .collect(),
        already,
        version: fingerprint(rows),
    }
}

/// What giving every open Institution of `la` to the Partner would do.
pub async fn preview(db: &Db, la: &str, partner_id: i64) -> Result<LaPreview, AppError> {
    let mut tx = db.read.begin().await?;
    let name = partner_name(&mut tx, partner_id).await?;
    let rows = in_authority(&mut tx, la).await?;
    tx.rollback().await?;
    Ok(preview_of(la, partner_id, name, &rows))
}

/// Gives every open Institution of `la` to the Partner, if the set is still
/// the one previewed at `version`. Returns how many Institutions changed.
pub async fn assign(
    db: &Db,
    actor: i64,
    la: &str,
    partner_id: i64,
    version: i64,
) -> Result<i64, AppError> {
    let mut tx = db.begin_write().await?;
    let name = partner_name(&mut tx, partner_id).await?;
    let rows = in_authority(&mut tx, la).await?;
    if fingerprint(&rows) != version {
        return Err(AppError::stale(
            "local authority's set of institutions",
            version,
        ));
    }
    let moving: Vec<&Current> = rows
        .iter()
        .filter(|r| r.partner_id != Some(partner_id))
        .collect();
    move_to(&mut tx, actor, &moving, partner_id, &name).await?;
    tx.commit().await?;
    Ok(moving.len() as i64)
}

/// Sets one Institution's Partner, if it is still at `version`.
pub async fn set_one(
    db: &Db,
    actor: i64,
    id: i64,
    version: i64,
    partner_id: i64,
) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let name = partner_name(&mut tx, partner_id).await?;
    let row = sqlx::query_as::<_, Current>(&format!("{CURRENT} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .filter(|r| r.version == version)
        .ok_or_else(|| AppError::stale("record", version))?;
    if row.partner_id != Some(partner_id) {
        move_to(&mut tx, actor, &[&row], partner_id, &name).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Writes the new Partner (clearing the old Partner's EC and Sub-contractor)
/// and audits each Institution.
async fn move_to(
    tx: &mut Tx,
    actor: i64,
    rows: &[&Current],
    partner_id: i64,
    partner_name: &str,
) -> Result<(), AppError> {
    let t = now();
    let mut audits = vec![];
    for chunk in rows.chunks(500) {
        let mut sql = Sql::new("UPDATE institutions SET partner_id = ");
        let (p, at) = (sql.arg(partner_id), sql.arg(t));
        sql.push(&format!(
            "{p}, ec_id = NULL, subcontractor_id = NULL, version = version + 1, updated_at = {at} \
             WHERE id IN ("
        ));
        for (i, r) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.int(r.id);
        }
        sql.push(")");
        sql.query().execute(&mut **tx).await?;
    }
    for r in rows {
        let audit = Audit::by(actor, AuditKind::Network(RecordKind::Institution), r.id);
        let change = FieldChange::new(
            "partner",
            r.partner_name.clone(),
            Some(partner_name.to_string()),
        );
        audits.push((audit, AuditAction::Assign, change));
        if let Some(ec) = r.ec_id {
            let cleared = FieldChange::new("ec", Some(format!("EC {ec}")), None);
            audits.push((audit, AuditAction::Assign, cleared));
        }
        if let Some(sc) = r.subcontractor_id {
            let cleared =
                FieldChange::new("Sub-contractor", Some(format!("Sub-contractor {sc}")), None);
            audits.push((audit, AuditAction::Assign, cleared));
        }
    }
    Audit::fields_of_many(tx, &audits).await?;
    Ok(())
}
