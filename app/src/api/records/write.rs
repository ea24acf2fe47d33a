//! Adding, editing and closing network records.
use crate::auth::permissions::RecordKind;
use crate::error::AppError;
use crate::records::view::Created;
use leptos::prelude::*;
use std::collections::HashMap;

#[cfg(feature = "ssr")]
use {
    super::guard,
    crate::auth::permissions::{decide_network, Action, NetworkTarget},
    crate::ssr::form_post,
    crate::ssr::records::write,
    crate::ssr::request::{require_user, state},
};

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
    let result = async {
        let view = guard::permitted(&me, Action::Edit, kind, id).await?;
        write::save(&st.db, &me, &view, version, &values).await
    }
    .await;
    // Without JavaScript: on to the record's success banner, or back to the
    // edit form with what was typed (RULES §5.1).
    let record = format!("/areas/{}/{id}", kind.slug());
    match &result {
        Ok(_) => form_post::go_to(&format!("{record}?saved=1")),
        Err(e) => {
            let typed: Vec<(String, &str)> = values
                .iter()
                .map(|(k, v)| (format!("values[{k}]"), v.as_str()))
                .collect();
            let mut kept: Vec<(&str, &str)> = vec![("edit", "1")];
            kept.extend(typed.iter().map(|(k, v)| (k.as_str(), *v)));
            form_post::back_with_input(e, <SaveRecord as server_fn::ServerFn>::PATH, &kept);
        }
    }
    result
}

/// Roles with Close on the record, within scope. The record is kept, marked
/// closed; the confirmation page comes first (RULES §5.1).
#[server(prefix = "/api", endpoint = "records/close")]
pub async fn close_record(kind: RecordKind, id: i64, version: i64) -> Result<(), AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    guard::permitted(&me, Action::Close, kind, id).await?;
    write::close(&st.db, me.user_id, kind, id, version).await?;
    // Without JavaScript the confirmation page gives way to the record.
    form_post::go_to(&format!("/areas/{}/{id}?closed=1", kind.slug()));
    Ok(())
}

/// Whoever may Close the record may reopen it: `decide` is asked for Close
/// (RULES §5.1). A stale `version` is refused with 409.
#[server(prefix = "/api", endpoint = "records/reopen")]
pub async fn reopen_record(kind: RecordKind, id: i64, version: i64) -> Result<(), AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    guard::permitted(&me, Action::Close, kind, id).await?;
    write::reopen(&st.db, me.user_id, kind, id, version).await?;
    form_post::go_to(&format!("/areas/{}/{id}?reopened=1", kind.slug()));
    Ok(())
}

/// Roles with Add on the kind. The new record belongs to the adder's Partner,
/// caseload or Sub-contractor; national roles choose its Partner (`partner_id`).
/// People who sign in get a login and a one-time invitation link.
#[server(prefix = "/api", endpoint = "records/add")]
pub async fn add_record(
    kind: RecordKind,
    #[server(default)] values: HashMap<String, String>,
) -> Result<Created, AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    let result = add(&st.db, &me, kind, &values).await;
    // Without JavaScript an error goes back to the form with what was typed;
    // success goes to the add page again, which shows what adding gave
    // (the invitation link in a cookie, never in the URL: RULES §5.3).
    if let (Ok(created), true) = (&result, form_post::is_plain_form_post()) {
        use super::added::{cookie, encode};
        crate::ssr::sessions::set_cookie(&cookie(&st.auth, kind, &encode(created), 600))?;
        form_post::go_to(&format!("/areas/{}/new?added={}", kind.slug(), created.id));
    }
    if let Err(e) = &result {
        let typed: Vec<(String, &str)> = values
            .iter()
            .map(|(k, v)| (format!("values[{k}]"), v.as_str()))
            .collect();
        let kept: Vec<(&str, &str)> = typed.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        form_post::back_with_input(e, <AddRecord as server_fn::ServerFn>::PATH, &kept);
    }
    result
}

#[cfg(feature = "ssr")]
async fn add(
    db: &crate::ssr::db::Db,
    me: &crate::auth::roles::Principal,
    kind: RecordKind,
    values: &HashMap<String, String>,
) -> Result<Created, AppError> {
    use crate::auth::permissions::owner;
    use crate::records::validate::check_new;
    use crate::ssr::records::create::{create, NewRecord};
    guard::allowed(decide_network(me, Action::Add, &NetworkTarget::Kind(kind)))?;
    let grant = me.network.as_ref().ok_or(AppError::Forbidden(
        "your account has no network role".into(),
    ))?;
    let chosen_partner = match values
        .get("partner_id")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        Some(p) => p
            .parse::<i64>()
            .map(Some)
            .map_err(|_| "Choose a Partner from the list."),
        None => Ok(None),
    };
    let owner = chosen_partner
        .ok()
        .and_then(|chosen| owner(kind, me.user_id, grant, chosen));
    // Every problem at once, the Partner (first on the form) first
    // (docs/RULES.md §5.1).
    let mut problems: Vec<(String, String)> = match (chosen_partner, &owner) {
        (Err(m), _) => vec![("partner_id".into(), m.into())],
        (Ok(_), None) => vec![(
            "partner_id".into(),
            "Choose the Partner this record belongs to.".into(),
        )],
        (Ok(_), Some(_)) => vec![],
    };
    let checked = check_new(kind, values).map_err(|e| {
        problems.extend(
            e.invalid_fields()
                .into_iter()
                .map(|(f, m)| (f.into(), m.into())),
        );
    });
    if let Some(e) = AppError::invalid_all(problems) {
        return Err(e);
    }
    let (Ok(checked), Some(owner)) = (checked, owner) else {
        return Err(AppError::invalid(
            "partner_id",
            "Choose a Partner from the list.",
        ));
    };
    // The new record, as it would be, must lie inside the adder's own scope.
    guard::allowed(decide_network(
        me,
        Action::Add,
        &NetworkTarget::Record(kind, owner.facts()),
    ))?;
    // A chosen employer or Partner must be open and within the adder's scope.
    let chosen = checked.clone();
    crate::ssr::records::links::check_picks(db, me, kind, chosen).await?;
    let new = NewRecord {
        kind,
        values: &checked,
        owner,
    };
    let added = create(db, me.user_id, new).await?;
    Ok(Created {
        id: added.id,
        invitation_link: added.invitation.map(|t| format!("/invite/{t}")),
        notice: added.notice,
    })
}
