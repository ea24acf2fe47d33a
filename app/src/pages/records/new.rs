//! Adding a record: the editable fields, and the Partner for national roles.
use super::fields::field_input;
use crate::api::records::list_records;
use crate::api::records::write::AddRecord;
use crate::auth::permissions::{decide_network, Action, Decision, NetworkTarget, RecordKind};
use crate::components::guard::{signed_in, Refused};
use crate::error::AppError;
use crate::pages::not_found::NotFound;
use crate::records::schema::{columns, Column, Input};
use crate::records::view::ListPage;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn NewRecordPage() -> impl IntoView {
    let params = use_params_map();
    // Created once, outside any Suspense (national roles choose the Partner).
    let partners = Resource::new(
        || (),
        |_| list_records(RecordKind::Partner, "per=100".into()),
    );
    move || match RecordKind::from_slug(&params.read().get("kind").unwrap_or_default()) {
        Some(kind) if columns(kind).is_some() => new_record(kind, partners).into_any(),
        Some(_) | None => view! { <NotFound/> }.into_any(),
    }
}

fn new_record(kind: RecordKind, partners: Resource<Result<ListPage, AppError>>) -> impl IntoView {
    signed_in(move |p| {
        if let Decision::Denied(reason) =
            decide_network(&p, Action::Add, &NetworkTarget::Kind(kind))
        {
            return view! { <Refused what=format!("adding {}", kind.plural()) why=reason.to_string()/> }.into_any();
        }
        let add = ServerAction::<AddRecord>::new();
        let needs_partner = matches!(
            kind,
            RecordKind::Ea | RecordKind::Ec | RecordKind::SubContractor | RecordKind::PartnerUser
        ) && p
            .network
            .as_ref()
            .is_some_and(|g| g.binding.partner_id.is_none());
        // A Partner user's Partner is chosen above (national roles) or is the adder's.
        let cols = columns(kind).unwrap_or_default().iter().filter(|c| {
            c.edit
                .is_some_and(|(_, i)| i != Input::Pick(RecordKind::Partner))
        });
        view! {
            <leptos_meta::Title text=format!("Add — {} — Caseboard", kind.title())/>
            <p class="breadcrumb"><a href=format!("/areas/{}", kind.slug())>{kind.title()}</a></p>
            <h1>"Add " {kind.plural()}</h1>
            <ActionForm action=add>
                <input type="hidden" name="kind" value=format!("{kind:?}")/>
                {needs_partner.then(|| view! { <PartnerChoice partners/> })}
                {cols.map(|c| field_input(c, initial_value(c), None)).collect_view()}
                <button type="submit">"Add"</button>
            </ActionForm>
            {move || add.value().get().map(|r| match r {
                Ok(created) => view! {
                    <div role="status" class="done">
                        <p>"Added. "<a href=format!("/areas/{}/{}", kind.slug(), created.id)>"Open the record"</a></p>
                        {created.notice.map(|notice| view! { <p class="notice">{notice}</p> })}
                        {created.invitation_link.map(|link| view! {
                            <p>"The login has no password yet. Pass this one-time invitation link to the person (valid 7 days): "
                                <code class="invitation">{link}</code></p>
                        })}
                    </div>
                }.into_any(),
                Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
            })}
        }
        .into_any()
    })
}

/// What a field of a new record starts at: a new record is active (an
/// invitee added inactive could never sign in); every other field is empty.
fn initial_value(col: &Column) -> Option<String> {
    (col.key == "active").then(|| "yes".to_string())
}

#[component]
fn PartnerChoice(partners: Resource<Result<ListPage, AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let rows = partners.await.map(|l| l.rows).unwrap_or_default();
                view! {
                    <div class="field">
                        <label for="partner">"Partner (required)"</label>
                        <select id="partner" name="values[partner_id]" required>
                            <option value="">"—"</option>
                            {rows.into_iter().map(|r| view! {
                                <option value=r.id.to_string()>{r.cells.first().cloned().flatten().unwrap_or_default()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                }
            })}
        </Suspense>
    }
}
