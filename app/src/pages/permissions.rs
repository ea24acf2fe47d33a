//! The permission matrix for both role axes, rendered by asking `decide` about
//! every role, action and kind or area: documentation that cannot drift.
use crate::auth::permissions::{
    decide, decide_network, edit_limit, Action, Area, Axis, EditLimit, Granted, NetworkTarget,
    RecordKind, Target,
};
use crate::auth::roles::{Binding, NetworkGrant, NetworkRole, OrgGrant, OrgRole, Principal, Role};
use crate::components::guard::signed_in;
use leptos::prelude::*;

/// A principal holding only `role`, for asking `decide` about the role itself.
fn holder_of(role: Role) -> Principal {
    let (network, org) = match role {
        Role::Network(role) => (
            Some(NetworkGrant {
                id: 0,
                role,
                binding: Binding::default(),
                bound_to: String::new(),
            }),
            None,
        ),
        Role::Org(role) => (
            None,
            Some(OrgGrant {
                role,
                staff_id: None,
                managed_unit: None,
            }),
        ),
    };
    Principal {
        user_id: 0,
        display_name: String::new(),
        network,
        grants: vec![],
        org,
    }
}

/// "V E D S (caseload)" — the actions granted, grouped by scope.
fn cell_text(role: Role, area: Area) -> String {
    let who = holder_of(role);
    let mut groups: Vec<(Granted, Vec<&str>)> = vec![];
    for action in Action::ALL {
        if let Some(scope) = decide(&who, action, &Target::from(area)).scope() {
            match groups.iter_mut().find(|(s, _)| *s == scope) {
                Some((_, letters)) => letters.push(action.letter()),
                None => groups.push((scope, vec![action.letter()])),
            }
        }
    }
    if groups.is_empty() {
        return "—".to_string();
    }
    groups
        .iter()
        .map(|(s, l)| format!("{} ({})", l.join(" "), s.label()))
        .collect::<Vec<_>>()
        .join("; ")
}

fn matrix(axis: Axis, roles: Vec<Role>, caption: &'static str) -> impl IntoView {
    let kinds: Vec<Area> = Area::all().filter(|a| a.axis() == axis).collect();
    view! {
        <div class="table-scroll" role="region" aria-label=caption tabindex="0">
            <table class="matrix">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Record kind / area"</th>
                        {roles.iter().map(|r| view! { <th scope="col">{r.label()}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {kinds.into_iter().map(|k| view! {
                        <tr>
                            <th scope="row">{k.title()}</th>
                            {roles.iter().map(|r| view! { <td>{cell_text(*r, k)}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn field_limits() -> impl IntoView {
    let rows: Vec<(NetworkRole, RecordKind, String)> = NetworkRole::ALL
        .into_iter()
        .flat_map(|r| RecordKind::ALL.into_iter().map(move |k| (r, k)))
        .filter(|(r, k)| {
            let who = holder_of(Role::Network(*r));
            decide_network(&who, Action::Edit, &NetworkTarget::Kind(*k)).is_allowed()
        })
        .filter_map(|(r, k)| match edit_limit(r, k) {
            EditLimit::Any => None,
            EditLimit::Only(fields) => Some((
                r,
                k,
                fields
                    .iter()
                    .map(|f| f.label())
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
        })
        .collect();
    view! {
        <table class="limits">
            <caption>"Limited edits (E*): the only fields these roles may change"</caption>
            <thead><tr><th scope="col">"Role"</th><th scope="col">"Record kind"</th><th scope="col">"Fields"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(r, k, f)| view! {
                    <tr><td>{r.label()}</td><td>{k.title()}</td><td>{f}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn PermissionsPage() -> impl IntoView {
    signed_in(|_| {
        let network: Vec<Role> = NetworkRole::ALL.into_iter().map(Role::Network).collect();
        let org: Vec<Role> = OrgRole::ALL.into_iter().map(Role::Org).collect();
        view! {
            <leptos_meta::Title text="Permissions — Caseboard"/>
            <h1>"Who may do what"</h1>
            <p>
                "V view · E edit · D download · S search and filter · A add · C close; special actions are named. "
                "The scope in brackets is how far the role reaches. Every cell is computed by the same function that "
                "decides each request."
            </p>
            <h2>"Careers-hub network roles"</h2>
            {matrix(Axis::Network, network, "Network roles by record kind")}
            {field_limits()}
            <h2>"Organisation roles"</h2>
            {matrix(Axis::Org, org, "Organisation roles by area")}
            <p>"Every user may also view and edit their own assessment."</p>
        }
    })
}
