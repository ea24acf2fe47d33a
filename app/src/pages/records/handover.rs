//! The EC page's "Hand over caseload" form: choose the receiving EC, then
//! the preview page says what moves (docs/RULES.md §2.6).
use crate::api::pickers::PickPurpose;
use crate::auth::permissions::{decide_network, Action, NetworkScope, NetworkTarget, RecordKind};
use crate::auth::roles::Principal;
use crate::components::picker::{Picker, PickerFind};
use crate::records::view::RecordView;
use leptos::prelude::*;

/// Whether `decide` gives AssignEc on Institutions and EAs across a Partner
/// (or wider): a whole caseload is moved only by such a role.
pub fn may_hand_over(p: &Principal) -> bool {
    [RecordKind::Institution, RecordKind::Ea].iter().all(|k| {
        matches!(
            decide_network(p, Action::AssignEc, &NetworkTarget::Kind(*k)).scope(),
            Some(NetworkScope::Partner | NetworkScope::National)
        )
    })
}

pub fn handover_form(r: &RecordView) -> AnyView {
    let action = format!("/areas/ecs/{}/handover", r.id);
    view! {
        <section class="action">
            <h2>"Hand over caseload"</h2>
            <p>"Move every open institution and EA of this EC to another EC of the same Partner, for example when this EC leaves. You see what changes before anything moves."</p>
            <PickerFind prefix="handover"/>
            <form method="get" action=action>
                <Picker prefix="handover" field="to_ec".to_string() label="Receiving EC".to_string()
                    kind=RecordKind::Ec purpose=PickPurpose::AssignEc required=true/>
                <button type="submit">"Preview the hand-over"</button>
            </form>
        </section>
    }
    .into_any()
}
