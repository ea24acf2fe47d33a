//! Changes to the org tree's units: create, rename, move, Director, close.
//! The caller has already been granted the action on the org tree; what is
//! left here is the tree's own rules, each change and its audit rows in one
//! transaction.
use super::{staff, units};
use crate::api::org::input;
use crate::api::org::types::{level_label, UnitRow};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange};
use crate::ssr::db::Db;

/// The unit `id`, or 404.
pub async fn unit(db: &Db, id: i64) -> Result<UnitRow, AppError> {
    units::find(db, id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("there is no org unit {id}.")))
}

/// The open unit the form's `field` names, or 422 on that field.
pub async fn open_parent(db: &Db, field: &str, v: &str) -> Result<UnitRow, AppError> {
    let id = input::id(field, v, "a unit")?;
    let parent = units::find(db, id)
        .await?
        .ok_or_else(|| AppError::invalid(field, "There is no such unit."))?;
    if parent.closed {
        return Err(AppError::invalid(
            field,
            format!("{} is closed; choose an open unit.", parent.name),
        ));
    }
    Ok(parent)
}

fn audit(me: &Principal, id: i64) -> Audit {
    Audit::by(me.user_id, AuditKind::OrgUnit, id)
}

/// "Name (unit 4)", as audit rows show a unit.
fn shown(u: &UnitRow) -> String {
    format!("{} (unit {})", u.name, u.id)
}

