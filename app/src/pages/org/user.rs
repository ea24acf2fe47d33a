//! One organisation account: edit details, org role and managed unit, the
//! staff member it is, and deactivate or reactivate it.
use super::common::{failed, loading, outcome};
use super::users::{role_options, unit_options};
use crate::api::org::types::{OrgTree, OrgUserRow, UnitOption};
use crate::api::org::units::load_org_tree;
use crate::api::org::users::{
    view_user, DeactivateUser, EditUser, LinkStaff, ReactivateUser, SetOrgRole,
};
use crate::auth::permissions::{
    decide_org, may_change_login_details, Action, Decision, OrgArea, OrgTarget,
};
use crate::components::guard::{signed_in, Refused};
use crate::pages::not_found::NotFound;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OrgUserPage() -> impl IntoView {
    let params = use_params_map();
    move || match params.read().get("id").and_then(|s| s.parse::<i64>().ok()) {
        Some(id) => signed_in(move |p| {
            match decide_org(&p, Action::Edit, &OrgTarget::Area(OrgArea::OrgUser)) {
                Decision::Allowed(_) => view! { <Account id/> }.into_any(),
                Decision::Denied(reason) => {
                    view! { <Refused what="managing users".to_string() why=reason.to_string()/> }
                        .into_any()
                }
            }
        })
        .into_any(),
        None => view! { <NotFound/> }.into_any(),
    }
}

#[derive(Clone, Copy)]
struct Forms {
    edit: ServerAction<EditUser>,
    role: ServerAction<SetOrgRole>,
    link: ServerAction<LinkStaff>,
    deactivate: ServerAction<DeactivateUser>,
    reactivate: ServerAction<ReactivateUser>,
}

#[component]
fn Account(id: i64) -> impl IntoView {
    let f = Forms {
        edit: ServerAction::new(),
        role: ServerAction::new(),
        link: ServerAction::new(),
        deactivate: ServerAction::new(),
        reactivate: ServerAction::new(),
    };
    let versions = move || {
        f.edit.version().get()
            + f.role.version().get()
            + f.link.version().get()
            + f.deactivate.version().get()
            + f.reactivate.version().get()
    };
    let user = Resource::new(move || (id, versions()), |(id, _)| view_user(id));
    let tree = Resource::new(versions, |_| load_org_tree());
    view! {
        <p class="breadcrumb"><A href="/areas/org-users">"Users"</A></p>
        {outcome(f.edit.value(), "Saved.")}
        {outcome(f.role.value(), "Org role saved.")}
        {outcome(f.link.value(), "Staff member saved.")}
        {outcome(f.deactivate.value(), "Deactivated; their sessions have ended.")}
        {outcome(f.reactivate.value(), "Reactivated.")}
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match (user.await, tree.await) {
                    (Ok(u), Ok(t)) => view! { <AccountForms u t f/> }.into_any(),
                    (Err(e), _) | (_, Err(e)) => view! { <h1>"Account"</h1> {failed(e)} }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountForms(u: OrgUserRow, t: OrgTree, f: Forms) -> impl IntoView {
    let units: Vec<UnitOption> = t
        .units
        .iter()
        .filter(|x| !x.closed)
        .map(|x| UnitOption {
            id: x.id,
            name: x.name.clone(),
            depth: x.depth,
        })
        .collect();
    let name = format!("{} {}", u.first_name, u.last_name);
    let (id, version) = (u.id, u.version);
    let hidden = move || {
        view! {
            <input type="hidden" name="id" value=id.to_string()/>
            <input type="hidden" name="version" value=version.to_string()/>
        }
    };
    let (email, first, last, job, role) = (
        u.email.clone(),
        u.first_name.clone(),
        u.last_name.clone(),
        u.job_title.clone(),
        u.org_role,
    );
    let unit_select = unit_options(&units, u.managed_unit.as_ref().map(|m| m.id));
    let linked = u.staff.as_ref().map(|x| x.id);
    let staff_options = t.staff.iter()
        .filter(|s| s.login_email.is_none() || s.login_email.as_deref() == Some(u.email.as_str()))
        .map(|s| view! { <option value=s.id.to_string() selected=linked == Some(s.id)>{format!("{} ({})", s.name, s.unit_name)}</option> })
        .collect_view();
    let active = u.active;
    // docs/RULES.md §4: a login's network grants stay on the network side.
    let network_lock = may_change_login_details(u.network_roles.len())
        .err()
        .map(|rule| rule.to_string());
    let network_roles = (!u.network_roles.is_empty()).then(|| {
        let roles = u.network_roles.clone();
        view! {
            <section aria-labelledby="network-heading">
                <h2 id="network-heading">"Network roles"</h2>
                <ul class="network-roles">
                    {roles.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                </ul>
                <p class="hint">{network_lock.clone()}</p>
            </section>
        }
    });
    let details_locked = network_lock.is_some();
    view! {
        <leptos_meta::Title text=format!("{name} — Users — Caseboard")/>
        <h1>{name.clone()}{(!active).then_some(" (deactivated)")}</h1>
        {network_roles}
        {(!details_locked).then(|| view! {
        <section class="action" aria-labelledby="details-heading">
            <h2 id="details-heading">"Details"</h2>
            <ActionForm action=f.edit>
                {hidden()}
                <div class="field"><label for="email">"Email"</label><input id="email" name="email" type="email" value=email required/></div>
                <div class="field"><label for="first_name">"First name"</label><input id="first_name" name="first_name" value=first required/></div>
                <div class="field"><label for="last_name">"Last name"</label><input id="last_name" name="last_name" value=last required/></div>
                <div class="field"><label for="job_title">"Job title"</label><input id="job_title" name="job_title" value=job/></div>
                <button type="submit">"Save details"</button>
            </ActionForm>
        </section>
        })}
        <section class="action" aria-labelledby="role-heading">
            <h2 id="role-heading">"Org role"</h2>
            <ActionForm action=f.role>
                {hidden()}
                <div class="field"><label for="org_role">"Org role"</label><select id="org_role" name="org_role">{role_options(role)}</select></div>
                <div class="field"><label for="managed_unit_id">"Managed unit (Org. Unit Managers)"</label><select id="managed_unit_id" name="managed_unit_id">{unit_select}</select></div>
                <button type="submit">"Save org role"</button>
            </ActionForm>
        </section>
        <section class="action" aria-labelledby="staff-heading">
            <h2 id="staff-heading">"Staff member"</h2>
            <ActionForm action=f.link>
                {hidden()}
                <div class="field">
                    <label for="staff_id">"This login is"</label>
                    <select id="staff_id" name="staff_id">
                        <option value="" selected=linked.is_none()>"No staff member"</option>
                        {staff_options}
                    </select>
                </div>
                <button type="submit">"Save staff member"</button>
            </ActionForm>
        </section>
        {(!details_locked).then(|| view! {
        <section class="action" aria-labelledby="access-heading">
            <h2 id="access-heading">"Access"</h2>
            {if active {
                view! {
                    <ActionForm action=f.deactivate>
                        {hidden()}
                        <p>"Deactivating ends the account's sessions at once; it can no longer sign in. Nothing is deleted."</p>
                        <button type="submit" class="danger">"Deactivate"</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! {
                    <ActionForm action=f.reactivate>
                        {hidden()}
                        <button type="submit">"Reactivate"</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
        })}
    }
}
