//! Who owns a network record being added, and when the new record must lie
//! inside the adder's own scope (docs/RULES.md §1, §2): a record belongs to
//! the adder's Partner, caseload or Sub-contractor, or to the Partner a
//! national role chooses.
//!
//! This is a rule about who may act that `decide` does not answer yet: it is
//! pure and kept here, beside the record schema, until the permission core
//! can take it.
use crate::auth::permissions::{RecordFacts, RecordKind};
use crate::auth::roles::{NetworkGrant, NetworkRole};
use crate::error::AppError;

/// The owner columns of a new record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ownership {
    pub partner_id: Option<i64>,
    pub ec_id: Option<i64>,
    pub subcontractor_id: Option<i64>,
    /// The Sub-contractor whose user added the record (it stays in their scope).
    pub created_by_sc_id: Option<i64>,
}

/// Kinds that belong to a Partner: the adder's own, or one a national role chooses.
pub fn needs_partner(kind: RecordKind) -> bool {
    matches!(
        kind,
        RecordKind::Ea | RecordKind::Ec | RecordKind::SubContractor | RecordKind::PartnerUser
    )
}

/// Kinds whose new record is asked about as a record too (Add on the record,
/// not only on the kind), so an adder cannot place it outside their scope.
pub fn checks_record_scope(kind: RecordKind) -> bool {
    matches!(
        kind,
        RecordKind::Ea | RecordKind::Ec | RecordKind::SubContractor
    )
}

/// The owner of a `kind` record added by someone acting in `grant`.
/// `chosen_partner` is the Partner a national role picked on the form; a
/// bound role's own Partner wins over it. A kind that needs a Partner and has
/// none is refused on `partner_id`.
pub fn owner(
    kind: RecordKind,
    grant: &NetworkGrant,
    chosen_partner: Option<i64>,
) -> Result<Ownership, AppError> {
    let b = grant.binding;
    let partner_id = b.partner_id.or(chosen_partner);
    if needs_partner(kind) && partner_id.is_none() {
        return Err(AppError::invalid(
            "partner_id",
            "Choose the Partner this record belongs to.",
        ));
    }
    let is_sc = grant.role == NetworkRole::SubContractor;
    Ok(Ownership {
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
    })
}

/// The facts the record-level Add check runs on, or None when the kind-level
/// check is the whole rule for `kind`.
pub fn record_scope_check(kind: RecordKind, owner: &Ownership) -> Option<RecordFacts> {
    checks_record_scope(kind).then(|| RecordFacts {
        partner_id: owner.partner_id,
        ec_id: owner.ec_id,
        subcontractor_ids: owner.created_by_sc_id.into_iter().collect(),
        user_id: None,
    })
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
        let o = owner(RecordKind::Ea, &g, None).unwrap();
        assert_eq!(
            o,
            Ownership {
                partner_id: Some(7),
                ec_id: Some(3),
                subcontractor_id: None,
                created_by_sc_id: None,
            }
        );
        let facts = record_scope_check(RecordKind::Ea, &o).unwrap();
        assert_eq!(facts.partner_id, Some(7));
        assert_eq!(facts.ec_id, Some(3));
        assert!(facts.subcontractor_ids.is_empty());
    }

    #[test]
    fn a_bound_partner_wins_over_a_chosen_one() {
        let g = grant(NetworkRole::Partner, SC_5_OF_PARTNER_7);
        let o = owner(RecordKind::Ec, &g, Some(99)).unwrap();
        assert_eq!(o.partner_id, Some(7));
    }

    #[test]
    fn a_subcontractor_owns_the_ecs_it_adds_and_is_recorded_as_their_creator() {
        let g = grant(NetworkRole::SubContractor, SC_5_OF_PARTNER_7);
        let ec = owner(RecordKind::Ec, &g, None).unwrap();
        assert_eq!(ec.subcontractor_id, Some(5));
        assert_eq!(ec.created_by_sc_id, Some(5));
        let ea = owner(RecordKind::Ea, &g, None).unwrap();
        assert_eq!(ea.subcontractor_id, None, "EAs are not assigned on adding");
        assert_eq!(ea.created_by_sc_id, Some(5));
        assert_eq!(
            record_scope_check(RecordKind::Ea, &ea)
                .unwrap()
                .subcontractor_ids,
            vec![5]
        );
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
            let err = owner(kind, &g, None).unwrap_err();
            assert!(
                matches!(&err, AppError::Invalid { field, .. } if field == "partner_id"),
                "{kind:?}: {err:?}"
            );
            assert_eq!(owner(kind, &g, Some(4)).unwrap().partner_id, Some(4));
        }
    }

    #[test]
    fn shared_kinds_have_no_owner_and_only_the_kind_level_check() {
        let g = grant(NetworkRole::Partner, SC_5_OF_PARTNER_7);
        for kind in [
            RecordKind::Employer,
            RecordKind::Organisation,
            RecordKind::CecStaffUser,
        ] {
            let o = owner(kind, &g, Some(4)).unwrap();
            assert_eq!(o.partner_id, None, "{kind:?}");
            assert_eq!(record_scope_check(kind, &o), None, "{kind:?}");
        }
    }

    #[test]
    fn partner_users_belong_to_a_partner_without_a_record_level_check() {
        let g = national(NetworkRole::NetworkOps);
        let o = owner(RecordKind::PartnerUser, &g, Some(4)).unwrap();
        assert_eq!(o.partner_id, Some(4));
        assert_eq!(record_scope_check(RecordKind::PartnerUser, &o), None);
    }
}
