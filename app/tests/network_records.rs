//! One network record (docs/RULES.md §2, §2.3): a granted scope reaches a record only
//! through the facts the server loads for it, and an edit reaches only the
//! fields the role may change.
use app::auth::permissions::{
    decide_field, decide_network, edit_limit, Action, Decision, EditLimit, Field, FieldDecision,
    Granted, NetworkScope, NetworkTarget, Reason, RecordFacts, RecordKind,
};
use app::auth::roles::{Binding, NetworkGrant, NetworkRole, Principal, Role};
use RecordKind::*;

const OWN: NetworkScope = NetworkScope::Own;
const CASELOAD: NetworkScope = NetworkScope::Caseload;
const ASSIGNED: NetworkScope = NetworkScope::Assigned;
const PARTNER: NetworkScope = NetworkScope::Partner;
const NATIONAL: NetworkScope = NetworkScope::National;

fn network(role: NetworkRole, binding: Binding) -> Principal {
    let grant = NetworkGrant {
        id: 1,
        role,
        binding,
        bound_to: String::new(),
    };
    Principal {
        user_id: 1,
        display_name: "oracle".into(),
        network: Some(grant.clone()),
        grants: vec![grant],
        org: None,
    }
}

const EC_BINDING: Binding = Binding {
    ec_id: Some(7),
    partner_id: Some(1),
    subcontractor_id: None,
};
const PARTNER_BINDING: Binding = Binding {
    ec_id: None,
    partner_id: Some(1),
    subcontractor_id: None,
};
const SC_BINDING: Binding = Binding {
    ec_id: None,
    partner_id: Some(1),
    subcontractor_id: Some(5),
};

fn rec(kind: RecordKind, partner: Option<i64>, scs: &[i64], ec: Option<i64>) -> NetworkTarget {
    NetworkTarget::Record(
        kind,
        RecordFacts {
            partner_id: partner,
            subcontractor_ids: scs.to_vec(),
            ec_id: ec,
            ..RecordFacts::default()
        },
    )
}

fn out_of_scope(role: NetworkRole, scope: NetworkScope) -> Decision<NetworkScope> {
    Decision::Denied(Reason::OutOfScope {
        role: Role::Network(role),
        scope: Granted::Network(scope),
    })
}

#[test]
fn ec_sees_its_caseload_only() {
    let ec = network(NetworkRole::EnterpriseCoordinator, EC_BINDING);
    for kind in [Ea, Institution, CompassReport] {
        let actions: &[Action] = if kind == CompassReport {
            &[Action::View]
        } else {
            &[Action::View, Action::Edit]
        };
        for &action in actions {
            assert_eq!(
                decide_network(&ec, action, &rec(kind, Some(1), &[], Some(7))),
                Decision::Allowed(CASELOAD),
                "{action:?} own {kind:?}"
            );
            assert_eq!(
                decide_network(&ec, action, &rec(kind, Some(1), &[], Some(8))),
                out_of_scope(NetworkRole::EnterpriseCoordinator, CASELOAD),
                "{action:?} another EC's {kind:?}"
            );
        }
    }
}

#[test]
fn ec_views_and_edits_only_its_own_ec_record() {
    let ec = network(NetworkRole::EnterpriseCoordinator, EC_BINDING);
    for action in [Action::View, Action::Edit] {
        assert_eq!(
            decide_network(&ec, action, &rec(Ec, Some(1), &[], Some(7))),
            Decision::Allowed(OWN)
        );
        assert_eq!(
            decide_network(&ec, action, &rec(Ec, Some(1), &[], Some(8))),
            out_of_scope(NetworkRole::EnterpriseCoordinator, OWN)
        );
    }
}

#[test]
fn partner_reaches_only_its_partners_records() {
    let p = network(NetworkRole::Partner, PARTNER_BINDING);
    for kind in [
        SubContractor,
        Ec,
        Ea,
        Institution,
        CompassReport,
        Partner,
        MonthlySubmission,
    ] {
        assert_eq!(
            decide_network(&p, Action::View, &rec(kind, Some(1), &[], None)),
            Decision::Allowed(PARTNER),
            "{kind:?}"
        );
        assert_eq!(
            decide_network(&p, Action::View, &rec(kind, Some(1), &[5], Some(8))),
            Decision::Allowed(PARTNER),
            "SC's {kind:?}"
        );
        assert_eq!(
            decide_network(&p, Action::View, &rec(kind, Some(2), &[], None)),
            out_of_scope(NetworkRole::Partner, PARTNER),
            "{kind:?}"
        );
    }
}

#[test]
fn sc_reaches_only_records_assigned_to_it() {
    let sc = network(NetworkRole::SubContractor, SC_BINDING);
    for kind in [Ec, Ea, Institution, CompassReport] {
        for scs in [&[5][..], &[6, 5]] {
            assert_eq!(
                decide_network(&sc, Action::View, &rec(kind, Some(1), scs, None)),
                Decision::Allowed(ASSIGNED),
                "{kind:?} {scs:?}"
            );
        }
        for scs in [&[][..], &[6]] {
            let got = decide_network(&sc, Action::View, &rec(kind, Some(1), scs, None));
            assert_eq!(
                got,
                out_of_scope(NetworkRole::SubContractor, ASSIGNED),
                "{kind:?} {scs:?}"
            );
        }
    }
}

