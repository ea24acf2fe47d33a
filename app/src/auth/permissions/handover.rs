//! Handing a whole EC caseload to another EC (docs/RULES.md §2.6): the one
//! answer both the EC page (whether to offer it) and the server use.
use super::{decide_network, Action, NetworkScope, NetworkTarget, Reason, RecordKind};
use crate::auth::roles::Principal;

/// Whether a principal may hand over a whole caseload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Handover {
    /// AssignEc on Institutions and EAs across a Partner (or wider).
    Allowed(NetworkScope),
    /// `decide` refuses AssignEc on Institutions or EAs.
    Denied(Reason),
    /// AssignEc is granted, but only over this narrower scope: such a role
    /// reassigns record by record.
    TooNarrow(NetworkScope),
}

pub fn decide_handover(who: &Principal) -> Handover {
    let ask = |k| decide_network(who, Action::AssignEc, &NetworkTarget::Kind(k)).into_result();
    let scope = match ask(RecordKind::Institution).and_then(|s| ask(RecordKind::Ea).map(|_| s)) {
        Ok(s) => s,
        Err(reason) => return Handover::Denied(reason),
    };
    match scope {
        NetworkScope::Partner | NetworkScope::National => Handover::Allowed(scope),
        NetworkScope::Own | NetworkScope::Caseload | NetworkScope::Assigned => {
            Handover::TooNarrow(scope)
        }
    }
}
