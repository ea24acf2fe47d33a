//! Independent oracle for the permission core: docs/RULES.md §2.1 and §4 written out by
//! hand (not derived from the implementation), compared cell by cell with
//! the matrices (`network_scope`, `org_scope`) and `decide`, over every role,
//! action and area of both axes; then the notable consequences. Record scoping
//! and the field limits of 2.3 live in `network_records.rs`, org-unit scoping
//! in `org_scoping.rs`.
use app::auth::permissions::{
    decide, network_scope, org_scope, Action, Area, Axis, Decision, Granted, NetworkScope, OrgArea,
    OrgScope, Reason, RecordKind, Target,
};
use app::auth::roles::{
    Binding, NetworkGrant, NetworkRole, OrgGrant, OrgRole, Principal, Role, UnitPath,
};
use OrgArea::*;
use RecordKind::*;

const OWN: NetworkScope = NetworkScope::Own;
const CASELOAD: NetworkScope = NetworkScope::Caseload;
const ASSIGNED: NetworkScope = NetworkScope::Assigned;
const PARTNER: NetworkScope = NetworkScope::Partner;
const NATIONAL: NetworkScope = NetworkScope::National;
const ORG_OWN: OrgScope = OrgScope::Own;
const UNIT: OrgScope = OrgScope::Unit;
const ORG: OrgScope = OrgScope::Organisation;

/// docs/RULES.md §2.1: one row per granted (role, kind) cell; a missing row is "—".
/// Letters: V E (E* = edit, fields limited by 2.3) D S A C, and the special
/// actions match, assignEC, assignSC, upgrade, submit, confirm, remove.
#[rustfmt::skip]
const NETWORK: &[(&str, RecordKind, &str, NetworkScope)] = &[
    ("Partner", SubContractor, "V E D S A C",                         PARTNER),
    ("CEC",     SubContractor, "V D S",                               NATIONAL),
    ("Admin",   SubContractor, "V E D A",                             NATIONAL),

    ("EC",      Ec,            "V E",                                 OWN),
    ("Partner", Ec,            "V E S A C assignSC",                  PARTNER),
    ("SC",      Ec,            "V E S A C",                           ASSIGNED),
    ("CEC",     Ec,            "V D S",                               NATIONAL),
    ("NetOps",  Ec,            "V D S E* upgrade",                    NATIONAL),
    ("Admin",   Ec,            "V E D S A",                           NATIONAL),

    ("EC",      Ea,            "V E D S A C match",                   CASELOAD),
    ("Partner", Ea,            "V E D S A C match assignEC assignSC", PARTNER),
    ("SC",      Ea,            "V E D S A C match assignEC",          ASSIGNED),
    ("CEC",     Ea,            "V D S",                               NATIONAL),
    ("Admin",   Ea,            "V E D S A",                           NATIONAL),

    ("EC",      Institution,   "V E D S match",                       CASELOAD),
    ("Partner", Institution,   "V E D S match assignEC assignSC",     PARTNER),
    ("SC",      Institution,   "V E D S match assignEC",              ASSIGNED),
    ("CEC",     Institution,   "V D S",                               NATIONAL),
    ("NetOps",  Institution,   "V D S E*",                            NATIONAL),
    ("Admin",   Institution,   "V E D S import",                      NATIONAL),

    ("EC",      Employer,      "V E D S A",                           NATIONAL),
    ("Partner", Employer,      "V E D S A",                           NATIONAL),
    ("SC",      Employer,      "V E D S A",                           NATIONAL),
    ("CEC",     Employer,      "V D S",                               NATIONAL),
    ("NetOps",  Employer,      "V D S E*",                            NATIONAL),
    ("Admin",   Employer,      "V E D S A",                           NATIONAL),

    ("Partner", Partner,       "V E",                                 PARTNER),
    ("NetOps",  Partner,       "V E*",                                NATIONAL),
    ("Admin",   Partner,       "V E",                                 NATIONAL),

    ("CEC",     PartnerUser,   "V D",                                 NATIONAL),
    ("NetOps",  PartnerUser,   "V D E* A",                            NATIONAL),
    ("Admin",   PartnerUser,   "V E D A",                             NATIONAL),

    ("CEC",     CecStaffUser,  "V D",                                 NATIONAL),
    ("NetOps",  CecStaffUser,  "V D E* A",                            NATIONAL),
    ("Admin",   CecStaffUser,  "V E D A",                             NATIONAL),

    ("Admin",   Organisation,  "V E A",                               NATIONAL),

    ("EC",      CompassReport, "V D S",                               CASELOAD),
    ("Partner", CompassReport, "V D S",                               PARTNER),
    ("SC",      CompassReport, "V D S",                               ASSIGNED),
    ("CEC",     CompassReport, "V D S",                               NATIONAL),
    ("Admin",   CompassReport, "V D S",                               NATIONAL),

    ("EC",      SupportRequest, "V A",                                OWN),
    ("Partner", SupportRequest, "V A",                                OWN),
    ("SC",      SupportRequest, "V A",                                OWN),
    ("CEC",     SupportRequest, "V A",                                OWN),
    ("NetOps",  SupportRequest, "V E S A",                            NATIONAL),
    ("Admin",   SupportRequest, "V E S A",                            NATIONAL),

    ("Partner", MonthlySubmission, "V E A submit",                    PARTNER),
    ("Admin",   MonthlySubmission, "V confirm",                       NATIONAL),

    ("Admin",   UrnList,       "V D S A remove",                      NATIONAL),

    ("Admin",   NationalUser,  "V D S",                               NATIONAL),
];