#[test]
fn national_roles_reach_any_record() {
    let anywhere = rec(Institution, Some(9), &[99], Some(99));
    for role in [
        NetworkRole::CecStaff,
        NetworkRole::NetworkOps,
        NetworkRole::Admin,
    ] {
        assert_eq!(
            decide_network(&network(role, Binding::default()), Action::View, &anywhere),
            Decision::Allowed(NATIONAL),
            "{role:?}"
        );
    }
    // Employers are shared reference data: National for every role that has them.
    let employer = rec(Employer, Some(9), &[99], Some(99));
    for (role, b) in [
        (NetworkRole::EnterpriseCoordinator, EC_BINDING),
        (NetworkRole::Partner, PARTNER_BINDING),
        (NetworkRole::SubContractor, SC_BINDING),
    ] {
        assert_eq!(
            decide_network(&network(role, b), Action::Edit, &employer),
            Decision::Allowed(NATIONAL),
            "{role:?}"
        );
    }
}

#[test]
fn support_requests_are_own_except_for_the_queue() {
    let facts = |user| {
        NetworkTarget::Record(
            SupportRequest,
            RecordFacts {
                user_id: Some(user),
                ..RecordFacts::default()
            },
        )
    };
    let ec = network(NetworkRole::EnterpriseCoordinator, EC_BINDING);
    assert_eq!(
        decide_network(&ec, Action::View, &facts(1)),
        Decision::Allowed(OWN)
    );
    assert_eq!(
        decide_network(&ec, Action::View, &facts(2)),
        out_of_scope(NetworkRole::EnterpriseCoordinator, OWN)
    );
    let ops = network(NetworkRole::NetworkOps, Binding::default());
    assert_eq!(
        decide_network(&ops, Action::Edit, &facts(2)),
        Decision::Allowed(NATIONAL)
    );
}

// ---- field limits (docs/RULES.md §2.3) ----

const ADMIN: NetworkRole = NetworkRole::Admin;
const NET_OPS: NetworkRole = NetworkRole::NetworkOps;

fn allows(limit: EditLimit, field: Field) -> bool {
    match limit {
        EditLimit::Any => true,
        EditLimit::Only(fields) => fields.contains(&field),
    }
}

const NET_OPS_MAY: [Field; 8] = [
    Field::Title,
    Field::FirstName,
    Field::LastName,
    Field::Name,
    Field::Phone,
    Field::JobTitle,
    Field::AccessExpiresOn,
    Field::Active,
];

#[test]
fn network_ops_edits_only_the_limited_fields() {
    for kind in [
        Ec,
        Institution,
        Employer,
        Partner,
        CecStaffUser,
        PartnerUser,
    ] {
        let limit = edit_limit(NET_OPS, kind);
        assert!(
            matches!(limit, EditLimit::Only(_)),
            "{kind:?}: Network Ops edit is not limited"
        );
        for f in NET_OPS_MAY {
            assert!(
                allows(limit, f),
                "Network Ops cannot change {f:?} on {kind:?}"
            );
        }
        for f in [Field::Email, Field::AssignedEc, Field::SubContractor] {
            assert!(
                !allows(limit, f),
                "Network Ops may change {f:?} on {kind:?}"
            );
        }
        assert_eq!(
            allows(limit, Field::Partner),
            kind == PartnerUser,
            "Network Ops Partner field on {kind:?}"
        );
    }
}

/// docs/RULES.md §2.3: the seed limits Network Ops' edits alone; Admin's
/// edits of CEC Staff users (and everything else) are not field-limited.
#[test]
fn admin_edits_are_not_field_limited() {
    assert_eq!(edit_limit(ADMIN, CecStaffUser), EditLimit::Any);
    assert_eq!(edit_limit(ADMIN, PartnerUser), EditLimit::Any);
    assert_eq!(edit_limit(ADMIN, Ec), EditLimit::Any);
}

#[test]
fn network_ops_changing_an_ec_email_is_field_locked() {
    let ops = network(NetworkRole::NetworkOps, Binding::default());
    assert_eq!(
        decide_field(&ops, Ec, Field::Email),
        FieldDecision::Locked(Reason::FieldLocked {
            role: NET_OPS,
            field: Field::Email
        })
    );
    assert!(decide_field(&ops, Ec, Field::Phone).is_editable());
}

/// docs/RULES.md §2.1: support requests are for every signed-in person. One
/// holding only an org role raises one and sees their own, never another's,
/// and does not work the queue.
#[test]
fn support_requests_for_every_signed_in_user() {
    use app::auth::roles::{OrgGrant, OrgRole};
    let org_only = Principal {
        user_id: 1,
        display_name: "Jon Shaw".into(),
        network: None,
        grants: vec![],
        org: Some(OrgGrant {
            role: OrgRole::GeneralUser,
            staff_id: Some(5),
            managed_unit: None,
        }),
    };
    let request = |user| {
        NetworkTarget::Record(
            SupportRequest,
            RecordFacts {
                user_id: Some(user),
                ..RecordFacts::default()
            },
        )
    };
    for action in [Action::View, Action::Add] {
        assert_eq!(
            decide_network(&org_only, action, &NetworkTarget::Kind(SupportRequest)),
            Decision::Allowed(OWN),
            "{action:?}"
        );
        assert_eq!(
            decide_network(&org_only, action, &request(1)),
            Decision::Allowed(OWN)
        );
        assert!(!decide_network(&org_only, action, &request(2)).is_allowed());
    }
    for action in [Action::Edit, Action::Search, Action::Close] {
        assert!(
            !decide_network(&org_only, action, &NetworkTarget::Kind(SupportRequest)).is_allowed(),
            "{action:?}"
        );
    }
    // Other network kinds stay closed to an org-only account.
    assert_eq!(
        decide_network(&org_only, Action::View, &NetworkTarget::Kind(Ea)),
        Decision::Denied(app::auth::permissions::Reason::NoRole(
            app::auth::permissions::Axis::Network
        ))
    );
}
