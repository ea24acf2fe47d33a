//! Rules about acting on oneself. No matrix cell can say them — they hold
//! whatever a role grants (docs/RULES.md §4): an Administrator cannot take
//! away their own Administrator role, nobody deactivates their own account,
//! and nobody endorses their own assessment.
use crate::auth::roles::{OrgRole, Principal};
use std::fmt;

/// Why an action on oneself is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnAccountRule {
    KeepOwnAdministratorRole,
    NoSelfDeactivation,
    NoSelfEndorsement,
    /// The login also holds network role grants: its details and access
    /// belong to the network side (docs/RULES.md §4).
    NetworkLoginDetails,
}

impl fmt::Display for OwnAccountRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OwnAccountRule::KeepOwnAdministratorRole => {
                "You cannot remove your own Administrator role; ask another Administrator."
            }
            OwnAccountRule::NoSelfDeactivation => "You cannot deactivate your own account.",
            OwnAccountRule::NoSelfEndorsement => {
                "Nobody can endorse their own assessment; a manager of your unit endorses it."
            }
            OwnAccountRule::NetworkLoginDetails => {
                "This login also holds careers-hub network roles, so its name, email and access \
                 are managed with those roles on the network side. Here you manage its org role, \
                 managed unit and staff member."
            }
        })
    }
}

/// May `who` give account `account_id` the org role `role` (None: no org role)?
pub fn may_set_org_role(
    who: &Principal,
    account_id: i64,
    role: Option<OrgRole>,
) -> Result<(), OwnAccountRule> {
    if account_id == who.user_id && role != Some(OrgRole::Administrator) {
        return Err(OwnAccountRule::KeepOwnAdministratorRole);
    }
    Ok(())
}

/// May the users admin change the name, email or access (active) of a login
/// that holds `network_roles` grants? Only of a login holding none: the org
/// role, managed unit and staff link are theirs for every login.
pub fn may_change_login_details(network_roles: usize) -> Result<(), OwnAccountRule> {
    if network_roles > 0 {
        return Err(OwnAccountRule::NetworkLoginDetails);
    }
    Ok(())
}

/// May `who` deactivate account `account_id`?
pub fn may_deactivate(who: &Principal, account_id: i64) -> Result<(), OwnAccountRule> {
    if account_id == who.user_id {
        return Err(OwnAccountRule::NoSelfDeactivation);
    }
    Ok(())
}

/// May `who` endorse the assessment of staff member `assessee_staff_id`?
pub fn may_endorse(who: &Principal, assessee_staff_id: i64) -> Result<(), OwnAccountRule> {
    if who.org.as_ref().and_then(|g| g.staff_id) == Some(assessee_staff_id) {
        return Err(OwnAccountRule::NoSelfEndorsement);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::roles::OrgGrant;

    fn admin(user_id: i64, staff_id: i64) -> Principal {
        Principal {
            user_id,
            display_name: "Ada Admin".into(),
            network: None,
            grants: vec![],
            org: Some(OrgGrant {
                role: OrgRole::Administrator,
                staff_id: Some(staff_id),
                managed_unit: None,
            }),
        }
    }

    #[test]
    fn an_administrator_keeps_their_own_role_but_may_change_others() {
        let me = admin(1, 10);
        assert_eq!(
            may_set_org_role(&me, 1, Some(OrgRole::GeneralUser)),
            Err(OwnAccountRule::KeepOwnAdministratorRole)
        );
        assert_eq!(
            may_set_org_role(&me, 1, None),
            Err(OwnAccountRule::KeepOwnAdministratorRole)
        );
        assert_eq!(
            may_set_org_role(&me, 1, Some(OrgRole::Administrator)),
            Ok(())
        );
        assert_eq!(may_set_org_role(&me, 2, None), Ok(()));
    }

    #[test]
    fn a_network_logins_details_stay_on_the_network_side() {
        assert_eq!(may_change_login_details(0), Ok(()));
        assert_eq!(
            may_change_login_details(2),
            Err(OwnAccountRule::NetworkLoginDetails)
        );
    }

    #[test]
    fn nobody_deactivates_themselves() {
        let me = admin(1, 10);
        assert_eq!(
            may_deactivate(&me, 1),
            Err(OwnAccountRule::NoSelfDeactivation)
        );
        assert_eq!(may_deactivate(&me, 2), Ok(()));
    }

    #[test]
    fn nobody_endorses_their_own_assessment() {
        let me = admin(1, 10);
        assert_eq!(may_endorse(&me, 10), Err(OwnAccountRule::NoSelfEndorsement));
        assert_eq!(may_endorse(&me, 11), Ok(()));
    }
}
