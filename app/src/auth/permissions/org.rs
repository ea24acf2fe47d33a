//! docs/RULES.md §4: the org roles over the org tree, one cell pair per
//! (org role, area). The second cell holds actions with a narrower scope.
use super::cell::{cell, Cell};
use super::{Action, AssesseeFacts, OrgArea, OrgScope};
use crate::auth::roles::{OrgRole, Principal};
use Action::{Add as A, Close as C, Download as D, Edit as E, Search as S, View as V};

/// Every user may view and edit their own assessment, whatever their org role
/// (docs/RULES.md §4: a General User's only view is of their own assessment).
pub(super) fn is_own_assessment(who: &Principal, action: Action, facts: &AssesseeFacts) -> bool {
    let my_staff_id = who.org.as_ref().and_then(|g| g.staff_id);
    matches!(action, Action::View | Action::Edit) && my_staff_id == Some(facts.staff_id)
}

pub(super) fn scope_of(role: OrgRole, area: OrgArea, action: Action) -> Option<OrgScope> {
    let [wide, narrow] = matrix(role, area);
    wide.and_then(|c| c.scope_for(action))
        .or_else(|| narrow.and_then(|c| c.scope_for(action)))
}

/// No access.
const NONE: Option<Cell<OrgScope>> = None;

fn matrix(role: OrgRole, area: OrgArea) -> [Option<Cell<OrgScope>>; 2] {
    use OrgArea as K;
    use OrgRole as R;
    use OrgScope::{Organisation, Own, Unit};
    match area {
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
