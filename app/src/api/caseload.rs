//! Previews of access changes and the caseload hand-over (docs/RULES.md
//! §2.6). A preview changes nothing; the confirm posts to the action itself,
//! which stays the authority.
use crate::auth::permissions::RecordKind;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::records::guard,
    crate::auth::permissions::{Action, NetworkScope},
    crate::auth::roles::Principal,
    crate::ssr::caseload::{count_words, dry_run, Holder},
    crate::ssr::records::actions::{check_ec_choice, check_sc_choice},
    crate::ssr::request::{require_user, state},
};

/// One figure of a preview: whose list, which kind, before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub holder: String,
    pub kind: RecordKind,
    pub before: i64,
    pub after: i64,
}

/// What an access change does, in plain words and as figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessPreview {
    pub sentences: Vec<String>,
    pub figures: Vec<Figure>,
}

/// What a hand-over does; `token` identifies the caseload previewed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverPreview {
    pub sentences: Vec<String>,
    pub institutions: i64,
    pub eas: i64,
    /// The receiving EC's institutions and EAs before the hand-over.
    pub receiving_before: (i64, i64),
    pub token: String,
    /// Records of the caseload outside the caller's scope (refused if any).
    pub outside: i64,
}

/// Who may assign ECs (`decide`, AssignEc): what reassigning the record's
/// EC to `ec_id` does to each EC's caseload.
#[server(prefix = "/api", endpoint = "records/assign-ec-preview")]
pub async fn preview_assign_ec(
    kind: RecordKind,
    id: i64,
    ec_id: i64,
) -> Result<AccessPreview, AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    let record = guard::permitted(&me, Action::AssignEc, kind, id).await?;
    let ec = guard::visible(&me, RecordKind::Ec, ec_id)
        .await
        .map_err(|_| AppError::invalid("ec_id", "Choose an EC you can see."))?;
    check_ec_choice(&record, &ec)?;
    if record.facts.ec_id == Some(ec.id) {
        return Ok(AccessPreview {
            sentences: vec![format!(
                "{} is already assigned to {}; nothing changes.",
                record.title, ec.title
            )],
            figures: vec![],
        });
    }
    let mut asks = vec![(Holder::Ec(ec.id), kind, ec.title.clone())];
    if let Some(old) = record.facts.ec_id {
        let name = record.value("ec").unwrap_or("The current EC").to_string();
        asks.push((Holder::Ec(old), kind, name));
    }
    preview(
        &st.db,
        &record,
        "ec_id",
        Some(ec.id),
        asks,
        |h, kind, b, a| format!("{h}'s caseload goes from {b} to {}.", count_words(a, kind)),
    )
    .await
}

/// Who may assign to Sub-contractors (`decide`, AssignSubcontractor): what
/// giving the record to `subcontractor_id` (or taking it back) does to what
/// each Sub-contractor sees.
#[server(prefix = "/api", endpoint = "records/assign-subcontractor-preview")]
pub async fn preview_assign_subcontractor(
    kind: RecordKind,
    id: i64,
    subcontractor_id: Option<i64>,
) -> Result<AccessPreview, AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    let record = guard::permitted(&me, Action::AssignSubcontractor, kind, id).await?;
    let sc = match subcontractor_id {
        Some(sc) => Some(
            guard::visible(&me, RecordKind::SubContractor, sc)
                .await
                .map_err(|_| {
                    AppError::invalid("subcontractor_id", "Choose one of your Sub-contractors.")
                })?,
        ),
        None => None,
    };
    check_sc_choice(&record, sc.as_ref())?;
    let current = crate::ssr::caseload::assigned_subcontractor(&st.db, &record).await?;
    if current.as_ref().map(|(id, _)| *id) == sc.as_ref().map(|s| s.id) {
        return Ok(AccessPreview {
            sentences: vec![format!(
                "{} is already assigned that way; nothing changes.",
                record.title
            )],
            figures: vec![],
        });
    }
    let mut asks = vec![];
    for (sc_id, name) in sc.iter().map(|s| (s.id, s.title.clone())).chain(current) {
        for k in [RecordKind::Institution, RecordKind::Ea, RecordKind::Ec] {
            asks.push((
                Holder::SubContractor(sc_id),
                k,
                format!("Sub-contractor {name}"),
            ));
        }
    }
    let mut p = preview(
        &st.db,
        &record,
        "subcontractor_id",
        sc.as_ref().map(|s| s.id),
        asks,
        |_, _, _, _| String::new(),
    )
    .await?;
    p.sentences = crate::ssr::caseload::access_sentences(&p.figures);
    Ok(p)
}

