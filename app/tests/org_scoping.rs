//! docs/RULES.md §4 scoping rules, each its own test, written from the seed's example
//! organisation: Organisation 1 > Directorates 2 (Projects) and 3 (Planning)
//! > Business Units, e.g. [1, 2, 4] is Business Unit 4 of Directorate Projects.
use app::auth::permissions::{
    decide_org, Action, AssesseeFacts, Decision, Granted, OrgArea, OrgScope, OrgTarget, Reason,
};
use app::auth::roles::{OrgGrant, OrgRole, Principal, Role, UnitPath};

fn org(role: OrgRole, staff_id: i64, managed: Option<UnitPath>) -> Principal {
    let org = Some(OrgGrant {
        role,
        staff_id: Some(staff_id),
        managed_unit: managed,
    });
    Principal {
        user_id: 1,
        display_name: "oracle".into(),
        network: None,
        grants: vec![],
        org,
    }
}

fn manager(staff_id: i64, unit: &[i64]) -> Principal {
    org(
        OrgRole::UnitManager,
        staff_id,
        Some(UnitPath(unit.to_vec())),
    )
}

/// The assessment of staff member `staff_id`, sitting in `unit`, Director of `directs`.
fn assessment(staff_id: i64, unit: &[i64], directs: &[&[i64]]) -> OrgTarget {
    let assessee = AssesseeFacts {
        staff_id,
        unit: UnitPath(unit.to_vec()),
        directs: directs.iter().map(|d| UnitPath(d.to_vec())).collect(),
    };
    OrgTarget::Assessment(assessee)
}

fn outside_unit() -> Decision<OrgScope> {
    Decision::Denied(Reason::OutOfScope {
        role: Role::Org(OrgRole::UnitManager),
        scope: Granted::Org(OrgScope::Unit),
    })
}

const ADMIN_STAFF: i64 = 10;

#[test]
fn directorate_manager_sees_its_business_units() {
    let projects = manager(20, &[1, 2]);
    for unit in [&[1, 2][..], &[1, 2, 4], &[1, 2, 5], &[1, 2, 4, 8]] {
        assert_eq!(
            decide_org(&projects, Action::View, &assessment(30, unit, &[])),
            Decision::Allowed(OrgScope::Unit),
            "{unit:?}"
        );
        assert_eq!(
            decide_org(&projects, Action::Edit, &assessment(30, unit, &[])),
            Decision::Allowed(OrgScope::Unit),
            "{unit:?}"
        );
    }
    // ...and nothing of Directorate Planning, nor the organisation-level unit.
    for unit in [&[1, 3][..], &[1, 3, 6], &[1]] {
        assert_eq!(
            decide_org(&projects, Action::View, &assessment(30, unit, &[])),
            outside_unit(),
            "{unit:?}"
        );
    }
}

#[test]
fn directorate_manager_sees_its_director() {
    // The Director of Projects sits in its Business Unit 4.
    let director = assessment(40, &[1, 2, 4], &[&[1, 2]]);
    assert_eq!(
        decide_org(&manager(22, &[1, 2]), Action::View, &director),
        Decision::Allowed(OrgScope::Unit)
    );
    assert_eq!(
        decide_org(&manager(22, &[1, 2]), Action::Edit, &director),
        Decision::Allowed(OrgScope::Unit)
    );
    // The manager of Directorate Planning does not.
    assert_eq!(
        decide_org(&manager(24, &[1, 3]), Action::View, &director),
        outside_unit()
    );
}

