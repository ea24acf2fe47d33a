//! Assessments: list, view, create, edit, submit, endorse (SPEC 4).
//! Visibility follows the assessee's unit only; a record outside the caller's
//! view scope answers 404 exactly like a missing one.
use super::query::AssessmentQuery;
use super::types::{AssessmentDetail, AssessmentOptions, AssessmentPage};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{input, types::COMPETENCIES, workflow},
    crate::auth::permissions::{decide_org, Action, Decision},
    crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange},
    crate::ssr::org::assessments::{self as store, Content, Move},
    crate::ssr::org::changes::stale,
    crate::ssr::org::visibility::{assessee_facts, granted},
    crate::ssr::request::{internal, require_user, state},
};

/// Anyone with an org role: the assessments they may view (all, own unit, or own).
#[server(prefix = "/api", endpoint = "org/assessments/list")]
pub async fn list_assessments(
    #[server(default)] query: AssessmentQuery,
) -> Result<AssessmentPage, AppError> {
    let me = require_user()?;
    store::list(&state().db, &me, &query).await
}

/// Anyone with an org role: the units, periods and staff their filters and forms offer.
#[server(prefix = "/api", endpoint = "org/assessments/options")]
pub async fn assessment_form_options() -> Result<AssessmentOptions, AppError> {
    let me = require_user()?;
    store::options(&state().db, &me).await
}

#[cfg(feature = "ssr")]
fn not_found(id: i64) -> AppError {
    AppError::NotFound(format!("there is no assessment {id} that you may view."))
}

/// Loads an assessment the caller may view; missing and out of scope are the same 404.
#[cfg(feature = "ssr")]
async fn load(me: &crate::auth::roles::Principal, id: i64) -> Result<AssessmentDetail, AppError> {
    let d = store::find(&state().db, me, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    if let Decision::Denied(reason) = decide_org(me, Action::View, &d.target()) {
        // The SQL filter and decide() disagree: refuse, and say so in the log.
        tracing::error!(id, %reason, "visibility filter let through an assessment decide() refuses");
        return Err(not_found(id));
    }
    Ok(d)
}

/// Anyone who may view this assessment; others get 404.
#[server(prefix = "/api", endpoint = "org/assessments/view")]
pub async fn view_assessment(id: i64) -> Result<AssessmentDetail, AppError> {
    let me = require_user()?;
    load(&me, id).await
}

/// Edit Assessments column: an Org. Unit Manager for staff of their unit; anyone for themselves.
#[server(prefix = "/api", endpoint = "org/assessments/create")]
pub async fn create_assessment(
    #[server(default)] assessee_staff_id: String,
    #[server(default)] reporting_officer_staff_id: String,
    #[server(default)] period: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    let st = state();
    granted(
        &me,
        Action::Add,
        crate::auth::permissions::OrgArea::Assessment,
    )?;
    let assessee = input::id(
        "assessee_staff_id",
        &assessee_staff_id,
        "the staff member to assess",
    )?;
    let facts = assessee_facts(&st.db, assessee)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::invalid("assessee_staff_id", "There is no such staff member."))?;
    let target = super::types::assessment_target(facts);
    if let Decision::Denied(reason) = decide_org(&me, Action::Add, &target) {
        return Err(AppError::Forbidden(format!(
            "You cannot create an assessment for this staff member. {reason}"
        )));
    }
    let assessee = store::active_staff(&st.db, assessee)
        .await
        .map_err(internal)?
        .ok_or_else(|| {
            AppError::invalid(
                "assessee_staff_id",
                "This staff member has left; they cannot be assessed.",
            )
        })?;
    let officer = officer(&reporting_officer_staff_id, assessee.id).await?;
    let period = input::period("period", &period)?;
    if store::exists_for(&st.db, assessee.id, &period)
        .await
        .map_err(internal)?
    {
        return Err(AppError::Conflict(format!(
            "{} already has an assessment for {period}.",
            assessee.name
        )));
    }
    let mut tx = st.db.begin_write().await.map_err(internal)?;
    let id = match store::insert(&mut tx, assessee.id, officer.id, &period, me.user_id).await {
        Ok(id) => id,
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(AppError::Conflict(format!(
                "{} already has an assessment for {period}.",
                assessee.name
            )))
        }
        Err(e) => return Err(internal(e)),
    };
    let audit = Audit::by(me.user_id, AuditKind::Assessment, id);
    audit
        .event(&mut tx, AuditAction::Create, None)
        .await
        .map_err(internal)?;
    audit
        .fields(
            &mut tx,
            AuditAction::Create,
            &[
                FieldChange::new(
                    "assessee",
                    None,
                    Some(format!("{} (staff {})", assessee.name, assessee.id)),
                ),
                FieldChange::new(
                    "reporting_officer",
                    None,
                    Some(format!("{} (staff {})", officer.name, officer.id)),
                ),
                FieldChange::new("period", None, Some(period.clone())),
                FieldChange::new("status", None, Some("draft".into())),
            ],
        )
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    tracing::info!(
        user_id = me.user_id,
        assessment_id = id,
        "assessment created"
    );
    leptos_axum::redirect(&format!("/areas/assessments/{id}"));
    Ok(id)
}

/// The reporting officer chosen in a form: any active staff member but the assessee.
#[cfg(feature = "ssr")]
async fn officer(v: &str, assessee: i64) -> Result<super::types::StaffRef, AppError> {
    let field = "reporting_officer_staff_id";
    let id = input::id(field, v, "a reporting officer")?;
    if id == assessee {
        return Err(AppError::invalid(
            field,
            "The reporting officer cannot be the assessee.",
        ));
    }
    store::active_staff(&state().db, id)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::invalid(field, "There is no such active staff member."))
}