/// docs/RULES.md §4: System Settings, Admin (users, org tree), Reports, Dashboard, Assessments.
#[rustfmt::skip]
const ORG_TABLE: &[(&str, OrgArea, &str, OrgScope)] = &[
    ("Administrator", SystemSettings, "V E",     ORG),
    ("Administrator", OrgUser,        "V S A E", ORG),
    ("Administrator", OrgUnit,        "V A E C", ORG),
    ("Administrator", OrgReport,      "V D",     ORG),
    ("Administrator", OrgDashboard,   "V",       ORG),
    ("Administrator", Assessment,     "V S",     ORG),
    ("Administrator", Assessment,     "E A",     ORG_OWN),
    ("UnitManager",   OrgReport,      "V D",     UNIT),
    ("UnitManager",   OrgDashboard,   "V",       UNIT),
    ("UnitManager",   Assessment,     "V S E A", UNIT),
    ("GeneralUser",   Assessment,     "V S E A", ORG_OWN),
];

#[rustfmt::skip]
const NETWORK_KINDS: [RecordKind; 14] = [SubContractor, Ec, Ea, Institution, Employer, Partner,
    PartnerUser, CecStaffUser, Organisation, CompassReport, SupportRequest, MonthlySubmission,
    UrnList, NationalUser];

#[rustfmt::skip]
const ORG_AREAS: [OrgArea; 6] = [Assessment, OrgReport, OrgDashboard, OrgUser, OrgUnit, SystemSettings];

fn role_named(name: &str) -> Role {
    match name {
        "EC" => Role::Network(NetworkRole::EnterpriseCoordinator),
        "Partner" => Role::Network(NetworkRole::Partner),
        "SC" => Role::Network(NetworkRole::SubContractor),
        "CEC" => Role::Network(NetworkRole::CecStaff),
        "NetOps" => Role::Network(NetworkRole::NetworkOps),
        "Admin" => Role::Network(NetworkRole::Admin),
        "Administrator" => Role::Org(OrgRole::Administrator),
        "UnitManager" => Role::Org(OrgRole::UnitManager),
        "GeneralUser" => Role::Org(OrgRole::GeneralUser),
        other => panic!("unknown role {other} in oracle table"),
    }
}

fn action_named(letter: &str) -> Action {
    match letter {
        "V" => Action::View,
        "E" | "E*" => Action::Edit,
        "D" => Action::Download,
        "S" => Action::Search,
        "A" => Action::Add,
        "C" => Action::Close,
        "match" => Action::Match,
        "assignEC" => Action::AssignEc,
        "assignSC" => Action::AssignSubcontractor,
        "upgrade" => Action::UpgradeHubLead,
        "submit" => Action::Submit,
        "confirm" => Action::Confirm,
        "remove" => Action::Remove,
        "import" => Action::Import,
        other => panic!("unknown letter {other} in oracle table"),
    }
}

