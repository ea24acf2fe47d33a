//! Admin's register pages (docs/RULES.md §2.1): the GIAS import with its
//! runs, and Institutions' Partner per local authority.
pub mod import;
pub mod la_partner;
pub mod run;

use crate::auth::permissions::{
    decide_field, decide_network, Action, Field, NetworkTarget, RecordKind,
};
use crate::auth::roles::Principal;
use leptos::prelude::*;

/// Links to the register pages, for the roles that may use them.
#[component]
pub fn RegisterLinks(p: Principal) -> impl IntoView {
    let kind = RecordKind::Institution;
    let import = decide_network(&p, Action::Import, &NetworkTarget::Kind(kind)).is_allowed();
    let partner = decide_network(&p, Action::Edit, &NetworkTarget::Kind(kind)).is_allowed()
        && decide_field(&p, kind, Field::Partner).is_editable();
    view! {
        {import.then(|| view! { <a class="button secondary" href="/admin/gias">"Import the GIAS register"</a> })}
        {partner.then(|| view! { <a class="button secondary" href="/admin/la-partner">"Partner by local authority"</a> })}
    }
}
