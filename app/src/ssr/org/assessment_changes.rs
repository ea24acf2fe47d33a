//! Changes to assessments: create, edit, submit, endorse. Each asks `decide`
//! on the record itself (the caller's unit and the assessee's), then the
//! workflow, then writes the change and its audit rows in one transaction.
use super::assessment_writes::{self as writes, Content, Move};
use super::assessments::{active_staff, exists_for, viewable};
use super::visibility::{assessee_facts, check_record};
use crate::api::org::input;
use crate::api::org::types::{assessment_target, AssessmentDetail, StaffRef, COMPETENCIES};
use crate::api::org::workflow::{self, Step};
use crate::auth::permissions::Action;
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange};
use crate::ssr::db::Db;
use crate::ssr::errors::broken_constraint;

fn audit(me: &Principal, id: i64) -> Audit {
    Audit::by(me.user_id, AuditKind::Assessment, id)
}

fn shown(s: &StaffRef) -> String {
    format!("{} (staff {})", s.name, s.id)
}

/// What the new-assessment form sends.
pub struct NewAssessment {
    pub assessee_staff_id: String,
    pub reporting_officer_staff_id: String,
    pub period: String,
}

/// A draft assessment of a staff member `me` may assess. Returns its id.
pub async fn create(db: &Db, me: &Principal, f: NewAssessment) -> Result<i64, AppError> {
    let assessee = input::id(
        "assessee_staff_id",
        &f.assessee_staff_id,
        "the staff member to assess",
    )?;
    let facts = assessee_facts(db, assessee)
        .await?
        .ok_or_else(|| AppError::invalid("assessee_staff_id", "There is no such staff member."))?;
    check_record(me, Action::Add, &assessment_target(facts)).map_err(|reason| {
        AppError::Forbidden(format!(
            "You cannot create an assessment for this staff member. {reason}"
        ))
    })?;
    let assessee = active_staff(db, assessee).await?.ok_or_else(|| {
        AppError::invalid(
            "assessee_staff_id",
            "This staff member has left; they cannot be assessed.",
        )
    })?;
    let officer = officer(db, &f.reporting_officer_staff_id, assessee.id).await?;
    let period = input::period("period", &f.period)?;
    let taken = || {
        AppError::Conflict(format!(
            "{} already has an assessment for {period}.",
            assessee.name
        ))
    };
    if exists_for(db, assessee.id, &period).await? {
        return Err(taken());
    }
    let mut tx = db.begin_write().await?;
    // A concurrent create for the same period breaks the (assessee, period)
    // key: the same 409 as the check above.
    let id = match writes::insert(&mut tx, assessee.id, officer.id, &period, me.user_id).await {
        Ok(id) => id,
        Err(e) if is_one_per_period(&e) => return Err(taken()),
        Err(e) => return Err(e.into()),
    };
    let audit = audit(me, id);
    audit.event(&mut tx, AuditAction::Create, None).await?;
    audit
        .fields(
            &mut tx,
            AuditAction::Create,
            &[
                FieldChange::new("assessee", None, Some(shown(&assessee))),
                FieldChange::new("reporting_officer", None, Some(shown(&officer))),
                FieldChange::new("period", None, Some(period.clone())),
                FieldChange::new("status", None, Some("draft".into())),
            ],
        )
        .await?;
    tx.commit().await?;
    tracing::info!(
        user_id = me.user_id,
        assessment_id = id,
        "assessment created"
    );
    Ok(id)
}

/// Did `e` break the one-assessment-per-assessee-and-period key?
fn is_one_per_period(e: &sqlx::Error) -> bool {
    broken_constraint(e)
        .is_some_and(|c| c.postgres_name == "assessments_assessee_staff_id_period_key")
}

