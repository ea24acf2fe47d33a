//! Who owns a network record being added (docs/RULES.md §1, §2): it belongs
//! to the adder's Partner, caseload or Sub-contractor, or to the Partner a
//! national role chooses. `decide` then answers Add on the record as it would
//! be, so nobody can place a new record outside their own scope.
use super::{RecordFacts, RecordKind};
use crate::auth::roles::{NetworkGrant, NetworkRole};

/// The owner columns of a new record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ownership {
    pub partner_id: Option<i64>,
    pub ec_id: Option<i64>,
    pub subcontractor_id: Option<i64>,
    /// The Sub-contractor whose user added the record (it stays in their scope).
    pub created_by_sc_id: Option<i64>,
    /// The login that raised it, for kinds a person owns (support requests).
    pub raised_by: Option<i64>,
}

/// Kinds that belong to a Partner: the adder's own, or one a national role chooses.
pub fn needs_partner(kind: RecordKind) -> bool {
    matches!(
        kind,
        RecordKind::Ea
            | RecordKind::Ec
            | RecordKind::SubContractor
            | RecordKind::PartnerUser
            | RecordKind::MonthlySubmission
    )
}

/// The owner of a `kind` record added by someone acting in `grant`.
/// `chosen_partner` is the Partner a national role picked on the form; a
/// bound role's own Partner wins over it. A kind that needs a Partner and has
/// none has no owner (None): the form must name one.
pub fn owner(
    kind: RecordKind,
    adder: i64,
    grant: &NetworkGrant,
    chosen_partner: Option<i64>,
) -> Option<Ownership> {
    let b = grant.binding;
    let partner_id = b.partner_id.or(chosen_partner);
    if needs_partner(kind) && partner_id.is_none() {
        return None;
    }
    let is_sc = grant.role == NetworkRole::SubContractor;
    Some(Ownership {
        partner_id: partner_id.filter(|_| needs_partner(kind)),
        ec_id: if kind == RecordKind::Ea {
            b.ec_id
        } else {
            None
        },
        subcontractor_id: if is_sc && kind == RecordKind::Ec {
            b.subcontractor_id
        } else {
            None
        },
        created_by_sc_id: if is_sc { b.subcontractor_id } else { None },
        raised_by: (kind == RecordKind::SupportRequest).then_some(adder),
    })
}