/// Both hand-written tables as rows of (role, area, letters, scope).
fn rows() -> impl Iterator<Item = (&'static str, Area, &'static str, Granted)> {
    let network = NETWORK
        .iter()
        .map(|(r, k, l, s)| (*r, Area::Network(*k), *l, Granted::Network(*s)));
    let org = ORG_TABLE
        .iter()
        .map(|(r, a, l, s)| (*r, Area::Org(*a), *l, Granted::Org(*s)));
    network.chain(org)
}

/// What the hand-written tables grant `role` for `action` on `kind`.
fn expected(role: Role, action: Action, kind: Area) -> Option<Granted> {
    let mut found = rows().filter(|(r, k, letters, _)| {
        role_named(r) == role
            && *k == kind
            && letters
                .split_whitespace()
                .any(|l| action_named(l) == action)
    });
    let first = found.next().map(|row| row.3);
    assert!(
        found.next().is_none(),
        "oracle table grants {role:?} {action:?} {kind:?} twice"
    );
    first
}

fn is_network_kind(kind: Area) -> bool {
    match kind {
        Area::Network(k) => NETWORK_KINDS.contains(&k),
        Area::Org(_) => false,
    }
}

/// The matrix cell of `role` for `action` on `kind`, without a principal; a
/// role's matrix has no cells for the other axis's areas.
fn role_scope(role: Role, action: Action, kind: Area) -> Option<Granted> {
    match (role, kind) {
        (Role::Network(r), Area::Network(k)) => network_scope(r, action, k).map(Granted::Network),
        (Role::Org(r), Area::Org(a)) => org_scope(r, action, a).map(Granted::Org),
        (Role::Network(_), Area::Org(_)) | (Role::Org(_), Area::Network(_)) => None,
    }
}

fn expected_decision(role: Role, action: Action, kind: Area) -> Decision<Granted> {
    let kind_axis = if is_network_kind(kind) {
        Axis::Network
    } else {
        Axis::Org
    };
    let role_axis = match role {
        Role::Network(_) => Axis::Network,
        Role::Org(_) => Axis::Org,
    };
    // Every signed-in person raises support requests and sees their own,
    // whatever their roles (docs/RULES.md §2.1).
    let own_request =
        kind == Area::Network(SupportRequest) && matches!(action, Action::View | Action::Add);
    if kind_axis != role_axis && own_request {
        return Decision::Allowed(Granted::Network(OWN));
    }
    if kind_axis != role_axis {
        return Decision::Denied(Reason::NoRole(kind_axis));
    }
    match expected(role, action, kind) {
        Some(scope) => Decision::Allowed(scope),
        None => Decision::Denied(Reason::NotPermitted {
            role,
            action,
            area: kind,
        }),
    }
}

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

fn principal_for(role: Role) -> Principal {
    match role {
        Role::Network(r @ NetworkRole::EnterpriseCoordinator) => network(r, EC_BINDING),
        Role::Network(r @ NetworkRole::Partner) => network(r, PARTNER_BINDING),
        Role::Network(r @ NetworkRole::SubContractor) => network(r, SC_BINDING),
        Role::Network(
            r @ (NetworkRole::CecStaff | NetworkRole::NetworkOps | NetworkRole::Admin),
        ) => network(r, Binding::default()),
        Role::Org(r @ OrgRole::UnitManager) => org(r, 20, Some(UnitPath(vec![1, 2]))),
        Role::Org(r @ (OrgRole::Administrator | OrgRole::GeneralUser)) => org(r, 10, None),
    }
}

#[test]
fn oracle_tables_are_well_formed() {
    for (r, k, letters, _) in rows() {
        let role = role_named(r);
        let on_axis = matches!(role, Role::Network(_)) == is_network_kind(k);
        assert!(on_axis, "{r} {k:?}: kind on the wrong axis");
        for a in letters.split_whitespace().map(action_named) {
            let _ = expected(role, a, k); // panics on a doubly granted cell
        }
        // Edit implies view of the record.
        let view = expected(role, Action::View, k).is_some();
        assert!(
            view || expected(role, Action::Edit, k).is_none(),
            "{r} {k:?}: E without V"
        );
    }
    // Every kind and area is iterated below: the lists above are complete.
    assert_eq!(RecordKind::ALL, NETWORK_KINDS);
    assert_eq!(OrgArea::ALL, ORG_AREAS);
    assert_eq!(Area::all().count(), NETWORK_KINDS.len() + ORG_AREAS.len());
    for kind in Area::all() {
        assert_eq!(
            kind.axis() == Axis::Network,
            is_network_kind(kind),
            "{kind:?}"
        );
    }
}

