//! Site header: the service navigation to the areas the active role may view
//! (the current one marked), the account with its role switch, and sign-out.
//! RULES §5.2: on narrow screens the navigation folds behind a Menu toggle,
//! a `<details>` element, so it opens and closes without JavaScript.
use super::session::SessionContext;
use crate::auth::permissions::{decide, Action, Area, Axis, Target};
use crate::auth::roles::Principal;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Every area the principal may view, per axis, in matrix order.
pub fn visible_areas(who: &Principal, axis: Axis) -> Vec<Area> {
    Area::all()
        .filter(|a| a.axis() == axis && decide(who, Action::View, &Target::from(*a)).is_allowed())
        .collect()
}

/// `aria-current` for a navigation link at `href` when the page is at
/// `path`: "page" on the link's own page, "true" anywhere inside its area.
pub fn current_marker(href: &str, path: &str) -> Option<&'static str> {
    if path == href {
        Some("page")
    } else if href != "/" && path.starts_with(href) && path[href.len()..].starts_with('/') {
        Some("true")
    } else {
        None
    }
}

/// How a grant reads: its role, and what it is bound to unless that is the
/// person's own name (an EC's grant is bound to themselves).
fn grant_label(role: &str, bound_to: &str, name: &str) -> String {
    if bound_to.is_empty() || bound_to == name {
        role.to_string()
    } else {
        format!("{role} — {bound_to}")
    }
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
fn NavLink(href: String, title: &'static str) -> impl IntoView {
    let location = use_location();
    let target = href.clone();
    view! {
        <li class="service-navigation-item">
            <a href=href aria-current=move || current_marker(&target, &location.pathname.get())>{title}</a>
        </li>
    }
}

#[component]
fn SignedInNav(p: Principal) -> impl IntoView {
    let session = SessionContext::get();
    let location = use_location();
    let network = visible_areas(&p, Axis::Network);
    let org = visible_areas(&p, Axis::Org);
    let both = !network.is_empty() && !org.is_empty();
    let neither = network.is_empty() && org.is_empty();
    let name = p.display_name.clone();
    let role = p
        .network
        .as_ref()
        .map(|g| grant_label(g.role.label(), &g.bound_to, &name));
    let org_role = p.org.as_ref().map(|g| g.role.label());
    let links = |kinds: Vec<Area>| {
        kinds
            .into_iter()
            .map(|k| view! { <NavLink href=format!("/areas/{}", k.slug()) title=k.title()/> })
            .collect_view()
    };
    // With one group, Permissions joins its list, so the links flow as one
    // row (two at most for Admin) rather than leaving it on a row of its own.
    let permissions = || view! { <NavLink href="/permissions".to_string() title="Permissions"/> };
    // Each group is type-erased (`into_any`): the header's view type is
    // otherwise deep enough to overflow the compiler's query depth.
    let group = move |id: &'static str, heading: &'static str, areas: Vec<Area>| {
        (!areas.is_empty()).then(|| {
            view! {
                <div class="nav-group">
                    {both.then(|| view! { <span class="nav-heading" id=id>{heading}</span> })}
                    <ul class="service-navigation-list" aria-labelledby=both.then_some(id)>
                        {links(areas)}
                        {(!both).then(permissions)}
                    </ul>
                </div>
            }
            .into_any()
        })
    };
    // After a client-side navigation the folded menu closes again.
    let menu = NodeRef::<leptos::html::Details>::new();
    Effect::new(move |_| {
        location.pathname.track();
        if let Some(details) = menu.get() {
            let _ = details.remove_attribute("open");
        }
    });
    view! {
        <div class="account">
            <span class="who">{name.clone()}</span>
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
                                    {grant_label(g.role.label(), &g.bound_to, &name)}
                                </option>
                            }).collect_view()}
                        </select>
                        <button type="submit">"Switch role"</button>
                    </ActionForm>
                }
            })}
        </div>
        <ActionForm action=session.sign_out attr:class="sign-out">
            <button type="submit">"Sign out"</button>
        </ActionForm>
        <details class="nav-menu" node_ref=menu>
            <summary class="nav-toggle">"Menu"</summary>
            <nav aria-label="Main" class="service-navigation">
                {group("nav-network", "Network", network)}
                {group("nav-org", "Organisation", org)}
                {(both || neither).then(|| view! {
                    <ul class="service-navigation-list nav-plain">{permissions()}</ul>
                })}
            </nav>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::{current_marker, grant_label};

    #[test]
    fn marks_the_current_page_and_its_area() {
        assert_eq!(current_marker("/areas/eas", "/areas/eas"), Some("page"));
        assert_eq!(current_marker("/areas/eas", "/areas/eas/12"), Some("true"));
        assert_eq!(current_marker("/areas/eas", "/areas/eas-archive"), None);
        assert_eq!(current_marker("/areas/eas", "/"), None);
        assert_eq!(current_marker("/permissions", "/areas/eas"), None);
    }

    #[test]
    fn a_role_bound_to_its_holder_does_not_repeat_the_name() {
        assert_eq!(
            grant_label("Enterprise Co-ordinator", "Erin Coleman", "Erin Coleman"),
            "Enterprise Co-ordinator"
        );
        assert_eq!(
            grant_label("Partner", "North Partnership", "Pat Jones"),
            "Partner — North Partnership"
        );
        assert_eq!(grant_label("Admin", "", "Ann Admin"), "Admin");
    }
}
