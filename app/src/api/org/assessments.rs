//! Assessments: list, view, create, edit, submit, endorse (docs/RULES.md §4).
//! Visibility follows the assessee's unit only; a record outside the caller's
//! view scope answers 404 exactly like a missing one.
// The edit function takes one argument per form field (the form posts them
// flat, with and without JavaScript); the browser-side stub the server macro
// generates cannot carry an item-level allow.
#![allow(clippy::too_many_arguments)]
use super::types::{AssessmentDetail, AssessmentOptions, AssessmentPage};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::auth::permissions::{Action, OrgArea},
    crate::ssr::guard::{org_area, require_user},
    crate::ssr::org::assessment_changes::{self as changes, AssessmentEdit, NewAssessment},
    crate::ssr::org::assessment_writes::Move,
    crate::ssr::org::assessments as store,
    crate::ssr::request::state,
};

/// Anyone with an org role: the assessments they may view (all, own unit, or own).
#[server(prefix = "/api", endpoint = "org/assessments/list")]
pub async fn list_assessments(
    #[server(default)] query: String,
) -> Result<AssessmentPage, AppError> {
    let me = require_user()?;
    store::list(
        &state().db,
        &me,
        &super::query::AssessmentQuery::parse(&query),
    )
    .await
}

/// Anyone with an org role: the units, periods and staff their filters and forms offer.
#[server(prefix = "/api", endpoint = "org/assessments/options")]
pub async fn assessment_form_options() -> Result<AssessmentOptions, AppError> {
    let me = require_user()?;
    store::options(&state().db, &me).await
}

/// Anyone who may view this assessment; others get 404.
#[server(prefix = "/api", endpoint = "org/assessments/view")]
pub async fn view_assessment(id: i64) -> Result<AssessmentDetail, AppError> {
    let me = require_user()?;
    store::viewable(&state().db, &me, id).await
}

/// Edit Assessments column: an Org. Unit Manager for staff of their unit; anyone for themselves.
#[server(prefix = "/api", endpoint = "org/assessments/create")]
pub async fn create_assessment(
    #[server(default)] assessee_staff_id: String,
    #[server(default)] reporting_officer_staff_id: String,
    #[server(default)] period: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    org_area(&me, Action::Add, OrgArea::Assessment)?;
    let form = NewAssessment {
        assessee_staff_id,
        reporting_officer_staff_id,
        period,
    };
    let id = changes::create(&state().db, &me, form).await?;
    leptos_axum::redirect(&format!("/areas/assessments/{id}"));
    Ok(id)
}

/// Edit Assessments column, own unit or own, while the assessment is a draft. Returns the new version.
#[server(prefix = "/api", endpoint = "org/assessments/edit")]
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
    let form = AssessmentEdit {
        reporting_officer_staff_id,
        period,
        ratings: [rating_1, rating_2, rating_3, rating_4, rating_5],
        comments,
    };
    changes::edit(&state().db, &me, id, version, form).await
}

/// Whoever may edit it: a complete draft becomes submitted. Returns the new version.
#[server(prefix = "/api", endpoint = "org/assessments/submit")]
pub async fn submit_assessment(id: i64, version: i64) -> Result<i64, AppError> {
    let me = require_user()?;
    changes::move_on(&state().db, &me, id, version, Move::Submit).await
}

/// Whoever may edit it, except the assessee: a submitted assessment becomes endorsed.
#[server(prefix = "/api", endpoint = "org/assessments/endorse")]
pub async fn endorse_assessment(id: i64, version: i64) -> Result<i64, AppError> {
    let me = require_user()?;
    changes::move_on(&state().db, &me, id, version, Move::Endorse).await
}