#[test]
fn every_cell_matches_the_spec_tables() {
    let mut diffs = Vec::new();
    for role in Role::ALL {
        let who = principal_for(role);
        for action in Action::ALL {
            for kind in Area::all() {
                let want = expected(role, action, kind);
                let got = role_scope(role, action, kind);
                if got != want {
                    diffs.push(format!(
                        "role_scope({role:?}, {action:?}, {kind:?}) = {got:?}, spec says {want:?}"
                    ));
                }
                let want = expected_decision(role, action, kind);
                let got = decide(&who, action, &Target::from(kind));
                if got != want {
                    diffs.push(format!(
                        "decide({role:?}, {action:?}, {kind:?}) = {got:?}, spec says {want:?}"
                    ));
                }
            }
        }
    }
    assert!(
        diffs.is_empty(),
        "{} cells differ from docs/RULES.md:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

// ---- notable consequences (docs/RULES.md §2.1) ----

const ADMIN: Role = Role::Network(NetworkRole::Admin);
const NET_OPS: Role = Role::Network(NetworkRole::NetworkOps);

fn granted(role: Role, action: Action, kind: impl Into<Area>) -> bool {
    let kind = kind.into();
    role_scope(role, action, kind).is_some()
        || decide(&principal_for(role), action, &Target::from(kind)).is_allowed()
}

#[test]
fn admin_cannot_close_any_record() {
    let closable: Vec<_> = Area::all()
        .filter(|k| granted(ADMIN, Action::Close, *k))
        .collect();
    assert!(closable.is_empty(), "Admin may close {closable:?}");
}

#[test]
fn admin_cannot_search_subcontractors() {
    assert!(!granted(ADMIN, Action::Search, SubContractor));
}

#[test]
fn partner_and_sc_cannot_download_ec_records() {
    for role in [NetworkRole::Partner, NetworkRole::SubContractor] {
        assert!(
            !granted(Role::Network(role), Action::Download, Ec),
            "{role:?} may download EC records"
        );
    }
}

#[test]
fn network_ops_has_no_access_to_ea_subcontractor_or_compass() {
    for kind in [Ea, SubContractor, CompassReport] {
        for action in Action::ALL {
            assert!(
                !granted(NET_OPS, action, kind),
                "Network Ops may {action:?} {kind:?}"
            );
        }
    }
}

#[test]
fn cec_staff_change_nothing() {
    use Action::*;
    #[rustfmt::skip]
    let changes = [Edit, Add, Close, Match, AssignEc, AssignSubcontractor, UpgradeHubLead, Submit, Confirm, Remove, Import];
    let cec = Role::Network(NetworkRole::CecStaff);
    for kind in Area::all() {
        for action in changes {
            // The one exception: raising their own support request.
            let exception = action == Add && kind == Area::Network(SupportRequest);
            let got = granted(cec, action, kind);
            assert_eq!(got, exception, "CEC Staff {action:?} {kind:?}");
        }
    }
    assert_eq!(
        role_scope(cec, Action::Add, Area::Network(SupportRequest)),
        Some(Granted::Network(OWN))
    );
}

#[test]
fn only_network_ops_upgrade_hub_lead() {
    for role in Role::ALL {
        for kind in Area::all() {
            let want = role == NET_OPS && kind == Area::Network(Ec);
            assert_eq!(
                granted(role, Action::UpgradeHubLead, kind),
                want,
                "{role:?} upgrade {kind:?}"
            );
        }
    }
}

#[test]
fn no_role_adds_institutions() {
    for role in Role::ALL {
        assert!(
            !granted(role, Action::Add, Institution),
            "{role:?} may add Institutions"
        );
    }
}