/// The reporting officer chosen in a form: any active staff member but the assessee.
async fn officer(db: &Db, v: &str, assessee: i64) -> Result<StaffRef, AppError> {
    let field = "reporting_officer_staff_id";
    let id = input::id(field, v, "a reporting officer")?;
    if id == assessee {
        return Err(AppError::invalid(
            field,
            "The reporting officer cannot be the assessee.",
        ));
    }
    active_staff(db, id)
        .await?
        .ok_or_else(|| AppError::invalid(field, "There is no such active staff member."))
}

/// Refuses first what `decide` refuses, then a stale version, then what the workflow refuses.
fn may(me: &Principal, step: Step, d: &AssessmentDetail, version: i64) -> Result<(), AppError> {
    let target = d.target();
    check_record(me, Action::Edit, &target).map_err(|reason| {
        AppError::Forbidden(format!("You cannot change this assessment. {reason}"))
    })?;
    if d.version != version {
        return Err(AppError::stale("assessment", version));
    }
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

/// What the assessment edit form sends.
pub struct AssessmentEdit {
    pub reporting_officer_staff_id: String,
    pub period: String,
    /// `rating_1` … `rating_5`, as typed.
    pub ratings: [String; 5],
    pub comments: String,
}

const RATING_FIELDS: [&str; 5] = ["rating_1", "rating_2", "rating_3", "rating_4", "rating_5"];

/// Changes a draft at `version`. Returns the new version (the same when nothing changed).
pub async fn edit(
    db: &Db,
    me: &Principal,
    id: i64,
    version: i64,
    f: AssessmentEdit,
) -> Result<i64, AppError> {
    let d = viewable(db, me, id).await?;
    may(me, Step::Edit, &d, version)?;
    let officer = officer(db, &f.reporting_officer_staff_id, d.assessee.id).await?;
    let period = input::period("period", &f.period)?;
    let mut ratings = [None; 5];
    for (i, v) in f.ratings.iter().enumerate() {
        ratings[i] = input::rating(RATING_FIELDS[i], v, COMPETENCIES[i])?;
    }
    let comments = input::optional_text("comments", &f.comments, "Comments", 5000)?;
    if period != d.period && exists_for(db, d.assessee.id, &period).await? {
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
            Some(shown(&d.reporting_officer)),
            Some(shown(&officer)),
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
    let show = |r: Option<i64>| r.map(|n| n.to_string());
    for (i, field) in RATING_FIELDS.iter().enumerate() {
        changes.push(FieldChange::new(
            field,
            show(d.ratings[i]),
            show(ratings[i]),
        ));
    }
    if !changes.iter().any(FieldChange::changed) {
        return Ok(d.version);
    }
    let mut tx = db.begin_write().await?;
    if !writes::update(&mut tx, id, version, &content).await? {
        return Err(AppError::stale("assessment", version));
    }
    audit(me, id)
        .fields(&mut tx, AuditAction::Edit, &changes)
        .await?;
    tx.commit().await?;
    Ok(version + 1)
}

/// Moves the assessment on (submit or endorse) at `version`. Returns the new version.
pub async fn move_on(
    db: &Db,
    me: &Principal,
    id: i64,
    version: i64,
    m: Move,
) -> Result<i64, AppError> {
    let step = match m {
        Move::Submit => Step::Submit,
        Move::Endorse => Step::Endorse,
    };
    let d = viewable(db, me, id).await?;
    may(me, step, &d, version)?;
    let mut tx = db.begin_write().await?;
    if !writes::set_status(&mut tx, id, version, m, me.user_id).await? {
        return Err(AppError::stale("assessment", version));
    }
    let action = match m {
        Move::Submit => AuditAction::Submit,
        Move::Endorse => AuditAction::Endorse,
    };
    audit(me, id)
        .fields(
            &mut tx,
            action,
            &[FieldChange::new(
                "status",
                Some(d.status.code().into()),
                Some(m.to().code().into()),
            )],
        )
        .await?;
    tx.commit().await?;
    tracing::info!(
        user_id = me.user_id,
        assessment_id = id,
        status = m.to().code(),
        "assessment status changed"
    );
    Ok(version + 1)
}
