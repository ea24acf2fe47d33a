//! SPEC.md section 4: the org roles over the org tree, one cell pair per
//! (org role, area). The second cell holds actions with a narrower scope.
use super::cell::{cell, Cell, NONE};
use super::{Action, RecordFacts, RecordKind, Scope};
use crate::auth::roles::{OrgRole, Principal};
use Action::{Add as A, Close as C, Download as D, Edit as E, Search as S, View as V};

/// Every user may view and edit their own assessment, whatever their org role
/// (SPEC 4, Resolved: the seed's text wins over its flattened table).
pub(super) fn is_own_assessment(
    who: &Principal,
    kind: RecordKind,
    action: Action,
    facts: &RecordFacts,
) -> bool {
    let my_staff_id = who.org.as_ref().and_then(|g| g.staff_id);
    kind == RecordKind::Assessment
        && matches!(action, Action::View | Action::Edit)
        && my_staff_id.is_some()
        && facts.assessee.as_ref().map(|a| a.staff_id) == my_staff_id
}

pub(super) fn scope_of(role: OrgRole, kind: RecordKind, action: Action) -> Option<Scope> {
    let [wide, narrow] = matrix(role, kind);
    wide.and_then(|c| c.scope_for(action))
        .or_else(|| narrow.and_then(|c| c.scope_for(action)))
}

fn matrix(role: OrgRole, kind: RecordKind) -> [Option<Cell>; 2] {
    use OrgRole as R;
    use RecordKind as K;
    use Scope::{Organisation, Own, Unit};
    match kind {
        K::SubContractor
        | K::Ec
        | K::Ea
        | K::Institution
        | K::Employer
        | K::Partner
        | K::PartnerUser
        | K::CecStaffUser
        | K::Organisation
        | K::CompassReport
        | K::SupportRequest
        | K::MonthlySubmission
        | K::UrnList
        | K::NationalUser => [NONE, NONE],
        K::SystemSettings => match role {
            R::Administrator => [cell(Organisation, &[V, E]), NONE],
            R::UnitManager | R::GeneralUser => [NONE, NONE],
        },
        // The Admin column: creating, editing and viewing users.
        K::OrgUser => match role {
            R::Administrator => [cell(Organisation, &[V, S, A, E]), NONE],
            R::UnitManager | R::GeneralUser => [NONE, NONE],
        },
        K::OrgUnit => match role {
            R::Administrator => [cell(Organisation, &[V, A, E, C]), NONE],
            R::UnitManager | R::GeneralUser => [NONE, NONE],
        },
        K::OrgReport => match role {
            R::Administrator => [cell(Organisation, &[V, D]), NONE],
            R::UnitManager => [cell(Unit, &[V, D]), NONE],
            R::GeneralUser => [NONE, NONE],
        },
        K::OrgDashboard => match role {
            R::Administrator => [cell(Organisation, &[V]), NONE],
            R::UnitManager => [cell(Unit, &[V]), NONE],
            R::GeneralUser => [NONE, NONE],
        },
        // Creating follows the Edit Assessments column.
        K::Assessment => match role {
            R::Administrator => [cell(Organisation, &[V, S]), cell(Own, &[E, A])],
            R::UnitManager => [cell(Unit, &[V, S, E, A]), NONE],
            R::GeneralUser => [cell(Own, &[V, S, E, A]), NONE],
        },
    }
}