#[test]
fn business_unit_manager_still_cannot_see_the_director() {
    let director = assessment(40, &[1, 2, 4], &[&[1, 2]]);
    assert_eq!(
        decide_org(&manager(21, &[1, 2, 4]), Action::View, &director),
        outside_unit()
    );
    // A unit deeper still, below the Business Unit, does not reach her either.
    assert_eq!(
        decide_org(
            &manager(25, &[1, 2, 4, 8]),
            Action::View,
            &assessment(40, &[1, 2, 4, 8], &[&[1, 2]])
        ),
        outside_unit()
    );
    assert_eq!(
        decide_org(&manager(22, &[1, 2]), Action::View, &director),
        Decision::Allowed(OrgScope::Unit)
    );
    assert_eq!(
        decide_org(&manager(23, &[1]), Action::View, &director),
        Decision::Allowed(OrgScope::Unit)
    );
    let admin = org(OrgRole::Administrator, ADMIN_STAFF, None);
    assert_eq!(
        decide_org(&admin, Action::View, &director),
        Decision::Allowed(OrgScope::Organisation)
    );
    // The same Business Unit manager still sees the other staff of the unit.
    assert_eq!(
        decide_org(
            &manager(21, &[1, 2, 4]),
            Action::View,
            &assessment(41, &[1, 2, 4], &[])
        ),
        Decision::Allowed(OrgScope::Unit)
    );
}

#[test]
fn reporting_officer_unit_grants_nothing() {
    // The reporting officer may sit in [1, 3]; facts carry no reporting officer,
    // and visibility follows the assessee's unit only.
    let planning = manager(24, &[1, 3]);
    for action in [Action::View, Action::Edit, Action::Search] {
        assert_eq!(
            decide_org(&planning, action, &assessment(30, &[1, 2, 4], &[])),
            outside_unit(),
            "{action:?}"
        );
    }
}

#[test]
fn admin_views_all_but_edits_only_own() {
    let admin = org(OrgRole::Administrator, ADMIN_STAFF, None);
    let others = assessment(30, &[1, 2, 4], &[]);
    assert_eq!(
        decide_org(&admin, Action::View, &others),
        Decision::Allowed(OrgScope::Organisation)
    );
    let edit_other = decide_org(&admin, Action::Edit, &others);
    assert!(
        matches!(edit_other, Decision::Denied(_)),
        "Administrator may edit another's assessment: {edit_other:?}"
    );
    let own = assessment(ADMIN_STAFF, &[1], &[]);
    assert_eq!(
        decide_org(&admin, Action::Edit, &own),
        Decision::Allowed(OrgScope::Own)
    );
}

#[test]
fn general_user_sees_only_own() {
    let user = org(OrgRole::GeneralUser, 50, None);
    for action in [Action::View, Action::Edit] {
        assert_eq!(
            decide_org(&user, action, &assessment(50, &[1, 2, 4], &[])),
            Decision::Allowed(OrgScope::Own),
            "{action:?} own"
        );
        assert!(
            !decide_org(&user, action, &assessment(51, &[1, 2, 4], &[])).is_allowed(),
            "{action:?} colleague's"
        );
    }
    for kind in [
        OrgArea::OrgReport,
        OrgArea::OrgDashboard,
        OrgArea::OrgUser,
        OrgArea::SystemSettings,
    ] {
        assert!(
            !decide_org(&user, Action::View, &OrgTarget::Area(kind)).is_allowed(),
            "{kind:?}"
        );
    }
}

#[test]
fn every_user_views_own_assessment() {
    let admin = org(OrgRole::Administrator, ADMIN_STAFF, None);
    assert!(decide_org(
        &admin,
        Action::View,
        &assessment(ADMIN_STAFF, &[1, 2, 4], &[])
    )
    .is_allowed());
    // A manager whose managed unit is elsewhere still sees their own assessment.
    let planning = manager(60, &[1, 3]);
    assert_eq!(
        decide_org(&planning, Action::View, &assessment(60, &[1, 2, 4], &[])),
        Decision::Allowed(OrgScope::Own)
    );
    // The Director managing their own Directorate sees their own assessment.
    let director = manager(40, &[1, 2]);
    assert_eq!(
        decide_org(
            &director,
            Action::View,
            &assessment(40, &[1, 2, 4], &[&[1, 2]])
        ),
        Decision::Allowed(OrgScope::Own)
    );
    let user = org(OrgRole::GeneralUser, 70, None);
    assert_eq!(
        decide_org(&user, Action::View, &assessment(70, &[1, 3, 6], &[])),
        Decision::Allowed(OrgScope::Own)
    );
}
