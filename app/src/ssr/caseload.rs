//! What an access change does, computed before it is made, and the caseload
//! hand-over (docs/RULES.md §2.6). Counts go through the list's own
//! FROM/WHERE with the scope of the EC or Sub-contractor concerned, so a
//! preview says exactly what their lists will show.
use crate::api::caseload::HandoverPreview;
use crate::auth::permissions::{NetworkScope, RecordKind};
use crate::auth::roles::{Binding, NetworkGrant, NetworkRole, Principal};
use crate::error::AppError;
use crate::records::query::ListQuery;
use crate::records::view::RecordView;
use crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange};
use crate::ssr::clock::now;
use crate::ssr::db::{Backend, Db, Tx};
use crate::ssr::records::list::{from_where, Extra};
use crate::ssr::records::tables::table;

/// The kinds an EC's caseload holds, in the order sentences name them.
pub const CASELOAD: [RecordKind; 2] = [RecordKind::Institution, RecordKind::Ea];

/// "1 institution", "40 institutions", "1 EA", "12 EAs".
pub fn count_words(n: i64, kind: RecordKind) -> String {
    let one = match kind {
        RecordKind::Institution => "institution",
        RecordKind::Ea => "EA",
        RecordKind::Ec => "EC",
        RecordKind::SubContractor
        | RecordKind::Employer
        | RecordKind::Partner
        | RecordKind::PartnerUser
        | RecordKind::CecStaffUser
        | RecordKind::Organisation
        | RecordKind::CompassReport
        | RecordKind::SupportRequest
        | RecordKind::MonthlySubmission
        | RecordKind::UrnList
        | RecordKind::NationalUser => "record",
    };
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// Whose view a count is taken from: an EC's caseload or a Sub-contractor's
/// assigned records, as the scope SQL sees them.
#[derive(Clone, Copy, Debug)]
pub enum Holder {
    Ec(i64),
    SubContractor(i64),
}

impl Holder {
    fn principal(self) -> (Principal, NetworkScope) {
        let (role, binding, scope) = match self {
            Holder::Ec(id) => (
                NetworkRole::EnterpriseCoordinator,
                Binding {
                    ec_id: Some(id),
                    ..Binding::default()
                },
                NetworkScope::Caseload,
            ),
            Holder::SubContractor(id) => (
                NetworkRole::SubContractor,
                Binding {
                    subcontractor_id: Some(id),
                    ..Binding::default()
                },
                NetworkScope::Assigned,
            ),
        };
        let grant = NetworkGrant {
            id: 0,
            role,
            binding,
            bound_to: String::new(),
        };
        let p = Principal {
            user_id: 0,
            display_name: String::new(),
            network: Some(grant.clone()),
            grants: vec![grant],
            org: None,
        };
        (p, scope)
    }
}

/// Open records of `kind` the holder's list shows.
pub async fn count(
    tx: &mut Tx,
    backend: Backend,
    holder: Holder,
    kind: RecordKind,
) -> Result<i64, AppError> {
    let t = table(kind).ok_or_else(|| AppError::invalid("kind", "unknown kind"))?;
    let (who, scope) = holder.principal();
    let mut sql = from_where(backend, t, &who, scope, &ListQuery::default(), None);
    sql.prepend("SELECT COUNT(*) AS n");
    Ok(sql.query_scalar::<i64>().fetch_one(&mut **tx).await?)
}

/// Counts before and after setting `column` of `record` to `value`: the
/// change is made in a transaction that is then rolled back, so the figures
/// are what the real change will give.
pub async fn dry_run(
    db: &Db,
    record: &RecordView,
    column: &'static str,
    value: Option<i64>,
    asks: &[(Holder, RecordKind)],
) -> Result<Vec<(i64, i64)>, AppError> {
    let t = table(record.kind).ok_or_else(|| AppError::invalid("kind", "unknown kind"))?;
    let mut tx = db.begin_write().await?;
    let mut before = vec![];
    for (h, k) in asks {
        before.push(count(&mut tx, db.backend, *h, *k).await?);
    }
    sqlx::query(&format!(
        "UPDATE {} SET {column} = $1 WHERE id = $2",
        t.table
    ))
    .bind(value)
    .bind(record.id)
    .execute(&mut *tx)
    .await?;
    let mut out = vec![];
    for ((h, k), b) in asks.iter().zip(before) {
        out.push((b, count(&mut tx, db.backend, *h, *k).await?));
    }
    tx.rollback().await?;
    Ok(out)
}

#[derive(sqlx::FromRow)]
struct Moving {
    id: i64,
    version: i64,
}

/// The open records of the EC `from`'s caseload, by kind, in `scope` for
/// `me` (the AssignEc scope), with the number outside it.
async fn caseload(
    tx: &mut Tx,
    backend: Backend,
    me: &Principal,
    scope: NetworkScope,
    from: i64,
) -> Result<(Vec<(RecordKind, Vec<Moving>)>, i64), AppError> {
    let mut out = vec![];
    let mut outside = 0;
    for kind in CASELOAD {
        let t = table(kind).ok_or_else(|| AppError::invalid("kind", "unknown kind"))?;
        let extra = Some(Extra {
            cond: "t.ec_id = ?",
            arg: from,
        });
        let mut sql = from_where(backend, t, me, scope, &ListQuery::default(), extra);
        sql.prepend(&format!(
            "SELECT t.id AS id, CAST({} AS BIGINT) AS version",
            t.version
        ))
        .push(" ORDER BY t.id");
        let rows = sql.query_as::<Moving>().fetch_all(&mut **tx).await?;
        let all = count(tx, backend, Holder::Ec(from), kind).await?;
        outside += all - rows.len() as i64;
        out.push((kind, rows));
    }
    Ok((out, outside))
}

/// A fingerprint of the records and versions about to move: any edit,
/// addition or removal since the preview changes it (FNV-1a, 64 bits).
fn fingerprint(records: &[(RecordKind, Vec<Moving>)]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (kind, rows) in records {
        for byte in kind.slug().bytes() {
            h = (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        for r in rows {
            for v in [r.id, r.version] {
                for byte in v.to_le_bytes() {
                    h = (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
                }
            }
        }
    }
    format!("{h:016x}")
}

/// The two ECs of a hand-over, checked: different, same Partner, the
/// receiving one open.
pub fn check_pair(from: &RecordView, to: &RecordView) -> Result<(), AppError> {
    if from.id == to.id {
        return Err(AppError::invalid(
            "to_ec",
            "Choose a different EC to receive the caseload.",
        ));
    }
    if to.closed || to.facts.partner_id != from.facts.partner_id {
        return Err(AppError::invalid(
            "to_ec",
            "Choose an open EC of the same Partner to receive the caseload.",
        ));
    }
    Ok(())
}

/// What handing `from`'s caseload to `to` would do, in words and figures.
pub async fn preview_handover(
    db: &Db,
    me: &Principal,
    scope: NetworkScope,
    from: &RecordView,
    to: &RecordView,
) -> Result<HandoverPreview, AppError> {
    let mut tx = db.begin_write().await?;
    let (records, outside) = caseload(&mut tx, db.backend, me, scope, from.id).await?;
    let mut receiving = vec![];
    for kind in CASELOAD {
        receiving.push(count(&mut tx, db.backend, Holder::Ec(to.id), kind).await?);
    }
    tx.rollback().await?;
    let moving: Vec<i64> = records.iter().map(|(_, r)| r.len() as i64).collect();
    let (mi, me_) = (moving[0], moving[1]);
    let mut sentences = vec![];
    if mi + me_ == 0 {
        sentences.push(format!(
            "{} has no open institutions or EAs; there is nothing to hand over.",
            from.title
        ));
    } else {
        sentences.push(format!(
            "{}'s {} and {} move to {}.",
            from.title,
            count_words(mi, RecordKind::Institution),
            count_words(me_, RecordKind::Ea),
            to.title
        ));
        sentences.push(format!(
            "{}'s caseload goes from {} to {} and from {} to {}.",
            to.title,
            count_words(receiving[0], RecordKind::Institution),
            count_words(receiving[0] + mi, RecordKind::Institution),
            count_words(receiving[1], RecordKind::Ea),
            count_words(receiving[1] + me_, RecordKind::Ea),
        ));
        sentences.push(format!("{}'s caseload becomes empty.", from.title));
    }
    if outside > 0 {
        sentences.push(format!(
            "{outside} of {}'s records lie outside your scope; the hand-over is refused until they are moved by someone who can see them.",
            from.title
        ));
    }
    Ok(HandoverPreview {
        sentences,
        institutions: mi,
        eas: me_,
        receiving_before: (receiving[0], receiving[1]),
        token: fingerprint(&records),
        outside,
    })
}

/// Moves every open record of `from`'s caseload to `to` in one transaction,
/// one audited change per record; refused (409) when the caseload is not the
/// one previewed (`token`).
pub async fn handover(
    db: &Db,
    me: &Principal,
    scope: NetworkScope,
    from: &RecordView,
    to: &RecordView,
    token: &str,
) -> Result<i64, AppError> {
    let mut tx = db.begin_write().await?;
    let (records, outside) = caseload(&mut tx, db.backend, me, scope, from.id).await?;
    if fingerprint(&records) != token {
        return Err(AppError::Conflict(format!(
            "{}'s caseload changed after you previewed the hand-over (a record was added, moved or edited). \
             Nothing was moved; look at the new preview and confirm again.",
            from.title
        )));
    }
    if outside > 0 {
        return Err(AppError::Forbidden(format!(
            "{outside} of {}'s records lie outside your scope, so you cannot hand over the whole caseload.",
            from.title
        )));
    }
    let mut entries = vec![];
    let mut moved = 0;
    for (kind, rows) in &records {
        let t = table(*kind).ok_or_else(|| AppError::invalid("kind", "unknown kind"))?;
        let sql = format!(
            "UPDATE {} SET ec_id = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4",
            t.table
        );
        for r in rows {
            let done = sqlx::query(&sql)
                .bind(to.id)
                .bind(now())
                .bind(r.id)
                .bind(r.version)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() == 0 {
                return Err(AppError::stale("record", r.version));
            }
            entries.push((
                Audit::by(me.user_id, AuditKind::Network(*kind), r.id),
                AuditAction::Assign,
                FieldChange::new(
                    "assigned EC",
                    Some(from.title.clone()),
                    Some(to.title.clone()),
                ),
            ));
            moved += 1;
        }
    }
    Audit::fields_of_many(&mut tx, &entries).await?;
    let note = format!("Caseload of {moved} records handed over to {}.", to.title);
    Audit::by(me.user_id, AuditKind::Network(RecordKind::Ec), from.id)
        .event(&mut tx, AuditAction::Assign, Some(&note))
        .await?;
    tx.commit().await?;
    Ok(moved)
}

/// The Sub-contractor a record is assigned to now (not the one that created
/// it), with its name.
pub async fn assigned_subcontractor(
    db: &Db,
    record: &RecordView,
) -> Result<Option<(i64, String)>, AppError> {
    let t = table(record.kind).ok_or_else(|| AppError::invalid("kind", "unknown kind"))?;
    let sql = format!(
        "SELECT s.id AS id, s.name AS name FROM {} t JOIN subcontractors s ON s.id = t.subcontractor_id WHERE t.id = $1",
        t.table
    );
    #[derive(sqlx::FromRow)]
    struct Sc {
        id: i64,
        name: String,
    }
    let sc = sqlx::query_as::<_, Sc>(&sql)
        .bind(record.id)
        .fetch_optional(&db.read)
        .await?;
    Ok(sc.map(|s| (s.id, s.name)))
}

/// "Sub-contractor North Skills gains access to 1 EA; it will see 14
/// institutions, 23 EAs and 3 ECs." for each holder among `figures`, in order.
pub fn access_sentences(figures: &[crate::api::caseload::Figure]) -> Vec<String> {
    let mut holders: Vec<&str> = vec![];
    for f in figures {
        if !holders.contains(&f.holder.as_str()) {
            holders.push(&f.holder);
        }
    }
    holders
        .into_iter()
        .map(|h| {
            let mine: Vec<_> = figures.iter().filter(|f| f.holder == h).collect();
            let list = |pick: &dyn Fn(i64, i64) -> Option<i64>| {
                let parts: Vec<String> = mine
                    .iter()
                    .filter_map(|f| pick(f.before, f.after).map(|n| count_words(n, f.kind)))
                    .collect();
                join_and(&parts)
            };
            let gained = list(&|b, a| (a > b).then_some(a - b));
            let lost = list(&|b, a| (a < b).then_some(b - a));
            let total = list(&|_, a| Some(a));
            let change = match (gained.is_empty(), lost.is_empty()) {
                (false, true) => format!("gains access to {gained}"),
                (true, false) => format!("loses access to {lost}"),
                (false, false) => format!("gains access to {gained} and loses access to {lost}"),
                (true, true) => "keeps the access it has (it created the record)".to_string(),
            };
            format!("{h} {change}; it will see {total}.")
        })
        .collect()
}

/// "a", "a and b", "a, b and c".
fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
