//! Users admin: organisation accounts, searchable and paged (state in the
//! URL), and a form to create one. Each account opens its own page.
use super::common::{count, failed, indented, loading, outcome};
use crate::api::org::query::UserQuery;
use crate::api::org::types::{UnitOption, UserPage};
use crate::api::org::units::load_org_tree;
use crate::api::org::users::{list_users, CreateUser};
use crate::auth::roles::OrgRole;
use crate::components::pagination::Pagination;
use crate::url_query::UrlQuery;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

#[component]
pub fn UsersPage() -> impl IntoView {
    let map = use_query_map();
    let q = Memo::new(move |_| map.read().get("q").unwrap_or_default());
    let page = Memo::new(move |_| {
        map.read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
    });
    let create = ServerAction::<CreateUser>::new();
    let users = Resource::new(
        move || (q.get(), page.get(), create.version().get()),
        |(q, page, _)| list_users(UserQuery { q, page }.to_query_string()),
    );
    let tree = Resource::new(|| (), |_| load_org_tree());
    view! {
        <leptos_meta::Title text="Users — Caseboard"/>
        <h1>"Users"</h1>
        <p class="hint">"Every login. For one that also holds careers-hub network roles, those roles are shown here and managed on the network side; its org role, managed unit and staff member are managed here."</p>
        <Form method="GET" action="" attr:class="filters" attr:role="search" attr:aria-label="Search users">
            <div class="field">
                <label for="q">"Name or email"</label>
                <input id="q" name="q" type="search" value=move || q.get()/>
            </div>
            <div class="filter-buttons">
                <button type="submit">"Search"</button>
                <a href="/areas/org-users">"Clear"</a>
            </div>
        </Form>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(list) => view! { <UserList list q=q.get()/> }.into_any(),
                    Err(e) => failed(e),
                }
            })}
        </Suspense>
        <section class="action" aria-labelledby="new-user">
            <h2 id="new-user">"Create an account"</h2>
            {outcome(create.value(), "Account created.")}
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match tree.await {
                        Ok(t) => {
                            let units: Vec<UnitOption> = t.units.iter().filter(|u| !u.closed)
                                .map(|u| UnitOption { id: u.id, name: u.name.clone(), depth: u.depth }).collect();
                            view! { <CreateForm create units/> }.into_any()
                        }
                        Err(e) => failed(e),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The org role select: "no org role" and the three roles.
pub fn role_options(current: Option<OrgRole>) -> impl IntoView {
    view! {
        <option value="" selected=current.is_none()>"No org role"</option>
        {OrgRole::ALL.iter().map(|r| view! {
            <option value=r.code() selected=current == Some(*r)>{r.label()}</option>
        }).collect_view()}
    }
}

/// The managed unit select (for Org. Unit Managers only).
pub fn unit_options(units: &[UnitOption], current: Option<i64>) -> impl IntoView {
    view! {
        <option value="" selected=current.is_none()>"None (not a manager)"</option>
        {units.iter().map(|u| view! {
            <option value=u.id.to_string() selected=current == Some(u.id)>{indented(&u.name, u.depth)}</option>
        }).collect_view()}
    }
}

#[component]
fn CreateForm(create: ServerAction<CreateUser>, units: Vec<UnitOption>) -> impl IntoView {
    view! {
        <ActionForm action=create>
            <div class="field"><label for="email">"Email"</label><input id="email" name="email" type="email" required autocomplete="off"/></div>
            <div class="field"><label for="first_name">"First name"</label><input id="first_name" name="first_name" required/></div>
            <div class="field"><label for="last_name">"Last name"</label><input id="last_name" name="last_name" required/></div>
            <div class="field"><label for="job_title">"Job title"</label><input id="job_title" name="job_title"/></div>
            <div class="field">
                <label for="password">"Initial password"</label>
                <input id="password" name="password" type="password" required autocomplete="new-password" aria-describedby="password-hint"/>
                <span id="password-hint" class="hint">"At least the minimum length set in System Settings."</span>
            </div>
            <div class="field"><label for="org_role">"Org role"</label><select id="org_role" name="org_role">{role_options(None)}</select></div>
            <div class="field"><label for="managed_unit_id">"Managed unit"</label><select id="managed_unit_id" name="managed_unit_id">{unit_options(&units, None)}</select></div>
            <button type="submit">"Create account"</button>
        </ActionForm>
    }
}

#[component]
fn UserList(list: UserPage, q: String) -> impl IntoView {
    let pages = ((list.total + i64::from(list.per_page) - 1) / i64::from(list.per_page.max(1)))
        .max(1) as u32;
    let href = move |page: u32| {
        let mut pairs = vec![];
        if !q.is_empty() {
            pairs.push(("q", q.clone()));
        }
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        crate::url_query::href("/areas/org-users", &crate::url_query::encode(pairs))
    };
    view! {
        <p class="summary" role="status">{format!("{} · page {} of {pages}", count(list.total, "account", "accounts"), list.page.min(pages))}</p>
        <div class="table-scroll" role="region" aria-label="Accounts table" tabindex="0">
            <table class="records users">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Org role"</th>
                        <th scope="col">"Managed unit"</th>
                        <th scope="col">"Staff member"</th>
                        <th scope="col">"Network roles"</th>
                        <th scope="col">"Active"</th>
                    </tr>
                </thead>
                <tbody>
                    {list.rows.into_iter().map(|u| view! {
                        <tr class:closed=!u.active>
                            <td><A href=format!("/areas/org-users/{}", u.id)>{format!("{} {}", u.first_name, u.last_name)}</A></td>
                            <td>{u.email}</td>
                            <td>{u.org_role.map(|r| r.label()).unwrap_or("—")}</td>
                            <td>{u.managed_unit.map(|m| m.name).unwrap_or_else(|| "—".into())}</td>
                            <td>{u.staff.map(|s| format!("{} ({})", s.name, s.unit_name)).unwrap_or_else(|| "—".into())}</td>
                            <td>{if u.network_roles.is_empty() { "—".to_string() } else { u.network_roles.join("; ") }}</td>
                            <td>{if u.active { "Yes" } else { "No" }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pagination page=list.page pages=pages href=href/>
    }
}
