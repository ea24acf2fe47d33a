//! Site header: navigation to the areas the active role may view, the role
//! switch menu and sign-out.
use super::session::SessionContext;
use crate::auth::permissions::{decide, Action, Area, Axis, Target};
use crate::auth::roles::Principal;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// Every area the principal may view, per axis, in matrix order.
pub fn visible_areas(who: &Principal, axis: Axis) -> Vec<Area> {
    Area::all()
        .filter(|a| a.axis() == axis && decide(who, Action::View, &Target::from(*a)).is_allowed())
        .collect()
}

#[component]
pub fn Header() -> impl IntoView {
    let session = SessionContext::get();
    view! {
        <header class="site-header">
            <a class="brand" href="/">"Caseboard"</a>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match session.me.await {
                        Ok(Some(p)) => view! { <SignedInNav p/> }.into_any(),
                        Ok(None) | Err(_) => view! { <a class="sign-in-link" href="/login">"Sign in"</a> }.into_any(),
                    }
                })}
            </Suspense>
        </header>
    }
}

#[component]
fn SignedInNav(p: Principal) -> impl IntoView {
    let session = SessionContext::get();
    let network = visible_areas(&p, Axis::Network);
    let org = visible_areas(&p, Axis::Org);
    let role = p
        .network
        .as_ref()
        .map(|g| format!("{} — {}", g.role.label(), g.bound_to));
    let org_role = p.org.as_ref().map(|g| g.role.label());
    let links = |kinds: Vec<Area>| {
        kinds
            .into_iter()
            .map(|k| view! { <li><a href=format!("/areas/{}", k.slug())>{k.title()}</a></li> })
            .collect_view()
    };
    view! {
        <nav aria-label="Main" class="main-nav">
            {(!network.is_empty()).then(|| view! {
                <div class="nav-group">
                    <span class="nav-heading" id="nav-network">"Network"</span>
                    <ul aria-labelledby="nav-network">{links(network)}</ul>
                </div>
            })}
            {(!org.is_empty()).then(|| view! {
                <div class="nav-group">
                    <span class="nav-heading" id="nav-org">"Organisation"</span>
                    <ul aria-labelledby="nav-org">{links(org)}</ul>
                </div>
            })}
            <ul class="nav-plain"><li><a href="/permissions">"Permissions"</a></li></ul>
        </nav>
        <div class="account">
            <span class="who">{p.display_name.clone()}</span>
            {role.map(|r| view! { <span class="role" data-testid="active-role">{r}</span> })}
            {org_role.map(|r| view! { <span class="role" data-testid="org-role">{r}</span> })}
            {(p.grants.len() > 1).then(|| {
                let active = p.network.as_ref().map(|g| g.id);
                view! {
                    <ActionForm action=session.switch_role attr:class="switch-role">
                        <label for="grant-select">"Acting as"</label>
                        <select id="grant-select" name="grant_id">
                            {p.grants.iter().map(|g| view! {
                                <option value=g.id.to_string() selected=Some(g.id) == active>
                                    {format!("{} — {}", g.role.label(), g.bound_to)}
                                </option>
                            }).collect_view()}
                        </select>
                        <button type="submit">"Switch role"</button>
                    </ActionForm>
                }
            })}
            <ActionForm action=session.sign_out attr:class="sign-out">
                <button type="submit">"Sign out"</button>
            </ActionForm>
        </div>
    }
}