/// A new unit under an open parent, at a level below the parent's. Returns its id.
pub async fn create(
    db: &Db,
    me: &Principal,
    parent_id: &str,
    name: &str,
    level: &str,
) -> Result<i64, AppError> {
    let parent = open_parent(db, "parent_id", parent_id).await?;
    let name = input::text("name", name, "the unit's name", 120)?;
    let rank = units::level_rank(level)
        .filter(|r| *r > 0)
        .ok_or_else(|| AppError::invalid("level", "Choose Directorate, Business Unit or Team."))?;
    if units::level_rank(&parent.level).is_none_or(|p| p >= rank) {
        return Err(AppError::invalid(
            "level",
            format!(
                "A {} cannot sit under {} ({}).",
                level_label(level),
                parent.name,
                level_label(&parent.level)
            ),
        ));
    }
    let mut tx = db.begin_write().await?;
    let id = units::insert(&mut tx, &parent, &name, level).await?;
    audit(me, id)
        .fields(
            &mut tx,
            AuditAction::Create,
            &[
                FieldChange::new("name", None, Some(name)),
                FieldChange::new("level", None, Some(level.to_string())),
                FieldChange::new("parent", None, Some(shown(&parent))),
            ],
        )
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// Renames a unit at `version`. Returns the new version.
pub async fn rename(
    db: &Db,
    me: &Principal,
    id: i64,
    version: i64,
    name: &str,
) -> Result<i64, AppError> {
    let u = unit(db, id).await?;
    let name = input::text("name", name, "the unit's name", 120)?;
    let mut tx = db.begin_write().await?;
    if !units::set(&mut tx, id, version, "name", Some(name.clone())).await? {
        return Err(AppError::stale("unit", version));
    }
    audit(me, id)
        .fields(
            &mut tx,
            AuditAction::Rename,
            &[FieldChange::new("name", Some(u.name), Some(name))],
        )
        .await?;
    tx.commit().await?;
    Ok(version + 1)
}

/// Moves a unit and everything below it under another open unit of a higher
/// level. Returns the new version.
pub async fn move_unit(
    db: &Db,
    me: &Principal,
    id: i64,
    version: i64,
    parent_id: &str,
) -> Result<i64, AppError> {
    let u = unit(db, id).await?;
    if u.parent_id.is_none() {
        return Err(AppError::invalid(
            "parent_id",
            "The organisation itself cannot be moved.",
        ));
    }
    let parent = open_parent(db, "parent_id", parent_id).await?;
    if parent.path.starts_with(&u.path) {
        return Err(AppError::invalid(
            "parent_id",
            format!("{} cannot move under itself or a unit below it.", u.name),
        ));
    }
    if units::level_rank(&parent.level)
        .is_none_or(|p| units::level_rank(&u.level).is_none_or(|r| p >= r))
    {
        return Err(AppError::invalid(
            "parent_id",
            format!(
                "A {} cannot sit under {} ({}).",
                level_label(&u.level),
                parent.name,
                level_label(&parent.level)
            ),
        ));
    }
    if u.version != version {
        return Err(AppError::stale("unit", version));
    }
    if u.parent_id == Some(parent.id) {
        return Ok(version);
    }
    let old_parent = match u.parent_id {
        Some(p) => unit(db, p).await.map(|p| shown(&p)).ok(),
        None => None,
    };
    let mut tx = db.begin_write().await?;
    if !units::move_under(&mut tx, &u, version, &parent).await? {
        return Err(AppError::stale("unit", version));
    }
    audit(me, id)
        .fields(
            &mut tx,
            AuditAction::Move,
            &[
                FieldChange::new("parent", old_parent, Some(shown(&parent))),
                FieldChange::new(
                    "path",
                    Some(u.path.clone()),
                    Some(format!("{}{}/", parent.path, u.id)),
                ),
            ],
        )
        .await?;
    tx.commit().await?;
    Ok(version + 1)
}

/// Names (or, with an empty `staff_id`, clears) a Directorate's Director.
/// Returns the new version.
pub async fn set_director(
    db: &Db,
    me: &Principal,
    id: i64,
    version: i64,
    staff_id: &str,
) -> Result<i64, AppError> {
    let u = unit(db, id).await?;
    if u.level != "directorate" {
        return Err(AppError::invalid(
            "staff_id",
            format!(
                "{} is not a Directorate; only a Directorate has a Director.",
                u.name
            ),
        ));
    }
    let chosen = match input::optional_id("staff_id", staff_id, "a staff member")? {
        Some(s) => Some(staff::active(db, "staff_id", s).await?),
        None => None,
    };
    let mut tx = db.begin_write().await?;
    if !units::set_director(&mut tx, id, version, chosen.as_ref().map(|s| s.id)).await? {
        return Err(AppError::stale("unit", version));
    }
    let show = |name: &str, id: i64| format!("{name} (staff {id})");
    audit(me, id)
        .fields(
            &mut tx,
            AuditAction::SetDirector,
            &[FieldChange::new(
                "director",
                u.director.as_ref().map(|d| show(&d.name, d.id)),
                chosen.as_ref().map(|s| show(&s.name, s.id)),
            )],
        )
        .await?;
    tx.commit().await?;
    Ok(version + 1)
}

/// Closes an empty unit; nothing is deleted. Returns the new version.
pub async fn close(db: &Db, me: &Principal, id: i64, version: i64) -> Result<i64, AppError> {
    let u = unit(db, id).await?;
    if u.parent_id.is_none() {
        return Err(AppError::Conflict(
            "The organisation itself cannot be closed.".into(),
        ));
    }
    if u.closed {
        return Err(AppError::Conflict(format!("{} is already closed.", u.name)));
    }
    if u.active_staff > 0 {
        return Err(AppError::Conflict(format!(
            "{} still has {} active staff member{}; move them to another unit before closing it.",
            u.name,
            u.active_staff,
            if u.active_staff == 1 { "" } else { "s" }
        )));
    }
    if u.active_children > 0 {
        return Err(AppError::Conflict(format!(
            "{} still has {} open unit{} below it; move or close them first.",
            u.name,
            u.active_children,
            if u.active_children == 1 { "" } else { "s" }
        )));
    }
    let managers = units::managers_of(db, id).await?;
    if !managers.is_empty() {
        return Err(AppError::Conflict(format!(
            "{} is the managed unit of {}; give them another managed unit first.",
            u.name,
            managers.join(", ")
        )));
    }
    let mut tx = db.begin_write().await?;
    if !units::set(&mut tx, id, version, "status", Some("closed".into())).await? {
        return Err(AppError::stale("unit", version));
    }
    audit(me, id).closed(&mut tx).await?;
    tx.commit().await?;
    Ok(version + 1)
}
