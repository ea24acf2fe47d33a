//! Adding, editing and closing network records.
use crate::auth::permissions::RecordKind;
use crate::error::AppError;
use crate::records::view::Created;
use leptos::prelude::*;
use std::collections::HashMap;

#[cfg(feature = "ssr")]
use {
    super::guard,
    crate::auth::permissions::{
        decide_field, decide_network, Action, FieldDecision, NetworkTarget, RecordFacts,
    },
    crate::records::schema::column,
    crate::records::validate::{check, Value},
    crate::ssr::records::write::{FieldChange, WriteError},
    crate::ssr::request::{internal, require_user, state},
};

#[cfg(feature = "ssr")]
fn write_error(e: WriteError) -> AppError {
    match e {
        WriteError::Stale { had } => AppError::Conflict(format!(
            "This record was changed by someone else after you opened it (you had version {had}). \
             Nothing was saved; reload to see the current version and make your change again."
        )),
        WriteError::Rule(message) => AppError::Conflict(message),
        WriteError::Db(sqlx::Error::Database(d)) if d.is_unique_violation() => {
            AppError::invalid("email", "That value is already used by another record.")
        }
        WriteError::Db(e) => internal(e),
    }
}

/// Roles with Edit on the record, within scope; limited fields only where the
/// role's edit is limited. A stale `version` is refused with 409.
#[server(prefix = "/api", endpoint = "records/save")]
pub async fn save_record(
    kind: RecordKind,
    id: i64,
    version: i64,
    #[server(default)] values: HashMap<String, String>,
) -> Result<i64, AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    let view = guard::permitted(&me, Action::Edit, kind, id).await?;
    let mut changes = vec![];
    let mut keys: Vec<&String> = values.keys().collect();
    keys.sort();
    for key in keys {
        let col = column(kind, key)
            .ok_or_else(|| AppError::invalid(key, "is not a field of this record"))?;
        let (field, _) = col.edit.ok_or_else(|| {
            AppError::invalid(key, format!("{} cannot be changed here.", col.label))
        })?;
        let new = check(col, &values[key]).map_err(|m| AppError::invalid(key, m))?;
        let old = view.value(key).map(str::to_string);
        if new.display() == old {
            continue;
        }
        if let FieldDecision::Locked(reason) = decide_field(&me, kind, field) {
            return Err(AppError::Forbidden(reason.to_string()));
        }
        let write = crate::ssr::records::tables::table(kind)
            .and_then(|t| t.col(key))
            .and_then(|c| c.write);
        let column = write.ok_or_else(|| {
            AppError::invalid(key, format!("{} cannot be changed here.", col.label))
        })?;
        changes.push(FieldChange {
            key: col.key,
            column,
            old,
            new,
        });
    }
    if changes.is_empty() {
        return Ok(version);
    }
    crate::ssr::records::write::update(&st.db, me.user_id, kind, id, version, &changes)
        .await
        .map_err(write_error)
}

/// Roles with Close on the record, within scope. The record is kept, marked closed.
#[server(prefix = "/api", endpoint = "records/close")]
pub async fn close_record(kind: RecordKind, id: i64, version: i64) -> Result<(), AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    guard::permitted(&me, Action::Close, kind, id).await?;
    crate::ssr::records::write::close(&st.db, me.user_id, kind, id, version)
        .await
        .map_err(write_error)
}

/// Roles with Add on the kind. The new record belongs to the adder's Partner,
/// caseload or Sub-contractor; national roles choose its Partner (`partner_id`).
/// People who sign in get a login and a one-time invitation link.
#[server(prefix = "/api", endpoint = "records/add")]
pub async fn add_record(
    kind: RecordKind,
    #[server(default)] values: HashMap<String, String>,
) -> Result<Created, AppError> {
    use crate::auth::roles::NetworkRole;
    use crate::ssr::records::create::{create, NewRecord, Ownership};
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    guard::allowed(decide_network(&me, Action::Add, &NetworkTarget::Kind(kind)))?;
    let mut checked: Vec<(&'static str, Value)> = vec![];
    for col in crate::records::schema::columns(kind).unwrap_or_default() {
        if col.edit.is_none() {
            continue;
        }
        let raw = values.get(col.key).map(String::as_str).unwrap_or("");
        let v = check(col, raw).map_err(|m| AppError::invalid(col.key, m))?;
        if v != Value::Empty {
            checked.push((col.key, v));
        }
    }
    let grant = me.network.as_ref().ok_or(AppError::Forbidden(
        "your account has no network role".into(),
    ))?;
    let b = grant.binding;
    let chosen_partner = match values
        .get("partner_id")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        Some(p) => Some(
            p.parse::<i64>()
                .map_err(|_| AppError::invalid("partner_id", "Choose a Partner from the list."))?,
        ),
        None => None,
    };
    let needs_partner = matches!(
        kind,
        RecordKind::Ea | RecordKind::Ec | RecordKind::SubContractor | RecordKind::PartnerUser
    );
    let partner_id = b.partner_id.or(chosen_partner);
    if needs_partner && partner_id.is_none() {
        return Err(AppError::invalid(
            "partner_id",
            "Choose the Partner this record belongs to.",
        ));
    }
    let is_sc = grant.role == NetworkRole::SubContractor;
    let owner = Ownership {
        partner_id: partner_id.filter(|_| needs_partner),
        ec_id: if kind == RecordKind::Ea {
            b.ec_id
        } else {
            None
        },
        subcontractor_id: if is_sc && kind == RecordKind::Ec {
            b.subcontractor_id
        } else {
            None
        },
        created_by_sc_id: if is_sc { b.subcontractor_id } else { None },
    };
    // The new record must lie inside the adder's own scope.
    let facts = RecordFacts {
        partner_id: owner.partner_id,
        ec_id: owner.ec_id,
        subcontractor_ids: owner.created_by_sc_id.into_iter().collect(),
        user_id: None,
    };
    if matches!(
        kind,
        RecordKind::Ea | RecordKind::Ec | RecordKind::SubContractor
    ) {
        guard::allowed(decide_network(
            &me,
            Action::Add,
            &NetworkTarget::Record(kind, facts),
        ))?;
    }
    if let Some(p) = owner.partner_id {
        let exists = sqlx::query("SELECT id FROM partners WHERE id = $1 AND status = 'active'")
            .bind(p)
            .fetch_optional(&st.db.read)
            .await
            .map_err(internal)?;
        if exists.is_none() {
            return Err(AppError::invalid(
                "partner_id",
                "There is no open Partner with that number.",
            ));
        }
    }
    let (id, token) = create(
        &st.db,
        me.user_id,
        NewRecord {
            kind,
            values: &checked,
            owner,
        },
    )
    .await
    .map_err(write_error)?;
    Ok(Created {
        id,
        invitation_link: token.map(|t| format!("/invite/{t}")),
    })
}
