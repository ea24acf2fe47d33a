//! Columns that choose another record (an EA's employer, a Partner user's
//! Partner): the chosen record must exist, be open and lie in the chooser's
//! scope (`decide`, View), else the change is refused with the reason.
use super::detail;
use crate::auth::permissions::{decide_network, Action, Decision, NetworkTarget, RecordKind};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::records::schema::{column, Input};
use crate::records::validate::Value;
use crate::ssr::db::Db;

/// A record chosen for a column: its number and its title.
pub struct Picked {
    pub key: &'static str,
    pub title: String,
}

/// Checks every chosen record among `values` of a `kind` record.
pub async fn check_picks(
    db: &Db,
    me: &Principal,
    kind: RecordKind,
    values: Vec<(&'static str, Value)>,
) -> Result<Vec<Picked>, AppError> {
    let mut picked = vec![];
    for (key, value) in values {
        let Some((_, Input::Pick(target))) = column(kind, key).and_then(|c| c.edit) else {
            continue;
        };
        let Value::Number(id) = value else {
            continue;
        };
        let missing = || {
            AppError::invalid(
                key,
                format!(
                    "There is no open record number {id} among the {}; choose one from the list.",
                    target.plural()
                ),
            )
        };
        let chosen = detail::load(db, target, id)
            .await?
            .filter(|v| !v.closed)
            .ok_or_else(missing)?;
        let asked = NetworkTarget::Record(target, chosen.facts.clone());
        if let Decision::Denied(reason) = decide_network(me, Action::View, &asked) {
            return Err(AppError::Forbidden(format!(
                "you cannot choose {} number {id}: {reason}",
                target.plural().trim_end_matches('s')
            )));
        }
        picked.push(Picked {
            key,
            title: chosen.title,
        });
    }
    Ok(picked)
}
