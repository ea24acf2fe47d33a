//! The EC page's "Hand over caseload" form: choose the receiving EC, then
//! the preview page says what moves (docs/RULES.md §2.6).
use crate::api::pickers::PickPurpose;
use crate::auth::permissions::{decide_handover, Handover, RecordKind};
use crate::auth::roles::Principal;
use crate::components::picker::{Picker, PickerFind};
use crate::records::view::RecordView;
use leptos::prelude::*;

/// Whether the EC page offers the hand-over (the permission core decides).
pub fn may_hand_over(p: &Principal) -> bool {
    matches!(decide_handover(p), Handover::Allowed(_))
}

pub fn handover_form(r: &RecordView) -> AnyView {
    let action = format!("/areas/ecs/{}/handover", r.id);
    view! {
        <section class="action">
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