impl Ownership {
    /// The facts `decide` checks Add against: the record as it would be.
    pub fn facts(&self) -> RecordFacts {
        RecordFacts {
            partner_id: self.partner_id,
            ec_id: self.ec_id,
            subcontractor_ids: self.created_by_sc_id.into_iter().collect(),
            user_id: self.raised_by,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::roles::Binding;

    fn grant(role: NetworkRole, binding: Binding) -> NetworkGrant {
        NetworkGrant {
            id: 1,
            role,
            binding,
            bound_to: String::new(),
        }
    }

    fn national(role: NetworkRole) -> NetworkGrant {
        grant(role, Binding::default())
    }

    const EC_OF_PARTNER_7: Binding = Binding {
        ec_id: Some(3),
        partner_id: Some(7),
        subcontractor_id: None,
    };
    const SC_5_OF_PARTNER_7: Binding = Binding {
        ec_id: None,
        partner_id: Some(7),
        subcontractor_id: Some(5),
    };

    #[test]
    fn an_ec_adds_eas_to_its_own_caseload_and_partner() {
        let g = grant(NetworkRole::EnterpriseCoordinator, EC_OF_PARTNER_7);
        let o = owner(RecordKind::Ea, 1, &g, None).unwrap();
        assert_eq!(
            o,
            Ownership {
                partner_id: Some(7),
                ec_id: Some(3),
                subcontractor_id: None,
                created_by_sc_id: None,
                raised_by: None,
            }
        );
        let facts = o.facts();
        assert_eq!(facts.partner_id, Some(7));
        assert_eq!(facts.ec_id, Some(3));
        assert!(facts.subcontractor_ids.is_empty());
    }

    #[test]
    fn a_bound_partner_wins_over_a_chosen_one() {
        let g = grant(NetworkRole::Partner, SC_5_OF_PARTNER_7);
        let o = owner(RecordKind::Ec, 1, &g, Some(99)).unwrap();
        assert_eq!(o.partner_id, Some(7));
    }

    #[test]
    fn a_subcontractor_owns_the_ecs_it_adds_and_is_recorded_as_their_creator() {
        let g = grant(NetworkRole::SubContractor, SC_5_OF_PARTNER_7);
        let ec = owner(RecordKind::Ec, 1, &g, None).unwrap();
        assert_eq!(ec.subcontractor_id, Some(5));
        assert_eq!(ec.created_by_sc_id, Some(5));
        let ea = owner(RecordKind::Ea, 1, &g, None).unwrap();
        assert_eq!(ea.subcontractor_id, None, "EAs are not assigned on adding");
        assert_eq!(ea.created_by_sc_id, Some(5));
        assert_eq!(ea.facts().subcontractor_ids, vec![5]);
    }

    #[test]
    fn a_national_role_must_choose_a_partner_for_partner_kinds() {
        let g = national(NetworkRole::Admin);
        for kind in [
            RecordKind::Ea,
            RecordKind::Ec,
            RecordKind::SubContractor,
            RecordKind::PartnerUser,
        ] {
            assert_eq!(owner(kind, 1, &g, None), None, "{kind:?}");
            assert_eq!(owner(kind, 1, &g, Some(4)).unwrap().partner_id, Some(4));
        }
    }

    #[test]
    fn shared_kinds_have_no_owner() {
        let g = grant(NetworkRole::Partner, SC_5_OF_PARTNER_7);
        for kind in [
            RecordKind::Employer,
            RecordKind::Organisation,
            RecordKind::CecStaffUser,
        ] {
            let o = owner(kind, 1, &g, Some(4)).unwrap();
            assert_eq!(o.partner_id, None, "{kind:?}");
            assert_eq!(o.facts(), RecordFacts::default(), "{kind:?}");
        }
    }

    #[test]
    fn partner_users_belong_to_a_partner() {
        let g = national(NetworkRole::NetworkOps);
        let o = owner(RecordKind::PartnerUser, 1, &g, Some(4)).unwrap();
        assert_eq!(o.partner_id, Some(4));
    }

    /// Every add a role may make at the kind level is allowed on the record
    /// it would create: the record-level check refuses only records placed
    /// outside the adder's scope, never an ordinary add.
    #[test]
    fn every_permitted_add_passes_the_record_level_check() {
        use crate::auth::permissions::{decide_network, Action, NetworkTarget};
        use crate::auth::roles::Principal;
        let bindings = [
            (NetworkRole::EnterpriseCoordinator, EC_OF_PARTNER_7),
            (NetworkRole::Partner, SC_5_OF_PARTNER_7),
            (NetworkRole::SubContractor, SC_5_OF_PARTNER_7),
            (NetworkRole::CecStaff, Binding::default()),
            (NetworkRole::NetworkOps, Binding::default()),
            (NetworkRole::Admin, Binding::default()),
        ];
        let mut checked = 0;
        for (role, binding) in bindings {
            let g = grant(role, binding);
            let who = Principal {
                user_id: 1,
                display_name: "Someone".into(),
                network: Some(g.clone()),
                grants: vec![g.clone()],
                org: None,
            };
            for kind in RecordKind::ALL {
                if !decide_network(&who, Action::Add, &NetworkTarget::Kind(kind)).is_allowed() {
                    continue;
                }
                let o = owner(kind, 1, &g, Some(7)).expect("an owner");
                let on_record =
                    decide_network(&who, Action::Add, &NetworkTarget::Record(kind, o.facts()));
                assert!(
                    on_record.is_allowed(),
                    "{role:?} adding {kind:?}: {on_record:?}"
                );
                checked += 1;
            }
        }
        assert!(checked >= 15, "only {checked} permitted adds checked");
    }
}