/// Refuses first what `decide` refuses, then a stale version, then what the workflow refuses.
#[cfg(feature = "ssr")]
fn may(
    me: &crate::auth::roles::Principal,
    step: workflow::Step,
    d: &AssessmentDetail,
    version: i64,
) -> Result<(), AppError> {
    if let Decision::Denied(reason) = decide_org(me, Action::Edit, &d.target()) {
        return Err(AppError::Forbidden(format!(
            "You cannot change this assessment. {reason}"
        )));
    }
    if d.version != version {
        return Err(stale("assessment"));
    }
    let target = d.target();
    workflow::check(
        me,
        step,
        &workflow::Subject {
            target: &target,
            assessee_staff_id: d.assessee.id,
            status: d.status,
            ratings: &d.ratings,
        },
    )
    .map_err(AppError::from)
}

/// Edit Assessments column, own unit or own, while the assessment is a draft. Returns the new version.
#[server(prefix = "/api", endpoint = "org/assessments/edit")]
#[allow(clippy::too_many_arguments)]
pub async fn edit_assessment(
    id: i64,
    version: i64,
    #[server(default)] reporting_officer_staff_id: String,
    #[server(default)] period: String,
    #[server(default)] rating_1: String,
    #[server(default)] rating_2: String,
    #[server(default)] rating_3: String,
    #[server(default)] rating_4: String,
    #[server(default)] rating_5: String,
    #[server(default)] comments: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    let st = state();
    let d = load(&me, id).await?;
    may(&me, workflow::Step::Edit, &d, version)?;
    let officer = officer(&reporting_officer_staff_id, d.assessee.id).await?;
    let period = input::period("period", &period)?;
    let given = [&rating_1, &rating_2, &rating_3, &rating_4, &rating_5];
    let mut ratings = [None; 5];
    for (i, v) in given.iter().enumerate() {
        ratings[i] = input::rating(&format!("rating_{}", i + 1), v, COMPETENCIES[i])?;
    }
    let comments = input::optional_text("comments", &comments, "Comments", 5000)?;
    if period != d.period
        && store::exists_for(&st.db, d.assessee.id, &period)
            .await
            .map_err(internal)?
    {
        return Err(AppError::invalid(
            "period",
            format!(
                "{} already has an assessment for {period}.",
                d.assessee.name
            ),
        ));
    }
    let content = Content {
        reporting_officer: officer.id,
        period,
        ratings,
        comments,
    };
    let mut changes = vec![
        FieldChange::new(
            "reporting_officer",
            Some(format!(
                "{} (staff {})",
                d.reporting_officer.name, d.reporting_officer.id
            )),
            Some(format!("{} (staff {})", officer.name, officer.id)),
        ),
        FieldChange::new(
            "period",
            Some(d.period.clone()),
            Some(content.period.clone()),
        ),
        FieldChange::new(
            "comments",
            Some(d.comments.clone()),
            Some(content.comments.clone()),
        ),
    ];
    const FIELDS: [&str; 5] = ["rating_1", "rating_2", "rating_3", "rating_4", "rating_5"];
    for (i, field) in FIELDS.iter().enumerate() {
        let show = |r: Option<i64>| r.map(|n| n.to_string());
        changes.push(FieldChange::new(
            field,
            show(d.ratings[i]),
            show(ratings[i]),
        ));
    }
    if !changes.iter().any(FieldChange::changed) {
        return Ok(d.version);
    }
    let mut tx = st.db.begin_write().await.map_err(internal)?;
    if !store::update(&mut tx, id, version, &content)
        .await
        .map_err(internal)?
    {
        return Err(stale("assessment"));
    }
    Audit::by(me.user_id, AuditKind::Assessment, id)
        .fields(&mut tx, AuditAction::Edit, &changes)
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(version + 1)
}

#[cfg(feature = "ssr")]
async fn move_on(id: i64, version: i64, step: workflow::Step, m: Move) -> Result<i64, AppError> {
    let me = require_user()?;
    let st = state();
    let d = load(&me, id).await?;
    may(&me, step, &d, version)?;
    let mut tx = st.db.begin_write().await.map_err(internal)?;
    if !store::set_status(&mut tx, id, version, m, me.user_id)
        .await
        .map_err(internal)?
    {
        return Err(stale("assessment"));
    }
    Audit::by(me.user_id, AuditKind::Assessment, id)
        .fields(
            &mut tx,
            match step {
                workflow::Step::Submit => AuditAction::Submit,
                workflow::Step::Endorse => AuditAction::Endorse,
                workflow::Step::Edit => AuditAction::Edit,
            },
            &[FieldChange::new(
                "status",
                Some(d.status.code().into()),
                Some(m.to().code().into()),
            )],
        )
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    tracing::info!(
        user_id = me.user_id,
        assessment_id = id,
        status = m.to().code(),
        "assessment status changed"
    );
    Ok(version + 1)
}

/// Whoever may edit it: a complete draft becomes submitted. Returns the new version.
#[server(prefix = "/api", endpoint = "org/assessments/submit")]
pub async fn submit_assessment(id: i64, version: i64) -> Result<i64, AppError> {
    move_on(id, version, workflow::Step::Submit, Move::Submit).await
}

/// Whoever may edit it, except the assessee: a submitted assessment becomes endorsed.
#[server(prefix = "/api", endpoint = "org/assessments/endorse")]
pub async fn endorse_assessment(id: i64, version: i64) -> Result<i64, AppError> {
    move_on(id, version, workflow::Step::Endorse, Move::Endorse).await
}
