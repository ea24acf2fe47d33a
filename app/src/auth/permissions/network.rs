//! docs/RULES.md §2.1, one cell per (network role, record kind).
use super::cell::{cell, Cell};
use super::{Action, NetworkScope, RecordKind};
use crate::auth::roles::NetworkRole;
use Action::{
    Add as A, AssignEc, AssignSubcontractor, Close as C, Confirm, Download as D, Edit as E, Import,
    Match, Remove, Search as S, Submit, UpgradeHubLead, View as V,
};

pub(super) fn scope_of(
    role: NetworkRole,
    kind: RecordKind,
    action: Action,
) -> Option<NetworkScope> {
    matrix(role, kind)?.scope_for(action)
}

/// What every signed-in person may do, whatever roles they hold and on
/// either axis: raise a support request and see their own (docs/RULES.md
/// §2.1). Network Ops and Admin work the queue through their own cells.
pub(super) fn everyone(kind: RecordKind, action: Action) -> Option<NetworkScope> {
    let own_request = kind == RecordKind::SupportRequest && matches!(action, V | A);
    own_request.then_some(NetworkScope::Own)
}

/// No access.
const NONE: Option<Cell<NetworkScope>> = None;

/// Exactly what the network rules list, and nothing more (docs/RULES.md §2.1).
fn matrix(role: NetworkRole, kind: RecordKind) -> Option<Cell<NetworkScope>> {
    use NetworkRole as R;
    use NetworkScope::{Assigned, Caseload, National, Own, Partner};
    use RecordKind as K;
    match role {
        R::EnterpriseCoordinator => match kind {
            K::SubContractor => NONE,
            K::Ec => cell(Own, &[V, E]),
            K::Ea => cell(Caseload, &[V, E, D, S, A, C, Match]),
            K::Institution => cell(Caseload, &[V, E, D, S, Match]),
            K::Employer => cell(National, &[V, E, D, S, A]),
            K::Partner => NONE,
            K::PartnerUser => NONE,
            K::CecStaffUser => NONE,
            K::Organisation => NONE,
            K::CompassReport => cell(Caseload, &[V, D, S]),
            K::SupportRequest => cell(Own, &[V, A]),
            K::MonthlySubmission => NONE,
            K::UrnList => NONE,
            K::NationalUser => NONE,
        },
        R::Partner => match kind {
            K::SubContractor => cell(Partner, &[V, E, D, S, A, C]),
            K::Ec => cell(Partner, &[V, E, S, A, C, AssignSubcontractor]),
            K::Ea => cell(
                Partner,
                &[V, E, D, S, A, C, Match, AssignEc, AssignSubcontractor],
            ),
            K::Institution => cell(Partner, &[V, E, D, S, Match, AssignEc, AssignSubcontractor]),
            K::Employer => cell(National, &[V, E, D, S, A]),
            K::Partner => cell(Partner, &[V, E]),
            K::PartnerUser => NONE,
            K::CecStaffUser => NONE,
            K::Organisation => NONE,
            K::CompassReport => cell(Partner, &[V, D, S]),
            K::SupportRequest => cell(Own, &[V, A]),
            K::MonthlySubmission => cell(Partner, &[V, E, A, Submit]),
            K::UrnList => NONE,
            K::NationalUser => NONE,
        },
        R::SubContractor => match kind {
            K::SubContractor => NONE,
            K::Ec => cell(Assigned, &[V, E, S, A, C]),
            K::Ea => cell(Assigned, &[V, E, D, S, A, C, Match, AssignEc]),
            K::Institution => cell(Assigned, &[V, E, D, S, Match, AssignEc]),
            K::Employer => cell(National, &[V, E, D, S, A]),
            K::Partner => NONE,
            K::PartnerUser => NONE,
            K::CecStaffUser => NONE,
            K::Organisation => NONE,
            K::CompassReport => cell(Assigned, &[V, D, S]),
            K::SupportRequest => cell(Own, &[V, A]),
            K::MonthlySubmission => NONE,
            K::UrnList => NONE,
            K::NationalUser => NONE,
        },
        R::CecStaff => match kind {
            K::SubContractor => cell(National, &[V, D, S]),
            K::Ec => cell(National, &[V, D, S]),
            K::Ea => cell(National, &[V, D, S]),
            K::Institution => cell(National, &[V, D, S]),
            K::Employer => cell(National, &[V, D, S]),
            K::Partner => NONE,
            K::PartnerUser => cell(National, &[V, D]),
            K::CecStaffUser => cell(National, &[V, D]),
            K::Organisation => NONE,
            K::CompassReport => cell(National, &[V, D, S]),
            K::SupportRequest => cell(Own, &[V, A]),
            K::MonthlySubmission => NONE,
            K::UrnList => NONE,
            K::NationalUser => NONE,
        },
        R::NetworkOps => match kind {
            K::SubContractor => NONE,
            K::Ec => cell(National, &[V, D, S, E, UpgradeHubLead]),
            K::Ea => NONE,
            K::Institution => cell(National, &[V, D, S, E]),
            K::Employer => cell(National, &[V, D, S, E]),
            // E* only; edit implies view of the record.
            K::Partner => cell(National, &[V, E]),
            K::PartnerUser => cell(National, &[V, D, E, A]),
            K::CecStaffUser => cell(National, &[V, D, E, A]),
            K::Organisation => NONE,
            K::CompassReport => NONE,
            // Network Ops work the support queue.
            K::SupportRequest => cell(National, &[V, E, S, A]),
            K::MonthlySubmission => NONE,
            K::UrnList => NONE,
            K::NationalUser => NONE,
        },
        R::Admin => match kind {
            K::SubContractor => cell(National, &[V, E, D, A]),
            K::Ec => cell(National, &[V, E, D, S, A]),
            K::Ea => cell(National, &[V, E, D, S, A]),
            // Import: the GIAS register upload (docs/RULES.md §2.1).
            K::Institution => cell(National, &[V, E, D, S, Import]),
            K::Employer => cell(National, &[V, E, D, S, A]),
            K::Partner => cell(National, &[V, E]),
            K::PartnerUser => cell(National, &[V, E, D, A]),
            K::CecStaffUser => cell(National, &[V, E, D, A]),
            K::Organisation => cell(National, &[V, E, A]),
            K::CompassReport => cell(National, &[V, D, S]),
            K::SupportRequest => cell(National, &[V, E, S, A]),
            K::MonthlySubmission => cell(National, &[V, Confirm]),
            K::UrnList => cell(National, &[V, D, S, A, Remove]),
            // The list works like every list: search and download too
            // (docs/RULES.md §2.1).
            K::NationalUser => cell(National, &[V, D, S]),
        },
    }
}
