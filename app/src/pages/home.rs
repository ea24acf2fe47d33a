//! The signed-in home page: who you are acting as and where you can go.
use crate::auth::permissions::Axis;
use crate::components::guard::signed_in;
use crate::components::header::visible_areas;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    signed_in(|p| {
        let areas: Vec<_> = visible_areas(&p, Axis::Network)
            .into_iter()
            .chain(visible_areas(&p, Axis::Org))
            .collect();
        let acting = p.network.as_ref().map(|g| {
            // An EC's role is bound to the EC themselves: naming it again
            // would only repeat the greeting; a Partner or Sub-contractor is named.
            if g.bound_to == p.display_name {
                format!("You are acting as {}.", g.role.label())
            } else {
                format!("You are acting as {} ({}).", g.role.label(), g.bound_to)
            }
        });
        let org = p
            .org
            .as_ref()
            .map(|g| format!("Your organisation role is {}.", g.role.label()));
        view! {
            <leptos_meta::Title text="Home — Caseboard"/>
            <h1>"Welcome, " {p.display_name.clone()}</h1>
            {acting.map(|a| view! { <p>{a}</p> })}
            {org.map(|o| view! { <p>{o}</p> })}
            {p.network.is_some().then(|| view! { <crate::pages::dashboard::NetworkDashboard/> })}
            {(p.grants.len() > 1).then(|| view! {
                <p>"Your account holds " {p.grants.len()} " network roles; switch between them from the menu at the top."</p>
            })}
            <h2>"Your areas"</h2>
            {if areas.is_empty() {
                view! { <p>"Your account has no role that opens any area yet. Ask an Administrator."</p> }.into_any()
            } else {
                view! {
                    <ul class="area-list">
                        {areas.into_iter().map(|k| view! {
                            <li><a href=format!("/areas/{}", k.slug())>{k.title()}</a></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        }
    })
}