#[cfg(feature = "ssr")]
async fn preview(
    db: &crate::ssr::db::Db,
    record: &crate::records::view::RecordView,
    column: &'static str,
    value: Option<i64>,
    asks: Vec<(Holder, RecordKind, String)>,
    say: impl Fn(&str, RecordKind, i64, i64) -> String,
) -> Result<AccessPreview, AppError> {
    let pairs: Vec<(Holder, RecordKind)> = asks.iter().map(|(h, k, _)| (*h, *k)).collect();
    let counts = dry_run(db, record, column, value, &pairs).await?;
    let mut figures = vec![];
    let mut sentences = vec![];
    for ((_, kind, holder), (before, after)) in asks.into_iter().zip(counts) {
        sentences.push(say(&holder, kind, before, after));
        figures.push(Figure {
            holder,
            kind,
            before,
            after,
        });
    }
    Ok(AccessPreview { sentences, figures })
}

/// The scope a whole caseload is handed over in: AssignEc on Institutions and
/// EAs across a Partner (or wider); a narrower AssignEc is refused (403).
#[cfg(feature = "ssr")]
fn handover_scope(me: &Principal) -> Result<NetworkScope, AppError> {
    use crate::auth::permissions::{decide_handover, Handover};
    match decide_handover(me) {
        Handover::Allowed(scope) => Ok(scope),
        Handover::Denied(reason) => Err(crate::ssr::guard::forbidden(&reason)),
        Handover::TooNarrow(scope) => Err(AppError::Forbidden(format!(
            "Handing over a whole caseload needs EC assignment across a Partner; yours reaches only {} records, so reassign them one at a time.",
            scope.label()
        ))),
    }
}

/// The scope of a hand-over and its two ECs (giving, receiving).
#[cfg(feature = "ssr")]
type Pair = (
    NetworkScope,
    crate::records::view::RecordView,
    crate::records::view::RecordView,
);

#[cfg(feature = "ssr")]
async fn handover_pair(me: &Principal, from_ec: i64, to_ec: i64) -> Result<Pair, AppError> {
    let scope = handover_scope(me)?;
    let from = guard::visible(me, RecordKind::Ec, from_ec).await?;
    let to = guard::visible(me, RecordKind::Ec, to_ec)
        .await
        .map_err(|_| AppError::invalid("to_ec", "Choose an EC you can see."))?;
    crate::ssr::caseload::check_pair(&from, &to)?;
    Ok((scope, from, to))
}

/// Partner users (AssignEc across a Partner): what handing every open
/// institution and EA of `from_ec` to `to_ec` does.
#[server(prefix = "/api", endpoint = "records/handover-preview")]
pub async fn preview_handover(from_ec: i64, to_ec: i64) -> Result<HandoverPreview, AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    let (scope, from, to) = handover_pair(&me, from_ec, to_ec).await?;
    crate::ssr::caseload::preview_handover(&st.db, &me, scope, &from, &to).await
}

/// Partner users (AssignEc across a Partner): move every open institution and
/// EA of `from_ec` to `to_ec` at once; 409 when the caseload is no longer the
/// one previewed (`token`). Answers how many records moved.
#[server(prefix = "/api", endpoint = "records/handover")]
pub async fn handover_caseload(from_ec: i64, to_ec: i64, token: String) -> Result<i64, AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    let (scope, from, to) = handover_pair(&me, from_ec, to_ec).await?;
    crate::ssr::caseload::handover(&st.db, &me, scope, &from, &to, &token).await
}
