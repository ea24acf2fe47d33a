//! `caseboard create-partner`: Partners come from the command line
//! (docs/RULES.md §1, §6). Idempotent by name, ignoring case.
use app::auth::permissions::RecordKind;
use app::ssr::audit::{Audit, AuditAction, AuditKind, AuditSource, FieldChange};
use app::ssr::clock::now;
use app::ssr::db::Db;

/// What `create-partner` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartnerOutcome {
    Created {
        id: i64,
    },
    /// A Partner of that name was there already; nothing changed.
    AlreadyExists {
        id: i64,
        name: String,
        region: String,
    },
}

#[derive(sqlx::FromRow)]
struct Existing {
    id: i64,
    name: String,
    region: String,
}

/// Adds the Partner unless one of that name (ignoring case) exists.
pub async fn create_partner(
    db: &Db,
    name: &str,
    region: &str,
) -> Result<PartnerOutcome, sqlx::Error> {
    let (name, region) = (name.trim(), region.trim());
    let mut tx = db.begin_write().await?;
    let existing = sqlx::query_as::<_, Existing>(
        "SELECT id, name, region FROM partners WHERE LOWER(name) = LOWER($1) ORDER BY id LIMIT 1",
    )
    .bind(name)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(p) = existing {
        return Ok(PartnerOutcome::AlreadyExists {
            id: p.id,
            name: p.name,
            region: p.region,
        });
    }
    let t = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO partners (name, region, created_at, updated_at) VALUES ($1, $2, $3, $4) \
         RETURNING id",
    )
    .bind(name)
    .bind(region)
    .bind(t)
    .bind(t)
    .fetch_one(&mut *tx)
    .await?;
    Audit::system(
        AuditSource::CommandLine,
        AuditKind::Network(RecordKind::Partner),
        id,
    )
    .fields(
        &mut tx,
        AuditAction::CreateFromCommandLine,
        &[
            FieldChange::new("name", None, Some(name.to_string())),
            FieldChange::new("region", None, Some(region.to_string())),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(PartnerOutcome::Created { id })
}

pub async fn run(db: &Db, name: &str, region: &str) -> Result<(), super::Error> {
    match create_partner(db, name, region).await? {
        PartnerOutcome::Created { id } => {
            println!("Created Partner {name:?} (region {region:?}, id {id}).")
        }
        PartnerOutcome::AlreadyExists { id, name, region } => println!(
            "Partner {name:?} already exists (region {region:?}, id {id}); nothing changed."
        ),
    }
    Ok(())
}
