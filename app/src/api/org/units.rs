//! The org tree admin: units (create, rename, move, Director, close) and
//! staff (create, move between units). Administrators only (SPEC 4).
use super::types::OrgTree;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{input, types::UnitRow},
    crate::auth::permissions::{Action, OrgArea},
    crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange},
    crate::ssr::org::changes::stale,
    crate::ssr::org::visibility::granted,
    crate::ssr::org::{staff, units},
    crate::ssr::request::{internal, require_user, state},
};

/// Administrators (View on the org tree): every unit and active staff member.
#[server(prefix = "/api", endpoint = "org/units/tree")]
pub async fn load_org_tree() -> Result<OrgTree, AppError> {
    let me = require_user()?;
    granted(&me, Action::View, OrgArea::OrgUnit)?;
    units::tree(&state().db).await.map_err(internal)
}

/// The unit `field` names, or 404 / 422.
#[cfg(feature = "ssr")]
async fn unit(id: i64) -> Result<UnitRow, AppError> {
    units::find(&state().db, id)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound(format!("there is no org unit {id}.")))
}

#[cfg(feature = "ssr")]
async fn open_parent(field: &str, v: &str) -> Result<UnitRow, AppError> {
    let id = input::id(field, v, "a unit")?;
    let parent = units::find(&state().db, id)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::invalid(field, "There is no such unit."))?;
    if parent.closed {
        return Err(AppError::invalid(
            field,
            format!("{} is closed; choose an open unit.", parent.name),
        ));
    }
    Ok(parent)
}

#[cfg(feature = "ssr")]
fn audit(me: &crate::auth::roles::Principal, id: i64) -> Audit {
    Audit::by(me.user_id, AuditKind::OrgUnit, id)
}

/// Administrators (Add on the org tree). Returns the new unit's id.
#[server(prefix = "/api", endpoint = "org/units/create")]
pub async fn create_unit(
    #[server(default)] parent_id: String,
    #[server(default)] name: String,
    #[server(default)] level: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    granted(&me, Action::Add, OrgArea::OrgUnit)?;
    let parent = open_parent("parent_id", &parent_id).await?;
    let name = input::text("name", &name, "the unit's name", 120)?;
    let rank = units::level_rank(&level)
        .filter(|r| *r > 0)
        .ok_or_else(|| AppError::invalid("level", "Choose Directorate, Business Unit or Team."))?;
    if units::level_rank(&parent.level).is_none_or(|p| p >= rank) {
        return Err(AppError::invalid(
            "level",
            format!(
                "A {} cannot sit under {} ({}).",
                super::types::level_label(&level),
                parent.name,
                super::types::level_label(&parent.level)
            ),
        ));
    }
    let mut tx = state().db.begin_write().await.map_err(internal)?;
    let id = units::insert(&mut tx, &parent, &name, &level)
        .await
        .map_err(internal)?;
    audit(&me, id)
        .fields(
            &mut tx,
            AuditAction::Create,
            &[
                FieldChange::new("name", None, Some(name)),
                FieldChange::new("level", None, Some(level)),
                FieldChange::new(
                    "parent",
                    None,
                    Some(format!("{} (unit {})", parent.name, parent.id)),
                ),
            ],
        )
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(id)
}

/// Administrators (Edit on the org tree). Returns the new version.
#[server(prefix = "/api", endpoint = "org/units/rename")]
pub async fn rename_unit(
    id: i64,
    version: i64,
    #[server(default)] name: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    granted(&me, Action::Edit, OrgArea::OrgUnit)?;
    let u = unit(id).await?;
    let name = input::text("name", &name, "the unit's name", 120)?;
    let mut tx = state().db.begin_write().await.map_err(internal)?;
    if !units::set(&mut tx, id, version, "name", Some(name.clone()))
        .await
        .map_err(internal)?
    {
        return Err(stale("unit"));
    }
    audit(&me, id)
        .fields(
            &mut tx,
            AuditAction::Rename,
            &[FieldChange::new("name", Some(u.name), Some(name))],
        )
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(version + 1)
}

/// Administrators (Edit on the org tree): moves a unit and everything below it. Returns the new version.
#[server(prefix = "/api", endpoint = "org/units/move")]
pub async fn move_unit(
    id: i64,
    version: i64,
    #[server(default)] parent_id: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    granted(&me, Action::Edit, OrgArea::OrgUnit)?;
    let u = unit(id).await?;
    if u.parent_id.is_none() {
        return Err(AppError::invalid(
            "parent_id",
            "The organisation itself cannot be moved.",
        ));
    }
    let parent = open_parent("parent_id", &parent_id).await?;
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
                super::types::level_label(&u.level),
                parent.name,
                super::types::level_label(&parent.level)
            ),
        ));
    }
    if u.version != version {
        return Err(stale("unit"));
    }
    if u.parent_id == Some(parent.id) {
        return Ok(version);
    }
    let old_parent = match u.parent_id {
        Some(p) => unit(p)
            .await
            .map(|p| format!("{} (unit {})", p.name, p.id))
            .ok(),
        None => None,
    };
    let mut tx = state().db.begin_write().await.map_err(internal)?;
    if !units::move_under(&mut tx, &u, version, &parent)
        .await
        .map_err(internal)?
    {
        return Err(stale("unit"));
    }
    audit(&me, id)
        .fields(
            &mut tx,
            AuditAction::Move,
            &[
                FieldChange::new(
                    "parent",
                    old_parent,
                    Some(format!("{} (unit {})", parent.name, parent.id)),
                ),
                FieldChange::new(
                    "path",
                    Some(u.path.clone()),
                    Some(format!("{}{}/", parent.path, u.id)),
                ),
            ],
        )
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(version + 1)
}

