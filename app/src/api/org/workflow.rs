//! What may happen to an assessment next: `decide(Edit)` on the record, then
//! the draft → submitted → endorsed rules. Pure, so the page shows exactly the
//! steps the server will accept, and says why the others are missing.
use super::types::Status;
use crate::auth::permissions::{decide_org, Action, Decision, OrgTarget};
use crate::auth::roles::Principal;
use crate::error::AppError;

/// A change to an existing assessment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Change ratings, comments, reporting officer or period.
    Edit,
    /// Draft → Submitted.
    Submit,
    /// Submitted → Endorsed.
    Endorse,
}

impl Step {
    pub const ALL: [Step; 3] = [Step::Edit, Step::Submit, Step::Endorse];

    pub fn label(self) -> &'static str {
        match self {
            Step::Edit => "Edit",
            Step::Submit => "Submit",
            Step::Endorse => "Endorse",
        }
    }
}

/// Why a step cannot be taken, and the HTTP answer it maps to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not permitted for this user on this record (403).
    Denied(String),
    /// Not possible in the assessment's current status (409).
    State(String),
    /// The assessment lacks something the step needs (422 on `field`).
    Incomplete {
        field: &'static str,
        message: String,
    },
}

impl Refusal {
    pub fn message(&self) -> &str {
        match self {
            Refusal::Denied(m) | Refusal::State(m) => m,
            Refusal::Incomplete { message, .. } => message,
        }
    }
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> AppError {
        match r {
            Refusal::Denied(m) => AppError::Forbidden(m),
            Refusal::State(m) => AppError::Conflict(m),
            Refusal::Incomplete { field, message } => AppError::invalid(field, message),
        }
    }
}

/// The facts of one assessment a step depends on.
pub struct Subject<'a> {
    pub target: &'a OrgTarget,
    pub assessee_staff_id: i64,
    pub status: Status,
    pub ratings: &'a [Option<i64>; 5],
}

/// May `who` take `step` on this assessment now?
pub fn check(who: &Principal, step: Step, s: &Subject<'_>) -> Result<(), Refusal> {
    if let Decision::Denied(reason) = decide_org(who, Action::Edit, s.target) {
        return Err(Refusal::Denied(reason.to_string()));
    }
    let own = who.org.as_ref().and_then(|g| g.staff_id) == Some(s.assessee_staff_id);
    match (step, s.status) {
        (Step::Edit, Status::Draft) => Ok(()),
        (Step::Submit, Status::Draft) => {
            if s.ratings.iter().all(Option::is_some) {
                Ok(())
            } else {
                Err(Refusal::Incomplete {
                    field: "ratings",
                    message: "Rate all five competencies before submitting.".into(),
                })
            }
        }
        (Step::Endorse, Status::Submitted) if own => Err(Refusal::Denied(
            "Nobody can endorse their own assessment; a manager of your unit endorses it.".into(),
        )),
        (Step::Endorse, Status::Submitted) => Ok(()),
        (Step::Edit | Step::Submit, Status::Submitted | Status::Endorsed) => {
            Err(Refusal::State(format!(
                "This assessment is already {}; it can no longer be changed.",
                s.status.label().to_lowercase()
            )))
        }
        (Step::Endorse, Status::Draft) => Err(Refusal::State(
            "This assessment is still a draft; it must be submitted before it is endorsed.".into(),
        )),
        (Step::Endorse, Status::Endorsed) => Err(Refusal::State(
            "This assessment is already endorsed.".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::org::types::assessment_target;
    use crate::auth::permissions::AssesseeFacts;
    use crate::auth::roles::{OrgGrant, OrgRole, UnitPath};

    fn who(role: OrgRole, staff: i64, managed: Option<&[i64]>) -> Principal {
        Principal {
            user_id: 1,
            display_name: String::new(),
            network: None,
            grants: vec![],
            org: Some(OrgGrant {
                role,
                staff_id: Some(staff),
                managed_unit: managed.map(|m| UnitPath(m.to_vec())),
            }),
        }
    }

    fn subject(
        staff: i64,
        status: Status,
        ratings: &[Option<i64>; 5],
    ) -> (OrgTarget, Status, [Option<i64>; 5], i64) {
        let t = assessment_target(AssesseeFacts {
            staff_id: staff,
            unit: UnitPath(vec![1, 2, 4]),
            directs: vec![],
        });
        (t, status, *ratings, staff)
    }

    fn run(
        p: &Principal,
        step: Step,
        staff: i64,
        status: Status,
        ratings: [Option<i64>; 5],
    ) -> Result<(), Refusal> {
        let (target, status, ratings, staff) = subject(staff, status, &ratings);
        check(
            p,
            step,
            &Subject {
                target: &target,
                assessee_staff_id: staff,
                status,
                ratings: &ratings,
            },
        )
    }

    const FULL: [Option<i64>; 5] = [Some(3); 5];

    #[test]
    fn the_assessee_submits_but_never_endorses_their_own() {
        let me = who(OrgRole::GeneralUser, 7, None);
        assert_eq!(run(&me, Step::Submit, 7, Status::Draft, FULL), Ok(()));
        assert!(matches!(
            run(&me, Step::Endorse, 7, Status::Submitted, FULL),
            Err(Refusal::Denied(_))
        ));
        assert!(matches!(
            run(&me, Step::Submit, 7, Status::Draft, [None; 5]),
            Err(Refusal::Incomplete { .. })
        ));
    }

    #[test]
    fn a_manager_endorses_submitted_assessments_in_their_unit() {
        let m = who(OrgRole::UnitManager, 9, Some(&[1, 2, 4]));
        assert_eq!(run(&m, Step::Endorse, 7, Status::Submitted, FULL), Ok(()));
        assert!(matches!(
            run(&m, Step::Endorse, 7, Status::Draft, FULL),
            Err(Refusal::State(_))
        ));
        assert!(matches!(
            run(&m, Step::Edit, 7, Status::Endorsed, FULL),
            Err(Refusal::State(_))
        ));
    }

    #[test]
    fn permission_comes_before_status() {
        let admin = who(OrgRole::Administrator, 1, None);
        assert!(matches!(
            run(&admin, Step::Edit, 7, Status::Endorsed, FULL),
            Err(Refusal::Denied(_))
        ));
    }
}
