//! Who may comment on a support request (docs/RULES.md §2.7): the one
//! answer the request page (whether to offer the form) and the server use.
use super::{
    decide_network, Action, Decision, NetworkScope, NetworkTarget, RecordFacts, RecordKind,
};
use crate::auth::roles::Principal;

/// Whoever works the queue (Edit on the request) comments on any request;
/// the requester comments on their own, so they can answer the queue's
/// questions. Anyone else is refused with the queue's reason.
pub fn decide_support_comment(who: &Principal, facts: &RecordFacts) -> Decision<NetworkScope> {
    let target = NetworkTarget::Record(RecordKind::SupportRequest, facts.clone());
    let work = decide_network(who, Action::Edit, &target);
    if !work.is_allowed() && facts.user_id == Some(who.user_id) {
        return decide_network(who, Action::View, &target);
    }
    work
}