/// Administrators (Edit on the org tree): names (or clears) a Directorate's Director.
#[server(prefix = "/api", endpoint = "org/units/set-director")]
pub async fn set_director(
    id: i64,
    version: i64,
    #[server(default)] staff_id: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    granted(&me, Action::Edit, OrgArea::OrgUnit)?;
    let u = unit(id).await?;
    if u.level != "directorate" {
        return Err(AppError::invalid(
            "staff_id",
            format!(
                "{} is not a Directorate; only a Directorate has a Director.",
                u.name
            ),
        ));
    }
    let chosen = match input::optional_id("staff_id", &staff_id, "a staff member")? {
        Some(s) => Some(
            staff::find(&state().db, s)
                .await
                .map_err(internal)?
                .filter(|s| s.active)
                .ok_or_else(|| {
                    AppError::invalid("staff_id", "There is no such active staff member.")
                })?,
        ),
        None => None,
    };
    let mut tx = state().db.begin_write().await.map_err(internal)?;
    if !units::set_director(&mut tx, id, version, chosen.as_ref().map(|s| s.id))
        .await
        .map_err(internal)?
    {
        return Err(stale("unit"));
    }
    let show = |name: &str, id: i64| format!("{name} (staff {id})");
    audit(&me, id)
        .fields(
            &mut tx,
            AuditAction::SetDirector,
            &[FieldChange::new(
                "director",
                u.director.as_ref().map(|d| show(&d.name, d.id)),
                chosen.as_ref().map(|s| show(&s.name, s.id)),
            )],
        )
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(version + 1)
}

/// Administrators (Close on the org tree): only an empty unit closes; nothing is deleted.
#[server(prefix = "/api", endpoint = "org/units/close")]
pub async fn close_unit(id: i64, version: i64) -> Result<i64, AppError> {
    let me = require_user()?;
    granted(&me, Action::Close, OrgArea::OrgUnit)?;
    let u = unit(id).await?;
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
    let managers = units::managers_of(&state().db, id)
        .await
        .map_err(internal)?;
    if !managers.is_empty() {
        return Err(AppError::Conflict(format!(
            "{} is the managed unit of {}; give them another managed unit first.",
            u.name,
            managers.join(", ")
        )));
    }
    let mut tx = state().db.begin_write().await.map_err(internal)?;
    if !units::set(&mut tx, id, version, "status", Some("closed".into()))
        .await
        .map_err(internal)?
    {
        return Err(stale("unit"));
    }
    audit(&me, id)
        .fields(
            &mut tx,
            AuditAction::Close,
            &[FieldChange::new(
                "status",
                Some("active".into()),
                Some("closed".into()),
            )],
        )
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(version + 1)
}

/// Administrators (Add on the org tree): a new staff member in an open unit. Returns their id.
#[server(prefix = "/api", endpoint = "org/staff/create")]
pub async fn create_staff(
    #[server(default)] unit_id: String,
    #[server(default)] first_name: String,
    #[server(default)] last_name: String,
    #[server(default)] job_title: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    granted(&me, Action::Add, OrgArea::OrgUnit)?;
    let u = open_parent("unit_id", &unit_id).await?;
    let first = input::text("first_name", &first_name, "a first name", 80)?;
    let last = input::text("last_name", &last_name, "a last name", 80)?;
    let job = input::optional_text("job_title", &job_title, "Job title", 120)?;
    let mut tx = state().db.begin_write().await.map_err(internal)?;
    let id = staff::insert(&mut tx, u.id, &first, &last, &job)
        .await
        .map_err(internal)?;
    Audit::by(me.user_id, AuditKind::Staff, id)
        .fields(
            &mut tx,
            AuditAction::Create,
            &[
                FieldChange::new("name", None, Some(format!("{first} {last}"))),
                FieldChange::new("job_title", None, Some(job)),
                FieldChange::new("unit", None, Some(format!("{} (unit {})", u.name, u.id))),
            ],
        )
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(id)
}

/// Administrators (Edit on the org tree): moves a staff member to another open unit.
#[server(prefix = "/api", endpoint = "org/staff/move")]
pub async fn move_staff(
    id: i64,
    version: i64,
    #[server(default)] unit_id: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    granted(&me, Action::Edit, OrgArea::OrgUnit)?;
    let s = staff::find(&state().db, id)
        .await
        .map_err(internal)?
        .filter(|s| s.active)
        .ok_or_else(|| AppError::NotFound(format!("there is no active staff member {id}.")))?;
    let to = open_parent("unit_id", &unit_id).await?;
    if s.version != version {
        return Err(stale("staff member"));
    }
    if s.unit_id == to.id {
        return Ok(version);
    }
    let from = unit(s.unit_id).await?;
    let mut tx = state().db.begin_write().await.map_err(internal)?;
    if !staff::move_to(&mut tx, id, version, to.id)
        .await
        .map_err(internal)?
    {
        return Err(stale("staff member"));
    }
    Audit::by(me.user_id, AuditKind::Staff, id)
        .fields(
            &mut tx,
            AuditAction::Move,
            &[FieldChange::new(
                "unit",
                Some(format!("{} (unit {})", from.name, from.id)),
                Some(format!("{} (unit {})", to.name, to.id)),
            )],
        )
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(version + 1)
}
